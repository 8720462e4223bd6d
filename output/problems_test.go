package output

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"liushou/rules"
)

func rosterXLSX(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "花名册")
	rows := [][]any{{"班级", "学生姓名", "身份证号", "最近家访日期"}, {"三年级(2)班", "王芳", "522426201905093493", 46334}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("花名册", cell, &r)
	}
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellStyle("花名册", "D2", "D2", date)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var annotateProblems = []rules.Problem{
	{File: "r.xlsx", Sheet: "花名册", Row: 2, Cell: "C2", Severity: rules.Error, Code: "id_checksum", Message: "身份证号校验位不正确（应为 2），请核对后重新填写。"},
	{File: "r.xlsx", Sheet: "花名册", Row: 2, Cell: "D2", Severity: rules.Warning, Code: "x_warn", Message: "提醒一"},
	{File: "r.xlsx", Sheet: "花名册", Row: 2, Cell: "D2", Severity: rules.Warning, Code: "y_warn", Message: "提醒二"},
	{File: "r.xlsx", Severity: rules.Warning, Code: "duplicate_file", Message: "整个文件的问题"},
	{File: "other.xlsx", Sheet: "花名册", Row: 2, Cell: "A2", Severity: rules.Error, Code: "missing_name", Message: "别的文件"},
}

func fillOf(t *testing.T, f *excelize.File, sheet, cell string) (string, int) {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	color := ""
	if len(st.Fill.Color) > 0 {
		color = st.Fill.Color[0]
	}
	return color, st.NumFmt
}

// TestWriteAnnotatedXLSX marks the problem cells of an .xlsx copy: red for an error,
// yellow for warnings, every message in the comment, the cell's date format kept, the
// source bytes untouched.
func TestWriteAnnotatedXLSX(t *testing.T) {
	src := rosterXLSX(t)
	orig := bytes.Clone(src)
	var buf bytes.Buffer
	ok, err := writeAnnotated(&buf, Source{Input: rules.Input{File: "r.xlsx"}, XLSX: src}, annotateProblems, asOf)
	if err != nil || !ok {
		t.Fatalf("writeAnnotated = %v, %v", ok, err)
	}
	if !bytes.Equal(src, orig) {
		t.Fatal("the source bytes were changed")
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := fillOf(t, f, "花名册", "C2"); c != fillError[0] {
		t.Errorf("C2 fill %q, want red %s", c, fillError[0])
	}
	c, numFmt := fillOf(t, f, "花名册", "D2")
	if c != fillWarning[0] || numFmt != 14 {
		t.Errorf("D2 fill %q numFmt %d, want yellow and the date format kept", c, numFmt)
	}
	if c, _ := fillOf(t, f, "花名册", "A2"); c != "" {
		t.Errorf("A2 (another file's problem) coloured %q", c)
	}
	comments, _ := f.GetComments("花名册")
	got := map[string]string{}
	for _, cm := range comments {
		text := cm.Text
		for _, p := range cm.Paragraph {
			text += p.Text
		}
		got[cm.Cell] = text
	}
	if len(got) != 2 || got["C2"] != "错误：身份证号校验位不正确（应为 2），请核对后重新填写。" || got["D2"] != "警告：提醒一\n警告：提醒二" {
		t.Errorf("comments %q", got)
	}
	if v, _ := f.GetCellValue("花名册", "B2"); v != "王芳" {
		t.Errorf("B2 = %q: the copy lost the data", v)
	}
}

// TestWriteAnnotatedGrid copies an .xls or CSV roster's values into a new workbook.
func TestWriteAnnotatedGrid(t *testing.T) {
	grids := []Grid{{Sheet: "花名册", Cells: [][]string{{"班级", "学生姓名", "身份证号"}, {"三年级(2)班", "王芳", "522426201905093493"}}}}
	var buf bytes.Buffer
	if ok, err := writeAnnotated(&buf, Source{Input: rules.Input{File: "r.xlsx"}, Grids: grids}, annotateProblems, asOf); err != nil || !ok {
		t.Fatalf("writeAnnotated = %v, %v", ok, err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue("花名册", "C2"); v != "522426201905093493" {
		t.Errorf("C2 = %q", v)
	}
	if c, _ := fillOf(t, f, "花名册", "C2"); c != fillError[0] {
		t.Errorf("C2 fill %q", c)
	}
}

// TestProblemBook lists every problem, links cell problems to the marked-up copy, and
// lists the files; the same input gives the same bytes.
func TestProblemBook(t *testing.T) {
	sum := Summary{Problems: annotateProblems, Inputs: []rules.Input{{File: "r.xlsx", Status: rules.InputOK, Children: 1}, {File: "x.xls", Status: rules.InputFailed, Reason: "坏了"}},
		Children: []SummaryChild{{File: "r.xlsx", Sheet: "花名册", Row: 2, Class: "三年级(2)班", Name: "王芳"}}}
	annotated := map[string]string{"r.xlsx": "r（问题标注）.xlsx"}
	var a, b bytes.Buffer
	if err := writeProblemBook(&a, sum, annotated, asOf); err != nil {
		t.Fatal(err)
	}
	writeProblemBook(&b, sum, annotated, asOf)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes differ")
	}
	f, err := excelize.OpenReader(&a)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("问题清单")
	want := []string{"序号", "班级", "学生姓名", "文件", "工作表", "行", "单元格", "级别", "问题说明（怎么改）", "问题代码"}
	if len(rows) != len(annotateProblems)+1 || strings.Join(rows[0], ",") != strings.Join(want, ",") {
		t.Fatalf("rows %q", rows)
	}
	// The child's rows first (by class), with class and name; the code last.
	if r := rows[1]; r[1] != "三年级(2)班" || r[2] != "王芳" || r[5] != "2" || r[6] != "C2" || r[7] != "错误" || r[8] != annotateProblems[0].Message || r[9] != "id_checksum" {
		t.Errorf("first row %q", r)
	}
	if r := rows[4]; r[1] != "" || r[9] != "duplicate_file" {
		t.Errorf("a file's problem: %q", r)
	}
	if ok, target, _ := f.GetCellHyperLink("问题清单", "G2"); !ok || target != "问题标注/r（问题标注）.xlsx#'花名册'!C2" {
		t.Errorf("link %v %q", ok, target)
	}
	if ok, _, _ := f.GetCellHyperLink("问题清单", "G6"); ok {
		t.Error("a problem of a file without a marked-up copy has a link")
	}
	if af, _ := f.GetSheetProps("问题清单"); af.FitToPage == nil || !*af.FitToPage {
		t.Error("the problem list is not fitted to the page")
	}
	files, _ := f.GetRows("文件")
	if len(files) != 3 || files[2][1] != "无法读取" || files[2][4] != "坏了" {
		t.Errorf("files %q", files)
	}
}

func TestAnnotatedName(t *testing.T) {
	tests := []struct{ file, want string }{
		{"roster.xlsx", "roster（问题标注）.xlsx"},
		{"sub/roster.xls", "sub_roster（问题标注，原xls）.xlsx"},
		{"名单.csv", "名单（问题标注，原csv）.xlsx"},
	}
	for _, tt := range tests {
		if got := annotatedName(rules.Input{File: tt.file}); got != tt.want {
			t.Errorf("annotatedName(%q) = %q, want %q", tt.file, got, tt.want)
		}
	}
}
