package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"liushou/internal/testtool"
	"liushou/samples"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"liushou/output"
	"liushou/output/outdir"
)

var today = time.Date(2026, 11, 28, 15, 0, 0, 0, time.Local)

func TestMain(m *testing.M) {
	if os.Getenv("LIUSHOU_TEST_MAIN") == "1" {
		if peak := os.Getenv("LIUSHOU_TEST_PEAK"); peak != "" {
			// The process's own high-water mark, after the run: what it needed itself,
			// with the memory limit main sets for the program as shipped.
			if os.Getenv("GOMEMLIMIT") == "" {
				debug.SetMemoryLimit(memoryLimit)
			}
			code := run(os.Args[1:], os.Stdout, os.Stderr, time.Now())
			status, _ := os.ReadFile("/proc/self/status")
			os.WriteFile(peak, status, 0o644)
			os.Exit(code)
		}
		main() // the test binary as the real command, for tests that kill it
	}
	if dir := os.Getenv("LIUSHOU_TEST_LOCK"); dir != "" {
		lockRacer(dir)
	}
	settleTime = 0 // every roster here was written a moment ago
	os.Exit(m.Run())
}

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	// The wall clock: it tells rosters written a moment ago (still being copied) apart.
	code := run(args, &stdout, &stderr, time.Now())
	return code, stdout.String(), stderr.String()
}

// keysBlanked is a state with its ledger's family keys left out: they depend on the
// output folder's secret, which is made at random.
func keysBlanked(t *testing.T, b []byte) []byte {
	t.Helper()
	var st outdir.State
	if err := json.Unmarshal(b, &st); err != nil {
		return b // a broken state is compared as it is
	}
	for i := range st.Letters {
		st.Letters[i].Child, st.Letters[i].Keys = "", nil
	}
	// The ledger is sorted by those keys: compared in an order of its own.
	sort.SliceStable(st.Letters, func(i, j int) bool {
		a, b := st.Letters[i], st.Letters[j]
		return a.Batch+a.Hash+a.Kind+a.Date < b.Batch+b.Hash+b.Kind+b.Date
	})
	out, _ := json.Marshal(st)
	return out
}

// manifestBlanked is a batch's manifest without the secret and the keys made with it.
func manifestBlanked(t *testing.T, b []byte) []byte {
	t.Helper()
	var m struct {
		Batch   outdir.BatchRecord   `json:"batch"`
		Entries []outdir.LedgerEntry `json:"entries"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return b
	}
	st, _ := json.Marshal(outdir.State{Letters: m.Entries})
	return append(keysBlanked(t, st), []byte(m.Batch.Name+m.Batch.Made)...)
}

// tree hashes every file below dir, by path relative to it; the output folder's secret is
// left out, and the state is hashed without the family keys that depend on it.
func tree(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == outdir.LogFile || strings.HasPrefix(filepath.ToSlash(rel), ".liushou/cache/") {
			return nil // the run log has wall-clock times; the parse cache is internal
		}
		switch filepath.ToSlash(rel) {
		case outdir.SecretFile:
			return nil // made at random, once per output folder
		case outdir.StateFile:
			b = keysBlanked(t, b) // the ledger's keys are keyed by that secret
		}
		if d.Name() == outdir.ManifestName {
			b = manifestBlanked(t, b)
		}
		out[filepath.ToSlash(rel)] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var sampleClasses = []string{"一年级(1)班", "二年级(1)班", "三年级(1)班", "三年级(2)班", "四年级(1)班", "六年级(1)班"}

// TestRunSample is the README's first command: the sample roster in, both PDFs for every
// class and summary.json out, the planted defects reported at their cells.
func TestRunSample(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	before := tree(t, "samples")
	code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", "samples/")
	if code != exitDataErrors {
		t.Fatalf("exit %d, want %d (the sample has planted errors)\nstdout %s\nstderr %s", code, exitDataErrors, stdout, stderr)
	}
	checkSampleFiles(t, out)
	raw, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sum output.Summary
	if err := json.Unmarshal(raw, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.AsOf != "2026-11-28" || len(sum.Inputs) != 1 || sum.Inputs[0].Status != "ok" || len(sum.Children) != 60 {
		t.Errorf("summary: as_of %s, inputs %+v, %d children", sum.AsOf, sum.Inputs, len(sum.Children))
	}
	checkSampleSummary(t, sum)
	// Personal data stays in the documents: the terminal shows counts only.
	for _, c := range sum.Children {
		if strings.Contains(stdout+stderr, c.Name) {
			t.Errorf("a child's name is printed on the terminal")
		}
	}
	if strings.Contains(stdout+stderr, "522426") {
		t.Error("an ID number is printed on the terminal")
	}
	if after := tree(t, "samples"); len(after) != len(before) || after["roster.xlsx"] != before["roster.xlsx"] {
		t.Error("the input folder was changed")
	}
}

// checkSampleFiles wants every document of the sample run, and nothing else.
func checkSampleFiles(t *testing.T, out string) {
	t.Helper()
	files := tree(t, out)
	envelopes := 0
	batch := "信件/2026-11-28/青石镇中心小学/"
	for _, class := range sampleClasses {
		if _, ok := files[batch+class+"/"+output.EnvelopesFile]; ok {
			envelopes++
		}
		for _, doc := range []string{"青石镇中心小学/" + class + "/" + output.ChecklistFile,
			batch + class + "/" + output.LettersFile, batch + class + "/" + output.MailingListFile} {
			if _, ok := files[doc]; !ok {
				t.Errorf("missing %s", doc)
			}
		}
	}
	for _, f := range []string{"summary.json", output.ProblemsFile, output.AnnotatedDir + "/roster（问题标注）.xlsx", outdir.StateFile, output.OverviewPDF, output.OverviewXLSX,
		"青石镇中心小学/" + output.OverviewPDF, "青石镇中心小学/" + output.OverviewXLSX, "青石镇中心小学/" + output.TeachersFile} {
		if _, ok := files[f]; !ok {
			t.Errorf("missing %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(out, ".liushou", "tmp")); !os.IsNotExist(err) {
		t.Errorf("the private temporary folder is left behind: %v", err)
	}
	if envelopes == 0 {
		t.Error("no envelopes, though the sample has parents with street addresses")
	}
	if want := 3*len(sampleClasses) + envelopes + 10; len(files) != want { // 10: the summaries, lists, state and the batch's manifest
		t.Errorf("wrote %d files, want %d: %v", len(files), want, files)
	}
}

// checkSampleSummary wants the planted defects at their cells, and every visit status.
func checkSampleSummary(t *testing.T, sum output.Summary) {
	t.Helper()
	got := map[string]string{}
	for _, p := range sum.Problems {
		got[p.Cell] = p.Code
		if p.File != "roster.xlsx" || p.Sheet != "花名册" || p.Row == 0 || p.Message == "" {
			t.Errorf("problem without its place: %+v", p)
		}
	}
	planted := map[string]string{"E9": "id_checksum", "E12": "id_numeric", "K16": "phone_invalid", "R18": "date_invalid",
		"S20": "date_future", "R22": "date_two_digit_year", "D27": "id_gender_mismatch", "C30": "text_rare_char", "C65": "missing_name"}
	for cell, code := range planted {
		if got[cell] != code {
			t.Errorf("planted %s at %s: got %q", code, cell, got[cell])
		}
	}
	if len(got) != len(planted) {
		t.Errorf("problems %v, want exactly the planted ones", got)
	}
	visits := map[string]int{}
	for _, c := range sum.Children {
		visits[c.Visit]++
		if c.Class == "" || c.School != "青石镇中心小学" || (c.Visit != "ok" && len(c.Reasons) == 0) {
			t.Errorf("child row %d: %+v", c.Row, c)
		}
	}
	if visits["urgent"] < 2 || visits["overdue"] == 0 || visits["due_soon"] == 0 || visits["ok"] == 0 {
		t.Errorf("the sample should show every visit status: %v", visits)
	}
}

// TestRunIsDeterministic: the same input and --as-of give byte-identical files.
func TestRunIsDeterministic(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	runCmd(t, "run", "-q", "--out", a, "--as-of", "2026-11-28", "samples/roster.xlsx")
	runCmd(t, "run", "-q", "--out", b, "--as-of", "2026-11-28", "samples/roster.xlsx")
	ta, tb := tree(t, a), tree(t, b)
	if len(ta) == 0 || len(ta) != len(tb) {
		t.Fatalf("%d and %d files", len(ta), len(tb))
	}
	for p, h := range ta {
		if tb[p] != h {
			t.Errorf("%s differs between two runs", p)
		}
	}
}

func writeRoster(t *testing.T, path string, rows [][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &row)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// TestCleanRosterExitsZero: a roster without errors gives exit 0, even with warnings.
func TestCleanRosterExitsZero(t *testing.T) {
	dir := t.TempDir()
	writeRoster(t, filepath.Join(dir, "r.xlsx"), [][]any{
		{"学校", "班级", "学生姓名", "父亲电话", "最近家访日期", "最近通话日期"},
		{"红星小学", "三年级2班", "王芳", "13812345678", "2026-11-20", "2026-11-01"},
	})
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", filepath.Join(dir, "r.xlsx"))
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "红星小学", "三年级(2)班", output.ChecklistFile)); err != nil {
		t.Error(err)
	}
	if !strings.Contains(stdout, "留守儿童 1 名") || !strings.Contains(stdout, "将到期 1 名") {
		t.Errorf("stdout: %s", stdout)
	}
}

// TestCheckWritesNothing: check lists the problems by file with totals and writes no file.
func TestCheckWritesNothing(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	sample, _ := filepath.Abs(filepath.Join(wd, "samples", "roster.xlsx"))
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	code, stdout, _ := runCmd(t, "check", "--as-of", "2026-11-28", sample)
	if code != exitDataErrors {
		t.Errorf("exit %d, want %d", code, exitDataErrors)
	}
	for _, want := range []string{"roster.xlsx：留守儿童 60 名，错误 7 处，警告 2 处", "错误  花名册!E9：身份证号校验位不正确（应为 5）", "合计：1 个文件"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("check wrote files: %v", entries)
	}
}

func TestUsageAndFailures(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no command", nil, exitUsage, "用法"},
		{"unknown command", []string{"frobnicate"}, exitUsage, "不认识的命令"},
		{"no path", []string{"run"}, exitUsage, "请指定花名册"},
		{"bad as-of", []string{"run", "--as-of", "2026/13/45", "samples"}, exitUsage, "--as-of 的日期"},
		{"unknown flag", []string{"run", "--nope", "samples"}, exitUsage, "不认识的选项 --nope"},
		{"missing path", []string{"check", "no/such/folder"}, exitFailed, "找不到“no/such/folder”"},
		{"help", []string{"help"}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != tt.code || !strings.Contains(stdout+stderr, tt.msg) {
				t.Errorf("exit %d, output %q; want %d and %q", code, stdout+stderr, tt.code, tt.msg)
			}
		})
	}
}

// TestOutputFolderUnwritable: the output path is a file; the run says so and fails.
func TestOutputFolderUnwritable(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "out")
	os.WriteFile(blocker, []byte("not a folder"), 0o644)
	code, _, stderr := runCmd(t, "run", "--out", blocker, "--as-of", "2026-11-28", "samples/")
	if code != exitFailed || !strings.Contains(stderr, "无法创建输出文件夹") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if b, _ := os.ReadFile(blocker); string(b) != "not a folder" {
		t.Error("the file in the way was changed")
	}
}

// TestDefaultAsOfIsToday: without --as-of the date is the clock's.
func TestDefaultAsOfIsToday(t *testing.T) {
	got, err := parseAsOf("", today)
	if err != nil || got.Format("2006-01-02") != "2026-11-28" {
		t.Errorf("parseAsOf = %v, %v", got, err)
	}
}

// TestTemplateRoundTrip: a roster filled in on the template ingests with zero problems,
// and the template never overwrites a file.
func TestTemplateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "模板.xlsx")
	if code, _, stderr := runCmd(t, "template", path); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "template", path); code != exitFailed || !strings.Contains(stderr, "已经存在") {
		t.Errorf("second template over the first: exit %d, %q", code, stderr)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	header, _ := f.GetRows("花名册")
	if len(header) < 2 || strings.Join(header[1], ",") != strings.Join(output.TemplateHeaders(), ",") {
		t.Fatalf("header row %q", header)
	}
	if dvs, _ := f.GetDataValidations("花名册"); len(dvs) < 6 {
		t.Errorf("%d data validations, want drop-downs and date checks", len(dvs))
	}
	// Fill two children as a teacher would: IDs and phones typed into text cells, dates
	// typed as dates, a sign chosen from the list; the pre-formatted rows stay empty.
	rows := [][]any{
		{1, "青石镇中心小学", "三年级(2)班", "王芳", "女", "522401201908122589", "李桂英", "祖母", "13698765432",
			"王建军", "广东省东莞市长安镇兴发路 12 号", "523850", "13812345678", "张丽", "浙江省义乌市", "", "13912345678", "陈晓燕",
			time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), "情绪不好", time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), ""},
		{2, "青石镇中心小学", "三年级(2)班", "赵磊", "男", "52240120190523127X", "赵德", "祖父", "0857-7712345",
			"赵强", "上海市松江区", "", "13812345679", "", "", "", "", "陈晓燕", "2026-11-25", "", "", "", "寄宿"},
	}
	for i, r := range rows {
		if err := f.SetSheetRow("花名册", fmt.Sprintf("A%d", i+3), &r); err != nil {
			t.Fatal(err)
		}
	}
	filled := filepath.Join(dir, "filled.xlsx")
	defer f.Close()
	// A visit logged on the template's 家访记录 sheet counts.
	f.SetSheetRow("家访记录", "A2", &[]any{time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), "三年级(2)班", "赵磊", "陈晓燕", "入户", "学习进步"})
	if err := f.SaveAs(filled); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := runCmd(t, "check", "--as-of", "2026-11-28", filled)
	if code != exitOK || !strings.Contains(stdout, "留守儿童 2 名，没有发现问题") || !strings.Contains(stdout, "工作表“家访记录”按家访记录读取") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	for _, sh := range []string{"家访记录", "通话记录", "填写说明"} {
		if idx, _ := f.GetSheetIndex(sh); idx < 0 {
			t.Errorf("the template has no %s sheet", sh)
		}
	}
}

// TestRerunNothingChanged: a second run with the same rosters and date does nothing and
// says so, with the same exit code; a changed roster, a missing output or another date
// makes it run in full again.
func TestRerunNothingChanged(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	sample, _ := os.ReadFile("samples/roster.xlsx")
	os.WriteFile(filepath.Join(in, "roster.xlsx"), sample, 0o644)
	out := filepath.Join(dir, "out")
	args := []string{"run", "--out", out, "--as-of", "2026-11-28", in}
	if code, _, _ := runCmd(t, args...); code != exitDataErrors {
		t.Fatalf("first run: exit %d", code)
	}
	first := tree(t, out)
	code, stdout, _ := runCmd(t, args...)
	if code != exitDataErrors || !strings.Contains(stdout, "没有变化") {
		t.Errorf("unchanged rerun: exit %d, %q", code, stdout)
	}
	again := tree(t, out)
	for p, h := range first {
		if again[p] != h {
			t.Errorf("%s was rewritten by a run with nothing to do", p)
		}
	}
	rerunsInFull := func(why string, args ...string) {
		t.Helper()
		if _, stdout, _ := runCmd(t, args...); strings.Contains(stdout, "没有变化") {
			t.Errorf("%s: the run was skipped", why)
		}
	}
	os.Remove(filepath.Join(out, "青石镇中心小学", "三年级(1)班", output.ChecklistFile))
	rerunsInFull("an output was deleted", args...)
	rerunsInFull("another date", "run", "--out", out, "--as-of", "2026-11-29", in)
	writeRoster(t, filepath.Join(in, "roster.xlsx"), [][]any{{"班级", "学生姓名"}, {"三年级(2)班", "王芳"}})
	// (60 children down to 1: confirmed, or the run would keep the outputs as they were)
	rerunsInFull("a changed roster", append([]string{"run", "--accept-fewer"}, args[1:]...)...)
	if code, stdout, _ := runCmd(t, args...); code != exitOK || !strings.Contains(stdout, "没有变化") {
		t.Errorf("rerun after the change: exit %d, %q", code, stdout)
	}
}

// TestPolicyFile: a liushou.toml beside the rosters changes the statuses exactly as
// configured; a bad setting stops the run before any file is written.
func TestPolicyFile(t *testing.T) {
	roster := [][]any{
		{"班级", "学生姓名", "父亲电话", "最近家访日期", "最近通话日期", "近期情况", "情况登记日期"},
		{"三年级(2)班", "甲", "13812345678", "2026-11-18", "2026-11-18", "", ""},                 // 10 days
		{"三年级(2)班", "乙", "13812345678", "2026-11-16", "2026-11-16", "", ""},                 // 12 days
		{"三年级(2)班", "丙", "13812345678", "2026-11-13", "2026-11-13", "", ""},                 // 15 days
		{"三年级(2)班", "丁", "13812345678", "2026-11-18", "2026-11-27", "总是念叨外婆", "2026-11-20"}, // a school's own sign
		{"三年级(2)班", "戊", "13812345678", "2026-11-18", "2026-11-27", "迟到", "2026-11-20"},     // 迟到 no longer a sign word
	}
	tests := []struct {
		name   string
		policy string
		visits map[string]string
		calls  map[string]string
	}{
		{"defaults", "",
			map[string]string{"甲": "ok", "乙": "ok", "丙": "ok", "丁": "ok", "戊": "urgent"},
			map[string]string{"甲": "ok", "乙": "ok", "丙": "ok"}},
		{"fortnightly visits, weekly calls", "[rules]\nvisit_every_days = 14\ncall_every_days = 7\ndue_soon_days = 3\n",
			map[string]string{"甲": "ok", "乙": "due_soon", "丙": "overdue", "戊": "urgent"},
			map[string]string{"甲": "overdue", "乙": "overdue", "丙": "overdue", "丁": "ok"}},
		{"the school's own sign words", "[signs]\n\"想家\" = [\"念叨外婆\", \"想家\"]\n\"迟到早退\" = [\"早退\"]\n",
			map[string]string{"丁": "urgent", "戊": "ok"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeRoster(t, filepath.Join(dir, "r.xlsx"), roster)
			if tt.policy != "" {
				os.WriteFile(filepath.Join(dir, "liushou.toml"), []byte(tt.policy), 0o644)
			}
			out := filepath.Join(t.TempDir(), "out")
			if code, stdout, stderr := runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-28", dir); code != exitOK {
				t.Fatalf("exit %d %s %s", code, stdout, stderr)
			}
			raw, _ := os.ReadFile(filepath.Join(out, "summary.json"))
			var sum output.Summary
			json.Unmarshal(raw, &sum)
			for _, c := range sum.Children {
				if w, ok := tt.visits[c.Name]; ok && c.Visit != w {
					t.Errorf("%s visit %s, want %s (%q)", c.Name, c.Visit, w, c.Reasons)
				}
				if w, ok := tt.calls[c.Name]; ok && c.Call != w {
					t.Errorf("%s call %s, want %s", c.Name, c.Call, w)
				}
			}
		})
	}
	t.Run("bad setting", func(t *testing.T) {
		dir := t.TempDir()
		writeRoster(t, filepath.Join(dir, "r.xlsx"), roster)
		os.WriteFile(filepath.Join(dir, "liushou.toml"), []byte("[rules]\n# 每两周\nvisit_every_days = 0\n"), 0o644)
		out := filepath.Join(t.TempDir(), "out")
		code, _, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", dir)
		if code != exitFailed || !strings.Contains(stderr, "liushou.toml 第 3 行 rules.visit_every_days：应为 1 到 366 之间的整数（现在是 0）") {
			t.Errorf("exit %d, %q", code, stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Error("files were written despite the bad setting")
		}
	})
	t.Run("init writes the default once", func(t *testing.T) {
		dir := t.TempDir()
		if code, _, stderr := runCmd(t, "init", dir); code != exitOK {
			t.Fatalf("exit %d %s", code, stderr)
		}
		if code, _, _ := runCmd(t, "init", dir); code != exitFailed {
			t.Errorf("second init: exit %d, want %d", code, exitFailed)
		}
		writeRoster(t, filepath.Join(dir, "r.xlsx"), roster)
		if code, stdout, _ := runCmd(t, "check", "--as-of", "2026-11-28", dir); code != exitOK {
			t.Errorf("check with the default liushou.toml: exit %d\n%s", code, stdout)
		}
	})
}

// TestLetterTemplates: an edited letter template changes the letters; a template with an
// unknown field is refused, with its line, before any file is written.
func TestLetterTemplates(t *testing.T) {
	needPdftotext(t)
	dir := t.TempDir()
	if code, _, stderr := runCmd(t, "init", dir); code != exitOK {
		t.Fatalf("init: %d %s", code, stderr)
	}
	writeRoster(t, filepath.Join(dir, "r.xlsx"), [][]any{
		{"班级", "学生姓名", "父亲姓名", "父亲电话", "最近家访日期", "最近通话日期"},
		{"三年级(2)班", "王芳", "王建军", "13812345678", "2026-11-20", "2026-11-21"},
	})
	tpl := filepath.Join(dir, "开学家长信.txt")
	text, _ := os.ReadFile(tpl)
	edited := strings.Replace(string(text), "## 三、联系方式", "本学期学校新建了留守儿童之家，{{.学生姓名}}每周三下午可以在那里和您视频通话。\n## 三、联系方式", 1)
	os.WriteFile(tpl, []byte(edited), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	if code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", dir); code != exitOK {
		t.Fatalf("exit %d %s %s", code, stdout, stderr)
	}
	// liushou init leaves the school's details empty: the letters are drafts.
	letters, _ := exec.Command("pdftotext", filepath.Join(out, output.DraftsDir, "未填学校", "三年级(2)班", output.LettersFile), "-").Output()
	if !strings.Contains(squeeze(string(letters)), "本学期学校新建了留守儿童之家，王芳每周三下午可以在那里和您视频通话。") {
		t.Errorf("the edited sentence is not in the letter:\n%s", letters)
	}

	broken := strings.Replace(edited, "{{.学生姓名}}每周三", "{{.孩子名字}}每周三", 1)
	os.WriteFile(tpl, []byte(broken), 0o644)
	out2 := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCmd(t, "run", "--out", out2, "--as-of", "2026-11-28", dir)
	line := strings.Count(broken[:strings.Index(broken, "{{.孩子名字}}")], "\n") + 1
	want := "开学家长信.txt 第 " + strconv.Itoa(line) + " 行：没有“{{.孩子名字}}”这个字段"
	if code != exitFailed || !strings.Contains(stderr, want) || !strings.Contains(stderr, "没有生成任何文件") {
		t.Errorf("exit %d, %q; want %q", code, stderr, want)
	}
	if _, err := os.Stat(out2); !os.IsNotExist(err) {
		t.Error("files were written despite the broken template")
	}
}

func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// TestOneRunAtATime: while a run holds the output folder, a second one says so, exits
// with its own code and writes nothing; once the first is done, the next run works.
func TestOneRunAtATime(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	held, err := outdir.Acquire(out, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", "samples/")
	if code != exitBusy || !strings.Contains(stderr, "另一个 liushou 正在处理这个输出文件夹") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "summary.json")); !os.IsNotExist(err) {
		t.Error("the second run wrote files")
	}
	held.Release()
	if code, _, stderr := runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-28", "samples/"); code != exitDataErrors {
		t.Errorf("after release: exit %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, outdir.LockFile)); !os.IsNotExist(err) {
		t.Error("the lock was left behind")
	}
}

// TestStaleClassFolders: a class that leaves the roster takes its documents with it on the
// next run; nothing is left in the staging area.
func TestStaleClassFolders(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "r.xlsx")
	out := filepath.Join(dir, "out")
	writeRoster(t, roster, [][]any{{"班级", "学生姓名", "父亲电话"}, {"三年级(1)班", "王芳", "13812345678"}, {"三年级(2)班", "李明", "13812345679"}})
	runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-28", roster)
	gone := filepath.Join(out, "未填学校", "三年级(2)班")
	if _, err := os.Stat(filepath.Join(gone, output.ChecklistFile)); err != nil {
		t.Fatal(err)
	}
	writeRoster(t, roster, [][]any{{"班级", "学生姓名", "父亲电话"}, {"三年级(1)班", "王芳", "13812345678"}})
	if code, _, stderr := runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-28", roster); code != exitOK {
		t.Fatalf("exit %d %s", code, stderr)
	}
	if _, err := os.Stat(gone); !os.IsNotExist(err) {
		t.Errorf("the folder of a class no longer on the roster is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "未填学校", "三年级(1)班", output.ChecklistFile)); err != nil {
		t.Error(err)
	}
	if left, _ := filepath.Glob(filepath.Join(out, outdir.StagingPrefix+"*")); len(left) != 0 {
		t.Errorf("staging left behind: %v", left)
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

// TestDeferredRoster: a roster open in Excel is read; one still being copied is left for
// the next run, which is not skipped as "nothing changed" once the copy is complete.
func TestDeferredRoster(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	writeRoster(t, filepath.Join(in, "a.xlsx"), [][]any{{"班级", "学生姓名"}, {"三年级(1)班", "王芳"}})
	os.WriteFile(filepath.Join(in, "~$a.xlsx"), []byte("owner"), 0o644)
	writeRoster(t, filepath.Join(in, "b.xlsx"), [][]any{{"班级", "学生姓名"}, {"三年级(2)班", "李明"}})
	whole, _ := os.ReadFile(filepath.Join(in, "b.xlsx"))
	os.WriteFile(filepath.Join(in, "b.xlsx"), whole[:len(whole)/2], 0o644) // a copy half done
	out := filepath.Join(dir, "out")
	code, stdout, _ := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", in)
	if code != exitOK || !strings.Contains(stdout, "暂缓 b.xlsx：文件刚刚被修改") || !strings.Contains(stdout, "留守儿童 1 名") {
		t.Errorf("exit %d\n%s", code, stdout)
	}
	os.WriteFile(filepath.Join(in, "b.xlsx"), whole, 0o644)
	code, stdout, _ = runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", in)
	if code != exitOK || !strings.Contains(stdout, "留守儿童 2 名") {
		t.Errorf("after the copy: exit %d\n%s", code, stdout)
	}
}

// TestRunLog: every run appends to out/liushou.log its counts, files and exit code, and no
// child's name, ID number or phone.
func TestRunLog(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-28", "samples/")
	runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-28", "samples/")
	b, err := os.ReadFile(filepath.Join(out, outdir.LogFile))
	if err != nil {
		t.Fatal(err)
	}
	log := string(b)
	for _, want := range []string{"开始运行", "统计日期 2026-11-28：读取花名册 1 个；留守儿童 60 名", "本次新生成家长信 60 封，批次 2026-11-28", "退出码 3", "没有变化"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	if strings.Count(log, "开始运行") != 2 {
		t.Errorf("want two runs in the log:\n%s", log)
	}
	raw, _ := os.ReadFile(filepath.Join(out, "summary.json"))
	var sum output.Summary
	json.Unmarshal(raw, &sum)
	for _, c := range sum.Children {
		if strings.Contains(log, c.Name) {
			t.Fatalf("the log holds a child's name")
		}
	}
	if strings.Contains(log, "522426") || strings.Contains(log, "138") && strings.Contains(log, "****") {
		t.Error("the log holds an ID number or a phone")
	}
}

// TestKilledAtEachStage kills the real process (SIGKILL) at each stage of a run: reading,
// evaluating, each kind of document, moving files into place, the commit. No file at a
// final path is ever partial (each equals the clean run's), and a rerun gives exactly the
// clean run's files.
func TestKilledAtEachStage(t *testing.T) {
	cleanOut := filepath.Join(t.TempDir(), "clean")
	if code, _, stderr := runCmd(t, "run", "-q", "--out", cleanOut, "--as-of", "2026-11-28", "samples/"); code != exitDataErrors {
		t.Fatalf("clean run: exit %d %s", code, stderr)
	}
	clean := tree(t, cleanOut)
	stages := []string{"ingest", "rules", "checklist", "letters", "envelopes", "mailing", "overview", "problems", "summary", "batch", "publish", "commit"}
	for _, stage := range stages {
		t.Run(stage, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			cmd := exec.Command(os.Args[0], "run", "-q", "--out", out, "--as-of", "2026-11-28", "samples/")
			cmd.Env = append(os.Environ(), "LIUSHOU_TEST_MAIN=1", "LIUSHOU_TEST_KILL_AT="+stage)
			err := cmd.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != -1 {
				t.Fatalf("the run was not killed at %s: %v", stage, err)
			}
			for p, h := range tree(t, out) {
				if strings.HasPrefix(p, ".liushou/") {
					continue
				}
				if clean[p] != h {
					t.Errorf("killed at %s: %s is at its final path but is not the complete file", stage, p)
				}
			}
			if code, _, stderr := runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-28", "samples/"); code != exitDataErrors {
				t.Fatalf("rerun: exit %d %s", code, stderr)
			}
			again := tree(t, out)
			adopted := stage == "batch" || stage == "publish" || stage == "commit"
			for p, h := range clean {
				if adopted && (p == output.SummaryFile || p == outdir.StateFile) {
					// The batch in place was adopted: the rerun issues no new letter and
					// says so; the state records the batch without its files.
					continue
				}
				if again[p] != h {
					t.Errorf("after the rerun %s differs from the clean run", p)
				}
			}
			for p := range again {
				if _, ok := clean[p]; !ok {
					t.Errorf("after the rerun %s is extra", p)
				}
			}
		})
		// Killed, then run on the next day's date: exactly one batch of letters.
		t.Run(stage+"-next-day", func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			cmd := exec.Command(os.Args[0], "run", "-q", "--out", out, "--as-of", "2026-11-28", "samples/")
			cmd.Env = append(os.Environ(), "LIUSHOU_TEST_MAIN=1", "LIUSHOU_TEST_KILL_AT="+stage)
			cmd.Run()
			if code, _, stderr := runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-29", "samples/"); code != exitDataErrors {
				t.Fatalf("next day: exit %d %s", code, stderr)
			}
			batches, _ := os.ReadDir(filepath.Join(out, outdir.LettersDir))
			if len(batches) != 1 {
				var names []string
				for _, b := range batches {
					names = append(names, b.Name())
				}
				t.Errorf("killed at %s, then the next day: batches %v, want exactly one", stage, names)
			}
			st, _ := outdir.LoadState(out)
			if len(st.Letters) != 60 {
				t.Errorf("ledger holds %d letters, want 60", len(st.Letters))
			}
			if _, err := os.Stat(filepath.Join(out, outdir.PendingFile)); err == nil {
				t.Error("the pending record was left")
			}
		})
	}
}

// TestDiskFullAtEachStage: writing fails (as on a full disk) while each kind of document
// is being made: the run says so, exits 1, and the previous run's files are untouched.
func TestDiskFullAtEachStage(t *testing.T) {
	for _, stage := range []string{"checklist", "letters", "envelopes", "mailing", "overview", "problems", "summary"} {
		t.Run(stage, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			if code, _, stderr := runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-27", "samples/"); code != exitDataErrors {
				t.Fatalf("first run: exit %d %s", code, stderr)
			}
			before := tree(t, out)
			t.Setenv("LIUSHOU_TEST_FULL_AT", stage)
			// A reissue, so that the letters, envelopes and mailing lists are made too.
			code, _, stderr := runCmd(t, "letters", "--reissue", "-q", "--out", out, "--as-of", "2026-11-28", "samples/")
			if code != exitFailed || !strings.Contains(stderr, "no space left on device") || !strings.Contains(stderr, "上次生成的文件没有改动") {
				t.Errorf("exit %d, %q", code, stderr)
			}
			after := tree(t, out)
			if len(after) != len(before) {
				t.Errorf("%d files before, %d after", len(before), len(after))
			}
			for p, h := range before {
				if after[p] != h {
					t.Errorf("%s changed although the run failed", p)
				}
			}
		})
	}
}

// TestCheckPrintsColumnMap: check says what each column was read as; [columns] in
// liushou.toml corrects a wrong guess, and check shows the correction.
func TestCheckPrintsColumnMap(t *testing.T) {
	dir := t.TempDir()
	writeRoster(t, filepath.Join(dir, "r.xlsx"), [][]any{
		{"班级", "学生姓名", "联系人", "联系人电话", "父亲电话", "巡查日期"},
		{"三年级2班", "王芳", "王奶奶", "13812345678", "13912345678", "2026-11-20"},
	})
	code, stdout, stderr := runCmd(t, "check", "--as-of", "2026-11-28", dir)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"工作表“Sheet1”按花名册读取，表头在第 1 行", "B   学生姓名 → 学生姓名", "E   父亲电话 → 父亲电话", "未读取：C 联系人，D 联系人电话，F 巡查日期"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check lacks %q:\n%s", want, stdout)
		}
	}
	// Before the setting the visit is not read: overdue. After it: ok.
	out := filepath.Join(dir, "out")
	runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", dir)
	if s := readSummary(t, out); s.Children[0].Visit != "overdue" {
		t.Fatalf("visit %s before [columns]", s.Children[0].Visit)
	}
	os.WriteFile(filepath.Join(dir, "liushou.toml"), []byte("[columns]\n\"联系人\" = \"监护人姓名\"\n\"联系人电话\" = \"监护人电话\"\n\"巡查日期\" = \"最近家访日期\"\n"), 0o644)
	code, stdout, _ = runCmd(t, "check", "--as-of", "2026-11-28", dir)
	if code != exitOK || !strings.Contains(stdout, "F   巡查日期 → 最近家访日期（按 liushou.toml 的 [columns] 设置）") {
		t.Errorf("exit %d; check after [columns]:\n%s", code, stdout)
	}
	runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", dir)
	if s := readSummary(t, out); s.Children[0].Visit != "ok" {
		t.Errorf("visit %s after [columns]", s.Children[0].Visit)
	}
	// A wrong role is named by its line, and nothing is read.
	os.WriteFile(filepath.Join(dir, "liushou.toml"), []byte("[columns]\n\n\"巡查日期\" = \"家访\"\n"), 0o644)
	code, _, stderr = runCmd(t, "check", "--as-of", "2026-11-28", dir)
	if code != exitFailed || !strings.Contains(stderr, "第 3 行 columns.巡查日期：“家访”不是可用的列名") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

func readSummary(t *testing.T, out string) output.Summary {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, output.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var s output.Summary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// lockRacer is one of the processes of TestStaleLockRace: it takes the lock, holds it a
// moment and says whether it got it.
func lockRacer(dir string) {
	l, err := outdir.Acquire(dir, time.Now())
	if err != nil {
		fmt.Println("busy")
		os.Exit(0)
	}
	start := time.Now().UnixNano()
	time.Sleep(500 * time.Millisecond)
	fmt.Printf("got %d %d\n", start, time.Now().UnixNano())
	l.Release()
	os.Exit(0)
}

// TestStaleLockRace: four real processes find the same stale lock at once; in each of 30
// trials exactly one of them proceeds.
func TestStaleLockRace(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for trial := 0; trial < 30; trial++ {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, ".liushou"), 0o750)
		stale := fmt.Sprintf(`{"host":"elsewhere","pid":1,"start":"%s"}`, time.Now().Add(-7*time.Hour).Format(time.RFC3339))
		os.WriteFile(filepath.Join(dir, outdir.LockFile), []byte(stale), 0o640)
		var cmds []*exec.Cmd
		var outs []*bytes.Buffer
		for i := 0; i < 4; i++ {
			c := exec.Command(exe, "-test.run=^$")
			c.Env = append(os.Environ(), "LIUSHOU_TEST_LOCK="+dir)
			var b bytes.Buffer
			c.Stdout = &b
			cmds, outs = append(cmds, c), append(outs, &b)
		}
		for _, c := range cmds {
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
		}
		// Each run that went ahead says when it held the lock; no two may overlap (a run
		// that starts after another has finished, on a loaded machine, may go ahead too).
		var held [][2]int64
		for i, c := range cmds {
			if err := c.Wait(); err != nil {
				t.Fatal(err)
			}
			var a, b int64
			if n, _ := fmt.Sscanf(outs[i].String(), "got %d %d", &a, &b); n == 2 {
				held = append(held, [2]int64{a, b})
			}
		}
		if len(held) == 0 {
			t.Fatalf("trial %d: no run took over the stale lock", trial)
		}
		sort.Slice(held, func(i, j int) bool { return held[i][0] < held[j][0] })
		for i := 1; i < len(held); i++ {
			if held[i][0] < held[i-1][1] {
				t.Fatalf("trial %d: two runs held the lock at once: %v", trial, held)
			}
		}
	}
}

// hostileBook writes a roster of n children whose sheet also holds what extra adds.
func hostileBook(t *testing.T, path string, n int, extra func(f *excelize.File)) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"班级", "学生姓名", "父亲电话", "最近家访日期", "备注"})
	for i := 0; i < n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, []any{fmt.Sprintf("三年级%d班", i%9+1), fmt.Sprintf("学生%05d", i), "13812345678", "2026-11-20", ""})
	}
	sw.Flush()
	if extra != nil {
		extra(f)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// rewriteSheet rewrites the first worksheet's XML of an .xlsx with edit.
func rewriteSheet(t *testing.T, path string, edit func(string) string) {
	t.Helper()
	rewriteZip(t, path, func(name string, b []byte) []byte {
		if name == "xl/worksheets/sheet1.xml" {
			return []byte(edit(string(b)))
		}
		return b
	}, nil)
}

// rewriteZip rewrites every part of a zip file through edit, and adds the parts of add.
func rewriteZip(t *testing.T, path string, edit func(name string, b []byte) []byte, add map[string][]byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	write := func(name string, b []byte) {
		w, _ := zw.Create(name)
		w.Write(b)
	}
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		write(zf.Name, edit(zf.Name, b))
	}
	for _, name := range slices.Sorted(maps.Keys(add)) {
		write(name, add[name])
	}
	zr.Close()
	zw.Close()
	os.WriteFile(path, buf.Bytes(), 0o644)
}

// TestHostileFilesBounded: files that declare far more than they hold, a sheet that
// breaks half-way, a sheet too long for a silent limit. Each is checked by the real
// process beside a good roster: the good one is read, the bad one gets its own message,
// and peak memory stays under 300 MB.
func TestHostileFilesBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("builds large files")
	}
	exe, _ := os.Executable()
	tests := []struct {
		name  string
		make  func(t *testing.T, path string)
		wants []string
	}{
		{"sparse-xfd.xlsx", func(t *testing.T, path string) {
			hostileBook(t, path, 3, nil)
			rewriteSheet(t, path, func(x string) string {
				var b strings.Builder
				for r := 10; r < 1510; r++ {
					fmt.Fprintf(&b, `<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>`, r, r)
				}
				return strings.Replace(x, "</sheetData>", b.String()+"</sheetData>", 1)
			})
		}, []string{"sparse-xfd.xlsx：留守儿童 3 名", "超出了 liushou 读取的前 200 列"}},
		{"huge-string.xlsx", func(t *testing.T, path string) {
			// One shared string of 1,000,000 characters, used by the 备注 of 50 children.
			f := excelize.NewFile()
			f.SetSheetRow("Sheet1", "A1", &[]any{"班级", "学生姓名", "父亲电话", "备注"})
			big := strings.Repeat("很长的备注", 200_000)
			for r := 2; r < 52; r++ {
				f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", r), &[]any{"三年级1班", fmt.Sprintf("学生%02d", r), "13812345678", big})
			}
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			if st, _ := os.Stat(path); st.Size() > 200_000 {
				t.Fatalf("%d bytes: the string is not shared", st.Size())
			}
		}, []string{"huge-string.xlsx：留守儿童 50 名"}},
		{"broken-row-10.xlsx", func(t *testing.T, path string) {
			hostileBook(t, path, 30, nil)
			rewriteSheet(t, path, func(x string) string { return strings.Replace(x, `<row r="10"`, "<row r=\"10\"\x01", 1) })
		}, []string{"broken-row-10.xlsx：无法读取", "第 9 行之后无法读取"}},
		{"thirty-thousand.xlsx", func(t *testing.T, path string) { hostileBook(t, path, 30_000, nil) },
			[]string{"thirty-thousand.xlsx：留守儿童 30000 名"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.make(t, filepath.Join(dir, tt.name))
			writeRoster(t, filepath.Join(dir, "good.xlsx"), [][]any{{"班级", "学生姓名", "父亲电话"}, {"四年级1班", "王芳", "13812345678"}})
			cmd := exec.Command(exe, "check", "--as-of", "2026-11-28", dir)
			peakFile := filepath.Join(t.TempDir(), "status")
			cmd.Env = append(os.Environ(), "LIUSHOU_TEST_MAIN=1", "LIUSHOU_TEST_PEAK="+peakFile)
			var stdout bytes.Buffer
			cmd.Stdout = &stdout
			cmd.Run()
			out := stdout.String()
			for _, want := range append(tt.wants, "good.xlsx：留守儿童 1 名") {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%.3000s", want, out)
				}
			}
			if len(out) > 2<<20 {
				t.Errorf("check printed %d bytes", len(out))
			}
			peak := peakRSS(t, peakFile)
			t.Logf("%s: peak RSS %d MB", tt.name, peak)
			if peak > 300 {
				t.Errorf("peak RSS %d MB, want under 300", peak)
			}

			// The whole night beside the sample roster: the hostile file affects only
			// itself, the marked-up copies included (a wide sheet's copy once took 4.95 GB).
			for _, f := range []string{"roster.xlsx", "liushou.toml"} {
				b, _ := os.ReadFile(filepath.Join("samples", f))
				os.WriteFile(filepath.Join(dir, f), b, 0o644)
			}
			outDir := filepath.Join(t.TempDir(), "out")
			night := exec.Command(exe, "run", "--quiet", "--out", outDir, "--as-of", "2026-11-28", dir)
			night.Env = append(os.Environ(), "LIUSHOU_TEST_MAIN=1", "LIUSHOU_TEST_PEAK="+peakFile)
			var stderr bytes.Buffer
			night.Stderr = &stderr
			err := night.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitDataErrors {
				t.Fatalf("run: %v\n%.3000s", err, stderr.String())
			}
			for _, class := range sampleClasses {
				for _, f := range []string{"青石镇中心小学/" + class + "/" + output.ChecklistFile, "信件/2026-11-28/青石镇中心小学/" + class + "/" + output.LettersFile} {
					if _, err := os.Stat(filepath.Join(outDir, f)); err != nil {
						t.Errorf("the sample's %s is missing: %v", f, err)
					}
				}
			}
			peak = peakRSS(t, peakFile)
			t.Logf("%s, run beside the sample: peak RSS %d MB", tt.name, peak)
			if peak > 300 {
				t.Errorf("run: peak RSS %d MB, want under 300", peak)
			}
		})
	}
}

// peakRSS reads VmHWM (kB) from a copy of /proc/self/status, in MB.
func peakRSS(t *testing.T, statusFile string) int {
	t.Helper()
	b, err := os.ReadFile(statusFile)
	if err != nil {
		t.Fatalf("no status from the process: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.Atoi(f[1])
			return kb / 1024
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}

// TestNothingLostOvernight: what a shared drive does to an inbox never empties the outputs.
func TestNothingLostOvernight(t *testing.T) {
	dir := t.TempDir()
	inbox, out := filepath.Join(dir, "花名册"), filepath.Join(dir, "out")
	os.MkdirAll(inbox, 0o755)
	var rows [][]any
	rows = append(rows, []any{"学校", "班级", "学生姓名", "父亲电话", "最近家访日期"})
	for i := 0; i < 12; i++ {
		rows = append(rows, []any{"红星小学", "三年级2班", fmt.Sprintf("学生%02d", i), "13812345678", "2026-11-20"})
	}
	writeRoster(t, filepath.Join(inbox, "三年级.xlsx"), rows)
	writeRoster(t, filepath.Join(inbox, "四年级.xlsx"), [][]any{{"学校", "班级", "学生姓名"}, {"红星小学", "四年级1班", "王芳"}})
	checklist := filepath.Join(out, "红星小学", "三年级(2)班", output.ChecklistFile)
	if code, so, se := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", inbox); code != exitOK {
		t.Fatalf("first night: exit %d\n%s%s", code, so, se)
	}

	// A roster open in Excel (its owner file beside it, left by a crash) is read.
	os.WriteFile(filepath.Join(inbox, "~$三年级.xlsx"), []byte("owner"), 0o644)
	code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-29", inbox)
	if code != exitOK || readSummary(t, out).Totals.Children != 13 {
		t.Fatalf("open roster: exit %d\n%s%s", code, stdout, stderr)
	}
	if s := readSummary(t, out); !strings.Contains(s.Inputs[0].Reason, "最后保存的版本") {
		t.Errorf("open roster not said: %+v", s.Inputs[0])
	}

	// A roster broken by a bad copy keeps its last good reading: its classes keep their
	// checklists, the summary and the run say so.
	os.WriteFile(filepath.Join(inbox, "三年级.xlsx"), []byte("PK\x03\x04broken"), 0o644)
	hourAgo := time.Now().Add(-time.Hour) // not a copy in progress: broken
	os.Chtimes(filepath.Join(inbox, "三年级.xlsx"), hourAgo, hourAgo)
	code, stdout, stderr = runCmd(t, "run", "--out", out, "--as-of", "2026-11-30", inbox)
	s := readSummary(t, out)
	if code != exitDataErrors || s.Totals.Children != 13 || !strings.Contains(stdout, "沿用上次成功读取时的内容") {
		t.Errorf("broken roster: exit %d, %d children\n%s%s", code, s.Totals.Children, stdout, stderr)
	}
	if _, err := os.Stat(checklist); err != nil {
		t.Errorf("the broken roster's checklist was removed: %v", err)
	}
	writeRoster(t, filepath.Join(inbox, "三年级.xlsx"), rows)

	// An empty inbox (an unmounted share) publishes nothing: exit 1, outputs as they were.
	before := tree(t, out)
	empty := filepath.Join(dir, "空")
	os.MkdirAll(empty, 0o755)
	code, _, stderr = runCmd(t, "run", "--out", out, "--as-of", "2026-12-01", empty)
	if code != exitFailed || !strings.Contains(stderr, "没有找到任何花名册") {
		t.Errorf("empty inbox: exit %d: %s", code, stderr)
	}
	// --out given as the inbox itself: liushou's own folder is never read, so the same.
	code, _, stderr = runCmd(t, "run", "--out", out, "--as-of", "2026-12-01", out)
	if code != exitFailed || !strings.Contains(stderr, "没有找到任何花名册") {
		t.Errorf("--out as inbox: exit %d: %s", code, stderr)
	}
	// Most children gone at once: nothing published unless confirmed.
	moved := filepath.Join(dir, "三年级.xlsx")
	os.Rename(filepath.Join(inbox, "三年级.xlsx"), moved)
	code, _, stderr = runCmd(t, "run", "--out", out, "--as-of", "2026-12-01", inbox)
	if code != exitFailed || !strings.Contains(stderr, "--accept-fewer") {
		t.Errorf("most children gone: exit %d: %s", code, stderr)
	}
	after := tree(t, out)
	delete(before, "liushou.log")
	delete(after, "liushou.log")
	if !reflect.DeepEqual(before, after) {
		t.Error("a run that published nothing changed the outputs")
	}
	if code, _, se := runCmd(t, "run", "--accept-fewer", "--out", out, "--as-of", "2026-12-01", inbox); code != exitOK || readSummary(t, out).Totals.Children != 1 {
		t.Errorf("--accept-fewer: exit %d: %s", code, se)
	}
}

// TestMarkedUpCopiesNeverCollide: rosters in folders whose long names differ only at the
// end, and rosters whose names differ only in case, each get their own marked-up copy;
// a macro workbook's copy is a plain .xlsx.
func TestMarkedUpCopiesNeverCollide(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	long := strings.Repeat("红星镇中心小学二〇二六年秋季学期留守儿童关爱工作材料", 3)
	bad := [][]any{{"班级", "学生姓名", "父亲电话"}, {"三年级2班", "王芳", "1381234567"}}
	for i, sub := range []string{long + "甲", long + "乙", "x", "X"} {
		os.MkdirAll(filepath.Join(in, sub), 0o755)
		p := filepath.Join(in, sub, "花名册.xlsx")
		rows := append([][]any{}, bad...)
		rows = append(rows, []any{"三年级2班", fmt.Sprintf("学生%d", i), "13812345678"})
		writeRoster(t, p, rows)
	}
	// A macro workbook: an .xlsx with a VBA project, named .xlsm.
	xlsm := filepath.Join(in, "宏.xlsm")
	writeRoster(t, xlsm, [][]any{{"班级", "学生姓名", "父亲电话"}, {"四年级1班", "李明", "1381234567"}})
	addPart(t, xlsm, "xl/vbaProject.bin", []byte("VBA"))
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", in)
	if code != exitDataErrors {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	copies, _ := filepath.Glob(filepath.Join(out, output.AnnotatedDir, "*.xlsx"))
	if len(copies) != 5 {
		t.Errorf("%d marked-up copies, want 5: %v", len(copies), copies)
	}
	seen := map[string]bool{}
	for _, c := range copies {
		if seen[strings.ToLower(c)] {
			t.Errorf("two copies differ only in case: %s", c)
		}
		seen[strings.ToLower(c)] = true
		zr, err := zip.OpenReader(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			if strings.Contains(zf.Name, "vbaProject") {
				t.Errorf("%s carries the macros", c)
			}
			if zf.Name == "[Content_Types].xml" {
				rc, _ := zf.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				if bytes.Contains(b, []byte("macroEnabled")) {
					t.Errorf("%s has the macro content type", c)
				}
			}
		}
		zr.Close()
	}
}

// addPart adds a part to an .xlsx and marks the workbook as one with macros.
func addPart(t *testing.T, path, name string, data []byte) {
	t.Helper()
	rewriteZip(t, path, func(part string, b []byte) []byte {
		if part == "[Content_Types].xml" {
			return bytes.Replace(b, []byte("spreadsheetml.sheet.main+xml"), []byte("sheet.macroEnabled.main+xml"), 1)
		}
		return b
	}, map[string][]byte{name: data})
}

// openpyxl finds a Python that has openpyxl (bash .ci/test installs python3-openpyxl).
func openpyxl(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import openpyxl").Run() == nil {
			return py
		}
	}
	toolMissing(t, "python3 with openpyxl is needed to check the workbooks: apt-get install python3-openpyxl")
	return ""
}

func toolMissing(t testing.TB, msg string) { t.Helper(); testtool.Missing(t, msg) }

// needPdftotext skips a test that reads PDFs back where poppler's pdftotext is missing.
func needPdftotext(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		toolMissing(t, "pdftotext is needed to read the PDFs back: install poppler-utils")
	}
}

// TestWorkbooksOpenInOpenpyxl: every workbook a run writes, and the template, loads in
// openpyxl (which refuses what Excel would offer to repair, such as a colour "FF"), and
// has print settings: fit to the page width, header rows repeated.
func TestWorkbooksOpenInOpenpyxl(t *testing.T) {
	py := openpyxl(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", "samples/", "ingest/testdata/forms/minzheng-dengjibiao.xls")
	if code, _, stderr := runCmd(t, "template", filepath.Join(dir, "模板.xlsx")); code != exitOK {
		t.Fatal(stderr)
	}
	var books []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".xlsx") {
			books = append(books, p)
		}
		return nil
	})
	if len(books) < 6 {
		t.Fatalf("only %d workbooks: %v", len(books), books)
	}
	script := `
import sys, openpyxl
bad = []
for p in sys.argv[1:]:
    try:
        wb = openpyxl.load_workbook(p)
    except Exception as e:
        bad.append("%s: %s" % (p, e)); continue
    if "问题标注" in p:
        continue  # a copy of the school's own roster keeps its own page setup
    for ws in wb.worksheets:
        if ws.max_row < 2:
            continue
        if not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage or ws.page_setup.fitToWidth != 1:
            bad.append("%s [%s]: not fitted to the page width" % (p, ws.title))
        if not ws.print_title_rows:
            bad.append("%s [%s]: header rows not repeated" % (p, ws.title))
print("\n".join(bad))
`
	outp, err := exec.Command(py, append([]string{"-c", script}, books...)...).CombinedOutput()
	if err != nil || strings.TrimSpace(string(outp)) != "" {
		t.Errorf("openpyxl: %v\n%s", err, outp)
	}
}

// schoolSettings are the school's own details, without which letters are drafts.
const schoolSettings = "[school]\nname = \"红星小学\"\naddress = \"红星镇 1 号\"\nphone = \"0857-1234567\"\n"

// TestDraftLettersUntilSchoolIsSet: a first run without the school's details prints the
// letters as drafts, records none and says what is missing; once the details are set,
// the first real batch goes to every family.
func TestDraftLettersUntilSchoolIsSet(t *testing.T) {
	needPdftotext(t)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	os.Mkdir(in, 0o755)
	writeRoster(t, filepath.Join(in, "r.xlsx"), [][]any{{"学校", "班级", "学生姓名", "父亲姓名", "父亲电话"},
		{"红星小学", "三年级(2)班", "王芳", "王建军", "13812345678"}, {"红星小学", "三年级(2)班", "李明", "李强", "13812345679"}})
	code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", in)
	if code != exitOK || !strings.Contains(stdout, "这次的 2 封家长信是草稿") || !strings.Contains(stdout, "school.address") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	draft := filepath.Join(out, output.DraftsDir, "红星小学", "三年级(2)班", output.LettersFile)
	text, _ := exec.Command("pdftotext", draft, "-").Output()
	if strings.Count(string(text), "草稿：学校信息还没有填写完整，请勿寄出") != 2 {
		t.Errorf("drafts not marked on each page:\n%s", text)
	}
	if _, err := os.Stat(filepath.Join(out, outdir.LettersDir)); err == nil {
		t.Error("a letter batch was made from drafts")
	}
	if st, _ := outdir.LoadState(out); len(st.Letters) != 0 {
		t.Errorf("drafts recorded as sent: %d", len(st.Letters))
	}
	os.WriteFile(filepath.Join(in, "liushou.toml"), []byte(schoolSettings), 0o644)
	code, stdout, _ = runCmd(t, "run", "--out", out, "--as-of", "2026-11-29", in)
	if code != exitOK || !strings.Contains(stdout, "本次新生成家长信 2 封") {
		t.Errorf("after the settings: exit %d\n%s", code, stdout)
	}
	if _, err := os.Stat(draft); err == nil {
		t.Error("the drafts stayed after the real batch")
	}
}

// TestSettingsNameAClassNoRosterHolds: a class teacher set for a class that is on no
// roster is pointed at by its line, in check and in run.
func TestSettingsNameAClassNoRosterHolds(t *testing.T) {
	dir := t.TempDir()
	writeRoster(t, filepath.Join(dir, "r.xlsx"), [][]any{{"班级", "学生姓名"}, {"三年级2班", "王芳"}})
	os.WriteFile(filepath.Join(dir, "liushou.toml"), []byte("[class_teachers.\"三年级(2)班\"]\nname = \"陈\"\n\n[class_teachers.\"五年级(3)班\"]\nname = \"李\"\n"), 0o644)
	_, stdout, _ := runCmd(t, "check", "--as-of", "2026-11-28", dir)
	if !strings.Contains(stdout, "liushou.toml 第 5 行 class_teachers：花名册里没有“五年级(3)班”") || strings.Contains(stdout, "没有“三年级(2)班”") {
		t.Errorf("check:\n%s", stdout)
	}
	_, _, stderr := runCmd(t, "run", "-q", "--out", filepath.Join(dir, "out"), "--as-of", "2026-11-28", dir)
	if !strings.Contains(stderr, "花名册里没有“五年级(3)班”") {
		t.Errorf("run:\n%s", stderr)
	}
}

// TestCommandLineInChinese: usage, errors and help are Chinese, with "did you mean";
// --as-of takes the date forms rosters use; version says which build this is.
func TestCommandLineInChinese(t *testing.T) {
	english := regexp.MustCompile(`\b(string|unknown|flag|Usage|needs|argument|true\|false)\b`)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"rnu"}, exitUsage, "是不是想写 liushou run？"},
		{[]string{"chek", "samples/"}, exitUsage, "是不是想写 liushou check？"},
		{[]string{"run", "--ot", "x", "samples/"}, exitUsage, "不认识的选项 --ot，是不是想写 --out？"},
		{[]string{"check", "--as-of"}, exitUsage, "选项 --as-of 后面要写一个值。"},
		{[]string{"check", "-z", "samples/"}, exitUsage, "不认识的选项 -z"},
		{[]string{"init", "--help"}, exitOK, "-h, --help"},
		{[]string{"run", "--help"}, exitOK, "--as-of 日期"},
		{[]string{"check", "--as-of", "11月28日", "samples/"}, exitUsage, "--as-of 的日期“11月28日”无效"},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCmd(t, tt.args...)
		if code != tt.code || !strings.Contains(stdout+stderr, tt.want) {
			t.Errorf("%v: exit %d, want %d and %q:\n%s%s", tt.args, code, tt.code, tt.want, stdout, stderr)
		}
		if m := english.FindString(stdout + stderr); m != "" {
			t.Errorf("%v: English %q in:\n%s%s", tt.args, m, stdout, stderr)
		}
	}
	for _, date := range []string{"2026-11-28", "2026/11/28", "2026.11.28", "2026年11月28日", "20261128", "２０２６-１１-２８"} {
		code, stdout, stderr := runCmd(t, "check", "--as-of", date, "samples/")
		if code != exitDataErrors || !strings.Contains(stdout, "留守儿童 60 名") {
			t.Errorf("--as-of %s: exit %d %s", date, code, stderr)
		}
	}
	code, stdout, _ := runCmd(t, "version")
	if code != exitOK || !strings.HasPrefix(stdout, "liushou ") || !strings.Contains(stdout, output.FormatVersion) {
		t.Errorf("version: %d %q", code, stdout)
	}
}

// TestDoubleClickedExplains: liushou.exe started with no arguments (double-clicked on
// Windows) explains itself and waits for Enter before its window closes.
func TestDoubleClickedExplains(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader("\n")
	if code := explainAndWait(in, &out); code != exitUsage {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(out.String(), "按回车键关闭这个窗口") || !strings.Contains(out.String(), "每晚运行.bat") {
		t.Errorf("said:\n%s", out.String())
	}
	if in.Len() != 0 {
		t.Error("did not wait for Enter")
	}
}

// TestRunWarnsWhenEnvelopesLackPostcodes: envelopes printed without the recipient's
// postcode are counted in the run's message, even with --quiet.
func TestRunWarnsWhenEnvelopesLackPostcodes(t *testing.T) {
	dir := t.TempDir()
	writeRoster(t, filepath.Join(dir, "r.xlsx"), [][]any{{"学校", "班级", "学生姓名", "父亲姓名", "父亲务工地点", "父亲电话", "父亲务工地邮编"},
		{"红星小学", "三年级2班", "王芳", "王建军", "广东省东莞市长安镇兴发路 12 号", "13812345678", ""},
		{"红星小学", "三年级2班", "李明", "李强", "广东省东莞市长安镇兴发路 14 号", "13812345679", "523850"}})
	os.WriteFile(filepath.Join(dir, "liushou.toml"), []byte(schoolSettings), 0o644)
	_, stdout, stderr := runCmd(t, "run", "-q", "--out", filepath.Join(dir, "out"), "--as-of", "2026-11-28", dir)
	if !strings.Contains(stderr, "有 1 个信封没有邮编") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
	}
}

// TestDistrictSummary: a county run (31 schools) gives every school folder its own
// 汇总.pdf, 汇总.xlsx and paired teachers' list; the district's 汇总.pdf has at most 3
// pages and a row per school; its figures are the sum of the schools'; a week later it
// shows the change.
func TestDistrictSummary(t *testing.T) {
	needPdftotext(t)
	if testing.Short() {
		t.Skip("a county run")
	}
	dir := t.TempDir()
	if err := samples.WriteCounty(filepath.Join(dir, "county.xlsx"), 20261128); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "liushou.toml"), []byte(schoolSettings), 0o644)
	out := filepath.Join(dir, "out")
	if code, _, stderr := runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-21", dir); code != exitOK && code != exitDataErrors {
		t.Fatalf("exit %d %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-28", dir); code != exitOK && code != exitDataErrors {
		t.Fatalf("exit %d %s", code, stderr)
	}
	text, err := exec.Command("pdftotext", "-layout", filepath.Join(out, output.OverviewPDF), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if pages := strings.Count(string(text), "\f"); pages > 3 {
		t.Errorf("the district summary has %d pages", pages)
	}
	f, err := excelize.OpenFile(filepath.Join(out, output.OverviewXLSX))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("各校汇总")
	if len(rows) != samples.CountySchools+1 {
		t.Fatalf("%d rows in 各校汇总, want one per school", len(rows)-1)
	}
	sum := 0
	changes := 0
	for _, r := range rows[1:] {
		school := r[0]
		children, _ := strconv.Atoi(r[1])
		urgent, _ := strconv.Atoi(r[2])
		sum += children
		if !strings.Contains(string(text), school) {
			t.Errorf("%s is not on the district's page", school)
		}
		if r[8] != "—" {
			changes++
		}
		// The school's own summary, in its folder, says the same.
		sf, err := excelize.OpenFile(filepath.Join(out, school, output.OverviewXLSX))
		if err != nil {
			t.Fatalf("%s has no summary of its own: %v", school, err)
		}
		cls, _ := sf.GetRows("各班汇总")
		sf.Close()
		last := cls[len(cls)-1]
		if last[0] != "合计" || last[2] != strconv.Itoa(children) || last[3] != strconv.Itoa(urgent) {
			t.Errorf("%s: its own total %q, the district's row %q", school, last, r)
		}
		for _, name := range []string{output.OverviewPDF, output.TeachersFile} {
			if _, err := os.Stat(filepath.Join(out, school, name)); err != nil {
				t.Errorf("%s: %v", school, err)
			}
		}
	}
	if sum != samples.CountyChildren {
		t.Errorf("the schools' children add up to %d, want %d", sum, samples.CountyChildren)
	}
	if changes != samples.CountySchools {
		t.Errorf("%d schools show a change since the week before, want all", changes)
	}
	st, _ := outdir.LoadState(out)
	if len(st.History) != 2*samples.CountySchools {
		t.Errorf("history holds %d entries, want one per school per run", len(st.History))
	}
	for _, h := range st.History {
		if strings.ContainsAny(h.School, "0123456789") && len(h.School) > 30 {
			t.Errorf("history entry looks like personal data: %+v", h)
		}
	}
}

// TestLargeRosterNotCopied: a roster of more pupils than a marked-up copy is made for
// gets none (it would be built whole in memory); the run says so and the problem list
// still names the cell.
func TestLargeRosterNotCopied(t *testing.T) {
	dir := t.TempDir()
	hostileBook(t, filepath.Join(dir, "全县.xlsx"), 8001, func(f *excelize.File) {})
	rewriteSheet(t, filepath.Join(dir, "全县.xlsx"), func(x string) string {
		return strings.Replace(x, "13812345678", "1381234567", 1) // one bad phone
	})
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", dir)
	if code != exitDataErrors || !strings.Contains(stdout, "全县.xlsx 太大，没有生成标出问题的副本") || strings.Contains(stdout, "花名册副本中标出") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, output.AnnotatedDir)); err == nil {
		t.Error("a marked-up copy was made")
	}
	if s := readSummary(t, out); s.Totals.Errors != 1 {
		t.Errorf("%d errors in the summary, want the bad phone", s.Totals.Errors)
	}
}
