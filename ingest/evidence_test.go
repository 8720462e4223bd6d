package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"liushou/rules"
)

// TestSheetKindByContent: the sheet's name is a hint, its content decides.
func TestSheetKindByContent(t *testing.T) {
	roster := bookSheet{name: "留守儿童关爱帮扶台账", rows: [][]any{
		{"班级", "姓名", "监护人姓名", "父亲电话", "最近一次家访", "最近一次亲情通话"},
		{"三年级(1)班", "王芳", "王奶奶", "13812345678", "2026-11-02", "2026-11-20"},
		{"三年级(1)班", "李强", "李爷爷", "13812345679", "2026-10-02", "2026-11-21"},
	}}
	log := bookSheet{name: "花名册附表", rows: [][]any{
		{"家访时间", "家访教师", "孩子姓名", "所属班级", "家长反馈", "后续计划", "家访形式"},
		{"2026-11-20", "王老师", "王芳", "三(1)班", "很好", "下月再访", "入户"},
		{"2026-10-20", "王老师", "王芳", "三(1)班", "很好", "下月再访", "电话"},
		{"2026-11-25", "张老师", "李强", "三(1)班", "放心", "继续", "入户"},
		{"2026-09-25", "张老师", "李强", "三(1)班", "放心", "继续", "入户"},
	}}
	// A workbook whose only sheet is a 台账 is a roster.
	res := ReadBytes("taizhang.xlsx", book{sheets: []bookSheet{roster}}.bytes(t))
	if res.Input.Status != rules.InputOK || len(res.Children) != 2 || len(res.logs) != 0 {
		t.Fatalf("台账: status %s, %d children, %d log entries; problems %v", res.Input.Status, len(res.Children), len(res.logs), res.Problems)
	}
	if res.Columns[0].Kind != "花名册" {
		t.Errorf("台账 read as %s", res.Columns[0].Kind)
	}
	// A log sheet named 花名册附表 beside it is still a log, and its entries count.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.xlsx"), book{sheets: []bookSheet{roster, log}}.bytes(t), 0o644)
	r, err := Load([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Children) != 2 || len(r.Columns) != 2 || r.Columns[1].Kind != "家访记录" {
		t.Fatalf("children %d, columns %+v", len(r.Children), r.Columns)
	}
	for _, c := range r.Children {
		if len(c.VisitLog) != 2 {
			t.Errorf("%s: %d visits from the log, want 2", c.Name, len(c.VisitLog))
		}
	}
}

// TestColumnsOverride: [columns] changes what is read, for every file or for one file,
// and the column map says so.
func TestColumnsOverride(t *testing.T) {
	rows := [][]any{
		{"班级", "姓名", "联系人", "联系人电话", "巡查日期"},
		{"三年级(1)班", "王芳", "王奶奶", "13812345678", "2026-11-20"},
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.xlsx"), book{sheets: []bookSheet{{name: "花名册", rows: rows}}}.bytes(t), 0o644)
	os.WriteFile(filepath.Join(dir, "b.xlsx"), book{sheets: []bookSheet{{name: "花名册", rows: rows}}}.bytes(t), 0o644)
	load := func(cols []rules.ColumnOverride) rules.Roster {
		t.Helper()
		r, err := Load([]string{filepath.Join(dir, "a.xlsx")}, Options{Columns: cols})
		if err != nil {
			t.Fatal(err)
		}
		return r.Roster
	}
	plain := load(nil).Children[0]
	if plain.Guardian != "" || !plain.LastVisit.IsZero() {
		t.Fatalf("without settings the odd headers should not be read: %+v", plain)
	}
	cols := []rules.ColumnOverride{
		{Header: "联系人", Role: "监护人姓名"}, {Header: "联系人电话", Role: "监护人电话"},
		{File: "a.xlsx", Header: "巡查日期", Role: "最近家访日期"},
		{File: "other.xlsx", Header: "姓名", Role: rules.IgnoreColumn},
	}
	r := load(cols)
	c := r.Children[0]
	if c.Guardian != "王奶奶" || c.GuardianPhone != "13812345678" || c.LastVisit.Time.Format("2006-01-02") != "2026-11-20" {
		t.Errorf("with settings: %+v", c)
	}
	var notes []string
	for _, col := range r.Columns[0].Columns {
		if strings.Contains(col.Note, "[columns]") {
			notes = append(notes, col.Col+" "+col.Role)
		}
	}
	if want := []string{"C 监护人姓名", "D 监护人电话", "E 最近家访日期"}; !reflect.DeepEqual(notes, want) {
		t.Errorf("column map notes %v, want %v", notes, want)
	}
	// A column can be set aside; the entry for one file does not touch another.
	r = load([]rules.ColumnOverride{{Header: "最近家访日期", Role: rules.IgnoreColumn}, {File: "b.xlsx", Header: "巡查日期", Role: "最近家访日期"}})
	if !r.Children[0].LastVisit.IsZero() {
		t.Error("b.xlsx's setting was applied to a.xlsx")
	}
}

// TestCheckColumns: a [columns] role that is no field's name is a settings error naming
// the file, line and entry; every field's name, and 不读取, is accepted.
func TestCheckColumns(t *testing.T) {
	for _, tt := range []struct{ name, file, want string }{
		{"unknown role", "[columns]\n\"身份证件号\" = \"身份证\"\n", "liushou.toml 第 2 行 columns.身份证件号：“身份证”不是可用的列名"},
		{"one file's column", "[columns.\"花名册.xls\"]\n\n\"走访\" = \"家访\"\n", "liushou.toml 第 3 行 columns.花名册.xls.走访：“家访”不是可用的列名"},
		{"every field", "[columns]\n" + func() string {
			var b strings.Builder
			for i, r := range ColumnRoles() {
				fmt.Fprintf(&b, "\"列%d\" = \"%s\"\n", i, r)
			}
			return b.String()
		}(), ""},
	} {
		p, err := rules.ParsePolicy("liushou.toml", []byte(tt.file))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		err = CheckColumns(p.Columns)
		if got := fmt.Sprint(err); tt.want == "" && err != nil || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	if roles := ColumnRoles(); !slices.Contains(roles, "家长微信号") || !slices.Contains(roles, rules.IgnoreColumn) || len(roles) < 30 {
		t.Errorf("roles: %v", roles)
	}
}

// TestPlainField: a field declared with its header words in the table (家长微信号) is
// recognised under its header, read into the child and named in the column map.
func TestPlainField(t *testing.T) {
	rows := [][]any{{"班级", "姓名", "监护人电话", "家长微信号（必填）", "微信联系日期"},
		{"三年级(2)班", "王芳", "13812345678", " wxid_abc123 ", "2026-11-20"}}
	path := filepath.Join(t.TempDir(), "a.xlsx")
	os.WriteFile(path, book{sheets: []bookSheet{{name: "花名册", rows: rows}}}.bytes(t), 0o644)
	loaded, err := Load([]string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := loaded.Roster
	if len(r.Children) != 1 {
		t.Fatalf("%d children", len(r.Children))
	}
	c := r.Children[0]
	if c.WeChat != "wxid_abc123" || c.LastCall.Time.Format("2006-01-02") != "2026-11-20" {
		t.Errorf("微信号 %q, last call %v", c.WeChat, c.LastCall)
	}
	found := false
	for _, sc := range r.Columns {
		for _, col := range sc.Columns {
			found = found || col.Role == "家长微信号"
		}
	}
	if !found {
		t.Errorf("the column map does not name 家长微信号: %+v", r.Columns)
	}
}

// TestMisfitColumns: the values below a header decide between candidates, and a column
// whose values contradict its header is not read, with a warning naming it.
func TestMisfitColumns(t *testing.T) {
	rows := [][]any{{"学校标识码", "班级", "姓名", "身份证件类型", "身份证件号", "监护人", "是否监护人", "家访方式", "家访日期"}}
	for i, n := range []string{"王芳", "李强", "张伟"} {
		rows = append(rows, []any{"2152001234", "三年级(1)班", n, "居民身份证", idWith("20170312", 20+i*2+1), "王奶奶", "是", "入户", "2026-11-20"})
	}
	res := ReadBytes("x.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: rows}}}.bytes(t))
	if len(res.Children) != 3 {
		t.Fatalf("%d children: %v", len(res.Children), res.Problems)
	}
	c := res.Children[0]
	if c.School != "" || c.ID == "" || c.Guardian != "王奶奶" || c.LastVisit.IsZero() {
		t.Errorf("read %+v", c)
	}
	for _, p := range res.Problems {
		t.Errorf("unexpected problem %s %s: %s", p.Cell, p.Code, p.Message)
	}
	// A header that says 电话 over names is not read as phones, and says so.
	rows = [][]any{{"班级", "姓名", "监护人电话"}}
	for _, n := range []string{"王芳", "李强", "张伟"} {
		rows = append(rows, []any{"三年级(1)班", n, "王奶奶"})
	}
	res = ReadBytes("y.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: rows}}}.bytes(t))
	if got := problemCodes(res.Problems); len(got) != 1 || got["花名册!C1"] != "header_values" {
		t.Errorf("problems %v, want header_values at C1", got)
	}
}

// TestCopiesByLikeness: a roster saved twice is read once, the newer copy, even when a
// few rows differ; the rows that differ are pointed out; counts are of children kept.
func TestCopiesByLikeness(t *testing.T) {
	head := []any{"班级", "姓名", "身份证号", "最近家访日期"}
	var a, b [][]any
	a, b = append(a, head), append(b, head)
	for i, n := range []string{"王芳", "李强", "张伟", "赵敏", "陈刚"} {
		id := idWith("20170312", 11+i*2)
		a = append(a, []any{"三年级(1)班", n, id, "2026-11-01"})
		row := []any{"三年级(1)班", n, id, "2026-11-01"}
		if n == "张伟" {
			row[2] = badCheck(id) // one ID edited in the copy
		}
		if n == "赵敏" {
			row[3] = "2026-11-20" // one visit newer
		}
		b = append(b, row)
	}
	dir := t.TempDir()
	old, newer := filepath.Join(dir, "花名册.xlsx"), filepath.Join(dir, "花名册(1).xlsx")
	os.WriteFile(old, book{sheets: []bookSheet{{name: "花名册", rows: a}}}.bytes(t), 0o644)
	os.WriteFile(newer, book{sheets: []bookSheet{{name: "花名册", rows: b}}}.bytes(t), 0o644)
	now := time.Now()
	os.Chtimes(old, now.Add(-48*time.Hour), now.Add(-48*time.Hour))
	os.Chtimes(newer, now.Add(-time.Hour), now.Add(-time.Hour))
	r, err := Load([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Children) != 5 {
		t.Fatalf("%d children, want 5", len(r.Children))
	}
	for _, c := range r.Children {
		if c.File != "花名册(1).xlsx" {
			t.Errorf("child read from %s, want the newer file", c.File)
		}
	}
	codes := map[string]int{}
	for _, p := range r.Problems {
		codes[p.Code]++
		if p.Code == "duplicate_file" && (!strings.Contains(p.Message, "花名册.xlsx") || !strings.Contains(p.Message, "花名册(1).xlsx")) {
			t.Errorf("duplicate_file names not both files: %s", p.Message)
		}
	}
	// One warning for the copy, one per differing row (the checksum error of the copy's
	// edited ID is the newer file's own and stays).
	if codes["duplicate_file"] != 1 || codes["duplicate_file_diff"] != 2 || codes["duplicate_id"] != 0 {
		t.Errorf("codes %v", codes)
	}
	for _, in := range r.Inputs {
		switch in.File {
		case "花名册.xlsx":
			if in.Status != rules.InputIgnored || in.Children != 0 {
				t.Errorf("older copy: %+v", in)
			}
		default:
			if in.Status != rules.InputOK || in.Children != 5 {
				t.Errorf("newer copy: %+v", in)
			}
		}
	}
}

// TestInputCountsKeptChildren: a row dropped as a duplicate ID is not counted.
func TestInputCountsKeptChildren(t *testing.T) {
	id := idWith("20170312", 11)
	rows := [][]any{{"班级", "姓名", "身份证号"}, {"三年级(1)班", "王芳", id}, {"三年级(1)班", "王芳芳", id}, {"三年级(1)班", "李强", idWith("20170312", 13)}}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.xlsx"), book{sheets: []bookSheet{{name: "花名册", rows: rows}}}.bytes(t), 0o644)
	r, err := Load([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Children) != 2 || r.Inputs[0].Children != 2 {
		t.Errorf("children %d, inputs[0].children %d, want 2 and 2", len(r.Children), r.Inputs[0].Children)
	}
}

// TestDatesWithoutYear: the latest such date not after the as-of date, and a 29 February
// in the last leap year.
func TestDatesWithoutYear(t *testing.T) {
	asOf := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want string
		year int
		code string
	}{
		{"11月23日", "2026-11-23", 2026, ""},
		{"11.28", "2026-11-28", 2026, ""},
		{"11.29", "2025-11-29", 2025, ""},
		{"12月1日", "2025-12-01", 2025, ""},
		{"2月29日", "2024-02-29", 2024, ""},
		{"１１／２３", "2026-11-23", 2026, ""},
		{"11月31日", "", 0, "date_invalid"},
		{"13.1", "", 0, "date_invalid"},
		{"2026-11-23", "2026-11-23", 0, ""},
	}
	for _, tt := range tests {
		got, year, err := parseDateAsOf(tt.in, asOf)
		switch {
		case tt.code != "":
			if err == nil || err.(*dateError).code != tt.code {
				t.Errorf("%q: err %v, want %s", tt.in, err, tt.code)
			}
		case err != nil:
			t.Errorf("%q: %v", tt.in, err)
		case got.Format("2006-01-02") != tt.want || year != tt.year:
			t.Errorf("%q = %s (year %d), want %s (%d)", tt.in, got.Format("2006-01-02"), year, tt.want, tt.year)
		}
	}
	// Without an as-of date such a date is not guessed.
	if _, err := parseDate("11月23日"); err == nil || err.(*dateError).code != "date_no_year" {
		t.Errorf("parseDate without as-of: %v", err)
	}
}

// TestGroupOverPersons: a group that names what is held (联系电话, 务工地点) over sub-columns
// that name whose (父亲, 母亲, 监护人) reads as the father's phone, the mother's work place…,
// with the merges (.xlsx) and without them (the group in its first cell only, as .xls).
func TestGroupOverPersons(t *testing.T) {
	top := []any{"班级", "学生姓名", "联系电话", nil, nil, "务工地点", nil}
	sub := []any{nil, nil, "父亲", "母亲", "监护人", "父亲", "母亲"}
	row := []any{"三年级(1)班", "王芳", "13812345678", "13912345678", "13712345678", "广东省东莞市长安镇", "浙江省义乌市"}
	for _, merged := range []bool{true, false} {
		sh := bookSheet{name: "花名册", rows: [][]any{top, sub, row}}
		if merged {
			sh.merges = [][2]string{{"C1", "E1"}, {"F1", "G1"}, {"A1", "A2"}, {"B1", "B2"}}
		}
		res := ReadBytes("g.xlsx", book{sheets: []bookSheet{sh}}.bytes(t))
		if len(res.Children) != 1 {
			t.Fatalf("merged %v: %d children %v", merged, len(res.Children), res.Problems)
		}
		c := res.Children[0]
		if c.Father.Phone != "13812345678" || c.Mother.Phone != "13912345678" || c.GuardianPhone != "13712345678" ||
			c.Father.WorkPlace != "广东省东莞市长安镇" || c.Mother.WorkPlace != "浙江省义乌市" {
			t.Errorf("merged %v: read %+v", merged, c)
		}
	}
}

// TestHugeFileFailsAlone: a file far larger than any roster is not read into memory; it
// fails with its size, and the roster beside it is read.
func TestHugeFileFailsAlone(t *testing.T) {
	dir := t.TempDir()
	big, err := os.Create(filepath.Join(dir, "备份.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	big.Truncate(maxFileSize + 1) // sparse: no disk used
	big.Close()
	os.WriteFile(filepath.Join(dir, "a.xlsx"), book{sheets: []bookSheet{{name: "花名册", rows: [][]any{{"班级", "学生姓名"}, {"三年级(1)班", "王芳"}}}}}.bytes(t), 0o644)
	r, err := Load([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Children) != 1 || r.Inputs[1].Status != rules.InputFailed || !strings.Contains(r.Inputs[1].Reason, "MB") {
		t.Errorf("children %d, inputs %+v", len(r.Children), r.Inputs)
	}
}

// TestMemberColumnVariants: family members numbered in Chinese, or as 家庭成员或监护人1.
func TestMemberColumnVariants(t *testing.T) {
	for _, head := range [][]any{
		{"班级", "姓名", "家庭成员或监护人1姓名", "家庭成员或监护人1关系", "家庭成员或监护人1联系电话", "家庭成员或监护人1是否监护人"},
		{"班级", "姓名", "监护人一姓名", "监护人一关系", "监护人一联系电话", "监护人一是否监护人"},
	} {
		rows := [][]any{head, {"三年级(1)班", "王芳", "王建国", "父亲", "13812345678", "否"}}
		res := ReadBytes("m.xlsx", book{sheets: []bookSheet{{name: "学生信息", rows: rows}}}.bytes(t))
		if len(res.Children) != 1 || res.Children[0].Father.Phone != "13812345678" || res.Children[0].Father.Name != "王建国" {
			t.Errorf("%v: read %+v %v", head[2], res.Children, res.Problems)
		}
	}
}
