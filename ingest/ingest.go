// Package ingest reads left-behind-children rosters from Excel workbooks, as schools
// really keep them, into a rules.Roster with every problem pointed at its cell.
package ingest

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"liushou/rules"
	"liushou/rules/pack"
)

// Options tune a Load.
type Options struct {
	// Skip is a folder never to read from: the output folder, when it lies inside
	// a folder of rosters.
	Skip string
	// TmpDir is a private folder for the sheet data excelize spills to disk from very
	// large workbooks; the caller removes it. Empty: the system's temporary folder.
	TmpDir string
	// Now is the wall clock, for telling a roster still being copied (modified within
	// Recent of Now) from a broken one. Zero: never defer.
	Now    time.Time
	Recent time.Duration
	// Settle is how long to wait before looking again at rosters modified within Recent:
	// one whose size or time changed meanwhile is still being written. Zero: no wait.
	Settle time.Duration
	// Sleep waits; nil is time.Sleep. Tests pass their own.
	Sleep func(time.Duration)
	// CacheDir keeps what each roster gave, by the hash of its bytes, so that a roster
	// that did not change is not parsed again; CacheSalt names the program, so that a
	// new one parses afresh. Empty CacheDir: no cache.
	CacheDir, CacheSalt string
	// AsOf is the evaluation date: a date typed without its year (11月23日) is the latest
	// such date not after it.
	AsOf time.Time
	// Columns are the school's corrections to how columns are read ([columns]).
	Columns []rules.ColumnOverride
	// SpillDir, when set, is a private folder where the children are kept as they are
	// read, by class (Loaded.Spill), instead of in memory (Loaded.Children).
	SpillDir string
	// SpillInMemory spills the children as SpillDir does, into packs held in memory (a
	// child packed is its text, a fraction of its Go value): for a command that has no
	// output folder of its own to keep them in (liushou check).
	SpillInMemory bool
	// spill is the Spill of a Load with SpillDir, for the rosters read ahead.
	spill *Spill
	// FolderSchool, if set, gives the school a spilled child of a file is of, from the
	// school its roster names (a school folder's own settings name it when the roster
	// does not): the spill's classes are grouped by it. The checks across files use the
	// school as read, as they do when the caller applies the folder after Load.
	FolderSchool func(file, school string) string
}

// Loaded is what a Load read: the roster, and where each file came from.
type Loaded struct {
	rules.Roster
	// Files gives, for each input read (by its name in the roster), its path and format:
	// what copying it with its problems marked needs.
	Files map[string]File
	// Spill holds the children when Options.SpillDir is set (Roster.Children is then
	// empty); the caller closes it.
	Spill *Spill
}

// File is where an input was read from, and as what: "xlsx", "xls" or "csv".
type File struct {
	Path, Format string
}

// Load reads every roster found in paths (files, or folders searched recursively).
// A file that cannot be read is recorded as failed with its reason and the others are
// still read; the error is only for a path that does not exist or cannot be listed.
func Load(paths []string, opt Options) (Loaded, error) {
	files, err := discover(paths, opt)
	if err != nil {
		return Loaded{}, err
	}
	var roster rules.Roster
	read := map[string]File{}
	var logs []logEntry
	// Each child is keyed as its roster is kept: the checks across files read keys.
	rk := &runKeys{index: map[string]int32{}}
	var spillErr error
	if opt.SpillDir != "" || opt.SpillInMemory {
		store, err := pack.NewStore(opt.SpillDir)
		if err != nil {
			return Loaded{}, err
		}
		rk.spill = newSpill(store, rk)
		opt.spill = rk.spill
	}
	busy, opened := settling(files, opt)
	used := map[string]bool{}
	var lists []pupilList
	// The children of each roster kept, joined into the run's list after the last: one
	// list grown roster by roster was copied again at every roster (a district's
	// school files: a fifth of reading them).
	var parts [][]rules.Child
	// keep adds what a roster gave to the run.
	keep := func(res fileResult) {
		if res.Input.NotLeftBehind > 0 {
			lists = append(lists, pupilList{file: res.Input.File, others: res.pupils})
		}
		roster.Inputs = append(roster.Inputs, res.Input)
		roster.Columns = append(roster.Columns, res.Columns...)
		// Children spilled as they were read come first, in roster order; with a spill,
		// the rest go to it now, the same way.
		drafts := res.drafts
		if rk.spill != nil && len(res.Children) > 0 {
			sink := newSpillSink(rk.spill, res.Input.File, time.Time{}, opt)
			for i := range res.Children {
				drafts = append(drafts, sink.add(&res.Children[i], res.refs[i]))
			}
			if sink.err != nil && spillErr == nil {
				spillErr = sink.err
			}
		}
		for i := range drafts {
			rk.addDraft(&drafts[i], res.Input.File)
			rk.spill.bind(drafts[i].at, len(rk.k)-1)
		}
		if rk.spill != nil {
			rk.spill.drafted += len(res.drafts)
		} else {
			for i := range res.Children {
				rk.add(&res.Children[i], res.refs[i])
			}
		}
		if len(res.Children) > 0 && rk.spill == nil {
			parts = append(parts, res.Children)
		}
		roster.Problems = append(roster.Problems, res.Problems...)
		logs = append(logs, res.logs...)
	}
	// lastGood gives a roster that cannot be read tonight its last good reading, so that
	// its classes keep their documents: an open, half-copied or broken file never empties
	// the outputs.
	lastGood := func(f found, in rules.Input, problems []rules.Problem) {
		res := fileResult{Input: in, Problems: problems}
		var sink *spillSink
		if rk.spill != nil {
			sink = newSpillSink(rk.spill, f.label, time.Time{}, opt) // as it was saved then
		}
		if prev, key, ok := loadLastGood(opt.CacheDir, f.label, sink); ok {
			used[key] = true
			res.Children, res.drafts, res.logs, res.refs, res.Columns = prev.Children, prev.drafts, prev.logs, prev.refs, prev.Columns
			res.pupils, res.Input.NotLeftBehind = prev.pupils, prev.Input.NotLeftBehind
			n := len(prev.Children) + len(prev.drafts)
			res.Input.Children = n
			res.Input.Reason += fmt.Sprintf("这次沿用上次成功读取时的内容（留守儿童 %d 名）。", n)
		}
		keep(res)
	}
	// mayDefer says whether a roster may be left for the next night: once only. A roster
	// first deferred on an earlier night is read now, or fails on its own merits.
	mayDefer := func(f found) bool {
		since := deferredSince(opt.CacheDir, f.label)
		if !since.IsZero() && opt.Now.Sub(since) > deferLimit {
			return false
		}
		markDeferred(opt.CacheDir, f.label, opt.Now)
		return true
	}
	ahead := prefetch(files, func(f found) bool { return f.ignore == "" && f.failed == "" && busy[f.path] == "" }, opt)
	defer ahead.close()
	for i, f := range files {
		if f.ignore != "" {
			roster.Inputs = append(roster.Inputs, rules.Input{File: f.label, Status: rules.InputIgnored, Reason: f.ignore})
			continue
		}
		if f.failed != "" {
			roster.Inputs = append(roster.Inputs, rules.Input{File: f.label, Status: rules.InputFailed, Reason: f.failed})
			roster.Problems = append(roster.Problems, rules.Problem{File: f.label, Severity: rules.Error, Code: "file_unreadable", Message: f.failed})
			continue
		}
		if reason := busy[f.path]; reason != "" && mayDefer(f) {
			lastGood(f, rules.Input{File: f.label, Status: rules.InputDeferred, Reason: reason}, nil)
			continue
		}
		r := ahead.take(i)
		if !r.done {
			saved, _ := fileStat(f.path)
			r = readOne(f, saved, opt)
		}
		if r.spillErr != nil && spillErr == nil {
			spillErr = r.spillErr
		}
		saved := r.saved
		if !opt.Now.IsZero() && saved.After(opt.Now.Add(time.Minute)) {
			roster.Problems = append(roster.Problems, rules.Problem{File: f.label, Severity: rules.Warning, Code: "file_future_time",
				Message: fmt.Sprintf("文件的修改时间（%s）晚于现在，保存它的电脑时钟可能不对。已照常读取。", saved.Local().Format("2006-01-02 15:04"))})
		}
		if err := r.err; err != nil {
			msg := "无法打开文件：" + describeOSError(err)
			lastGood(f, rules.Input{File: f.label, Status: rules.InputFailed, Reason: msg},
				[]rules.Problem{{File: f.label, Severity: rules.Error, Code: "file_unreadable", Message: msg}})
			continue
		}
		key, res, cached := r.key, r.res, r.cached
		used[key] = true
		if res.Input.Status == rules.InputOK {
			rememberLastGood(opt.CacheDir, f.label, key)
		}
		read[f.label] = File{Path: f.path, Format: res.format}
		if res.Input.Status == rules.InputOK {
			clearDeferred(opt.CacheDir, f.label)
		}
		if res.Input.Status == rules.InputFailed && recentlyModified(f.path, opt) && brokenCopy(res) && mayDefer(f) {
			// A truncated zip that was written moments ago is a copy still in progress.
			lastGood(f, rules.Input{File: f.label, Status: rules.InputDeferred,
				Reason: "文件刚刚被修改，内容还不完整，可能正在复制或保存，这次没有读取，下次运行时处理。"}, nil)
			continue
		}
		if res.Input.Status == rules.InputFailed {
			lastGood(f, res.Input, res.Problems)
			continue
		}
		for i := range res.Children {
			res.Children[i].RosterSaved = saved
		}
		if !cached && res.Input.Status == rules.InputOK {
			// Stored as read, before the copies are merged and duplicates dropped (those
			// work on the run's list in place), and now rather than after the last file:
			// holding every file's reading till then held many rosters' children twice.
			storeCached(opt.CacheDir, key, res, rk.spill)
		}
		if o := opened[f.path]; o != "" && res.Input.Status == rules.InputOK {
			res.Input.Reason = "读取时正被 Excel 或 WPS 打开（旁边有临时文件 " + o + "），读的是最后保存的版本。"
		}
		keep(res)
	}
	pruneCache(opt.CacheDir, used)
	if rk.spill != nil && spillErr == nil {
		rk.spill.mu.Lock()
		spillErr = rk.spill.flush()
		rk.spill.mu.Unlock()
	}
	if spillErr != nil {
		rk.spill.Close()
		return Loaded{}, spillErr
	}
	rk.children = join(parts)
	// The checks across files read keys and mark children gone; the children left are
	// kept once they are done.
	acc := newAccounts(&roster)
	checkPupilLists(&roster, rk, lists, acc)
	mergeCopies(&roster, rk, read, acc)
	roster.Problems = dropDuplicates(rk, roster.Problems, acc)
	countChildren(&roster, rk)
	roster.Problems = append(roster.Problems, applyLogs(rk, logs)...)
	if rk.spill != nil {
		replies, err := rk.replyProblems()
		if err != nil {
			rk.spill.Close()
			return Loaded{}, err
		}
		roster.Problems = append(roster.Problems, replies...)
		return Loaded{Roster: roster, Files: read, Spill: rk.spill}, nil
	}
	roster.Children = rk.keep(rk.children)
	roster.Problems = append(roster.Problems, applyReplies(roster.Children)...)
	return Loaded{Roster: roster, Files: read}, nil
}

// join makes the run's list of children from each roster's. A single roster's list is
// the run's, not copied: a county in one workbook was otherwise held twice at the end of
// reading.
func join(parts [][]rules.Child) []rules.Child {
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return slices.Clip(parts[0])
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	all := make([]rules.Child, 0, n)
	for i, p := range parts {
		all = append(all, p...)
		parts[i] = nil // each roster's list let go as it is copied
	}
	return all
}

// SheetValues is one sheet of a roster as plain cell values, row by row.
type SheetValues struct {
	Sheet string
	Cells [][]string
}

// Grids reads the sheets of a roster file as plain values: what copying an .xls or CSV
// roster with its problems marked needs.
func Grids(label string, data []byte) (grids []SheetValues, err error) {
	defer func() {
		if r := recover(); r != nil {
			grids, err = nil, fmt.Errorf("文件内容已损坏")
		}
	}()
	sheets, _, code, reason := readSheets(label, data, "")
	if code != "" {
		return nil, fmt.Errorf("%s", reason)
	}
	for _, s := range sheets {
		if s.err == nil {
			grids = append(grids, SheetValues{Sheet: s.name, Cells: s.grid})
		}
	}
	return grids, nil
}

// fileResult is what one roster file gave.
type fileResult struct {
	Input    rules.Input
	Children []rules.Child
	Problems []rules.Problem
	Columns  []rules.SheetColumns
	refs     []childRef
	// drafts key the children spilled as the file was read (Options.SpillDir, from the
	// parse cache): then they are not in Children.
	drafts []draftKey
	logs   []logEntry
	pupils []pupilRef // a 学籍 list's pupils not left behind
	format string     // xlsx, xls or csv, when read
	// asOf is the as-of date that dates typed without a year were read against; zero
	// when the result does not depend on the date.
	asOf time.Time
}

type found struct {
	path, label string
	ignore      string // reason to list the file without reading it
	failed      string // reason it cannot be read at all (not a regular file, a folder that cannot be listed)
}

// rosterExts are the files a folder is searched for. Spreadsheets are read; the other
// office files are listed as ignored so that a teacher sees why nothing came of them.
var rosterExts = map[string]bool{".xlsx": true, ".xlsm": true, ".xltx": true, ".xls": true, ".et": true, ".csv": true, ".ods": true}
var otherOfficeExts = map[string]bool{".doc": true, ".docx": true, ".wps": true, ".pdf": true, ".zip": true, ".rar": true, ".7z": true, ".numbers": true}

func discover(paths []string, opt Options) ([]found, error) {
	skip := ""
	if opt.Skip != "" {
		if abs, err := filepath.Abs(opt.Skip); err == nil {
			skip = abs
		}
	}
	seen := map[string]bool{}
	var out []found
	add := func(path, label string, explicit bool) {
		abs, err := filepath.Abs(path)
		if err != nil || seen[abs] {
			return
		}
		seen[abs] = true
		base := filepath.Base(path)
		ext := strings.ToLower(filepath.Ext(base))
		switch {
		case isOwnerFile(base):
			// Office's lock files come and go with every open workbook: skipped quietly.
		case rosterExts[ext]:
			out = append(out, found{path: path, label: label})
		case otherOfficeExts[ext]:
			out = append(out, found{path: path, label: label, ignore: "不是电子表格，liushou 只读取 Excel 花名册（.xlsx）。"})
		case explicit:
			out = append(out, found{path: path, label: label})
		}
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("找不到“%s”：%s", escapeName(p), describeOSError(err))
		}
		if !st.IsDir() {
			before := len(out)
			add(p, escapeName(filepath.Base(p)), true)
			if len(out) > before && !st.Mode().IsRegular() {
				out[before].failed = "这不是普通文件（可能是管道或设备），liushou 只读取花名册文件。"
			}
			continue
		}
		var inDir []found
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if path == p {
					return err
				}
				// A folder that cannot be listed is one input that failed; the rest is read.
				rel, _ := filepath.Rel(p, path)
				inDir = append(inDir, found{path: path, label: escapeName(filepath.ToSlash(rel)) + "/",
					failed: "无法打开这个文件夹：" + describeOSError(err)})
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if path != p && strings.HasPrefix(d.Name(), ".") && !isOwnerFile(d.Name()) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if abs, _ := filepath.Abs(path); skip != "" && abs == skip || isOutputFolder(path) {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				// Listed, never read: a pipe or a device would make the run wait for ever,
				// and a link may lead out of the inbox.
				rel, _ := filepath.Rel(p, path)
				if !isOwnerFile(d.Name()) {
					inDir = append(inDir, found{path: path, label: escapeName(filepath.ToSlash(rel)), failed: notRegular(d.Type())})
				}
				return nil
			}
			rel, _ := filepath.Rel(p, path)
			before := len(out)
			add(path, escapeName(filepath.ToSlash(rel)), false)
			inDir = append(inDir, out[before:]...)
			out = out[:before]
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("无法读取文件夹“%s”：%s", escapeName(p), describeOSError(err))
		}
		sort.Slice(inDir, func(i, j int) bool { return inDir[i].label < inDir[j].label })
		out = append(out, inDir...)
	}
	return out, nil
}

// notRegular says why a file that is not a regular file is not read.
func notRegular(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "这是一个链接（快捷方式），liushou 不顺着链接读取，以免读到收件夹以外的文件。请把花名册文件本身放进来。"
	case m&fs.ModeNamedPipe != 0:
		return "这是一个管道，不是普通文件，liushou 只读取花名册文件。"
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return "这是一个设备，不是普通文件，liushou 只读取花名册文件。"
	}
	return "这不是普通文件（可能是管道、设备或套接字），liushou 只读取花名册文件。"
}

// escapeName shows the control characters of a file name escaped (\x1b), so that a name
// cannot reach a terminal or a log line as commands or forged lines.
func escapeName(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			fmt.Fprintf(&b, "\\x%02x", r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError
}

// openRegular opens a file only if it is a regular file no larger than any roster: a
// FIFO or a device put in its place would make the run wait for ever.
func openRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	switch {
	case err != nil:
	case !st.Mode().IsRegular():
		err = fmt.Errorf("这不是普通文件")
	case st.Size() > maxFileSize:
		err = fmt.Errorf("文件有 %d MB，远大于任何花名册（一个县的花名册也只有几 MB），没有读取", st.Size()>>20)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// readRegular reads a file that openRegular accepts.
func readRegular(path string) ([]byte, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxFileSize+1))
}

// maxFileSize is the largest file read as a roster: a county's is a few megabytes.
const maxFileSize = 128 << 20

// outputMarker is the bookkeeping folder liushou keeps in every output folder: a folder
// holding one is liushou's own output, whatever --out named it, and is never read.
const outputMarker = ".liushou"

func isOutputFolder(dir string) bool {
	st, err := os.Lstat(filepath.Join(dir, outputMarker))
	return err == nil && st.IsDir()
}

// ownerFiles are the names office programs give the lock file of an open workbook.
func ownerFiles(name string) []string {
	out := []string{"~$" + name, ".~lock." + name + "#", ".~" + name, "~." + name}
	if r := []rune(name); len(r) > 2 {
		out = append(out, "~$"+string(r[2:])) // Excel drops two characters of long names
	}
	return out
}

// settling finds the rosters not to read now: modified a moment ago and still changing
// in size or time (being copied, or saved).
//
// An owner file does not hold a roster back: office programs save whole files (to a
// temporary name, then renamed), so the saved version can be read, and an owner file
// left by a crash would otherwise block the roster for good. opened names it.
func settling(files []found, opt Options) (busy, opened map[string]string) {
	busy, opened = map[string]string{}, map[string]string{}
	var recent []found
	before := map[string]os.FileInfo{}
	for _, f := range files {
		if f.ignore != "" || f.failed != "" {
			continue
		}
		dir, base := filepath.Split(f.path)
		for _, o := range ownerFiles(base) {
			if _, err := os.Lstat(filepath.Join(dir, o)); err == nil {
				opened[f.path] = o
				break
			}
		}
		if recentlyModified(f.path, opt) {
			if st, err := os.Stat(f.path); err == nil {
				recent = append(recent, f)
				before[f.path] = st
			}
		}
	}
	if len(recent) == 0 || opt.Settle <= 0 {
		return busy, opened
	}
	sleep := opt.Sleep
	if sleep == nil {
		sleep = time.Sleep
	}
	sleep(opt.Settle)
	for _, f := range recent {
		st, err := os.Stat(f.path)
		if err != nil || st.Size() != before[f.path].Size() || !st.ModTime().Equal(before[f.path].ModTime()) {
			busy[f.path] = "文件还在复制或保存中（大小或修改时间还在变化），这次没有读取，下次运行时处理。"
		}
	}
	return busy, opened
}

// deferLimit is how long a roster may stay "still being copied": the nights are a day
// apart, so a roster deferred last night is read (or failed) tonight.
const deferLimit = 6 * time.Hour

// recentlyModified reports a roster modified within Recent of Now. A modification time in
// the future (a computer whose clock is wrong) is not recent: such a file would otherwise
// be "still changing" for ever.
func recentlyModified(path string, opt Options) bool {
	if opt.Now.IsZero() || opt.Recent <= 0 {
		return false
	}
	st, err := os.Stat(path)
	if err != nil || st.ModTime().After(opt.Now.Add(time.Minute)) {
		return false
	}
	return opt.Now.Sub(st.ModTime()) < opt.Recent
}

// brokenCopy reports a failure that a copy still being written looks like.
func brokenCopy(res fileResult) bool {
	for _, p := range res.Problems {
		if p.Code == "file_corrupt" || p.Code == "file_empty" {
			return true
		}
	}
	return false
}

// isOwnerFile reports the lock files office programs leave beside an open workbook:
// Excel ~$name.xlsx, LibreOffice .~lock.name#, WPS .~name and ~.name.
func isOwnerFile(name string) bool {
	return strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".~") || strings.HasPrefix(name, "~.")
}

// columnsSalt names the [columns] settings in the cache key: other settings, other reading.
func columnsSalt(cols []rules.ColumnOverride) string {
	var b strings.Builder
	for _, c := range cols {
		b.WriteString("\x00" + c.File + "\x01" + c.Header + "\x01" + c.Role)
	}
	return b.String()
}

func describeOSError(err error) string {
	switch {
	case os.IsNotExist(err):
		return "文件或文件夹不存在"
	case os.IsPermission(err):
		return "没有读取权限"
	}
	return err.Error()
}

// mergeCopies finds rosters that share children. The file preferred of two (the newer,
// then .xlsx over .xls, then a name without 副本/备份/copy) is read; the other is a copy,
// set aside with one warning that names both, only when the preferred file holds every
// child of it (花名册.xls beside 花名册.xlsx, a re-saved copy, one with a few rows
// edited). Otherwise both are read and each shared child is counted once, from the
// preferred file (a teacher's newer 补充 file beside the school's roster). Rows where the
// two disagree are pointed out. Every row not counted is said in the row account.
func mergeCopies(roster *rules.Roster, rk *runKeys, where map[string]File, acc accounts) {
	byFile := map[int32][]int{}
	rk.live(func(i int, k *childKey) { byFile[k.file] = append(byFile[k.file], i) })
	var files []int // inputs with children, in order
	for i, in := range roster.Inputs {
		if f := rk.lookup(in.File); f >= 0 && len(byFile[f]) > 0 {
			files = append(files, i)
		}
	}
	dropped := map[string]string{} // copy -> the file read instead
	shared := false                // children counted from another file
	live := func(file string) []int {
		var out []int
		for _, i := range byFile[rk.lookup(file)] {
			if !rk.k[i].gone {
				out = append(out, i)
			}
		}
		return out
	}
	// Only files that share a child (an ID, or a school, class and name) are compared: an
	// inbox of 10,000 class files has few such pairs, not fifty million.
	partners := sharingFiles(rk, roster.Inputs, files)
	var notes []rules.Problem
	for x, ai := range files {
		a := roster.Inputs[ai].File
		if dropped[a] != "" {
			continue
		}
		for _, y := range partners[x] {
			bi := files[y]
			b := roster.Inputs[bi].File
			if dropped[b] != "" {
				continue
			}
			pairs := matchChildren(rk, live(a), live(b))
			if len(pairs) == 0 {
				continue
			}
			keep, other := a, b
			if preferred(where[b].Path, b, where[a].Path, a) {
				keep, other = b, a
				for i := range pairs {
					pairs[i][0], pairs[i][1] = pairs[i][1], pairs[i][0]
				}
			}
			if n := len(live(other)); len(pairs) == n {
				dropped[other] = keep
				msg := fmt.Sprintf("这个文件的 %d 名学生都在 %s 里，像是同一份花名册的副本，已按 %s 读取，跳过了 %s。请只保留一份，以免改了一份忘了另一份。",
					n, keep, keep, other)
				notes = append(notes, rules.Problem{File: other, Severity: rules.Warning, Code: "duplicate_file", Message: msg})
				notes = append(notes, differences(rk, pairs, other)...)
				if other == a {
					break
				}
				continue
			}
			for _, pr := range pairs {
				rk.k[pr[1]].gone, shared = true, true
				k := &rk.k[pr[0]]
				rk.uncount(acc, &rk.k[pr[1]], fmt.Sprintf("同一个学生：已按 %s（%s 第 %d 行）计入", rk.str(k.file), rk.str(k.sheet), k.row))
			}
			notes = append(notes, rules.Problem{File: other, Severity: rules.Warning, Code: "duplicate_file_shared",
				Message: fmt.Sprintf("这个文件和 %s 有 %d 名相同的学生。两个文件都已读取，相同的学生只算一次，按 %s 读取。如果其中一份是旧的，请删除它。",
					keep, len(pairs), keep)})
			notes = append(notes, differences(rk, pairs, other)...)
		}
	}
	if len(dropped) == 0 && !shared {
		return
	}
	for i, in := range roster.Inputs {
		if keep, ok := dropped[in.File]; ok {
			roster.Inputs[i].Status, roster.Inputs[i].Children = rules.InputIgnored, 0
			roster.Inputs[i].Reason = fmt.Sprintf("与 %s 是同一份花名册的副本，已按 %s 读取。", keep, keep)
		}
	}
	rk.live(func(_ int, k *childKey) {
		if keep, ok := dropped[rk.str(k.file)]; ok {
			k.gone = true
			rk.uncount(acc, k, "副本：已按 "+keep+" 读取")
		}
	})
	// A copy's own problems would repeat the original's.
	problems := roster.Problems[:0]
	for _, p := range roster.Problems {
		if _, ok := dropped[p.File]; !ok {
			problems = append(problems, p)
		}
	}
	roster.Problems = append(problems, notes...)
	var cols []rules.SheetColumns
	for _, c := range roster.Columns {
		if _, ok := dropped[c.File]; !ok {
			cols = append(cols, c)
		}
	}
	roster.Columns = cols
}

// sharingFiles lists, for each file (a position in files), the later files that share a
// child with it by ID or by school, class and name, in order.
func sharingFiles(rk *runKeys, inputs []rules.Input, files []int) map[int][]int {
	pos := map[int32]int{}
	for x, i := range files {
		pos[rk.lookup(inputs[i].File)] = x
	}
	type shareKey struct {
		name nameKey
		id   uint64 // or the name
	}
	byKey := map[shareKey][]int{}
	rk.live(func(_ int, k *childKey) {
		x, ok := pos[k.file]
		if !ok {
			return
		}
		keys := []shareKey{{name: k.nameKey()}}
		if k.id != 0 {
			keys = append(keys, shareKey{id: k.id})
		}
		for _, key := range keys {
			if l := byKey[key]; len(l) == 0 || l[len(l)-1] != x {
				byKey[key] = append(l, x)
			}
		}
	})
	seen := map[[2]int]bool{}
	out := map[int][]int{}
	for _, xs := range byKey {
		for i, x := range xs {
			for _, y := range xs[i+1:] {
				a, b := min(x, y), max(x, y)
				if a != b && !seen[[2]int{a, b}] {
					seen[[2]int{a, b}] = true
					out[a] = append(out[a], b)
				}
			}
		}
	}
	for x := range out {
		slices.Sort(out[x])
	}
	return out
}

// matchChildren pairs the children of two files (indices): by ID number; where either
// has none, by school, class and name with the same guardian (or guardian phone, or one
// side not saying). Two different valid IDs are two children, whatever their names.
func matchChildren(rk *runKeys, a, b []int) [][2]int {
	byID := map[uint64]int{}
	byName := map[nameKey][]int{}
	for _, i := range a {
		k := &rk.k[i]
		if k.id != 0 {
			byID[k.id] = i
		}
		byName[k.nameKey()] = append(byName[k.nameKey()], i)
	}
	used := map[int]bool{}
	var pairs [][2]int
	for _, j := range b {
		kj := &rk.k[j]
		if i, ok := byID[kj.id]; ok && kj.id != 0 && !used[i] {
			pairs = append(pairs, [2]int{i, j})
			used[i] = true
			continue
		}
		for _, i := range byName[kj.nameKey()] {
			ki := &rk.k[i]
			if used[i] || ki.id != 0 && kj.id != 0 || !sameGuardian(ki, kj) {
				continue
			}
			pairs = append(pairs, [2]int{i, j})
			used[i] = true
			break
		}
	}
	return pairs
}

// sameGuardian: the same guardian by name or phone, or one of the rows does not say.
func sameGuardian(a, b *childKey) bool {
	switch {
	case a.guardian == 0 && a.phone == 0 || b.guardian == 0 && b.phone == 0:
		return true
	case a.guardian != 0 && a.guardian == b.guardian:
		return true
	}
	return a.phone != 0 && a.phone == b.phone
}

// preferred reports whether the file at p (label pl) is to be read rather than the one at
// q (ql) when they hold the same children: the newer, then .xlsx over .xls and CSV, then
// a name that does not say it is a copy.
func preferred(p, pl, q, ql string) bool {
	sp, err1 := os.Stat(p)
	sq, err2 := os.Stat(q)
	if err1 == nil && err2 == nil {
		if d := sp.ModTime().Sub(sq.ModTime()); d > time.Second || d < -time.Second {
			return d > 0
		}
	}
	rank := func(label string) int {
		n := 0
		if strings.EqualFold(filepath.Ext(label), ".xlsx") {
			n += 2
		}
		if !has(strings.ToLower(label), "副本", "备份", "old", "copy", "bak", "旧") {
			n++
		}
		return n
	}
	return rank(pl) > rank(ql)
}

// accounts finds the row account of a sheet by file and sheet name.
type accounts map[string]*rules.SheetAccount

func newAccounts(roster *rules.Roster) accounts {
	acc := accounts{}
	for i := range roster.Inputs {
		in := &roster.Inputs[i]
		for j := range in.Sheets {
			acc[in.File+"\x00"+in.Sheets[j].Sheet] = &in.Sheets[j]
		}
	}
	return acc
}

// differences points at the rows of the file read whose values differ from its copy's.
func differences(rk *runKeys, pairs [][2]int, copyFile string) []rules.Problem {
	var out []rules.Problem
	for _, p := range pairs {
		k, d := rk.child(p[0]), rk.child(p[1])
		var what []string
		for _, f := range []struct {
			name string
			a, b string
		}{
			{"姓名", k.Name, d.Name}, {"身份证号", k.ID, d.ID}, {"监护人", k.Guardian, d.Guardian},
			{"监护人电话", k.GuardianPhone, d.GuardianPhone}, {"父亲电话", k.Father.Phone, d.Father.Phone},
			{"母亲电话", k.Mother.Phone, d.Mother.Phone},
			{"最近家访日期", k.LastVisit.Time.Format("2006-01-02"), d.LastVisit.Time.Format("2006-01-02")},
			{"最近通话日期", k.LastCall.Time.Format("2006-01-02"), d.LastCall.Time.Format("2006-01-02")},
			{"必访情况", k.SignText, d.SignText},
		} {
			if f.a != f.b {
				what = append(what, f.name)
			}
		}
		if len(what) == 0 {
			continue
		}
		out = append(out, rules.Problem{File: k.File, Sheet: k.Sheet, Row: k.Row, Severity: rules.Warning, Code: "duplicate_file_diff",
			Message: fmt.Sprintf("这一行与副本 %s（%s 第 %d 行）的%s不同，已按本文件读取。请核对哪一份是对的，并删除另一份。",
				copyFile, d.Sheet, d.Row, strings.Join(what, "、"))})
	}
	return out
}

// countChildren sets each input's count to the children kept from it: a row dropped as a
// duplicate is not a child.
func countChildren(roster *rules.Roster, rk *runKeys) {
	n := map[int32]int{}
	rk.live(func(_ int, k *childKey) { n[k.file]++ })
	for i, in := range roster.Inputs {
		if in.Status == rules.InputOK {
			roster.Inputs[i].Children = n[rk.lookup(in.File)]
		}
	}
}

// dropDuplicates reports the same ID number twice (an error at the second row, which
// is then not a child) and the same class and name twice (a warning).
func dropDuplicates(rk *runKeys, problems []rules.Problem, acc accounts) []rules.Problem {
	// The first child of each ID and of each name in a class, by its place in the run:
	// the cell a message names is made only for a duplicate.
	where := func(i int32, cell func(childRef, int) string) string {
		k := &rk.k[i]
		return fmt.Sprintf("%s %s!%s", rk.str(k.file), rk.str(k.sheet), cell(k.ref, int(k.row)))
	}
	ids := map[uint64]int32{}
	names := map[nameKey]int32{}
	rk.live(func(i int, k *childKey) {
		file, sheet, row := rk.str(k.file), rk.str(k.sheet), int(k.row)
		if k.id != 0 {
			if first, dup := ids[k.id]; dup {
				at := where(first, childRef.idCell)
				problems = append(problems, rules.Problem{File: file, Sheet: sheet, Row: row, Cell: k.ref.idCell(row),
					Severity: rules.Error, Code: "duplicate_id",
					Message: fmt.Sprintf("身份证号与 %s 重复，同一个学生登记了两次，这一行没有计入。请删除重复的一行，或改正身份证号。", at)})
				k.gone = true
				rk.uncount(acc, k, "身份证号重复：与 "+at+" 相同")
				return
			}
			ids[k.id] = int32(i)
		}
		if first, dup := names[k.nameKey()]; dup {
			problems = append(problems, rules.Problem{File: file, Sheet: sheet, Row: row, Cell: k.ref.nameCell(row),
				Severity: rules.Warning, Code: "duplicate_name",
				Message: fmt.Sprintf("同班已有同名学生（%s），如果是同一个人请删除重复的一行；如果是两个学生请忽略。", where(first, childRef.nameCell))})
		} else {
			names[k.nameKey()] = int32(i)
		}
	})
	return problems
}
