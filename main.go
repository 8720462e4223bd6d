// Command liushou reads the rosters of left-behind children that schools keep in Excel,
// checks them, flags every child overdue for a home visit or a call with the parents,
// and writes per-class parent letters and class-teacher checklists as PDF.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"liushou/ingest"
	"liushou/output"
	"liushou/output/outdir"
	"liushou/rules"
)

// settleTime is how long run waits before looking again at rosters modified in the last
// two minutes. The CLI tests, which write their rosters a moment before each run, set it
// to zero; ingest's own tests cover the wait.
var settleTime = time.Second

// Exit codes, documented in the README for scheduled-task monitoring.
const (
	exitOK         = 0 // done, no errors in the data
	exitFailed     = 1 // the run could not do its job
	exitUsage      = 2 // the command line was wrong
	exitDataErrors = 3 // done, but some rosters or rows had errors; all valid data was processed
	exitBusy       = 4 // another run is working on the same output folder; nothing was done
)

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		limitMemory()
	}
	if len(os.Args) == 1 && runtime.GOOS == "windows" {
		// Double-clicked: the window would flash away with the usage in it.
		os.Exit(explainAndWait(os.Stdin, os.Stdout))
	}
	os.Exit(runSafely(os.Args[1:], os.Stdout, os.Stderr, time.Now()))
}

// runSafely is run with a panic turned into a failed run: exit 1, the outputs of the last
// night as they were (everything is staged first), never Go's exit 2, which a scheduled
// task's monitor reads as a usage error.
func runSafely(args []string, stdout, stderr io.Writer, now time.Time) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "liushou：内部错误（%v），这次没有完成，上次生成的文件原样保留。请把这段话和 liushou.log 发给维护人员。\n", r)
			code = exitFailed
		}
	}()
	return run(args, stdout, stderr, now)
}

// explainAndWait is what liushou.exe shows when it is double-clicked: what it is, how to
// use it, and a wait for Enter so that the window stays open to be read.
func explainAndWait(in io.Reader, out io.Writer) int {
	fmt.Fprint(out, usage)
	fmt.Fprint(out, "\nliushou 是在命令行里运行的程序，双击它不会做任何事。\n"+
		"日常使用：把花名册放进旁边的“花名册”文件夹，双击“检查花名册.bat”检查，双击“每晚运行.bat”生成家长信和检查清单；\n"+
		"每晚自动运行的设置方法见 README.md 里的“Windows 计划任务”。\n\n按回车键关闭这个窗口……")
	bufio.NewReader(in).ReadString('\n')
	return exitUsage
}

const usage = `liushou：留守儿童花名册检查与家访、通话提醒

用法：
  liushou run [--out 文件夹] [--as-of 日期] [--config 设置文件] [--accept-fewer] 花名册或文件夹...
        读取花名册，检查数据，按班级生成班主任检查清单；给还没收到本学期信的家庭生成《致家长的一封信》
  liushou letters --reissue [--out 文件夹] [--as-of 日期] 花名册或文件夹...
        给所有家庭重新生成本学期的家长信（另起一批），其余同 run
  liushou check [--as-of 日期] [--config 设置文件] [--verbose] 花名册或文件夹...
        只检查花名册，列出所有问题，不写任何文件
  liushou export --form 短信 [--status call_overdue|visit_overdue|all] 输出文件.csv 花名册或文件夹...
        写出需要提醒的家长的手机号和短信内容（GBK 编码的 CSV），供短信平台或家校通导入
  liushou report --month 2026-11 [--out 文件夹] 花名册或文件夹...
        写出这个月的月报（月报（2026年11月）.xlsx 和 .pdf）：各校（各班）月末人数、本月家访和通话、按时跟进、必访情况
  liushou init [文件夹]
        在文件夹（默认当前文件夹）里写一份带说明的学校设置 liushou.toml
  liushou template 文件名.xlsx
        生成一份空白花名册模板：标准列、身份证号和电话按文本保存、日期检查、下拉选项
  liushou version
        显示版本
  liushou help
        显示本说明

退出码：0 完成且数据无错误；3 完成，但部分花名册或行有错误（其余数据已正常处理）；
        1 运行失败；2 命令用法有误；4 另一个 liushou 正在处理同一个输出文件夹，这次没有运行。
`

// run is the whole command: it parses the arguments, wires ingest, rules and output,
// and maps the outcome to an exit code. now is the wall clock, for the default --as-of.
func run(args []string, stdout, stderr io.Writer, now time.Time) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "run":
		return cmdRun("run", args[1:], stdout, stderr, now)
	case "letters":
		return cmdRun("letters", args[1:], stdout, stderr, now)
	case "check":
		return cmdCheck(args[1:], stdout, stderr, now)
	case "init":
		return cmdInit(args[1:], stdout, stderr)
	case "template":
		return cmdTemplate(args[1:], stdout, stderr, now)
	case "export":
		return cmdExport(args[1:], stdout, stderr, now)
	case "report":
		return cmdReport(args[1:], stdout, stderr, now)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	case "version", "--version":
		fmt.Fprintf(stdout, "liushou %s\n", version())
		return exitOK
	}
	if near := nearest(args[0], commands); near != "" {
		fmt.Fprintf(stderr, "liushou：不认识的命令“%s”，是不是想写 liushou %s？\n\n%s", args[0], near, usage)
		return exitUsage
	}
	fmt.Fprintf(stderr, "liushou：不认识的命令“%s”。\n\n%s", args[0], usage)
	return exitUsage
}

// flags builds a subcommand's flag set with help in Chinese: pflag's own usage text names
// value types in English (string, [=true|false]), so it is written here from the flags.
func flags(name, synopsis string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are said in Chinese by parseFlags
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(stderr, "用法：liushou %s\n", synopsis)
		var lines []string
		fs.VisitAll(func(f *pflag.Flag) {
			if f.Hidden {
				return
			}
			name := "--" + f.Name
			if f.Shorthand != "" {
				name = "-" + f.Shorthand + ", " + name
			}
			if v := flagValueNames[f.Name]; v != "" {
				name += " " + v
			}
			lines = append(lines, "  "+padWidth(name, 26)+f.Usage)
		})
		lines = append(lines, "  "+padWidth("-h, --help", 26)+"显示本说明")
		fmt.Fprintf(stderr, "\n选项：\n%s\n", strings.Join(lines, "\n"))
	}
	return fs
}

// padWidth pads s with spaces to n columns of a terminal, where a Chinese character
// takes two.
func padWidth(s string, n int) string {
	w := 0
	for _, r := range s {
		w++
		if r >= 0x1100 {
			w++
		}
	}
	if w >= n {
		return s + " "
	}
	return s + strings.Repeat(" ", n-w)
}

// flagValueNames say what value an option takes, in the help.
var flagValueNames = map[string]string{"out": "文件夹", "as-of": "日期", "config": "设置文件"}

// parseFlags parses a subcommand's flags; ok is false when the command should stop
// with the returned exit code (help asked for, or a wrong option).
func parseFlags(fs *pflag.FlagSet, args []string, stderr io.Writer) (int, bool) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return 0, true
	case errors.Is(err, pflag.ErrHelp): // pflag has printed the help
		return exitOK, false
	}
	fmt.Fprintf(stderr, "liushou：%s\n\n", flagError(err, fs))
	fs.Usage()
	return exitUsage, false
}

var (
	errUnknownFlag  = regexp.MustCompile(`^unknown (?:shorthand )?flag: '?(-*[^' ]+)'?`)
	errUnknownShort = regexp.MustCompile(`^unknown shorthand flag: '(.)' in (\S+)`)
	errNeedsValue   = regexp.MustCompile(`^flag needs an argument: '?(-*[^' ]+)'?`)
	errBadValue     = regexp.MustCompile(`^invalid argument "([^"]*)" for "([^"]*)"`)
)

// flagError says a pflag error in Chinese, with a "did you mean" for a mistyped option.
func flagError(err error, fs *pflag.FlagSet) string {
	msg := err.Error()
	if m := errUnknownShort.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("不认识的选项 -%s（在 %s 里）。", m[1], m[2])
	}
	if m := errUnknownFlag.FindStringSubmatch(msg); m != nil {
		opt := m[1]
		if !strings.HasPrefix(opt, "-") {
			opt = "--" + opt
		}
		var names []string
		fs.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		if near := nearest(strings.TrimLeft(opt, "-"), names); near != "" {
			return fmt.Sprintf("不认识的选项 %s，是不是想写 --%s？", opt, near)
		}
		return fmt.Sprintf("不认识的选项 %s。", opt)
	}
	if m := errNeedsValue.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("选项 %s 后面要写一个值。", m[1])
	}
	if m := errBadValue.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("选项 %s 的值“%s”不对。", m[2], m[1])
	}
	return "选项有误。"
}

// nearest is the name closest to s by edit distance, if it is close enough to be a typo.
func nearest(s string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := editDistance(s, n); d < bestD || (d == bestD && n < best) {
			best, bestD = n, d
		}
	}
	if bestD > 2 || bestD >= len([]rune(s)) {
		return ""
	}
	return best
}

// editDistance counts the insertions, deletions, substitutions and swaps of neighbours
// that turn a into b (rnu into run is one swap).
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// common are the options run and check share.
type common struct {
	asOf   time.Time
	config string
}

// parseCommon adds --as-of and --config to a subcommand's flags, parses them and wants at
// least one roster path; ok is false when the command should stop with code.
func parseCommon(fs *pflag.FlagSet, args []string, stderr io.Writer, now time.Time) (c common, code int, ok bool) {
	asOfText := fs.String("as-of", "", "统计日期，如 2026-11-28 或 2026年11月28日（默认今天）；晚于它的日期算作错误")
	fs.StringVar(&c.config, "config", "", "学校设置文件（默认读取花名册文件夹里的 liushou.toml）")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return c, code, false
	}
	var err error
	if c.asOf, err = parseAsOf(*asOfText, now); err != nil {
		fmt.Fprintf(stderr, "liushou：%v。\n", err)
		return c, exitUsage, false
	}
	if fs.NArg() == 0 && !fs.Changed("posted") && !fs.Changed("withdrawn") { // marking a batch needs no roster
		fmt.Fprintf(stderr, "liushou：请指定花名册文件或所在文件夹，例如：liushou %s samples/\n", fs.Name())
		return c, exitUsage, false
	}
	return c, 0, true
}

// parseAsOf reads --as-of in any of the forms rosters use (2026-11-28, 2026/11/28,
// 2026.11.28, 2026年11月28日, 20261128), or takes today's date from the clock.
func parseAsOf(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC), nil
	}
	t, err := ingest.ParseDay(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--as-of 的日期“%s”无效，请写成 2026-11-28 或 2026年11月28日", s)
	}
	return t, nil
}

// commands are the subcommands, for "did you mean".
var commands = []string{"run", "letters", "check", "init", "template", "export", "report", "help", "version"}

// version names this build: the module version and the revision it was built from.
func version() string {
	v, rev, dirty := "(开发版)", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		v += "，版本号 " + rev
		if dirty {
			v += "（有未提交的修改）"
		}
	}
	return v + "，文档格式 " + output.FormatVersion + "，" + runtime.GOOS + "/" + runtime.GOARCH
}

// cmdRun is liushou run, and liushou letters --reissue: the same run, with the letters of
// this term issued again to every family into a new batch.
func cmdRun(name string, args []string, stdout, stderr io.Writer, now time.Time) (code int) {
	n, code, ok := parseRun(name, args, stdout, stderr, now)
	if !ok {
		return code
	}
	if n.posted != "" || n.withdrawn != "" {
		if _, err := os.Stat(filepath.Join(n.out, outdir.StateFile)); err != nil {
			fmt.Fprintf(stderr, "liushou：在 %s 里没有找到寄信记录（%s）。请用 --out 写明每晚运行时的输出文件夹。\n", n.out, outdir.StateFile)
			return exitFailed
		}
	}
	lock, err := outdir.Acquire(n.out, now)
	if err != nil {
		fmt.Fprintf(stderr, "liushou：%v。这次没有运行。\n", err)
		if errors.Is(err, outdir.ErrLocked) {
			return exitBusy
		}
		return exitFailed
	}
	defer lock.Release()
	// From here on, what the run says also goes to out/liushou.log: counts, file names
	// and errors, never a child's personal data.
	n.log = outdir.NewRunLog(now)
	defer func() {
		if err := n.log.Close(n.out, time.Now(), code); err != nil {
			fmt.Fprintf(stderr, "liushou：无法写入日志：%v。\n", err)
		}
	}()
	n.stderr = io.MultiWriter(stderr, n.log)
	n.log.Printf("liushou %s，统计日期 %s，花名册：%s", name, n.asOf.Format("2006-01-02"), strings.Join(n.paths, " "))
	if lock.TookOver != "" {
		fmt.Fprintf(n.stderr, "liushou：%s，已接管。\n", lock.TookOver)
	}
	if n.posted != "" || n.withdrawn != "" {
		return n.markBatch()
	}
	return n.run()
}

// testStages gives a night its stage hook: none in the program as shipped. The tests
// (faults_test.go) set it to kill the process or fail its writes at a stage; the release
// build holds no such hook, whatever its environment says.
var testStages = func() func(string) error { return func(string) error { return nil } }

// isTerminal reports whether w is a terminal, where a progress line helps a person; a
// scheduled task's output is a file or a pipe.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// runKey names everything a run's outputs depend on: the rosters' bytes, the as-of date,
// the policy and the program itself, as a digest (the policy holds the class teachers'
// names and telephones, which the state need not keep).
func runKey(paths []string, out string, p rules.Policy, letters string, asOf time.Time) (string, error) {
	fp, err := ingest.Fingerprint(paths, ingest.Options{Skip: out})
	if err != nil {
		return "", err
	}
	policy, _ := json.Marshal(p)
	sum := sha256.Sum256([]byte(letters))
	key := sha256.Sum256(fmt.Appendf(nil, "%s|%s|%s|%x|%s", fp, asOf.Format("2006-01-02"), policy, sum, program()))
	return hex.EncodeToString(key[:]), nil
}

// program names this build of liushou: a new one must not trust the last one's state or
// parse cache. A build need not carry its revision (go build -buildvcs=false, or changes not
// committed), so the executable's size and time are part of the name too: a new build is
// a new program, and a copy of the same one costs one full night at most.
func program() string {
	v := "dev"
	if bi, ok := debug.ReadBuildInfo(); ok {
		v = bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				v += " " + s.Value
			}
		}
	}
	exe, _ := os.Executable()
	return v + " " + output.FormatVersion + " " + fileStamp(exe)
}

// fileStamp is a file's size and modification time, or "" when it cannot be read.
func fileStamp(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return ""
	}
	return strconv.FormatInt(st.Size(), 10) + "@" + strconv.FormatInt(st.ModTime().UnixNano(), 10)
}

// loadPolicy reads the school's policy: the file given with --config, else liushou.toml
// in the first folder of rosters (or beside the first roster file), else the defaults.
func loadPolicy(config string, paths []string) (rules.Policy, string, error) {
	if config == "" {
		for _, p := range paths {
			dir := p
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				dir = filepath.Dir(p)
			}
			if _, err := os.Stat(filepath.Join(dir, rules.PolicyFileName)); err == nil {
				config = filepath.Join(dir, rules.PolicyFileName)
				break
			}
		}
	}
	if config == "" {
		return rules.DefaultPolicy(), "", nil
	}
	data, err := os.ReadFile(config)
	if err != nil {
		return rules.Policy{}, "", fmt.Errorf("无法读取设置文件 %s：%v", config, err)
	}
	p, err := rules.ParsePolicy(config, data)
	if err == nil {
		err = ingest.CheckColumns(p.Columns)
	}
	return p, config, err
}

// loadLetters reads and checks the letter templates the policy names (relative to the
// policy file): a template with an unknown field stops the run before any file is written.
// It also returns the templates' text, which the outputs depend on.
func loadLetters(p rules.Policy, config string) (output.LetterTemplates, string, error) {
	read := func(name, key string) (string, string, error) {
		if name == "" {
			return "", "", nil
		}
		where := config
		if data, err := os.ReadFile(config); err == nil {
			if n := rules.LineOf(data, key); n > 0 {
				where = fmt.Sprintf("%s 第 %d 行 %s", config, n, key)
			}
		}
		path, err := confined(filepath.Dir(config), name)
		if err != nil {
			return "", "", fmt.Errorf("%s：%v", where, err)
		}
		f, err := os.Open(path)
		if err != nil {
			return "", "", fmt.Errorf("无法读取信件模板 %s（%s）：%v", path, where, err)
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxTemplate+1))
		if err == nil && len(b) > maxTemplate {
			err = fmt.Errorf("文件超过 %d KB，不像是一封信", maxTemplate>>10)
		}
		if err == nil {
			b, _, err = rules.DecodeText(b) // as Notepad saved it: UTF-8, GBK or UTF-16
		}
		if err != nil {
			return "", "", fmt.Errorf("无法读取信件模板 %s（%s）：%v", path, where, err)
		}
		return path, strings.ReplaceAll(string(b), "\r\n", "\n"), nil
	}
	startName, start, err := read(p.LetterStartFile, "letters.start_template")
	if err != nil {
		return output.LetterTemplates{}, "", err
	}
	endName, end, err := read(p.LetterEndFile, "letters.end_template")
	if err != nil {
		return output.LetterTemplates{}, "", err
	}
	lt, err := output.ParseLetterTemplates(startName, start, endName, end)
	return lt, start + "\x00" + end, err
}

// maxTemplate is the largest letter template read: a letter is a page.
const maxTemplate = 64 << 10

// confined resolves a template's path inside the settings file's folder: the inbox is a
// share many people write to, so a setting must not print a file from elsewhere into
// every letter (no absolute path, no "..", no link that leads out).
func confined(dir, name string) (string, error) {
	if filepath.IsAbs(name) || filepath.VolumeName(name) != "" || strings.HasPrefix(filepath.ToSlash(filepath.Clean(name)), "../") || filepath.Clean(name) == ".." {
		return "", fmt.Errorf("信件模板“%s”不在设置文件所在的文件夹里；请把模板放在 liushou.toml 旁边，只写文件名", name)
	}
	path := filepath.Join(dir, name)
	realDir, err1 := filepath.EvalSymlinks(dir)
	realPath, err2 := filepath.EvalSymlinks(path)
	if err1 != nil || err2 != nil {
		return path, nil // a missing file is said when it is read
	}
	if rel, err := filepath.Rel(realDir, realPath); err != nil || rel == ".." || strings.HasPrefix(filepath.ToSlash(rel), "../") {
		return "", fmt.Errorf("信件模板“%s”是指向设置文件夹以外的链接，没有读取；请把模板文件本身放在 liushou.toml 旁边", name)
	}
	return path, nil
}

// Files liushou init writes beside the rosters.
const (
	startLetterFile = "开学家长信.txt"
	endLetterFile   = "期末家长信.txt"
)

func cmdInit(args []string, stdout, stderr io.Writer) int {
	fs := flags("init", "init [文件夹]", stderr)
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	dir := "."
	if fs.NArg() > 1 {
		fmt.Fprintln(stderr, "liushou：init 只接受一个文件夹。")
		return exitUsage
	} else if fs.NArg() == 1 {
		dir = fs.Arg(0)
	}
	policy := strings.Replace(rules.DefaultPolicyFile, `start_template = ""`, `start_template = "`+startLetterFile+`"`, 1)
	policy = strings.Replace(policy, `end_template = ""`, `end_template = "`+endLetterFile+`"`, 1)
	files := []struct{ name, text string }{
		{rules.PolicyFileName, policy}, {startLetterFile, output.DefaultStartLetter}, {endLetterFile, output.DefaultEndLetter},
	}
	for _, f := range files {
		if _, err := os.Lstat(filepath.Join(dir, f.name)); err == nil {
			fmt.Fprintf(stderr, "liushou：%s 已经存在，没有覆盖任何文件。\n", filepath.Join(dir, f.name))
			return exitFailed
		}
	}
	for _, f := range files {
		err := outdir.WriteNewFile(filepath.Join(dir, f.name), func(w io.Writer) error {
			_, err := w.Write(notepadText(f.text))
			return err
		})
		if err != nil {
			fmt.Fprintf(stderr, "liushou：%v。\n", err)
			return exitFailed
		}
	}
	where, _ := filepath.Abs(dir)
	fmt.Fprintf(stdout, "已在 %s 写入 %s、%s 和 %s：按需要修改学校信息、家访和通话间隔、必访情况的识别词、学期、班主任和信的文字，然后运行 liushou check 检查。\n",
		where, rules.PolicyFileName, startLetterFile, endLetterFile)
	if fs.NArg() == 0 {
		fmt.Fprintf(stdout, "注意：liushou run 和 check 在花名册所在的文件夹里找 %s。请把它和花名册放在同一个文件夹，或运行时用 --config %s 指定。\n",
			rules.PolicyFileName, filepath.Join(where, rules.PolicyFileName))
	}
	return exitOK
}

// notepadText is text as Notepad on Windows shows it whole: CRLF line ends after a UTF-8
// byte order mark (older Notepads read UTF-8 without one as GBK). liushou reads it back
// either way.
func notepadText(s string) []byte {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
	return append([]byte{0xEF, 0xBB, 0xBF}, s...)
}

func cmdTemplate(args []string, stdout, stderr io.Writer, now time.Time) int {
	fs := flags("template", "template 文件名.xlsx", stderr)
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() != 1 || !strings.EqualFold(filepath.Ext(fs.Arg(0)), ".xlsx") {
		fmt.Fprintln(stderr, "liushou：请给出一个 .xlsx 文件名，例如：liushou template 花名册模板.xlsx")
		return exitUsage
	}
	path := fs.Arg(0)
	today, _ := parseAsOf("", now)
	// The signs offered in the template are the school's own, from liushou.toml beside it.
	policy, _, err := loadPolicy("", []string{filepath.Dir(path)})
	if err != nil {
		fmt.Fprintf(stderr, "liushou：%v\n", err)
		return exitFailed
	}
	if err := outdir.WriteNewFile(path, func(w io.Writer) error { return output.WriteTemplate(w, today, policy) }); err != nil {
		fmt.Fprintf(stderr, "liushou：%v。\n", err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "已生成空白花名册模板 %s：请从“花名册”表第3行起填写，填写说明见“填写说明”表。\n", path)
	return exitOK
}

// sources gives output what it needs to copy each roster that has problems at cells:
// the .xlsx bytes themselves, or the sheets of an .xls or CSV file as values.
func sources(loaded ingest.Loaded, evaluated []rules.Problem) []output.Source {
	withCells, wide := map[string]bool{}, map[string]bool{}
	for _, p := range append(append([]rules.Problem{}, loaded.Problems...), evaluated...) {
		if p.Cell != "" {
			withCells[p.File] = true
		}
		if p.Code == "file_wide_sheet" {
			// A sheet wider than any roster: excelize's sheet model pads every row out to
			// its last column (gigabytes for a file of kilobytes). Its copy is made from the values
			// liushou read, within the columns it reads.
			wide[p.File] = true
		}
	}
	var out []output.Source
	for _, in := range loaded.Inputs {
		file, ok := loaded.Files[in.File]
		if in.Status != rules.InputOK || !withCells[in.File] || !ok {
			continue
		}
		st, err := os.Stat(file.Path)
		if err != nil {
			continue // gone since it was read: the problem list still names every cell
		}
		src := output.Source{Input: in}
		xlsx := file.Format == "xlsx" && !wide[in.File]
		// The file is read again when its copy is made, one or two at a time: a copy is of
		// the bytes that were read, or not made.
		src.Load = func() ([]byte, []output.Grid, error) {
			data, err := os.ReadFile(file.Path)
			if err != nil {
				return nil, nil, err
			}
			if now, err := os.Stat(file.Path); err != nil || now.Size() != st.Size() || !now.ModTime().Equal(st.ModTime()) || int64(len(data)) != st.Size() {
				return nil, nil, errors.New("changed since it was read")
			}
			// A workbook with macros (.xlsm) is copied as values: the marked-up copy is a
			// plain .xlsx, without the macro code or its content type.
			if xlsx && !bytes.Contains(data, []byte("vbaProject")) {
				return data, nil, nil
			}
			sheets, err := ingest.Grids(in.File, data)
			if err != nil {
				return nil, nil, err
			}
			grids := make([]output.Grid, 0, len(sheets))
			for _, sh := range sheets {
				grids = append(grids, output.Grid{Sheet: sh.Sheet, Cells: sh.Cells})
			}
			return nil, grids, nil
		}
		out = append(out, src)
	}
	return out
}

func cmdCheck(args []string, stdout, stderr io.Writer, now time.Time) int {
	fs := flags("check", "check [--as-of 日期] [--config 设置文件] [--verbose] 花名册或文件夹...", stderr)
	verbose := fs.BoolP("verbose", "v", false, "也说明每个文件是怎样读取的")
	c, code, ok := parseCommon(fs, args, stderr, now)
	if !ok {
		return code
	}
	return withSettings(fs.Args(), c.config, stderr, func(set settings, tmp string) int {
		sum, warnings, err := checkByClass(fs.Args(), &set, c.asOf, tmp)
		if err != nil {
			fmt.Fprintf(stderr, "liushou：%v。\n", err)
			return exitFailed
		}
		fmt.Fprintln(stdout, settingsLine(set.configPath, set.policy))
		for _, w := range warnings {
			fmt.Fprintf(stdout, "提醒：%s\n\n", w)
		}
		printProblems(stdout, sum, *verbose)
		return exitCode(sum)
	})
}

func exitCode(sum output.Summary) int {
	for _, in := range sum.Inputs {
		if in.Status == rules.InputFailed {
			return exitDataErrors
		}
	}
	if sum.Totals.Errors > 0 {
		return exitDataErrors
	}
	return exitOK
}

// printTotals says what a run found, in counts only: no names reach the terminal or a log.
func printTotals(w io.Writer, s output.Summary) {
	ok, failed, ignored, deferred := 0, 0, 0, 0
	for _, in := range s.Inputs {
		switch in.Status {
		case rules.InputOK:
			ok++
		case rules.InputFailed:
			failed++
		case rules.InputDeferred:
			deferred++
		default:
			ignored++
		}
	}
	fmt.Fprintf(w, "统计日期 %s：读取花名册 %d 个", s.AsOf, ok)
	if failed > 0 {
		fmt.Fprintf(w, "，无法读取 %d 个", failed)
	}
	if ignored > 0 {
		fmt.Fprintf(w, "，跳过 %d 个", ignored)
	}
	if deferred > 0 {
		fmt.Fprintf(w, "，暂缓 %d 个（正在打开或复制中，下次处理）", deferred)
	}
	fmt.Fprintf(w, "；留守儿童 %d 名，%d 个班。\n", s.Totals.Children, s.Totals.Classes)
	t := s.Totals.Tally
	fmt.Fprintf(w, "家访：需立即家访 %d 名，逾期 %d 名，将到期 %d 名。通话：逾期 %d 名，将到期 %d 名，无家长电话 %d 名。\n",
		t.Urgent, t.VisitOverdue, t.VisitSoon, t.CallOverdue, t.CallSoon, t.NoContact)
	fmt.Fprintf(w, "数据问题：错误 %d 处，警告 %d 处。\n", s.Totals.Errors, s.Totals.Warnings)
	for _, line := range setAside(s) {
		fmt.Fprintln(w, line)
	}
	for _, in := range s.Inputs {
		switch in.Status {
		case rules.InputFailed:
			fmt.Fprintf(w, "无法读取 %s：%s\n", in.File, in.Reason)
		case rules.InputDeferred:
			fmt.Fprintf(w, "暂缓 %s：%s\n", in.File, in.Reason)
		}
	}
}

// printProblems lists every problem grouped by file, with totals: the report a teacher
// asked for with liushou check.
// verbose adds how each file was read.
func printProblems(w io.Writer, s output.Summary, verbose bool) {
	byFile := map[string][]rules.Problem{}
	for _, p := range s.Problems {
		byFile[p.File] = append(byFile[p.File], p)
	}
	for _, in := range s.Inputs {
		ps := byFile[in.File]
		switch {
		case in.Status == rules.InputIgnored || in.Status == rules.InputDeferred:
			fmt.Fprintf(w, "%s：%s\n", in.File, in.Reason)
			printAccount(w, in, verbose)
			fmt.Fprintln(w)
			continue
		case in.Status == rules.InputFailed:
			fmt.Fprintf(w, "%s：无法读取。%s\n", in.File, in.Reason)
			printAccount(w, in, verbose)
			fmt.Fprintln(w)
			continue
		case len(ps) == 0:
			fmt.Fprintf(w, "%s：%s，没有发现问题。\n", in.File, inputCount(in))
			printAccount(w, in, verbose)
			printColumns(w, s.Columns, in.File)
			fmt.Fprintln(w)
			continue
		}
		errs := 0
		for _, p := range ps {
			if p.Severity == rules.Error {
				errs++
			}
		}
		fmt.Fprintf(w, "%s：%s，错误 %d 处，警告 %d 处\n", in.File, inputCount(in), errs, len(ps)-errs)
		printAccount(w, in, verbose)
		printColumns(w, s.Columns, in.File)
		for _, p := range ps {
			level := "警告"
			if p.Severity == rules.Error {
				level = "错误"
			}
			place := p.Sheet
			if p.Cell != "" {
				place += "!" + p.Cell
			}
			if place != "" {
				place += "："
			}
			fmt.Fprintf(w, "  %s  %s%s\n", level, place, p.Message)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "合计：%d 个文件，留守儿童 %d 名，错误 %d 处，警告 %d 处。\n",
		len(s.Inputs), s.Totals.Children, s.Totals.Errors, s.Totals.Warnings)
}

// printAccount says, sheet by sheet, what became of every row: children, log entries,
// and the rows not counted with their reasons.
// verbose adds how the file was read.
// inputCount says what a file gave: its left-behind children, or, for a 学籍 list, its
// pupils and how many of them it marks left behind.
func inputCount(in rules.Input) string {
	if in.Pupils > 0 {
		marked := in.Pupils - in.NotLeftBehind
		if in.Children == 0 && marked > 0 {
			return fmt.Sprintf("学籍名单，学生 %d 名，其中标为留守儿童 %d 名（以花名册为准，用来核对）", in.Pupils, marked)
		}
		return fmt.Sprintf("学籍名单，学生 %d 名，留守儿童 %d 名", in.Pupils, in.Children)
	}
	return fmt.Sprintf("留守儿童 %d 名", in.Children)
}

func printAccount(w io.Writer, in rules.Input, verbose bool) {
	if verbose && in.Reader != "" {
		fmt.Fprintf(w, "  读取方式：%s\n", in.Reader)
	}
	for _, a := range in.Sheets {
		fmt.Fprintf(w, "  工作表“%s”（%s%s）%s\n", a.Sheet, a.Kind, map[bool]string{true: "，隐藏"}[a.Hidden], accountLine(a))
	}
}

// accountLine is one sheet's row account: "12 行：留守儿童 10 名，记录 0 条，不算 2 行（表头 1 行、合计行 1 行）".
func accountLine(a rules.SheetAccount) string {
	line := fmt.Sprintf("%d 行：留守儿童 %d 名，记录 %d 条，不算 %d 行", a.Rows, a.Children, a.Logs, a.SkippedRows())
	var why []string
	for _, t := range a.Tally() {
		why = append(why, fmt.Sprintf("%s %d 行", t.Reason, t.Count))
	}
	if len(why) > 0 {
		line += "（" + strings.Join(why, "、") + "）"
	}
	return line
}

// setAside lists what a person must hear even at night: sheets where more than three
// pupils were set aside by a 是否留守 column's value (a column read wrongly would drop
// children without a word).
func setAside(s output.Summary) []string {
	var out []string
	for _, in := range s.Inputs {
		for _, a := range in.Sheets {
			byCell := map[string]int{}
			var cols []string
			for _, sk := range a.Skipped {
				if sk.Kind() != "不是留守儿童" || sk.Cell == "" {
					continue
				}
				col := strings.TrimRight(sk.Cell, "0123456789")
				if byCell[col] == 0 {
					cols = append(cols, col)
				}
				byCell[col] += sk.Count
			}
			for _, col := range cols {
				if n := byCell[col]; n > 3 && in.Pupils > 0 && in.Children == 0 {
					// A 学籍 list beside the rosters: it checks them, and counts pupils.
					out = append(out, fmt.Sprintf("%s 工作表“%s”是学籍名单：学生 %d 名，%s 列标为留守儿童的 %d 名用来核对花名册，留守儿童以花名册为准。如果这一列认错了，请在 liushou.toml 的 [columns] 里改正。",
						in.File, a.Sheet, in.Pupils, col, in.Pupils-in.NotLeftBehind))
				} else if n > 3 {
					out = append(out, fmt.Sprintf("%s 工作表“%s”：%s 列标为不是留守儿童的 %d 名学生没有计入（计入留守儿童 %d 名）。如果这一列认错了，请在 liushou.toml 的 [columns] 里改正。",
						in.File, a.Sheet, col, n, a.Children))
				}
			}
		}
	}
	return out
}

// printColumns prints what each column of a file's sheets was read as, and which columns
// were not read: the school checks it and corrects a wrong guess with [columns].
func printColumns(w io.Writer, maps []rules.SheetColumns, file string) {
	var last *rules.SheetColumns
	for i, m := range maps {
		if m.File != file {
			continue
		}
		if last != nil && sameColumns(*last, m) {
			fmt.Fprintf(w, "  工作表“%s”：各列与“%s”相同。\n", m.Sheet, last.Sheet)
			continue
		}
		last = &maps[i]
		fmt.Fprintf(w, "  工作表“%s”按%s读取，表头在第 %d 行：\n", m.Sheet, m.Kind, m.HeaderRow)
		var unread []string
		for _, c := range m.Columns {
			if c.Role == "" {
				item := c.Col + " " + c.Header
				if c.Note != "" {
					item += "（" + c.Note + "）"
				}
				unread = append(unread, item)
				continue
			}
			line := fmt.Sprintf("    %-3s %s → %s", c.Col, c.Header, c.Role)
			if c.Note != "" {
				line += "（" + c.Note + "）"
			}
			fmt.Fprintln(w, line)
		}
		if len(unread) > 0 {
			fmt.Fprintf(w, "    未读取：%s\n", strings.Join(unread, "，"))
		}
	}
	if len(maps) > 0 {
		fmt.Fprintln(w, "  （某一列认错了，可以在 liushou.toml 的 [columns] 里写明，如 \"身份证件号\" = \"身份证号\"。）")
	}
}

func sameColumns(a, b rules.SheetColumns) bool {
	if a.Kind != b.Kind || a.HeaderRow != b.HeaderRow || len(a.Columns) != len(b.Columns) {
		return false
	}
	for i := range a.Columns {
		if a.Columns[i] != b.Columns[i] {
			return false
		}
	}
	return true
}

// tooFew stops a run that would empty the outputs by mistake: no roster found at all (an
// unmounted share leaves an empty folder), or far fewer children than last time at once.
// Rosters removed one at a time still take their classes with them.
func tooFew(roster rules.Roster, children int, last outdir.State, paths []string, accept bool) string {
	found := 0
	for _, in := range roster.Inputs {
		if in.Status != rules.InputIgnored {
			found++
		}
	}
	where := strings.Join(paths, "、")
	switch {
	case found == 0:
		return fmt.Sprintf("在 %s 里没有找到任何花名册。如果是共享文件夹没有连上（或 --out 指向了花名册文件夹本身），请检查后再运行", where)
	case accept || last.Children < 10:
		return ""
	case children*2 < last.Children:
		return fmt.Sprintf("这次只读到留守儿童 %d 名，上次有 %d 名。为防止共享文件夹没连上或花名册被误删时清空已有的清单，这次没有更新任何文件。如果确实如此，请加 --accept-fewer 再运行一次", children, last.Children)
	}
	return ""
}

// settingsLine names the settings file a run used, or says it used none and where it
// looked; a file whose school details are still blank is told which lines to fill in,
// first thing (a school's first double-click makes only drafts until they are).
func settingsLine(config string, p rules.Policy) string {
	if config == "" {
		return fmt.Sprintf("没有找到设置文件 %s（在花名册所在的文件夹里找；也可以用 --config 指定），用的是默认规则。", rules.PolicyFileName)
	}
	line := fmt.Sprintf("设置文件：%s。", config)
	if len(p.Schools) > 0 {
		return line // a district's: each school's details are in [schools]
	}
	data, _ := os.ReadFile(config)
	var blank []string
	for _, k := range []struct{ key, what string }{{"school.name", "学校名称"}, {"school.address", "学校地址"}, {"school.phone", "学校电话"}} {
		v := map[string]string{"school.name": p.School.Name, "school.address": p.School.Address, "school.phone": p.School.Phone}[k.key]
		if v != "" {
			continue
		}
		if n := rules.LineOf(data, k.key); n > 0 {
			blank = append(blank, fmt.Sprintf("第 %d 行 %s（%s）", n, k.key, k.what))
		} else {
			blank = append(blank, fmt.Sprintf("%s（%s）", k.key, k.what))
		}
	}
	if len(blank) > 0 {
		line += "请先用记事本打开它，填上：" + strings.Join(blank, "、") + "。填好之前家长信只作为草稿生成。"
	}
	return line
}
