package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"liushou/rules"
)

// fixtures are every workbook the tests keep: the sample, the shared rosters of other
// office software, the official forms, LibreOffice's saves and the crafted broken files.
func fixtures(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, dir := range []string{"../samples", "testdata/rosters", "testdata/forms", "testdata/libreoffice", "testdata/crafted"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			switch strings.ToLower(filepath.Ext(e.Name())) {
			case ".xlsx", ".xls", ".csv", ".ods":
				out = append(out, filepath.Join(dir, e.Name()))
			}
		}
	}
	return out
}

// TestRowAccountAddsUp: for every fixture, every sheet's rows are each a child, a log
// entry or a row not counted with a reason, and (for .xlsx, counted independently with
// excelize, merged ranges included) the rows the account knows are the rows the sheet
// holds.
func TestRowAccountAddsUp(t *testing.T) {
	for _, path := range fixtures(t) {
		t.Run(path, func(t *testing.T) {
			roster, err := Load([]string{path}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			children := 0
			for _, in := range roster.Inputs {
				for _, a := range in.Sheets {
					if !a.Balanced() {
						t.Errorf("%s: %d rows, %d children + %d logs + %d not counted: %+v", a.Sheet, a.Rows, a.Children, a.Logs, a.SkippedRows(), a.Skipped)
					}
					for _, s := range a.Skipped {
						if s.Reason == "" || s.Count <= 0 || s.To < s.From {
							t.Errorf("%s: a skip without its reason or rows: %+v", a.Sheet, s)
						}
					}
					children += a.Children
				}
				if in.Status == "ok" && children != in.Children {
					t.Errorf("%s: the sheets count %d children, the file %d", in.File, children, in.Children)
				}
			}
			if children != len(roster.Children) {
				t.Errorf("the accounts count %d children, the roster holds %d", children, len(roster.Children))
			}
			data, _ := os.ReadFile(path)
			counted := path
			if isODS(data) {
				// LibreOffice's .ods of an .xlsx beside it holds the same rows.
				counted = strings.TrimSuffix(path, ".ods") + ".xlsx"
			}
			if _, err := os.Stat(counted); err == nil && sniff(data) == kindZip && len(roster.Inputs) == 1 && roster.Inputs[0].Status == "ok" {
				want := filledRowsOf(t, counted)
				for _, a := range roster.Inputs[0].Sheets {
					if a.Rows != want[a.Sheet] {
						t.Errorf("%s: the account knows %d rows, the sheet holds %d", a.Sheet, a.Rows, want[a.Sheet])
					}
				}
			}
		})
	}
}

// filledRowsOf counts, with excelize, the rows of each sheet that hold something, a row
// covered by a merged range whose first cell holds something included.
func filledRowsOf(t *testing.T, path string) map[string]int {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]int{}
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		filled := map[int]bool{}
		for r, row := range rows {
			for _, v := range row {
				if strings.TrimSpace(v) != "" {
					filled[r+1] = true
					break
				}
			}
		}
		merges, _ := f.GetMergeCells(sh)
		for _, m := range merges {
			if strings.TrimSpace(m.GetCellValue()) == "" {
				continue
			}
			_, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
			_, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
			for r := r1; r <= r2; r++ {
				filled[r] = true
			}
		}
		out[sh] = len(filled)
	}
	return out
}

// TestWhoIsCurrent: a roster as a school keeps it at the end of a term: a status column,
// rows hidden by hand and by a filter, a hidden sheet of last year's list and a hidden
// copy, an empty 模板 sheet, a 谈心记录 sheet and a sign-off line under the table.
func TestWhoIsCurrent(t *testing.T) {
	dir := t.TempDir()
	writeBook(t, dir, "花名册.xlsx", whoIsCurrentBook())
	checkWhoIsCurrent(t, dir)
}

// TestWhoIsCurrentXLS: the same workbook saved as .xls by LibreOffice (WPS's default
// format): hidden sheets and rows are read from its own records.
func TestWhoIsCurrentXLS(t *testing.T) {
	checkWhoIsCurrent(t, filepath.Join("testdata", "libreoffice", "who-is-current.xls"))
}

// TestWriteWhoIsCurrentXLS rewrites that fixture (needs soffice).
func TestWriteWhoIsCurrentXLS(t *testing.T) {
	if !*updateForms {
		t.Skip("run with -update-forms to rewrite testdata/libreoffice/who-is-current.xls")
	}
	dir := t.TempDir()
	writeBook(t, dir, "who-is-current.xlsx", whoIsCurrentBook())
	toXLS(t, filepath.Join(dir, "who-is-current.xlsx"))
	b, err := os.ReadFile(filepath.Join(dir, "who-is-current.xls"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join("testdata", "libreoffice", "who-is-current.xls"), b, 0o644)
}

// whoIsCurrentBook is a roster as a school keeps it at the end of a term.
func whoIsCurrentBook() book {
	head := []any{"班级", "学生姓名", "身份证号", "监护人", "在校状态", "备注"}
	main := [][]any{{"三年级(2)班留守儿童花名册"}, head}
	for i := 0; i < 8; i++ {
		status := "在校"
		switch i {
		case 2:
			status = "转出"
		case 3:
			status = "已离校"
		case 5:
			status = ""
		}
		main = append(main, []any{"三年级(2)班", fmt.Sprintf("学生%c", '甲'+rune(i)), testID(i), "祖母", status, ""})
	}
	main = append(main, []any{"", "班主任：张老师  2026年9月"})
	old := [][]any{head}
	for i := 0; i < 8; i++ {
		old = append(old, []any{"二年级(2)班", fmt.Sprintf("学生%c", '甲'+rune(i)), testID(i), "祖母", "在校", ""})
	}
	copyRows := [][]any{head}
	for i := 0; i < 6; i++ {
		copyRows = append(copyRows, []any{"三年级(2)班", fmt.Sprintf("学生%c", '甲'+rune(i)), testID(i), "祖母", "在校", ""})
	}
	talks := [][]any{{"班级", "学生姓名", "谈心日期", "谈心内容", "谈心教师"},
		{"三年级(2)班", "学生甲", "2026-10-09", "想妈妈", "张老师"}, {"三年级(2)班", "学生乙", "2026-10-12", "学习", "张老师"}}
	return book{sheets: []bookSheet{
		{name: "花名册", rows: main, hiddenRows: []int{5, 6, 8}}, // rows 5 and 6: 转出, 已离校; row 8: hidden with no status
		{name: "2025年秋季名单", rows: old, hidden: true},
		{name: "Sheet3", rows: copyRows, hidden: true},
		{name: "模板", rows: [][]any{head}},
		{name: "谈心记录", rows: talks},
	}}
}

func checkWhoIsCurrent(t *testing.T, path string) {
	t.Helper()
	roster, err := Load([]string{path}, Options{AsOf: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(roster.Children) != 6 {
		t.Errorf("%d children, want 6 (8 rows, 2 gone)", len(roster.Children))
	}
	accountsBalance(t, roster)
	acc := map[string]rules.SheetAccount{}
	for _, a := range roster.Inputs[0].Sheets {
		acc[a.Sheet] = a
	}
	want := map[string]struct {
		kind           string
		children, logs int
	}{
		"花名册":       {"花名册", 6, 0},
		"2025年秋季名单": {"旧名单", 0, 0},
		"Sheet3":    {"旧名单", 0, 0},
		"模板":        {"花名册", 0, 0},
		"谈心记录":      {"谈心记录", 0, 2},
	}
	for sheet, w := range want {
		a, ok := acc[sheet]
		if !ok || a.Kind != w.kind || a.Children != w.children || a.Logs != w.logs {
			t.Errorf("%s: %+v, want kind %s, %d children, %d logs", sheet, a, w.kind, w.children, w.logs)
		}
	}
	tally := map[string]int{}
	for _, s := range acc["花名册"].Skipped {
		tally[s.Kind()] += s.Count
	}
	if tally["不在校"] != 2 || tally["落款或说明"] != 1 || tally["标题"] != 1 || tally["表头"] != 1 {
		t.Errorf("花名册's rows not counted: %v", tally)
	}
	codes := map[string]int{}
	for _, p := range roster.Problems {
		codes[p.Code]++
		if p.Code == "duplicate_id" || p.Code == "missing_name" || p.Code == "missing_children" {
			t.Errorf("a false problem: %+v", p)
		}
	}
	// Rows 5 and 6 are hidden with their status; row 8 is hidden without one.
	for _, p := range roster.Problems {
		if p.Code == "hidden_rows" && !strings.Contains(p.Message, "有 1 名学生在隐藏的行里") {
			t.Errorf("hidden rows: %s", p.Message)
		}
	}
	if codes["hidden_rows"] != 1 {
		t.Errorf("the hidden row without a status was not said: %v", codes)
	}
	if codes["hidden_sheet_old"] != 2 {
		t.Errorf("the two hidden older lists were not said: %v", codes)
	}
}

// TestHiddenRowsWithoutStatus: rows hidden by hand with no status are read, with one
// warning that counts them; rows hidden by an autofilter are a view, read without one.
func TestHiddenRowsWithoutStatus(t *testing.T) {
	rows := [][]any{{"班级", "学生姓名", "监护人"}}
	for i := 0; i < 6; i++ {
		rows = append(rows, []any{"三年级(2)班", fmt.Sprintf("学生%c", '甲'+rune(i)), "祖母"})
	}
	for _, tc := range []struct {
		name   string
		filter string
		warn   bool
	}{{"by hand", "", true}, {"by a filter", "A1:C7", false}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeBook(t, dir, "花名册.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: rows, hiddenRows: []int{3, 4}, filter: tc.filter}}})
			roster, err := Load([]string{dir}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(roster.Children) != 6 {
				t.Errorf("%d children, want 6", len(roster.Children))
			}
			warned := false
			for _, p := range roster.Problems {
				if p.Code == "hidden_rows" {
					warned = strings.Contains(p.Message, "有 2 名学生在隐藏的行里")
				}
			}
			if warned != tc.warn {
				t.Errorf("warning about 2 hidden rows: %v, want %v: %+v", warned, tc.warn, roster.Problems)
			}
		})
	}
}

// TestClassWhereAClerkWritesIt: the class in the file name, in the folders, or the grade
// in the sheet's name with a 班级 column of 2班.
func TestClassWhereAClerkWritesIt(t *testing.T) {
	for _, tc := range []struct {
		name       string
		path       string
		sheet      string
		classCol   string // "" for no 班级 column
		want       string
		wantErrors bool
	}{
		{"file name", "三年级二班留守儿童.xlsx", "Sheet1", "", "三年级(2)班", false},
		{"folder and file", "五年级/3班.xlsx", "Sheet1", "", "五年级(3)班", false},
		{"folder", "六年级(1)班/名单.xlsx", "Sheet1", "", "六年级(1)班", false},
		{"sheet named for its grade", "花名册.xlsx", "七年级", "2班", "七年级(2)班", false},
		{"folder named for its grade", "初一/花名册.xlsx", "Sheet1", "(2)班", "七年级(2)班", false},
		{"nothing says it", "花名册.xlsx", "Sheet1", "", "未填班级", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			head := []any{"学生姓名", "监护人", "监护人电话"}
			row := []any{"王芳", "祖母", "13812345678"}
			if tc.classCol != "" {
				head = append([]any{"班级"}, head...)
				row = append([]any{tc.classCol}, row...)
			}
			os.MkdirAll(filepath.Dir(filepath.Join(dir, tc.path)), 0o755)
			writeBook(t, dir, tc.path, book{sheets: []bookSheet{{name: tc.sheet, rows: [][]any{head, row}}}})
			roster, err := Load([]string{dir}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(roster.Children) != 1 || roster.Children[0].Class != tc.want {
				t.Fatalf("children %+v, want class %s", roster.Children, tc.want)
			}
			errs := false
			for _, p := range roster.Problems {
				errs = errs || p.Severity == rules.Error || p.Code == "class_unrecognised"
			}
			if errs != tc.wantErrors {
				t.Errorf("problems %+v", roster.Problems)
			}
		})
	}
}
