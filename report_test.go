package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestMonthlyReport: a roster of three children with a 家访记录 and 通话记录 sheet of known
// dates, a night at the end of October and one in November; the November report counts
// the month's visits and calls (a date in both the roster's column and the log counts
// once; October's do not count), the children a month before from the October night, and
// writes the workbook and the PDF into the output folder. A month not yet begun is refused.
func TestMonthlyReport(t *testing.T) {
	skipIfShort(t)
	in := filepath.Join(t.TempDir(), "in")
	os.MkdirAll(in, 0o755)
	path := filepath.Join(in, "花名册.xlsx")
	head := []any{"班级", "学生姓名", "监护人姓名", "监护人电话", "父亲电话", "最近家访日期", "最近通话日期"}
	rows := [][]any{
		{"三年级(2)班", "王芳", "王奶奶", "13800138001", "13900139001", "2026-11-20", "2026-11-02"},
		{"三年级(2)班", "李强", "李爷爷", "13800138002", "13900139002", "2026-10-15", "2026-10-30"},
		{"四年级(1)班", "张敏", "张奶奶", "13800138003", "13900139003", "", ""},
	}
	write := func(extra ...[]any) {
		t.Helper()
		writeRoster(t, path, append(append([][]any{head}, rows...), extra...))
		addSheets(t, path,
			// Visits in November: 王芳 11-05 and 11-20 (the roster's too), 张敏 11-12: 3 visits, 2 children.
			logSheet{"家访记录", [][]any{{"家访日期", "班级", "学生姓名", "家访教师", "家访内容"},
				{"2026-10-08", "三年级(2)班", "王芳", "陈老师", "十月"}, {"2026-11-05", "三年级(2)班", "王芳", "陈老师", "谈学习"},
				{"2026-11-20", "三年级(2)班", "王芳", "陈老师", "同一天"}, {"2026-11-12", "四年级(1)班", "张敏", "刘老师", "谈心"},
				{"2026-10-15", "三年级(2)班", "李强", "陈老师", "十月"}}},
			// Calls in November: 王芳 11-02 (the roster's), 李强 11-03 and 11-25: 3 calls, 2 children.
			logSheet{"通话记录", [][]any{{"通话日期", "班级", "学生姓名", "通话对象", "通话内容"},
				{"2026-11-03", "三年级(2)班", "李强", "父亲", "一"}, {"2026-11-25", "三年级(2)班", "李强", "父亲", "二"},
				{"2026-10-30", "三年级(2)班", "李强", "父亲", "十月"}}})
	}
	out := filepath.Join(t.TempDir(), "out")
	// Two nights in October (the first keeps the roll the second counts against), then
	// 赵磊 leaves and 钱多 and 孙丽 join in November: 3 → 4 children, +1, 2 new, 1 left.
	write([]any{"四年级(1)班", "赵磊", "赵奶奶", "13800138004", "13900139004", "", ""})
	runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-10-30", in)
	runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-10-31", in)
	write([]any{"四年级(1)班", "钱多", "钱奶奶", "13800138005", "13900139005", "", ""})
	runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-10", in)
	write([]any{"四年级(1)班", "钱多", "钱奶奶", "13800138005", "13900139005", "", ""},
		[]any{"四年级(1)班", "孙丽", "孙奶奶", "13800138006", "13900139006", "", ""})
	runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-28", in)
	code, stdout, stderr := runCmd(t, "report", "--month", "2026-11", "--out", out, in)
	if code != 0 {
		t.Fatalf("report: exit %d\n%s%s", code, stdout, stderr)
	}
	xlsx := filepath.Join(out, "月报（2026年11月）.xlsx")
	want := "未填学校|5|+1|2|1|3|2|3|2"
	if got := monthCells(t, xlsx, "各校", 1, "学校", "月末留守儿童", "较上月", "本月新增", "本月离开", "家访次数", "家访人数", "通话次数", "通话人数"); got != want {
		t.Errorf("各校 = %s, want %s", got, want)
	}
	if got := monthCells(t, xlsx, "各班", 1, "班级", "家访次数", "家访人数", "本月新增"); got != "三年级(2)班|2|1|—" {
		t.Errorf("各班 row 1 = %s", got)
	}
	if got := monthCells(t, xlsx, "各班", 2, "班级", "家访人数"); got != "四年级(1)班|1" {
		t.Errorf("各班 row 2 = %s", got)
	}
	// The month before was October, whose first night kept no roll: its moves are unknown.
	runCmd(t, "report", "--month", "2026-10", "--out", out, in)
	if got := monthCells(t, filepath.Join(out, "月报（2026年10月）.xlsx"), "各校", 1, "本月新增", "本月离开"); got != "—|—" {
		t.Errorf("October's moves: %s, want unknown", got)
	}
	text := squeeze(pdfText(t, filepath.Join(out, "月报（2026年11月）.pdf")))
	if !strings.Contains(text, "留守儿童关爱工作月报（2026年11月）") || !strings.Contains(text, "本月家访3次、通话3次") || !strings.Contains(text, "2/1") {
		t.Errorf("the PDF:\n%s", text)
	}
	if code, _, stderr := runCmd(t, "report", "--month", "2099-01", "--out", out, in); code != exitUsage || !strings.Contains(stderr, "还没有到") {
		t.Errorf("a month to come: exit %d, %s", code, stderr)
	}
}

// monthCells reads the cells of a monthly report's row (1: the first below the header)
// under the headers named, joined by |.
func monthCells(t *testing.T, path, sheet string, row int, headers ...string) string {
	t.Helper()
	book, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.GetRows(sheet)
	if err != nil || len(rows) <= row {
		t.Fatalf("%s: %d rows, %v", sheet, len(rows), err)
	}
	var out []string
	for _, h := range headers {
		i := slices.Index(rows[0], h)
		if i < 0 {
			t.Fatalf("%s has no column %s: %q", sheet, h, rows[0])
		}
		v := ""
		if i < len(rows[row]) {
			v = rows[row][i]
		}
		out = append(out, v)
	}
	return strings.Join(out, "|")
}
