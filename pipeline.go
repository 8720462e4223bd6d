package main

import (
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"liushou/ingest"
	"liushou/output"
	"liushou/output/outdir"
	"liushou/rules"
)

// settings are what a run depends on besides the rosters: the school's policy and the
// letter templates it names. A bad setting stops before anything is read or written.
type settings struct {
	policy      rules.Policy
	configPath  string // the liushou.toml read, or "" for the defaults
	letters     output.LetterTemplates
	lettersText string // the templates' text, and the school folders' settings: the outputs depend on them
	// folders are the school folders that hold a liushou.toml of their own.
	folders []schoolFolder
}

// schoolFolder is a school's own liushou.toml in a folder of the inbox: it applies to the
// rosters under that folder alone (the school's name, address, phone, class teachers).
type schoolFolder struct {
	label string // the folder, as the rosters' labels begin ("青石镇中心小学/")
	path  string
	rules.SchoolSettings
}

func loadSettings(config string, paths []string) (settings, error) {
	policy, configPath, err := loadPolicy(config, paths)
	if err != nil {
		return settings{}, err
	}
	letters, text, err := loadLetters(policy, configPath)
	if err != nil {
		return settings{}, err
	}
	s := settings{policy: policy, configPath: configPath, letters: letters, lettersText: text}
	s.folders, err = schoolFolders(paths, configPath)
	for _, f := range s.folders {
		b, _ := os.ReadFile(f.path)
		s.lettersText += "\x00" + f.path + "\x00" + string(b)
	}
	return s, err
}

// schoolFolders finds the liushou.toml of each school folder under the folders given (not
// the top one, which is the run's), and reads its [school] and [class_teachers].
func schoolFolders(paths []string, top string) ([]schoolFolder, error) {
	var out []schoolFolder
	for _, root := range paths {
		if st, err := os.Stat(root); err != nil || !st.IsDir() {
			continue
		}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return nil // an unreadable folder is the rosters' reading to report
			case d.IsDir() && p != root && strings.HasPrefix(d.Name(), "."):
				return filepath.SkipDir
			case d.IsDir():
				if _, err := os.Lstat(filepath.Join(p, ".liushou")); err == nil && p != root {
					return filepath.SkipDir // an output folder
				}
				return nil
			case d.Name() != rules.PolicyFileName || filepath.Dir(p) == filepath.Clean(root):
				return nil
			}
			if abs, _ := filepath.Abs(p); top != "" {
				if t, _ := filepath.Abs(top); t == abs {
					return nil
				}
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return fmt.Errorf("无法读取设置文件 %s：%v", p, err)
			}
			pol, err := rules.ParsePolicy(p, data)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, filepath.Dir(p))
			out = append(out, schoolFolder{label: filepath.ToSlash(rel) + "/", path: p,
				SchoolSettings: rules.SchoolSettings{School: pol.School, ClassTeachers: pol.ClassTeachers}})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// applyFolders gives the children read from a school folder with its own settings that
// school (when the roster does not name it) and the policy that school's details.
func (s *settings) applyFolders(children []rules.Child) {
	if len(s.folders) == 0 {
		return
	}
	places := make([][2]string, len(children))
	for i := range children {
		c := &children[i]
		places[i] = [2]string{c.File, c.School}
		c.School = s.schoolOf(c.File, c.School)
	}
	s.applyFolderPlaces(places)
}

// schoolOf is the school of a child of file whose roster names school: the first school
// folder of the file that names one, when the roster names none.
func (s *settings) schoolOf(file, school string) string {
	for _, f := range s.folders {
		if school == "" && strings.HasPrefix(file, f.label) {
			school = f.School.Name
		}
	}
	return school
}

// applyFolderPlaces gives the policy the details of each school a school folder's
// rosters hold: places are their files, each with the school its roster names.
func (s *settings) applyFolderPlaces(places [][2]string) {
	if len(s.folders) == 0 {
		return
	}
	schools := maps.Clone(s.policy.Schools)
	if schools == nil {
		schools = map[string]rules.SchoolSettings{}
	}
	for _, p := range places {
		file, school := p[0], p[1]
		for _, f := range s.folders {
			if !strings.HasPrefix(file, f.label) {
				continue
			}
			if school == "" {
				school = f.School.Name
			}
			own := f.SchoolSettings
			if own.School.Name == "" {
				own.School.Name = school
			}
			schools[school] = own
		}
	}
	s.policy.Schools = schools
}

// readRosters is the one pipeline run and check share, so that they cannot read rosters
// differently: find and read them (never from an output folder), then evaluate them on
// the as-of date. The children are the report's then: the roster returned has none. opt carries what only run uses (the cache, the wait for files still
// being copied); beforeRules, if set, marks the stage for the crash tests.
func readRosters(paths []string, s *settings, asOf time.Time, opt ingest.Options, beforeRules func(*rules.Roster)) (ingest.Loaded, rules.Report, error) {
	opt.AsOf, opt.Columns = asOf, s.policy.Columns
	loaded, err := ingest.Load(paths, opt)
	if err != nil {
		return loaded, rules.Report{}, err
	}
	if len(s.folders) > 0 {
		s.applyFolders(loaded.Children)
	}
	if beforeRules != nil {
		beforeRules(&loaded.Roster)
	}
	// The report takes the children over (loaded.Children is nil after).
	rep := rules.EvaluateTaking(&loaded.Roster, s.policy, asOf)
	return loaded, rep, nil
}

// settingsWarnings points at settings that name what no roster holds: a class teacher
// set for a class that is not on any roster (a typo, or last year's class).
func settingsWarnings(s settings, configPath string, results []rules.Result) []string {
	tc := newTeacherCheck(s, configPath)
	for i, r := range results {
		tc.add(i, r.Child)
	}
	return tc.warnings()
}

// teacherCheck is settingsWarnings a child at a time, for a night that evaluates class by
// class: each child is added with its place in roster order, and the warnings come in
// that order.
type teacherCheck struct {
	s          settings
	configPath string
	classes    map[string]bool
	said       map[string]bool
	found      []placedWarning
	children   int
}

type placedWarning struct {
	at   int
	text string
}

func newTeacherCheck(s settings, configPath string) *teacherCheck {
	return &teacherCheck{s: s, configPath: configPath, classes: map[string]bool{}, said: map[string]bool{}}
}

// add checks child c, at place at in roster order.
func (tc *teacherCheck) add(at int, c *rules.Child) {
	tc.children++
	tc.classes[c.Class] = true
	// A class teacher the roster names otherwise than the settings: the settings win.
	ct := tc.s.policy.ForSchool(c.School).ClassTeachers[c.Class]
	k := c.School + "\x00" + c.Class
	if ct.Name == "" || c.ClassTeacher.Name == "" || c.ClassTeacher.Name == ct.Name || tc.said[k] {
		return
	}
	tc.said[k] = true
	tc.found = append(tc.found, placedWarning{at, fmt.Sprintf("%s：%s%s的班主任在设置里是“%s”，花名册 %s 写的是“%s”；信和检查清单上按设置印。如果换了班主任，请改 liushou.toml。",
		tc.configPath, c.School, c.Class, ct.Name, c.File, c.ClassTeacher.Name)})
}

func (tc *teacherCheck) warnings() []string {
	if tc.children == 0 {
		return nil
	}
	var out []string
	for _, class := range slices.Sorted(maps.Keys(tc.s.policy.ClassTeachers)) {
		if tc.classes[class] {
			continue
		}
		where := tc.configPath
		if n := tc.s.policy.ClassTeacherLines[class]; n > 0 {
			where = fmt.Sprintf("%s 第 %d 行", tc.configPath, n)
		}
		out = append(out, fmt.Sprintf("%s class_teachers：花名册里没有“%s”，这位班主任的信息没有用上。请核对班级名称。", where, class))
	}
	slices.SortStableFunc(tc.found, func(a, b placedWarning) int { return a.at - b.at })
	for _, w := range tc.found {
		out = append(out, w.text)
	}
	return out
}

// withSettings gives a command that reads rosters (check, report, export) its settings
// and a private temporary folder (for excelize's own temporary files), removed when use
// returns. It says why it could not.
func withSettings(paths []string, config string, stderr io.Writer, use func(set settings, tmp string) int) int {
	set, err := loadSettings(config, paths)
	if err != nil {
		fmt.Fprintf(stderr, "liushou：%v\n", err)
		return exitFailed
	}
	tmp, err := os.MkdirTemp("", "liushou-")
	if err != nil {
		fmt.Fprintf(stderr, "liushou：无法创建临时文件夹：%v。\n", err)
		return exitFailed
	}
	defer outdir.RemoveAll(tmp)
	return use(set, tmp)
}

// readTo reads rosters whole for a command that writes one thing from them (export):
// the reading (skip: an output folder among the paths) in withSettings; use gets what was
// read while the temporary folder lasts. It says why it could not.
func readTo(paths []string, config string, asOf time.Time, skip string, stderr io.Writer, use func(ingest.Loaded, rules.Report, settings) int) int {
	return withSettings(paths, config, stderr, func(set settings, tmp string) int {
		loaded, rep, err := readRosters(paths, &set, asOf, ingest.Options{TmpDir: tmp, Skip: skip}, nil)
		if err != nil {
			fmt.Fprintf(stderr, "liushou：%v。\n", err)
			return exitFailed
		}
		return use(loaded, rep, set)
	})
}
