package main

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"liushou/ingest"
	"liushou/output"
	"liushou/rules"
)

// settings are what a run depends on besides the rosters: the school's policy and the
// letter templates it names. A bad setting stops before anything is read or written.
type settings struct {
	policy      rules.Policy
	configPath  string // the liushou.toml read, or "" for the defaults
	letters     output.LetterTemplates
	lettersText string // the templates' text, which the outputs depend on
}

func loadSettings(config string, paths []string) (settings, error) {
	policy, configPath, err := loadPolicy(config, paths)
	if err != nil {
		return settings{}, err
	}
	letters, text, err := loadLetters(policy, configPath)
	return settings{policy: policy, configPath: configPath, letters: letters, lettersText: text}, err
}

// readRosters is the one pipeline run and check share, so that they cannot read rosters
// differently: find and read them (never from an output folder), then evaluate them on
// the as-of date. opt carries what only run uses (the cache, the wait for files still
// being copied); beforeRules, if set, marks the stage for the crash tests.
func readRosters(paths []string, s settings, asOf time.Time, opt ingest.Options, beforeRules func()) (ingest.Loaded, rules.Report, error) {
	opt.AsOf, opt.Columns = asOf, s.policy.Columns
	loaded, err := ingest.Load(paths, opt)
	if err != nil {
		return loaded, rules.Report{}, err
	}
	if beforeRules != nil {
		beforeRules()
	}
	return loaded, rules.Evaluate(loaded.Roster, s.policy, asOf), nil
}

// settingsWarnings points at settings that name what no roster holds: a class teacher
// set for a class that is not on any roster (a typo, or last year's class).
func settingsWarnings(s settings, configPath string, roster rules.Roster) []string {
	if len(roster.Children) == 0 {
		return nil
	}
	classes := map[string]bool{}
	for _, c := range roster.Children {
		classes[c.Class] = true
	}
	var out []string
	for _, class := range slices.Sorted(maps.Keys(s.policy.ClassTeachers)) {
		if classes[class] {
			continue
		}
		where := configPath
		if n := s.policy.ClassTeacherLines[class]; n > 0 {
			where = fmt.Sprintf("%s 第 %d 行", configPath, n)
		}
		out = append(out, fmt.Sprintf("%s class_teachers：花名册里没有“%s”，这位班主任的信息没有用上。请核对班级名称。", where, class))
	}
	// A class teacher the roster names otherwise than the settings: the settings win.
	said := map[string]bool{}
	for _, c := range roster.Children {
		ct := s.policy.ForSchool(c.School).ClassTeachers[c.Class]
		k := c.School + "\x00" + c.Class
		if ct.Name == "" || c.ClassTeacher.Name == "" || c.ClassTeacher.Name == ct.Name || said[k] {
			continue
		}
		said[k] = true
		out = append(out, fmt.Sprintf("%s：%s%s的班主任在设置里是“%s”，花名册 %s 写的是“%s”；信和检查清单上按设置印。如果换了班主任，请改 liushou.toml。",
			configPath, c.School, c.Class, ct.Name, c.File, c.ClassTeacher.Name))
	}
	return out
}
