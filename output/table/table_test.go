package table

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var asOf = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

func sample() *Book {
	b := New(asOf)
	wide := b.Sheet("需跟进学生")
	wide.Header("学校", "学生姓名", "距今天数", "比例", "情况说明")
	wide.Widths(22, 10, 8, 10, 70)
	wide.Column(3, Percent)
	wide.Row("青石镇中心小学", "王芳", 33, 0.25, "超过30天未家访；\n与家长通话逾期")
	wide.Row("A&B <学校>", " 前后有空格 ", "", 1.0, "控制字符\x01\x1b已去掉\"引号\"")
	narrow := b.Sheet("各班's汇总")
	narrow.Header("班级", "人数")
	narrow.Widths(12, 8)
	narrow.Row("一年级(1)班", 9)
	narrow.Filter()
	return b
}

// TestReadsBack writes a workbook and reads it back with excelize: every value (text,
// escaped characters, numbers), the styles, the frozen header, the filter, the print
// settings; the same book gives the same bytes.
func TestReadsBack(t *testing.T) {
	var buf bytes.Buffer
	if err := sample().Write(&buf); err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	sample().Write(&again)
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("the same book gave different bytes")
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), "|"); got != "需跟进学生|各班's汇总" {
		t.Fatalf("sheets %q", got)
	}
	rows, err := f.GetRows("需跟进学生", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"学校", "学生姓名", "距今天数", "比例", "情况说明"},
		{"青石镇中心小学", "王芳", "33", "0.25", "超过30天未家访；\n与家长通话逾期"},
		{"A&B <学校>", " 前后有空格 ", "", "1", "控制字符已去掉\"引号\""},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %q", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %q, want %q", i+1, rows[i], want[i])
		}
	}
	if v, _ := f.GetCellValue("需跟进学生", "D2"); v != "25%" {
		t.Errorf("D2 shown as %q, want 25%%", v)
	}
	if v, _ := f.GetCellType("需跟进学生", "C2"); v != excelize.CellTypeUnset && v != excelize.CellTypeNumber {
		t.Errorf("C2 is of type %v, want a number", v)
	}
	head, _ := f.GetCellStyle("需跟进学生", "A1")
	if st, _ := f.GetStyle(head); st == nil || st.Font == nil || !st.Font.Bold || st.Fill.Pattern != 1 || !st.Alignment.WrapText {
		t.Errorf("header style %+v", st)
	}
	if panes, _ := f.GetPanes("需跟进学生"); !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v, want the header frozen", panes)
	}
	for _, sh := range []string{"需跟进学生", "各班's汇总"} {
		pl, err := f.GetPageLayout(sh)
		if err != nil || *pl.Size != 9 || *pl.FitToWidth != 1 || *pl.FitToHeight != 0 {
			t.Errorf("%s page layout %+v %v", sh, pl, err)
		}
		if w, _ := f.GetColWidth(sh, "A"); w != map[string]float64{"需跟进学生": 22, "各班's汇总": 12}[sh] {
			t.Errorf("%s column A width %v", sh, w)
		}
	}
	if pl, _ := f.GetPageLayout("需跟进学生"); *pl.Orientation != "landscape" {
		t.Errorf("a table 120 characters wide prints %s", *pl.Orientation)
	}
	if pl, _ := f.GetPageLayout("各班's汇总"); *pl.Orientation != "portrait" {
		t.Errorf("a table 20 characters wide prints %s", *pl.Orientation)
	}
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		names[dn.Name+"@"+dn.Scope] = dn.RefersTo
	}
	if names["_xlnm.Print_Titles@需跟进学生"] != "'需跟进学生'!$1:$1" || names["_xlnm._FilterDatabase@各班's汇总"] != "'各班''s汇总'!$A$1:$B$2" {
		t.Errorf("defined names %v", names)
	}
}

// TestOpensInLibreOffice converts the workbook to PDF with LibreOffice, as a school
// would print it: it opens, and prints on A4. Skipped where LibreOffice is missing.
func TestOpensInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice is not installed")
	}
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := sample().Write(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "t.xlsx"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, filepath.Join(dir, "t.xlsx"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "t.pdf"))
	if err != nil || !bytes.Contains(pdf, []byte("/MediaBox")) {
		t.Fatalf("no PDF from LibreOffice: %v", err)
	}
	if text, err := exec.Command("pdftotext", filepath.Join(dir, "t.pdf"), "-").Output(); err == nil && !strings.Contains(string(text), "青石镇中心小学") {
		t.Errorf("the printed workbook lacks its text:\n%s", text)
	}
}

// longBook is a sheet long enough to spill several times, with a row height set after
// its row, links, a filter and rows of different widths; and a short sheet beside it.
func longBook(spill string) *Book {
	b := New(asOf)
	b.SpillTo(spill)
	s := b.Sheet("需跟进学生")
	s.Header("学校", "班级", "学生姓名", "距今天数", "情况说明")
	s.Widths(22, 12, 10, 8, 60)
	for i := range 3*spillRows + 7 {
		cells := []any{"青石镇中心小学", "三年级(2)班", "王" + strings.Repeat("芳", 1+i%3), i}
		if i%5 == 0 {
			cells = append(cells, "超过30天未家访；\n与家长通话逾期")
		}
		s.Row(cells...)
		if i%7 == 0 {
			s.Height(30)
		}
		if i%100 == 0 {
			s.LinkCell(2, "青石镇中心小学/三年级(2)班/检查清单.pdf")
		}
	}
	s.Filter()
	short := b.Sheet("各班汇总")
	short.Header("班级", "人数")
	short.Row("一年级(1)班", 9)
	return b
}

// TestSpilledSheetSame: a sheet whose rows went to a spill file as they came writes the
// same bytes as one held whole, and the spill files are gone after Write; a spill folder
// that cannot be used keeps the rows in memory, with the same bytes.
func TestSpilledSheetSame(t *testing.T) {
	var held, spilled, nowhere bytes.Buffer
	if err := longBook("").Write(&held); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	b := longBook(dir)
	if b.sheets[0].spilled < 2*spillRows {
		t.Fatalf("only %d rows were spilled", b.sheets[0].spilled)
	}
	if len(b.sheets[0].rows) > spillRows {
		t.Errorf("%d rows still held", len(b.sheets[0].rows))
	}
	if err := b.Write(&spilled); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(held.Bytes(), spilled.Bytes()) {
		t.Error("the spilled sheet's workbook differs from the one held whole")
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("spill files left: %v", left)
	}
	if err := b.Write(io.Discard); err == nil {
		t.Error("a book whose spilled rows are gone was written again")
	}
	if err := longBook(filepath.Join(dir, "missing")).Write(&nowhere); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(held.Bytes(), nowhere.Bytes()) {
		t.Error("a missing spill folder changed the workbook")
	}
	f, err := excelize.OpenReader(bytes.NewReader(spilled.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("需跟进学生")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3*spillRows+8 || rows[len(rows)-1][3] != fmt.Sprint(3*spillRows+6) {
		t.Errorf("%d rows read back, the last %q", len(rows), rows[len(rows)-1])
	}
	if h, _ := f.GetRowHeight("需跟进学生", 2+7*100); h != 30 {
		t.Errorf("row %d height %v, want 30", 2+7*100, h)
	}
}
