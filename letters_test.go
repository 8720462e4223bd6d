package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"liushou/output"
	"liushou/output/outdir"
	"liushou/rules"
)

// pdfText reads a PDF's text back with pdftotext, laid out as on the page.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	needPdftotext(t)
	b, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(b)
}

// TestLettersCarryTheirOwnSchool: a district of 31 schools, each with its own details and
// its own 三年级(2)班 teacher in [schools], and a 32nd school with none. Every letter's
// school, school phone and class teacher, and every envelope's sender, are the pupil's
// own school's; the 32nd school's letters are drafts, and the run says which school
// lacks what. The district's own [school] is on no letter.
func TestLettersCarryTheirOwnSchool(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	const schools = 31
	school := func(i int) string { return fmt.Sprintf("第%02d小学", i) }
	phone := func(i int) string { return fmt.Sprintf("0855-53%05d", 10000+i) }
	teacherPhone := func(i int) string { return fmt.Sprintf("1380000%04d", 1000+i) }
	var toml strings.Builder
	toml.WriteString("[school]\nname = \"台江县教育局\"\naddress = \"台江县文化路 1 号\"\npostcode = \"556400\"\nphone = \"0855-5300000\"\n\n")
	rows := [][]any{{"学校", "班级", "学生姓名", "父亲姓名", "父亲务工地点", "父亲电话", "务工地邮编"}}
	for i := 1; i <= schools+1; i++ {
		if i <= schools {
			fmt.Fprintf(&toml, "[schools.\"%s\"]\naddress = \"台江县第%d路 %d 号\"\npostcode = \"5564%02d\"\nphone = \"%s\"\n", school(i), i, i, i, phone(i))
			fmt.Fprintf(&toml, "[schools.\"%s\".class_teachers.\"三年级(2)班\"]\nname = \"班主任%02d\"\nphone = \"%s\"\n\n", school(i), i, teacherPhone(i))
		}
		for j := 0; j < 2; j++ {
			rows = append(rows, []any{school(i), "三年级(2)班", fmt.Sprintf("学生%02d%c", i, '甲'+rune(j)), "父亲", "广东省深圳市宝安区西乡街道宝源路 18 号", "13912345678", "518000"})
		}
	}
	os.WriteFile(filepath.Join(in, "liushou.toml"), []byte(toml.String()), 0o644)
	writeRoster(t, filepath.Join(in, "全县花名册.xlsx"), rows)
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-09-10", in)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "1 所学校的信息还没有填写完整") || !strings.Contains(stdout, "第32小学（liushou.toml 里没有 [schools.\"第32小学\"]）") {
		t.Errorf("the school without settings is not named:\n%s", stdout)
	}
	batch := filepath.Join(out, outdir.LettersDir, "2026-09-10")
	for i := 1; i <= schools; i++ {
		class := filepath.Join(batch, school(i), "三年级(2)班")
		letters := strings.Join(strings.Fields(pdfText(t, filepath.Join(class, output.LettersFile))), "")
		for _, want := range []string{school(i), fmt.Sprintf("班主任%02d", i), teacherPhone(i), phone(i)} {
			if !strings.Contains(letters, want) {
				t.Errorf("%s's letters lack %q", school(i), want)
			}
		}
		for k := 1; k <= schools; k++ {
			if k != i && (strings.Contains(letters, teacherPhone(k)) || strings.Contains(letters, phone(k)) || strings.Contains(letters, school(k))) {
				t.Errorf("%s's letters carry %s's details", school(i), school(k))
			}
		}
		if strings.Contains(letters, "台江县教育局") || strings.Contains(letters, "0855-5300000") {
			t.Errorf("%s's letters carry the district's details", school(i))
		}
		envelopes := strings.Join(strings.Fields(pdfText(t, filepath.Join(class, output.EnvelopesFile))), "")
		if !strings.Contains(envelopes, fmt.Sprintf("台江县第%d路%d号", i, i)) || !strings.Contains(envelopes, school(i)+"三年级(2)班") ||
			!strings.Contains(envelopes, fmt.Sprintf("5564%02d", i)) || strings.Contains(envelopes, "台江县教育局") {
			t.Errorf("%s's envelopes: %s", school(i), envelopes)
		}
	}
	if _, err := os.Stat(filepath.Join(batch, school(schools+1))); !os.IsNotExist(err) {
		t.Errorf("the school without settings has letters to mail: %v", err)
	}
	draft := pdfText(t, filepath.Join(out, output.DraftsDir, school(schools+1), "三年级(2)班", output.LettersFile))
	if !strings.Contains(draft, "草稿") {
		t.Error("the school without settings: its letters are not marked as drafts")
	}
	sum := readSummary(t, out)
	if sum.Letters.Issued != 2*schools || sum.Letters.Drafts != 2 || len(sum.Letters.DraftSchools) != 1 {
		t.Errorf("letters %+v", sum.Letters)
	}
}

// TestClassTeachersBelongToASchool: with [schools], a district-wide [class_teachers]
// table is refused before anything is written, with its line.
func TestClassTeachersBelongToASchool(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "liushou.toml"), []byte("[schools.\"第01小学\"]\nphone = \"0855-5310001\"\n\n[class_teachers.\"三年级(2)班\"]\nname = \"陈\"\n"), 0o644)
	writeRoster(t, filepath.Join(dir, "a.xlsx"), [][]any{{"学校", "班级", "学生姓名"}, {"第01小学", "三年级(2)班", "王芳"}})
	out := filepath.Join(dir, "out")
	code, _, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-09-10", dir)
	if code != exitFailed || !strings.Contains(stderr, "第 4 行") || !strings.Contains(stderr, "班主任要写在各自学校下面") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, output.SummaryFile)); !os.IsNotExist(err) {
		t.Error("a refused setting still wrote the outputs")
	}
}

// sampleInbox copies the sample roster and its settings into a folder of their own.
func sampleInbox(t *testing.T) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "in")
	os.MkdirAll(in, 0o755)
	for _, f := range []string{"roster.xlsx", "liushou.toml"} {
		b, err := os.ReadFile(filepath.Join("samples", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(in, f), b, 0o644)
		old := time.Now().Add(-time.Hour)
		os.Chtimes(filepath.Join(in, f), old, old)
	}
	return in
}

func batches(t *testing.T, out string) []outdir.BatchRecord {
	t.Helper()
	st, err := outdir.LoadState(out)
	if err != nil {
		t.Fatal(err)
	}
	return st.Batches
}

// TestBatchMadeThenPosted: a night makes a batch; the next nights (--quiet too) say it
// waits and make no second one; it counts as posted only once someone says so, with the
// command or with ticks in its mailing lists; a withdrawn batch's families are lettered
// again in a new batch.
func TestBatchMadeThenPosted(t *testing.T) {
	in := sampleInbox(t)
	out := filepath.Join(filepath.Dir(in), "out")
	night := func(date string) string {
		t.Helper()
		code, stdout, stderr := runCmd(t, "run", "--quiet", "--out", out, "--as-of", date, in)
		if code != exitDataErrors {
			t.Fatalf("%s: exit %d\n%s%s", date, code, stdout, stderr)
		}
		return stdout
	}
	first := night("2026-11-28")
	if !strings.Contains(first, "等待寄出：") || !strings.Contains(first, "2026-11-28（2026-11-28 生成，60 封）") {
		t.Errorf("the first night does not say the batch waits:\n%s", first)
	}
	if b := batches(t, out); len(b) != 1 || b[0].Letters != 60 || b[0].Posted != "" {
		t.Fatalf("batches %+v", b)
	}
	second := night("2026-11-29")
	if !strings.Contains(second, "等待寄出：") || strings.Contains(second, "新生成家长信") {
		t.Errorf("the second night:\n%s", second)
	}
	if entries, _ := os.ReadDir(filepath.Join(out, outdir.LettersDir)); len(entries) != 1 {
		t.Errorf("%d batches on disk, want 1", len(entries))
	}
	if b := batches(t, out); len(b) != 1 || b[0].Posted != "" {
		t.Fatalf("counted as posted without a word: %+v", b)
	}
	code, stdout, stderr := runCmd(t, "letters", "--posted", "2026-11-28", "--out", out, "--as-of", "2026-11-30")
	if code != exitOK || !strings.Contains(stdout, "60 封家长信于 2026-11-30 寄出") {
		t.Fatalf("--posted: exit %d\n%s%s", code, stdout, stderr)
	}
	if b := batches(t, out); b[0].Posted != "2026-11-30" || len(b[0].Schools) != 1 || b[0].Schools["青石镇中心小学"] != 60 {
		t.Errorf("batches %+v", b)
	}
	// The month's report counts the batch's letters for its school.
	if code, stdout, stderr := runCmd(t, "report", "--month", "2026-11", "--out", out, in); code != exitOK {
		t.Fatalf("report: exit %d\n%s%s", code, stdout, stderr)
	}
	if got := monthCells(t, filepath.Join(out, "月报（2026年11月）.xlsx"), "各校", 1, "学校", "寄出家长信"); got != "青石镇中心小学|60" {
		t.Errorf("月报: %s, want the school's 60 letters posted", got)
	}
	if third := night("2026-12-01"); strings.Contains(third, "等待寄出") {
		t.Errorf("a posted batch still waits:\n%s", third)
	}
	if code, _, stderr := runCmd(t, "letters", "--posted", "2026-10-01", "--out", out); code != exitFailed || !strings.Contains(stderr, "没有“2026-10-01”这一批") {
		t.Errorf("an unknown batch: exit %d %s", code, stderr)
	}
}

// TestBatchPostedByTicks: a 德育主任 who never opens a terminal ticks 已寄出 in every
// mailing list of the batch: the next night counts it as posted.
func TestBatchPostedByTicks(t *testing.T) {
	in := sampleInbox(t)
	out := filepath.Join(filepath.Dir(in), "out")
	runCmd(t, "run", "--quiet", "--out", out, "--as-of", "2026-11-28", in)
	lists, _ := filepath.Glob(filepath.Join(out, outdir.LettersDir, "2026-11-28", "*", "*", output.MailingListFile))
	if len(lists) == 0 {
		t.Fatal("no mailing lists")
	}
	tick := func(all bool) {
		for i, p := range lists {
			f, err := excelize.OpenFile(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, sh := range f.GetSheetList() {
				rows, _ := f.GetRows(sh)
				for r := 1; r < len(rows); r++ {
					if all || i > 0 {
						cell, _ := excelize.CoordinatesToCellName(len(rows[0]), r+1)
						f.SetCellValue(sh, cell, "√")
					}
				}
			}
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
	}
	tick(false) // one class's list not yet
	_, stdout, _ := runCmd(t, "run", "--quiet", "--out", out, "--as-of", "2026-11-29", in)
	if !strings.Contains(stdout, "邮寄清单上已打勾") || batches(t, out)[0].Posted != "" {
		t.Errorf("half ticked:\n%s%+v", stdout, batches(t, out))
	}
	tick(true)
	_, stdout, _ = runCmd(t, "run", "--quiet", "--out", out, "--as-of", "2026-11-30", in)
	if !strings.Contains(stdout, "都已打勾，这一批记为已寄出") || batches(t, out)[0].Posted != "2026-11-30" {
		t.Errorf("all ticked:\n%s%+v", stdout, batches(t, out))
	}
}

// TestBatchWithdrawn: a batch that was never posted is withdrawn; the next night letters
// the same families again, in a new batch.
func TestBatchWithdrawn(t *testing.T) {
	in := sampleInbox(t)
	out := filepath.Join(filepath.Dir(in), "out")
	runCmd(t, "run", "--quiet", "--out", out, "--as-of", "2026-11-28", in)
	if code, stdout, stderr := runCmd(t, "letters", "--withdrawn", "2026-11-28", "--out", out); code != exitOK || !strings.Contains(stdout, "作废") {
		t.Fatalf("--withdrawn: exit %d\n%s%s", code, stdout, stderr)
	}
	runCmd(t, "run", "--quiet", "--out", out, "--as-of", "2026-11-29", in)
	b := batches(t, out)
	if len(b) != 2 || b[0].Withdrawn == "" || b[1].Name != "2026-11-29" || b[1].Letters != 60 {
		t.Errorf("batches %+v", b)
	}
	if code, _, stderr := runCmd(t, "letters", "--posted", "2026-11-28", "--out", out); code != exitFailed || !strings.Contains(stderr, "已于") {
		t.Errorf("posting a withdrawn batch: exit %d %s", code, stderr)
	}
}

// TestStartLettersWaitForTheTermsRoster: a roster last saved on 2026-08-01, run on
// 2026-09-01, gives no 开学 letters (last year's classes, its graduates included), and the
// run says why; saved again in the term, it does.
func TestStartLettersWaitForTheTermsRoster(t *testing.T) {
	in := sampleInbox(t)
	out := filepath.Join(filepath.Dir(in), "out")
	summer := time.Date(2026, 8, 1, 10, 0, 0, 0, time.Local)
	os.Chtimes(filepath.Join(in, "roster.xlsx"), summer, summer)
	_, stdout, _ := runCmd(t, "run", "--out", out, "--as-of", "2026-09-01", in)
	if !strings.Contains(stdout, "有 60 名学生的花名册最后一次保存在本学期开始（2026年9月1日）之前") || strings.Contains(stdout, "新生成家长信") {
		t.Errorf("a summer roster on 09-01:\n%s", stdout)
	}
	if entries, _ := os.ReadDir(filepath.Join(out, outdir.LettersDir)); len(entries) != 0 {
		t.Errorf("%d batches made from last term's roster", len(entries))
	}
	// Saved in the term (its bytes change as a save changes them).
	f, err := excelize.OpenFile(filepath.Join(in, "roster.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	f.SetDocProps(&excelize.DocProperties{Modified: "2026-09-02T08:00:00Z"})
	f.Save()
	f.Close()
	sept := time.Date(2026, 9, 2, 8, 0, 0, 0, time.Local)
	os.Chtimes(filepath.Join(in, "roster.xlsx"), sept, sept)
	_, stdout, _ = runCmd(t, "run", "--out", out, "--as-of", "2026-09-03", in)
	if !strings.Contains(stdout, "本次新生成家长信 60 封") {
		t.Errorf("the term's roster:\n%s", stdout)
	}
}

// TestNoSecondLetter: the cases that gave families a second start letter: an ID added,
// an ID corrected, a child without an ID moved to another class; and the output folder's
// .liushou deleted (or lost with a restored backup).
func TestNoSecondLetter(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	os.WriteFile(filepath.Join(in, "liushou.toml"), []byte("[school]\nname = \"青石镇中心小学\"\naddress = \"青石镇学府路 8 号\"\nphone = \"0855-5312345\"\n"), 0o644)
	head := []any{"班级", "学生姓名", "身份证号", "监护人", "监护人电话", "出生日期"}
	roster := func(rows ...[]any) {
		t.Helper()
		path := filepath.Join(in, "花名册.xlsx")
		writeRoster(t, path, append([][]any{head}, rows...))
		old := time.Now().Add(-time.Hour)
		os.Chtimes(path, old, old)
	}
	const goodID = "522426201703120026" // 王芳's, valid
	roster(
		[]any{"三年级(2)班", "王芳", "", "王大山", "13812345678", "2017-03-12"},         // no ID yet
		[]any{"三年级(2)班", "李明", "522426201705060013", "李秀英", "13912345678", ""}, // a wrong ID (checksum)
		[]any{"三年级(2)班", "张伟", "", "张奶奶", "13712345678", ""},                   // no ID
	)
	out := filepath.Join(dir, "out")
	_, stdout, _ := runCmd(t, "run", "--quiet", "--out", out, "--as-of", "2026-11-28", in)
	if !strings.Contains(stdout, "生成，3 封）") {
		t.Fatalf("the first night:\n%s", stdout)
	}
	roster(
		[]any{"三年级(2)班", "王芳", goodID, "王大山", "13812345678", "2017-03-12"},     // ID added
		[]any{"三年级(2)班", "李明", "522426201705060012", "李秀英", "13912345678", ""}, // ID corrected
		[]any{"三年级(3)班", "张伟", "", "张奶奶", "13712345678", ""},                   // moved class
	)
	code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-29", in)
	if code != exitOK && code != exitDataErrors {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if strings.Contains(stdout, "新生成家长信") || len(batches(t, out)) != 1 {
		t.Errorf("a second letter:\n%s", stdout)
	}
	if !strings.Contains(stdout, "认出了 2 个身份证号补上或改过的家庭、1 个换了班级的家庭") {
		t.Errorf("the run does not say how it knew the families:\n%s", stdout)
	}
	// The ledger's keys cannot be reversed from an ID list: no plain digest of an ID.
	st, _ := os.ReadFile(filepath.Join(out, outdir.StateFile))
	if strings.Contains(string(st), rules.ChildKey(rules.Child{ID: goodID})) {
		t.Error("the ledger holds a plain digest of an ID")
	}
	if info, err := os.Stat(filepath.Join(out, outdir.SecretFile)); err != nil || info.Mode().Perm()&0o077 != 0 && runtime.GOOS != "windows" {
		t.Errorf("the secret: %v %v", info.Mode(), err)
	}
	// .liushou lost: rebuilt from the batch on disk, no second batch.
	os.RemoveAll(filepath.Join(out, ".liushou"))
	code, stdout, stderr = runCmd(t, "run", "--out", out, "--as-of", "2026-11-30", in)
	if code != exitOK && code != exitDataErrors || !strings.Contains(stderr, "已按 信件 文件夹里的 1 批信（3 封）重建") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if strings.Contains(stdout, "新生成家长信") {
		t.Errorf("a second batch after .liushou was lost:\n%s", stdout)
	}
	if entries, _ := os.ReadDir(filepath.Join(out, outdir.LettersDir)); len(entries) != 1 {
		t.Errorf("%d batches on disk", len(entries))
	}
}

// TestClassTeacherFromTheRoster: a roster's own 班主任 and 班主任电话 columns go on the
// letters when the settings name no class teacher; when they do, the settings win and the
// disagreement is said.
// TestOlderLedgerKnown: a ledger written before family keys (each letter under a plain
// digest of the child, rules.ChildKey) still holds back a second letter for those
// families, and is rewritten with keyed hashes: no plain digest of an ID stays on disk.
func TestOlderLedgerKnown(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	os.WriteFile(filepath.Join(in, "liushou.toml"), []byte("[school]\nname = \"青石镇中心小学\"\naddress = \"青石镇学府路 8 号\"\nphone = \"0855-5312345\"\n"), 0o644)
	path := filepath.Join(in, "花名册.xlsx")
	const wang, li = "522426201703120026", "522426201705060012"
	writeRoster(t, path, [][]any{{"班级", "学生姓名", "身份证号", "监护人", "监护人电话"},
		{"三年级(2)班", "王芳", wang, "王大山", "13812345678"},
		{"三年级(2)班", "李明", li, "李秀英", "13912345678"},
		{"三年级(2)班", "张伟", "", "张奶奶", "13712345678"}}) // not in the older ledger
	old := time.Now().Add(-time.Hour)
	os.Chtimes(path, old, old)
	asOf := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	p := rules.DefaultPolicy()
	term, kind := p.CurrentTerm(asOf).Name, string(p.LetterKind(asOf))
	out := filepath.Join(dir, "out")
	os.MkdirAll(filepath.Join(out, ".liushou"), 0o755)
	digests := []string{rules.ChildKey(rules.Child{ID: wang}), rules.ChildKey(rules.Child{ID: li})}
	var letters []string
	for _, d := range digests {
		letters = append(letters, fmt.Sprintf(`{"child": %q, "term": %q, "kind": %q, "date": "2026-11-20", "batch": "2026-11-20", "hash": "00112233aabbccdd"}`, d, term, kind))
	}
	state := fmt.Sprintf(`{"key": "", "exit": 0, "files": [], "batches": [{"name": "2026-11-20", "made": "2026-11-20", "letters": 2, "posted": "2026-11-21"}], "letters": [%s], "children": 3}`,
		strings.Join(letters, ", "))
	if err := os.WriteFile(filepath.Join(out, outdir.StateFile), []byte(state), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd(t, "run", "--quiet", "--out", out, "--as-of", "2026-11-28", in)
	if code != exitOK && code != exitDataErrors {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "生成，1 封）") {
		t.Errorf("want one letter (张伟's), the other two families have theirs:\n%s", stdout)
	}
	st, err := outdir.LoadState(out)
	if err != nil {
		t.Fatal(err)
	}
	if n := st.Letters.Len(); n != 3 {
		t.Errorf("ledger holds %d letters, want 3", n)
	}
	for i := range st.Letters.Len() {
		if e := st.Letters.Entry(i); len(e.Keys) == 0 || e.Child != e.Keys[0] {
			t.Errorf("entry %d not keyed: %+v", i, e)
		}
	}
	text, _ := os.ReadFile(filepath.Join(out, outdir.StateFile))
	for _, d := range digests {
		if strings.Contains(string(text), d) {
			t.Errorf("the plain digest %s is still in the state", d)
		}
	}
}

func TestClassTeacherFromTheRoster(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	settings := "[school]\nname = \"青石镇中心小学\"\naddress = \"青石镇学府路 8 号\"\nphone = \"0855-5312345\"\n"
	os.WriteFile(filepath.Join(in, "liushou.toml"), []byte(settings), 0o644)
	writeRoster(t, filepath.Join(in, "花名册.xlsx"), [][]any{{"学校", "班级", "学生姓名", "班主任", "班主任电话", "父亲姓名", "父亲务工地点"},
		{"青石镇中心小学", "三年级(2)班", "王芳", "龙文斌", "13908551204", "王建军", "广东省深圳市宝安区西乡街道宝源路 18 号"}})
	out := filepath.Join(dir, "out")
	if code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", in); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	letters := strings.Join(strings.Fields(pdfText(t, filepath.Join(out, outdir.LettersDir, "2026-11-28", "青石镇中心小学", "三年级(2)班", output.LettersFile))), "")
	if !strings.Contains(letters, "班主任是龙文斌老师，电话13908551204") {
		t.Errorf("the roster's class teacher is not on the letter:\n%s", letters)
	}
	os.WriteFile(filepath.Join(in, "liushou.toml"), []byte(settings+"[class_teachers.\"三年级(2)班\"]\nname = \"陈晓燕\"\nphone = \"13812345678\"\n"), 0o644)
	_, stdout, stderr := runCmd(t, "check", "--as-of", "2026-11-28", in)
	if !strings.Contains(stdout+stderr, "班主任在设置里是“陈晓燕”，花名册 花名册.xlsx 写的是“龙文斌”") {
		t.Errorf("the disagreement is not said:\n%s%s", stdout, stderr)
	}
}

// TestSchoolFolderSettings: a district's inbox with a folder per school, each with its own
// liushou.toml; the top one is the district's. Each school's letters carry its own details
// and class teacher; a school folder without settings gets drafts.
func TestSchoolFolderSettings(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	os.WriteFile(filepath.Join(in, "liushou.toml"), []byte("[school]\nname = \"台江县教育局\"\naddress = \"台江县文化路 1 号\"\nphone = \"0855-5300000\"\n"), 0o644)
	for i, school := range []string{"青石镇中心小学", "白岩小学", "龙场小学"} {
		sub := filepath.Join(in, school)
		os.MkdirAll(sub, 0o755)
		if i < 2 {
			os.WriteFile(filepath.Join(sub, "liushou.toml"), []byte(fmt.Sprintf("[school]\nname = \"%s\"\naddress = \"台江县第%d路 %d 号\"\nphone = \"0855-531000%d\"\n\n[class_teachers.\"三年级(2)班\"]\nname = \"班主任%d\"\nphone = \"1390855120%d\"\n", school, i+1, i+1, i, i, i)), 0o644)
		}
		writeRoster(t, filepath.Join(sub, "花名册.xlsx"), [][]any{{"班级", "学生姓名", "父亲姓名", "父亲务工地点"},
			{"三年级(2)班", "学生" + school[:3], "父亲", "广东省深圳市宝安区西乡街道宝源路 18 号"}})
	}
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", in)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for i, school := range []string{"青石镇中心小学", "白岩小学"} {
		text := strings.Join(strings.Fields(pdfText(t, filepath.Join(out, outdir.LettersDir, "2026-11-28", school, "三年级(2)班", output.LettersFile))), "")
		for _, want := range []string{school, fmt.Sprintf("班主任%d", i), fmt.Sprintf("1390855120%d", i), fmt.Sprintf("0855-531000%d", i), fmt.Sprintf("台江县第%d路%d号", i+1, i+1)} {
			if !strings.Contains(text, want) {
				t.Errorf("%s's letter lacks %q", school, want)
			}
		}
		if strings.Contains(text, "台江县教育局") || strings.Contains(text, "0855-5300000") {
			t.Errorf("%s's letter carries the district's details", school)
		}
	}
	if !strings.Contains(stdout, "龙场小学（liushou.toml 里没有") {
		t.Errorf("the school without settings is not named:\n%s", stdout)
	}
}

// TestTemplatesConfinedAndBounded: a letter template named outside the settings folder
// (by "..", an absolute path or a link), or one with a loop, stops the run before
// anything is written, with the file and line named.
func TestTemplatesConfinedAndBounded(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.txt")
	os.WriteFile(secret, []byte("# 机密\n不该印在信上\n"), 0o644)
	for _, tc := range []struct {
		name, setting, file, want string
	}{
		{"outside by ..", `"../secret.txt"`, "", "第 5 行 letters.start_template：信件模板“../secret.txt”不在设置文件所在的文件夹里"},
		{"an absolute path", fmt.Sprintf("%q", secret), "", "不在设置文件所在的文件夹里"},
		{"a link out", `"链接.txt"`, "link", "是指向设置文件夹以外的链接"},
		{"a loop", `"循环.txt"`, "# 致家长的一封信\n尊敬的{{.称呼}}：\n{{range 200000000}}啊{{end}}\n", "循环.txt 第 3 行：写法有误（只能用 {{.字段}} 和 {{if .字段}}…{{else}}…{{end}}"},
		{"a function", `"函数.txt"`, "# 致家长的一封信\n尊敬的{{printf \"%s\" .称呼}}：\n", "函数.txt 第 2 行：写法有误（只能写 {{.字段}} 或 {{if .字段}}）"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := filepath.Join(dir, tc.name, "in")
			os.MkdirAll(in, 0o755)
			os.WriteFile(filepath.Join(in, "liushou.toml"), []byte("[school]\nname = \"青石镇中心小学\"\n\n[letters]\nstart_template = "+tc.setting+"\n"), 0o644)
			switch {
			case tc.file == "link":
				if err := os.Symlink(secret, filepath.Join(in, "链接.txt")); err != nil {
					t.Skip("no symbolic links here:", err)
				}
			case tc.file != "":
				os.WriteFile(filepath.Join(in, strings.Trim(tc.setting, `"`)), []byte(tc.file), 0o644)
			}
			writeRoster(t, filepath.Join(in, "a.xlsx"), [][]any{{"班级", "学生姓名"}, {"三年级(2)班", "王芳"}})
			out := filepath.Join(dir, tc.name, "out")
			code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", in)
			if code != exitFailed || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "没有生成任何文件") {
				t.Errorf("exit %d\n%s%s", code, stdout, stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Error("the output folder was made")
			}
		})
	}
}

// TestNightlyLetters: three nights with the same rosters issue each family's letter once;
// a child added on the fourth night gets exactly one new letter, in that night's batch;
// letters --reissue makes a new batch for everyone. (In December the term-end letter is
// due, a letter of another kind: every family gets it once more, by design.)
func TestNightlyLetters(t *testing.T) {
	needPdftotext(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "inbox")
	os.Mkdir(in, 0o755)
	rows := [][]any{{"班级", "学生姓名", "父亲姓名", "父亲电话", "最近家访日期", "最近通话日期"},
		{"三年级(2)班", "王芳", "王建军", "13812345678", "2026-11-01", "2026-11-02"},
		{"三年级(2)班", "李明", "李强", "13812345679", "2026-11-01", "2026-11-02"}}
	writeRoster(t, filepath.Join(in, "r.xlsx"), rows)
	os.WriteFile(filepath.Join(in, "liushou.toml"), []byte(schoolSettings), 0o644)
	out := filepath.Join(dir, "out")
	night := func(date string, args ...string) output.Summary {
		t.Helper()
		cmd := append([]string{"run", "-q"}, args...)
		if code, _, stderr := runCmd(t, append(cmd, "--out", out, "--as-of", date, in)...); code != exitOK {
			t.Fatalf("%s: exit %d %s", date, code, stderr)
		}
		raw, _ := os.ReadFile(filepath.Join(out, "summary.json"))
		var s output.Summary
		json.Unmarshal(raw, &s)
		return s
	}
	pages := func(batch string) int {
		b, err := exec.Command("pdftotext", filepath.Join(out, outdir.LettersDir, batch, "未填学校", "三年级(2)班", output.LettersFile), "-").Output()
		if err != nil {
			t.Fatalf("batch %s: %v", batch, err)
		}
		return strings.Count(string(b), "\f")
	}
	if s := night("2026-11-10"); s.Letters == nil || s.Letters.Issued != 2 || s.Letters.Batch != "信件/2026-11-10" {
		t.Fatalf("first night: %+v", s.Letters)
	}
	for _, date := range []string{"2026-11-11", "2026-11-12"} {
		if s := night(date); s.Letters.Issued != 0 {
			t.Errorf("%s issued %d letters again", date, s.Letters.Issued)
		}
	}
	if got := pages("2026-11-10"); got != 2 {
		t.Errorf("first batch has %d letters, want 2", got)
	}
	batches, _ := os.ReadDir(filepath.Join(out, outdir.LettersDir))
	if len(batches) != 1 {
		t.Errorf("%d batches after three nights, want 1", len(batches))
	}

	rows = append(rows, []any{"三年级(2)班", "张伟", "张军", "13812345670", "2026-11-01", "2026-11-02"})
	writeRoster(t, filepath.Join(in, "r.xlsx"), rows)
	if s := night("2026-11-13"); s.Letters.Issued != 1 || s.Letters.Batch != "信件/2026-11-13" {
		t.Errorf("a new child: %+v", s.Letters)
	}
	if got := pages("2026-11-13"); got != 1 {
		t.Errorf("the new batch has %d letters, want 1", got)
	}
	if got := pages("2026-11-10"); got != 2 {
		t.Errorf("the first batch changed: %d letters", got)
	}

	if code, _, stderr := runCmd(t, "letters", "--reissue", "-q", "--out", out, "--as-of", "2026-11-13", in); code != exitOK {
		t.Fatalf("reissue: exit %d %s", code, stderr)
	}
	if got := pages("2026-11-13-2"); got != 3 {
		t.Errorf("the reissued batch has %d letters, want 3", got)
	}
	if code, _, _ := runCmd(t, "letters", "--out", out, in); code != exitUsage {
		t.Errorf("letters without --reissue: exit %d, want %d", code, exitUsage)
	}
}

// TestBuiltInLettersPrintAt12pt: the built-in letters of the sample, at the start of term
// and at its end, print their body at 12 pt (a grandparent reads a 转交 letter aloud)
// and still leave the slip its room: the width of every line of Chinese text on the
// letter's half of the page, read back, is 12 pt a character.
func TestBuiltInLettersPrintAt12pt(t *testing.T) {
	skipIfShort(t)
	needPdftotext(t)
	word := regexp.MustCompile(`xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<`)
	for _, asOf := range []string{"2026-11-28", "2027-01-12"} {
		out := filepath.Join(t.TempDir(), "out")
		runCmd(t, "run", "-q", "--out", out, "--as-of", asOf, "samples/")
		letters, _ := filepath.Glob(filepath.Join(out, outdir.LettersDir, asOf, "*", "*", "家长信.pdf"))
		if len(letters) == 0 {
			t.Fatalf("%s: no letters", asOf)
		}
		for _, path := range letters {
			box, err := exec.Command("pdftotext", "-bbox", path, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			lines, smallest := 0, 100.0
			for _, m := range word.FindAllStringSubmatch(string(box), -1) {
				text := []rune(m[4])
				y, _ := strconv.ParseFloat(m[2], 64)
				if len(text) < 16 || y > 480 || strings.IndexFunc(m[4], func(r rune) bool { return !unicode.Is(unicode.Han, r) && !unicode.IsPunct(r) }) >= 0 {
					continue // short, on the slip, or with digits and letters of another width
				}
				x0, _ := strconv.ParseFloat(m[1], 64)
				x1, _ := strconv.ParseFloat(m[3], 64)
				smallest = min(smallest, (x1-x0)/float64(len(text)))
				lines++
			}
			if lines < 10*3 || smallest < 11.95 {
				t.Errorf("%s %s: %d body lines, the smallest at %.2f pt", asOf, path, lines, smallest)
			}
		}
	}
}
