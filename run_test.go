package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"liushou/internal/testtool"
	"liushou/samples"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"liushou/output"
	"liushou/output/outdir"
)

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
			"青石镇中心小学/" + class + "/" + output.ContactCardsFile, "青石镇中心小学/" + class + "/" + output.VisitFormsFile,
			"青石镇中心小学/" + class + "/" + output.RecordsFile,
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
	// Per class: checklist, contact cards, visit forms (every sample class has a child
	// due), records, letters and mailing list.
	if want := 6*len(sampleClasses) + envelopes + 11; len(files) != want { // 11: the summaries, lists, state and the batch's manifest
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
	// Notepad's log: one UTF-8 mark at the start, and every line ended by CRLF.
	if !strings.HasPrefix(log, "\ufeff") || strings.Count(log, "\ufeff") != 1 {
		t.Errorf("the log does not begin with one UTF-8 mark: %q", log[:min(len(log), 12)])
	}
	if n := strings.Count(log, "\n"); n == 0 || n != strings.Count(log, "\r\n") {
		t.Errorf("%d line ends, %d of them CRLF", n, strings.Count(log, "\r\n"))
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

// TestWorkbooksOpenInOpenpyxl: every workbook a run writes, and the template, loads in
// openpyxl (which refuses what Excel would offer to repair, such as a colour "FF"), and
// has print settings: fit to the page width (or, for a table too wide to print at 8 pt on
// one, to a few pages with its first columns repeated), header rows repeated.
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
        wide = int(ws.page_setup.fitToWidth or 0)
        if not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage or wide < 1:
            bad.append("%s [%s]: not fitted to the page width" % (p, ws.title))
        if wide > 1 and not ws.print_title_cols:
            bad.append("%s [%s]: %d pages wide without its first columns repeated" % (p, ws.title, wide))
        if not ws.print_title_rows:
            bad.append("%s [%s]: header rows not repeated" % (p, ws.title))
print("\n".join(bad))
`
	outp, err := exec.Command(py, append([]string{"-c", script}, books...)...).CombinedOutput()
	if err != nil || strings.TrimSpace(string(outp)) != "" {
		t.Errorf("openpyxl: %v\n%s", err, outp)
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
	skipIfShort(t)
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
	checkPairing(t, filepath.Join(dir, "county.xlsx"), out)
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

// checkPairing holds the district's and each school's 结对考核.xlsx against the county
// roster, counted here from its cells: per school, the paired teachers, the children
// paired and not, the teachers over the limit of 3.
func checkPairing(t *testing.T, roster, out string) {
	t.Helper()
	f, err := excelize.OpenFile(roster)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(f.GetSheetList()[0])
	f.Close()
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	type counts struct{ paired, unpaired int }
	perTeacher := map[[2]string]int{}
	bySchool := map[string]*counts{}
	for _, r := range rows[1:] {
		at := func(h string) string {
			if i := col[h]; i < len(r) {
				return strings.TrimSpace(r[i])
			}
			return ""
		}
		school := at("学校")
		if bySchool[school] == nil {
			bySchool[school] = &counts{}
		}
		if teacher := at("结对帮扶教师"); teacher != "" {
			bySchool[school].paired++
			perTeacher[[2]string{school, teacher}]++
		} else {
			bySchool[school].unpaired++
		}
	}
	teachers, over := map[string]int{}, map[string]int{}
	for k, n := range perTeacher {
		teachers[k[0]]++
		if n > 3 {
			over[k[0]]++
		}
	}
	book, err := excelize.OpenFile(filepath.Join(out, output.PairingFile))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := book.GetRows("各校结对")
	book.Close()
	if len(got) != len(bySchool)+1 {
		t.Fatalf("各校结对 has %d rows, want one per school: %q", len(got)-1, got)
	}
	flagged := 0
	for _, r := range got[1:] {
		c := bySchool[r[0]]
		if c == nil {
			t.Errorf("结对考核 names a school not on the roster: %q", r)
			continue
		}
		want := fmt.Sprintf("%d %d %d %d", teachers[r[0]], c.paired, over[r[0]], c.unpaired)
		if have := strings.Join(r[1:5], " "); have != want {
			t.Errorf("%s: teachers, paired, over the limit, unpaired = %s, the roster says %s", r[0], have, want)
		}
		flagged += over[r[0]]
		// The school's own 结对考核.xlsx: a row per teacher, those over the limit flagged.
		sb, err := excelize.OpenFile(filepath.Join(out, r[0], output.PairingFile))
		if err != nil {
			t.Errorf("%s: %v", r[0], err)
			continue
		}
		own, _ := sb.GetRows("结对教师")
		sb.Close()
		marked := 0
		for _, tr := range own[1:] {
			if len(tr) > 3 && tr[3] != "" {
				marked++
			}
		}
		if len(own)-1 != teachers[r[0]] || marked != over[r[0]] {
			t.Errorf("%s: its own list has %d teachers, %d flagged; the roster has %d, %d over the limit", r[0], len(own)-1, marked, teachers[r[0]], over[r[0]])
		}
	}
	if flagged == 0 {
		t.Error("no teacher of the county is over the limit: the check proves nothing")
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

// TestUndatedSignClearsAfterAVisit: a sign written without a date makes the child urgent
// on the night it first appears; a visit logged after that night clears it on the next
// run, whose checklist says when the visit was; the state keeps a digest, not the text.
func TestUndatedSignClearsAfterAVisit(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	os.MkdirAll(in, 0o755)
	roster := filepath.Join(in, "花名册.xlsx")
	head := []any{"学校", "班级", "学生姓名", "父亲电话", "最近通话日期", "必访情况", "最近家访日期"}
	writeRoster(t, roster, [][]any{head, {"红星小学", "三年级(2)班", "王芳", "13812345678", "2026-11-01", "近来情绪不好，常一个人哭", "2026-11-01"}})
	visit := func(s output.Summary) string { return s.Children[0].Visit }
	if code, _, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-20", in); code != exitOK && code != exitDataErrors {
		t.Fatalf("night 1: exit %d: %s", code, stderr)
	}
	if got := visit(readSummary(t, out)); got != "urgent" {
		t.Fatalf("night 1: %s, want urgent", got)
	}
	state, _ := os.ReadFile(filepath.Join(out, ".liushou", "state.json"))
	if !strings.Contains(string(state), "signs_seen") || strings.Contains(string(state), "情绪") {
		t.Errorf("the state should keep the sign by digest only:\n%.400s", state)
	}
	// Night 2, nothing logged: still urgent, the reason dated from night 1.
	if code, _, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-24", in); code != exitOK && code != exitDataErrors {
		t.Fatalf("night 2: exit %d: %s", code, stderr)
	}
	if s := readSummary(t, out); visit(s) != "urgent" || !strings.Contains(strings.Join(s.Children[0].Reasons, ""), "11月20日起登记") {
		t.Fatalf("night 2: %s %q", visit(s), s.Children[0].Reasons)
	}
	// A visit on 11-22 is logged: night 3 clears the sign.
	writeRoster(t, roster, [][]any{head, {"红星小学", "三年级(2)班", "王芳", "13812345678", "2026-11-01", "近来情绪不好，常一个人哭", "2026-11-22"}})
	if code, _, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", in); code != exitOK && code != exitDataErrors {
		t.Fatalf("night 3: exit %d: %s", code, stderr)
	}
	s := readSummary(t, out)
	if visit(s) == "urgent" || !strings.Contains(strings.Join(s.Children[0].Reasons, ""), "已于11月22日家访") {
		t.Fatalf("night 3: %s %q", visit(s), s.Children[0].Reasons)
	}
	needPdftotext(t)
	b, err := os.ReadFile(filepath.Join(out, "红星小学", "三年级(2)班", output.ChecklistFile))
	if err != nil {
		t.Fatal(err)
	}
	if text := squeeze(testtool.PDFText(t, b)); !strings.Contains(text, "已于11月22日家访") {
		t.Errorf("the checklist does not say when the visit was:\n%s", text)
	}
}
