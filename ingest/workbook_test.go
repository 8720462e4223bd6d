package ingest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"liushou/rules"
)

// book builds a workbook in a test: sheets of rows (row 1 first), merges per sheet,
// and optional styled cells.
type book struct {
	sheets []bookSheet
}

type bookSheet struct {
	name   string
	rows   [][]any
	merges [][2]string
	styles map[string]*excelize.Style
	// hiddenRows (1-based) are hidden by hand, or by an autofilter over filter (A1:C9);
	// hidden hides the sheet.
	hiddenRows []int
	filter     string
	hidden     bool
}

func (b book) bytes(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range b.sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range s.merges {
			if err := f.MergeCell(s.name, m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range s.hiddenRows {
			f.SetRowVisible(s.name, r, false)
		}
		if s.filter != "" {
			f.AutoFilter(s.name, s.filter, nil)
		}
		for cell, st := range s.styles {
			id, err := f.NewStyle(st)
			if err != nil {
				t.Fatal(err)
			}
			f.SetCellStyle(s.name, cell, cell, id)
		}
	}
	for _, s := range b.sheets {
		if s.hidden {
			if err := f.SetSheetVisible(s.name, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeBook(t *testing.T, dir, name string, b book) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), b.bytes(t), 0o644); err != nil {
		t.Fatal(err)
	}
}

func problemCodes(ps []rules.Problem) map[string]string {
	out := map[string]string{}
	for _, p := range ps {
		out[p.Sheet+"!"+p.Cell] = p.Code
	}
	return out
}

var day = func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// TestTwoLevelHeader: a merged title row, a filled-in line, then 父亲/母亲/监护人 merged
// over their sub-columns, with the single columns merged over both header rows.
func TestTwoLevelHeader(t *testing.T) {
	data := book{sheets: []bookSheet{{
		name: "花名册",
		rows: [][]any{
			{"青石镇中心小学2026年秋季学期留守儿童登记表"},
			{"填报单位（盖章）：", "", "", "填报日期：2026年9月5日"},
			{"序号", "班级", "学生姓名", "身份证号", "监护人", "", "", "父亲", "", "", "母亲", "", "", "结对帮扶教师", "最近家访日期", "最近通话日期", "必访情况", "情况登记日期"},
			{"", "", "", "", "姓名", "关系", "联系电话", "姓名", "务工地点", "联系电话", "姓名", "务工地点", "联系电话"},
			{1, "三年级（2）班", "王　芳", "522401201908122589", "李桂英", "祖母", "13698765432", "王建军", "广东省东莞市长安镇", "138 1234 5678", "张丽", "浙江省义乌市", "", "陈晓燕", day(2026, 11, 3), "2026.11.20", "情绪低落", "2026年11月10日"},
			{2, "三年级2班", "赵磊", "52240120190523127X", "赵德", "祖父", "", "", "", "", "", "", "", "陈晓燕", "", "", "", ""},
			{3, "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""},
			{"合计", "", "2人"},
			{"填表人：杨秀英　　审核人：王建国"},
		},
		merges: [][2]string{{"A1", "R1"}, {"A3", "A4"}, {"B3", "B4"}, {"C3", "C4"}, {"D3", "D4"}, {"E3", "G3"}, {"H3", "J3"}, {"K3", "M3"},
			{"N3", "N4"}, {"O3", "O4"}, {"P3", "P4"}, {"Q3", "Q4"}, {"R3", "R4"}, {"A9", "R9"}},
		styles: map[string]*excelize.Style{"O5": {NumFmt: 14}},
	}}}
	res := ReadBytes("x.xlsx", data.bytes(t))
	if res.Input.Status != rules.InputOK {
		t.Fatalf("status %s: %s", res.Input.Status, res.Input.Reason)
	}
	if len(res.Children) != 2 {
		t.Fatalf("read %d children, want 2 (a numbered empty row, a total and a footer are not children): %+v", len(res.Children), res.Problems)
	}
	c := res.Children[0]
	want := rules.Child{File: "x.xlsx", Sheet: "花名册", Row: 5, School: "青石镇中心小学", Class: "三年级(2)班", Name: "王芳",
		ID: "522401201908122589", Gender: "女", Birth: day(2019, 8, 12), Guardian: "李桂英", GuardianRelation: "祖母", GuardianPhone: "13698765432",
		Father:  rules.Parent{Name: "王建军", WorkPlace: "广东省东莞市长安镇", Phone: "13812345678"},
		Mother:  rules.Parent{Name: "张丽", WorkPlace: "浙江省义乌市"},
		Teacher: "陈晓燕", SignText: "情绪低落", SignCell: "Q5"}
	got := c
	got.LastVisit, got.LastCall, got.SignDate = rules.Date{}, rules.Date{}, rules.Date{}
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("child\n got %+v\nwant %+v", got, want)
	}
	if !c.LastVisit.Time.Equal(day(2026, 11, 3)) || c.LastVisit.Cell != "O5" {
		t.Errorf("last visit = %+v", c.LastVisit)
	}
	if !c.LastCall.Time.Equal(day(2026, 11, 20)) || !c.SignDate.Time.Equal(day(2026, 11, 10)) {
		t.Errorf("call %v, sign date %v", c.LastCall.Time, c.SignDate.Time)
	}
	if res.Children[1].Class != "三年级(2)班" {
		t.Errorf("second child's class %q", res.Children[1].Class)
	}
	for _, p := range res.Problems {
		t.Errorf("unexpected problem %s at %s: %s", p.Code, p.Cell, p.Message)
	}
}

// TestSheetPerClass: no class column; the class comes from the sheet name, the school
// from the title row.
func TestSheetPerClass(t *testing.T) {
	sheet := func(name string, who string) bookSheet {
		return bookSheet{name: name, rows: [][]any{
			{"红星小学留守儿童花名册"},
			{"序号", "学生姓名", "性别", "临时监护人姓名", "与临时监护人的关系", "父亲联系电话"},
			{1, who, "男", "丁沐", "祖母", "13774793255"},
		}, merges: [][2]string{{"A1", "F1"}}}
	}
	data := book{sheets: []bookSheet{sheet("一(1)班", "许梓涵"), sheet("三年级2班", "周紫桐"), {name: "说明", rows: [][]any{{"本表每月更新"}}}}}
	res := ReadBytes("hx.xlsx", data.bytes(t))
	if len(res.Children) != 2 {
		t.Fatalf("children %d: %+v", len(res.Children), res.Problems)
	}
	for i, want := range []string{"一年级(1)班", "三年级(2)班"} {
		if c := res.Children[i]; c.Class != want || c.School != "红星小学" {
			t.Errorf("child %d in %s %s, want 红星小学 %s", i, c.School, c.Class, want)
		}
	}
	if len(res.Problems) != 0 {
		t.Errorf("problems: %+v", res.Problems)
	}
}

// TestXuejiExport: every pupil is listed; only the left-behind ones are children.
func TestXuejiExport(t *testing.T) {
	for _, tt := range []struct {
		name   string
		values []any
		want   int
	}{
		{"text", []any{"非留守儿童", "单亲留守儿童", "双亲留守儿童", "是", "否"}, 3},
		{"codes 0/1/2", []any{0, 1, 2, 0, 2}, 3},
		{"codes 1/2/3", []any{1, 2, 3, 1, 3}, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rows := [][]any{{"学校名称", "年级", "班级", "姓名", "是否留守儿童", "监护人"}}
			for i, v := range tt.values {
				rows = append(rows, []any{"青山小学", "四年级", i%2 + 1, fmt.Sprintf("学生%c", '甲'+i), v, "某人"})
			}
			res := ReadBytes("xj.xlsx", book{sheets: []bookSheet{{name: "学生信息", rows: rows}}}.bytes(t))
			if len(res.Children) != tt.want || res.Input.NotLeftBehind != len(tt.values)-tt.want {
				t.Errorf("children %d, not left behind %d; want %d and %d", len(res.Children), res.Input.NotLeftBehind, tt.want, len(tt.values)-tt.want)
			}
			for _, c := range res.Children {
				if !strings.HasPrefix(c.Class, "四年级(") {
					t.Errorf("class %q", c.Class)
				}
			}
		})
	}
}

// TestBadValues plants one bad value per cell and wants its problem, at that cell.
func TestBadValues(t *testing.T) {
	header := []any{"班级", "学生姓名", "性别", "身份证号", "出生日期", "监护人电话", "父亲电话", "最近家访日期", "最近通话日期"}
	rows := [][]any{header,
		{"三年级(2)班", "甲", "女", "522426201905093493", "", "13812345678", "", "", ""},     // D2 checksum
		{"三年级(2)班", "乙", "女", "522426201905093492", "", "1381234567", "", "", ""},      // D3 gender mismatch: ID says 男; F3 phone
		{"三年级(2)班", "丙", "", "522426201902303492", "", "", "", "2026-02-30", "26.9.1"}, // D4 birth; H4 invalid; I4 two-digit year
		{"三年级(2)班", "丁", "", "522426201905093492", "", "", "", "", ""},                 // D5 duplicate ID of row 3
		{"三年级(2)班", "", "", "", "", "13912345678", "", "", ""},                         // B6 data but no name
		{"三年级(2)班", "甲", "", "", "2019-05-10", "", "", "", ""},                         // B7 same class and name; D7 missing ID
		{"三年级(2)班", "戊", "", "522426201905093492x", "", "", "", "", ""},                // D8 length
		{"三年级(2)班", "己", "", 522426201905093000.0, "", "", "", "", ""},                 // D9 stored as a number
		{"三年级(2)班", "庚", "", "110101201905093490", "2019-05-10", "", "电话号码不详", "", ""}, // E10 birth mismatch? (ID 2019-05-09); G10 phone
	}
	res := ReadBytes("bad.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: rows}}}.bytes(t))
	// Duplicates are checked across the whole run, in Load.
	rk := newRunKeys(res.Children, res.refs)
	res.Problems = dropDuplicates(rk, res.Problems, accounts{})
	res.Children = rk.keep(res.Children)
	got := problemCodes(res.Problems)
	want := map[string]string{
		"花名册!D2":  "id_checksum",
		"花名册!C3":  "id_gender_mismatch",
		"花名册!F3":  "phone_invalid",
		"花名册!D4":  "id_birth",
		"花名册!H4":  "date_invalid",
		"花名册!I4":  "date_two_digit_year",
		"花名册!D5":  "duplicate_id",
		"花名册!B6":  "missing_name",
		"花名册!B7":  "duplicate_name",
		"花名册!D7":  "missing_id",
		"花名册!D8":  "id_length",
		"花名册!D9":  "id_numeric",
		"花名册!E10": "id_birth_mismatch",
		"花名册!G10": "phone_invalid",
	}
	for cell, code := range want {
		if got[cell] != code {
			t.Errorf("%s: got %q, want %q", cell, got[cell], code)
		}
	}
	for cell, code := range got {
		if want[cell] == "" {
			t.Errorf("unexpected %s at %s", code, cell)
		}
	}
	// The duplicate ID's row and the nameless row are not children; all others are.
	if len(res.Children) != 7 {
		t.Errorf("children %d, want 7", len(res.Children))
	}
	for _, p := range res.Problems {
		if p.File != "bad.xlsx" || p.Row == 0 || p.Message == "" {
			t.Errorf("problem without its place or message: %+v", p)
		}
	}
}

// TestUnreadableFiles: each kind of file that is not a roster fails with its own reason,
// and the other files of the run are still read.
func TestUnreadableFiles(t *testing.T) {
	dir := t.TempDir()
	good := book{sheets: []bookSheet{{name: "花名册", rows: [][]any{{"班级", "学生姓名"}, {"三年级(2)班", "王芳"}}}}}.bytes(t)
	corrupt := bytes.Clone(good)
	// Flip a byte inside the first stored part: the zip checksum no longer matches.
	corrupt[60] ^= 0xFF
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	files := map[string][]byte{
		"a-good.xlsx":        good,
		"b-empty.xlsx":       {},
		"c-truncated.xlsx":   good[:len(good)/2],
		"d-encrypted.xlsx":   append(bytes.Clone(ole), utf16le("EncryptionInfo")...),
		"e-broken.xls":       ole,
		"f-export.csv":       []byte("学生姓名,班级\n李明,三年级2班\n"),
		"j-random.xlsx":      []byte("这不是表格"),
		"g-corrupt.xlsx":     corrupt,
		"~$gone.xlsx":        []byte("owner"),
		"h-notes.docx":       []byte("PK\x03\x04"),
		"i-no-header.xlsx":   book{sheets: []bookSheet{{name: "Sheet1", rows: [][]any{{"本学期工作计划"}, {"一、", "家访"}}}}}.bytes(t),
		"picture.png":        {0x89, 'P', 'N', 'G'},
		".hidden/other.xlsx": good,
	}
	for name, b := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	roster, err := Load([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"a-good.xlsx":      "ok",
		"b-empty.xlsx":     "failed file_empty",
		"c-truncated.xlsx": "failed file_corrupt",
		"d-encrypted.xlsx": "failed file_encrypted",
		"e-broken.xls":     "failed file_corrupt",
		"f-export.csv":     "ok",
		"j-random.xlsx":    "failed file_not_excel",
		"g-corrupt.xlsx":   "failed file_corrupt",
		"h-notes.docx":     "ignored",
		"i-no-header.xlsx": "failed header_not_found",
	}
	codes := map[string]string{}
	for _, p := range roster.Problems {
		if p.Sheet == "" {
			codes[p.File] = p.Code
		}
	}
	var got []string
	for _, in := range roster.Inputs {
		s := in.Status
		if in.Status == rules.InputFailed {
			s += " " + codes[in.File]
		}
		if want[in.File] != s {
			t.Errorf("%s: %s (%s), want %s", in.File, s, in.Reason, want[in.File])
		}
		if in.Status != rules.InputOK && in.Reason == "" {
			t.Errorf("%s: no reason given", in.File)
		}
		got = append(got, in.File)
	}
	if len(got) != len(want) {
		t.Errorf("inputs %q; want exactly %d (no lock file, picture or hidden folder)", got, len(want))
	}
	if len(roster.Children) != 2 || roster.Children[0].Name != "王芳" || roster.Children[1].Name != "李明" {
		t.Errorf("the good roster was not read: %+v", roster.Children)
	}
}

// TestSkipsOutputFolder: a run over a folder that holds its own output does not read it.
func TestSkipsOutputFolder(t *testing.T) {
	dir := t.TempDir()
	good := book{sheets: []bookSheet{{name: "花名册", rows: [][]any{{"班级", "学生姓名"}, {"三年级(2)班", "王芳"}}}}}.bytes(t)
	os.WriteFile(filepath.Join(dir, "roster.xlsx"), good, 0o644)
	os.MkdirAll(filepath.Join(dir, "out"), 0o755)
	os.WriteFile(filepath.Join(dir, "out", "copy.xlsx"), good, 0o644)
	roster, err := Load([]string{dir}, Options{Skip: filepath.Join(dir, "out")})
	if err != nil {
		t.Fatal(err)
	}
	if len(roster.Inputs) != 1 || len(roster.Children) != 1 {
		t.Errorf("inputs %+v", roster.Inputs)
	}
}

// TestCopyOfARoster: the same roster saved twice is read once, with one warning.
func TestCopyOfARoster(t *testing.T) {
	dir := t.TempDir()
	b := book{sheets: []bookSheet{{name: "花名册", rows: [][]any{{"班级", "学生姓名", "身份证号"},
		{"三年级(2)班", "王芳", "522401201908122589"}, {"三年级(2)班", "赵磊", "52240120190523127X"}}}}}
	writeBook(t, dir, "花名册.xlsx", b)
	writeBook(t, dir, "花名册 - 副本.xlsx", b)
	roster, err := Load([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(roster.Children) != 2 {
		t.Errorf("%d children, want 2", len(roster.Children))
	}
	// Saved in the same second: the name that does not say 副本 is read.
	if len(roster.Problems) != 1 || roster.Problems[0].Code != "duplicate_file" || roster.Problems[0].File != "花名册 - 副本.xlsx" {
		t.Errorf("problems %+v", roster.Problems)
	}
	if roster.Inputs[0].Status != rules.InputIgnored || !strings.Contains(roster.Inputs[0].Reason, "已按 花名册.xlsx 读取") {
		t.Errorf("inputs %+v", roster.Inputs)
	}
	for _, in := range roster.Inputs {
		for _, a := range in.Sheets {
			if !a.Balanced() {
				t.Errorf("%s %s: the row account does not add up: %+v", in.File, a.Sheet, a)
			}
		}
	}
}

// FuzzIngest feeds arbitrary bytes to the reader, seeded with the sample roster and the
// example rosters: it must never panic, and always give a status with a reason.
func FuzzIngest(f *testing.F) {
	for _, p := range []string{"../samples/roster.xlsx", filepath.Join(sharedRosters, "hongxing-classes.xlsx"), filepath.Join(sharedRosters, "xueji-export.xlsx"), "testdata/libreoffice/sample-roster.ods"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	crafted, _ := filepath.Glob(filepath.Join(craftedDir, "*"))
	for _, p := range crafted {
		if b, err := os.ReadFile(p); err == nil && len(b) < 100<<10 { // not the zip bomb
			f.Add(b)
		}
	}
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res := ReadBytes("fuzz.xlsx", data)
		switch res.Input.Status {
		case rules.InputOK:
		case rules.InputFailed:
			if res.Input.Reason == "" {
				t.Error("failed without a reason")
			}
		default:
			t.Errorf("status %q", res.Input.Status)
		}
	})
}

// TestHeaderWarnings: a header that looks important but is not understood, and two
// columns with one meaning, are warnings at the header cell.
func TestHeaderWarnings(t *testing.T) {
	b := book{sheets: []bookSheet{{name: "花名册", rows: [][]any{
		{"班级", "学生姓名", "家长手机", "父亲电话", "父亲联系电话", "家长QQ号"},
		{"三年级(2)班", "王芳", "13812345678", "13912345678", "13912345679", "wx1"}}}}}
	res := ReadBytes("h.xlsx", b.bytes(t))
	got := problemCodes(res.Problems)
	want := map[string]string{"花名册!F1": "header_unrecognised", "花名册!E1": "header_duplicate"}
	if len(got) != len(want) || got["花名册!F1"] != want["花名册!F1"] || got["花名册!E1"] != want["花名册!E1"] {
		t.Errorf("problems %v, want %v", got, want)
	}
	if res.Children[0].Parent.Phone != "13812345678" {
		t.Errorf("家长手机 read as %+v", res.Children[0].Parent)
	}
	if len(res.Children) != 1 || res.Children[0].Father.Phone != "13912345678" {
		t.Errorf("children %+v", res.Children)
	}
}

// TestDeferred: a roster open in Excel, one still being written, and a truncated one
// written a moment ago are left for the next run; an old truncated one has failed.
func TestDeferred(t *testing.T) {
	dir := t.TempDir()
	good := book{sheets: []bookSheet{{name: "花名册", rows: [][]any{{"班级", "学生姓名"}, {"三年级(2)班", "王芳"}}}}}.bytes(t)
	now := time.Now()
	write := func(name string, b []byte, age time.Duration) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o644)
		os.Chtimes(p, now.Add(-age), now.Add(-age))
		return p
	}
	other := book{sheets: []bookSheet{{name: "花名册", rows: [][]any{{"班级", "学生姓名"}, {"三年级(1)班", "李明"}}}}}.bytes(t)
	write("open.xlsx", other, time.Hour)
	write("~$open.xlsx", []byte("owner"), time.Hour)
	growing := write("growing.xlsx", good, 10*time.Second)
	write("fresh-truncated.xlsx", good[:len(good)/2], 10*time.Second)
	write("old-truncated.xlsx", good[:len(good)/2], time.Hour)
	write("steady.xlsx", good, 10*time.Second)
	slept := false
	roster, err := Load([]string{dir}, Options{Now: now, Recent: 2 * time.Minute, Settle: time.Second,
		Sleep: func(time.Duration) {
			slept = true
			f, _ := os.OpenFile(growing, os.O_APPEND|os.O_WRONLY, 0)
			f.Write([]byte("more"))
			f.Close()
		}})
	if err != nil {
		t.Fatal(err)
	}
	// An open roster is read: office programs save whole files, and an owner file left by
	// a crash must not hold it back for good.
	want := map[string]string{"open.xlsx": rules.InputOK, "growing.xlsx": rules.InputDeferred,
		"fresh-truncated.xlsx": rules.InputDeferred, "old-truncated.xlsx": rules.InputFailed, "steady.xlsx": rules.InputOK}
	for _, in := range roster.Inputs {
		if want[in.File] != in.Status {
			t.Errorf("%s: %s (%s), want %s", in.File, in.Status, in.Reason, want[in.File])
		}
		if in.Status == rules.InputDeferred && !strings.Contains(in.Reason, "下次运行时处理") {
			t.Errorf("%s: reason %q", in.File, in.Reason)
		}
		if in.File == "open.xlsx" && !strings.Contains(in.Reason, "最后保存的版本") {
			t.Errorf("open.xlsx: reason %q", in.Reason)
		}
	}
	if len(roster.Inputs) != len(want) || !slept {
		t.Errorf("inputs %+v, slept %v", roster.Inputs, slept)
	}
	for _, p := range roster.Problems {
		if p.File != "old-truncated.xlsx" {
			t.Errorf("a deferred roster reported a problem: %+v", p)
		}
	}
}

// TestRosterReplacedMidRun: a teacher saves the roster again while a run looks at it. If
// it changes during the wait the run defers it; the next run reads the new one whole.
func TestRosterReplacedMidRun(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.xlsx")
	first := book{sheets: []bookSheet{{name: "花名册", rows: [][]any{{"班级", "学生姓名"}, {"三年级(2)班", "王芳"}}}}}.bytes(t)
	second := book{sheets: []bookSheet{{name: "花名册", rows: [][]any{{"班级", "学生姓名"}, {"三年级(2)班", "王芳"}, {"三年级(2)班", "李明"}}}}}.bytes(t)
	os.WriteFile(path, first, 0o644)
	now := time.Now()
	opt := Options{Now: now, Recent: 2 * time.Minute, Settle: time.Second, Sleep: func(time.Duration) {
		// Excel saves to a temporary name and renames it over the roster.
		tmp := filepath.Join(dir, "~tmp1234.tmp")
		os.WriteFile(tmp, second, 0o644)
		os.Rename(tmp, path)
	}}
	roster, err := Load([]string{dir}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(roster.Inputs) != 1 || roster.Inputs[0].Status != rules.InputDeferred || len(roster.Children) != 0 {
		t.Fatalf("replaced during the run: %+v, %d children", roster.Inputs, len(roster.Children))
	}
	opt.Sleep = func(time.Duration) {}
	roster, _ = Load([]string{dir}, opt)
	if len(roster.Children) != 2 {
		t.Errorf("the next run read %d children, want the new roster's 2", len(roster.Children))
	}
}

// TestCache: a roster that did not change is taken from the cache, not parsed again (an
// entry edited by hand shows through); a changed roster is parsed; entries of rosters no
// longer there are removed; what a cached roster gives equals what parsing gives.
func TestCache(t *testing.T) {
	dir, cache := t.TempDir(), filepath.Join(t.TempDir(), "cache")
	writeBook(t, dir, "a.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: [][]any{{"班级", "学生姓名", "家访日期"}, {"三年级(2)班", "王芳", "2026-11-03"}}}}})
	writeBook(t, dir, "b.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: [][]any{{"班级", "学生姓名"}, {"三年级(1)班", "李明"}}}}})
	opt := Options{CacheDir: cache, CacheSalt: "test"}
	first, err := Load([]string{dir}, opt)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Load([]string{dir}, opt)
	if fmt.Sprintf("%+v %+v", first.Roster, first.Files) != fmt.Sprintf("%+v %+v", again.Roster, again.Files) {
		t.Errorf("cached result differs:\n%+v\n%+v", first, again)
	}
	var entries []os.DirEntry
	all, _ := os.ReadDir(cache)
	for _, e := range all {
		if !strings.HasPrefix(e.Name(), "last-") { // the index of last good readings
			entries = append(entries, e)
		}
	}
	if len(entries) != 2 {
		t.Fatalf("%d cache entries, want 2", len(entries))
	}
	// Edit every entry: a roster served from the cache shows the edit.
	for _, e := range entries {
		key := strings.TrimSuffix(e.Name(), cacheExt)
		res, ok := loadCached(cache, key)
		if !ok || len(res.Children) != 1 {
			t.Fatalf("entry %s: read back %v, %d children", e.Name(), ok, len(res.Children))
		}
		res.Children[0].Name = strings.NewReplacer("王芳", "王芳芳", "李明", "李明明").Replace(res.Children[0].Name)
		storeCached(cache, key, res, nil)
	}
	writeBook(t, dir, "b.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: [][]any{{"班级", "学生姓名"}, {"三年级(1)班", "李明"}, {"三年级(1)班", "赵磊"}}}}})
	third, _ := Load([]string{dir}, opt)
	names := []string{}
	for _, c := range third.Children {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != "王芳芳,李明,赵磊" {
		t.Errorf("children %v: a.xlsx from the cache, b.xlsx parsed anew", names)
	}
	if entries, _ := filepath.Glob(filepath.Join(cache, "*"+cacheExt)); len(entries) != 2 {
		t.Errorf("%d cache entries after b.xlsx changed, want 2 (the old one pruned)", len(entries))
	}
	if index, _ := filepath.Glob(filepath.Join(cache, "last-*")); len(index) != 2 {
		t.Errorf("%d last-good index entries, want one per roster", len(index))
	}
	if f := third.Files[third.Inputs[0].File]; f.Format != "xlsx" || f.Path == "" {
		t.Errorf("format or path lost in the cache: %+v", f)
	}
}

// TestClassCells: an odd class spelling is kept as written with a warning, an empty class
// cell is an error, and an empty cell in a sheet named for its class takes the sheet's.
func TestClassCells(t *testing.T) {
	res := ReadBytes("c.xlsx", book{sheets: []bookSheet{{name: "三年级2班", rows: [][]any{{"班级", "学生姓名"},
		{"三年级(2)班", "甲"}, {"火箭班", "乙"}, {"", "丙"}}}, {name: "Sheet2", rows: [][]any{{"班级", "学生姓名"}, {"", "丁"}}}}}.bytes(t))
	classes := []string{}
	for _, c := range res.Children {
		classes = append(classes, c.Class)
	}
	if strings.Join(classes, ",") != "三年级(2)班,火箭班,三年级(2)班,未填班级" {
		t.Errorf("classes %q", classes)
	}
	got := problemCodes(res.Problems)
	if got["三年级2班!A3"] != "class_unrecognised" || got["Sheet2!A2"] != "missing_class" || len(got) != 2 {
		t.Errorf("problems %v", got)
	}
}

// TestSheetParts: sheet names and parts are read from workbook.xml and its relations as
// XML, whatever prefix the namespaces have and whatever the names escape.
func TestSheetParts(t *testing.T) {
	const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>`
	for _, tt := range []struct{ name, workbook string }{
		{"as Excel writes it", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` +
			`<sheet name="三(1)班 &amp; 三(2)班" sheetId="1" r:id="rId1"/><sheet name="&#x65E7;名单" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>`},
		{"strict, other prefixes", `<x:workbook xmlns:x="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:rel="http://purl.oclc.org/ooxml/officeDocument/relationships"><x:sheets>` +
			`<x:sheet name='三(1)班 &amp; 三(2)班' sheetId="1" rel:id="rId1"/><x:sheet name="旧名单" sheetId="2" state="veryHidden" rel:id="rId2"/></x:sheets></x:workbook>`},
	} {
		names, paths, hidden := sheetParts([]byte(tt.workbook), []byte(rels))
		want := []string{"三(1)班 & 三(2)班", "旧名单"}
		if !slices.Equal(names, want) || !slices.Equal(paths, []string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}) ||
			hidden[want[0]] || !hidden[want[1]] {
			t.Errorf("%s: %q %q %v", tt.name, names, paths, hidden)
		}
	}
}
