package rules

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// TestDefaultPolicyFile: the file liushou init writes is exactly the built-in policy.
func TestDefaultPolicyFile(t *testing.T) {
	p, err := ParsePolicy(PolicyFileName, []byte(DefaultPolicyFile))
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultPolicy()
	want.ClassTeachers = map[string]Contact{}
	want.ClassTeacherLines = map[string]int{}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("policy from the default file\n%+v\nwant\n%+v", p, want)
	}
}

func TestParsePolicy(t *testing.T) {
	p, err := ParsePolicy("x.toml", []byte(`
[school]
name = "红星小学"
postcode = "553300"
[rules]
visit_every_days = 14
due_soon_days = 3
[privacy]
mask_phones = false
[signs]
"情绪不好" = ["哭"]
"想家" = ["想妈妈", "想家"]
[[terms]]
name = "2026年秋季学期"
start = 2026-09-01
end = 2027-01-20
[class_teachers."三(2)班"]
name = "陈晓燕"
phone = "13812345678"
`))
	if err != nil {
		t.Fatal(err)
	}
	if p.VisitEvery != 14 || p.CallEvery != 30 || p.DueSoon != 3 || p.MaskPhones || !p.MaskIDs || p.School.Name != "红星小学" {
		t.Errorf("policy %+v", p)
	}
	if !reflect.DeepEqual(p.Signs, []Sign{{"情绪不好", []string{"哭"}}, {"想家", []string{"想妈妈", "想家"}}}) {
		t.Errorf("signs %+v", p.Signs)
	}
	if len(p.Terms) != 1 || !p.Terms[0].Start.Equal(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("terms %+v", p.Terms)
	}
	if p.ClassTeachers["三年级(2)班"].Name != "陈晓燕" {
		t.Errorf("class teachers %+v", p.ClassTeachers)
	}
}

func TestPolicyErrors(t *testing.T) {
	tests := []struct {
		name, file string
		line       int
		key, msg   string
	}{
		{"syntax", "[rules]\nvisit_every_days = = 3\n", 2, "", "这一行的写法不对"},
		{"chinese quotes", "[school]\nname = “红星小学”\n", 2, "", "用了中文引号"},
		{"unit after a number", "[rules]\nvisit_every_days = 14天\n", 2, "", "数字后面不要写“天”：写成 visit_every_days = 14"},
		{"dotted date", "[[terms]]\nname = \"秋\"\nstart = 2026.9.1\nend = 2027-01-20\n", 3, "", "日期请写成 2026-09-01"},
		{"bare chinese table name", "[school]\nname = \"x\"\n[class_teachers.三年级(2)班]\nname = \"陈\"\n", 3, "", "[class_teachers.\"三年级(2)班\"]"},
		{"teacher phone with 10 digits", "[class_teachers.\"三(2)班\"]\nname = \"陈\"\nphone = \"1381234567\"\n", 3, "class_teachers.三(2)班.phone", "位数不对"},
		{"school phone with letters", "[school]\nphone = \"0855-53l2345\"\n", 2, "school.phone", "数字以外的字符"},
		{"misspelt key", "[rules]\n\nvisit_evry_days = 3\n", 3, "rules.visit_evry_days", "不认识这个设置"},
		{"zero interval", "[rules]\ncall_every_days = 0\n", 2, "rules.call_every_days", "应为 1 到 366"},
		{"due soon too long", "[rules]\nvisit_every_days = 10\ndue_soon_days = 10\n", 3, "rules.due_soon_days", "必须小于"},
		{"wrong type", "[rules]\nvisit_every_days = \"三十\"\n", 2, "rules.visit_every_days", "应为整数"},
		{"sign without words", "[signs]\n\"情绪不好\" = []\n", 2, "signs.情绪不好", "至少要有一个"},
		{"term dates quoted", "[[terms]]\nname = \"秋\"\nstart = \"2026-09-01\"\nend = 2027-01-20\n", 1, "terms[1]", "不加引号"},
		{"term backwards", "[[terms]]\nname = \"秋\"\nstart = 2026-09-01\nend = 2026-08-01\n", 1, "terms[1]", "必须晚于"},
		{"bad class", "[class_teachers.\"全校\"]\nname = \"张\"\n", 1, "class_teachers.全校", "班级名称看不懂"},
		{"bad postcode", "[school]\npostcode = \"5533\"\n", 2, "school.postcode", "6 位数字"},
		{"column role not text", "[columns]\n\"联系人\" = 3\n", 2, "columns.联系人", "应为文字"},
		{"negative talk interval", "[rules]\ntalk_every_days = -7\n", 2, "rules.talk_every_days", "应为 0 到 366"},
		{"eleven trainings", "[rules]\ntraining_per_term = 11\n", 2, "rules.training_per_term", "应为 0 到 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePolicy("liushou.toml", []byte(tt.file))
			var pe *policyError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a policyError", err)
			}
			if pe.Line != tt.line || (tt.key != "" && pe.Key != tt.key) || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("got line %d key %q msg %q; want line %d key %q msg containing %q (%v)", pe.Line, pe.Key, pe.Msg, tt.line, tt.key, tt.msg, err)
			}
		})
	}
}

// TestColumnsSetting: [columns] for every file and for one file, 忽略 as 不读取.
func TestColumnsSetting(t *testing.T) {
	p, err := ParsePolicy("x.toml", []byte(`
[columns]
"身份证件号" = "身份证号"
"学校标识码" = "忽略"
[columns."二年级.xls"]
"走访日期" = "最近家访日期"
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []ColumnOverride{ // in the order of their keys
		{File: "二年级.xls", Header: "走访日期", Role: "最近家访日期", Settings: "x.toml", Line: 6},
		{Header: "学校标识码", Role: IgnoreColumn, Settings: "x.toml", Line: 4}, {Header: "身份证件号", Role: "身份证号", Settings: "x.toml", Line: 3},
	}
	if !reflect.DeepEqual(p.Columns, want) {
		t.Errorf("columns %+v, want %+v", p.Columns, want)
	}
}

// TestPolicyInEveryNotepadEncoding: the same settings saved as UTF-8 with a mark, GBK,
// UTF-16 with and without a mark, with CRLF line ends, read the same; bytes in no such
// encoding are named as the wrong encoding.
func TestPolicyInEveryNotepadEncoding(t *testing.T) {
	text := "# 学校设置\r\n[school]\r\nname = \"红星镇中心小学\"\r\nphone = \"0855-5312345\"\r\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	leBare, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(text))
	be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	for name, data := range map[string][]byte{
		"UTF-8": []byte(text), "UTF-8 with BOM": append([]byte{0xEF, 0xBB, 0xBF}, text...),
		"GBK": gbk, "UTF-16LE with BOM": le, "UTF-16LE": leBare, "UTF-16BE with BOM": be,
	} {
		p, err := ParsePolicy("liushou.toml", data)
		if err != nil || p.School.Name != "红星镇中心小学" || p.School.Phone != "0855-5312345" {
			t.Errorf("%s: %+v, %v", name, p.School, err)
		}
	}
	_, err := ParsePolicy("liushou.toml", []byte{'[', 's', ']', '\n', 0x81, 0x20, 0xFF, 0xFE, 0x80})
	if err == nil || !strings.Contains(err.Error(), "另存为") {
		t.Errorf("bytes in no encoding: %v", err)
	}
}

// TestCareRulesSetting: the other rules are read from [rules], and off when not written.
func TestCareRulesSetting(t *testing.T) {
	p, err := ParsePolicy("x.toml", []byte("[rules]\ntalk_every_days = 30\nhealth_check_every_days = 180\ntraining_per_term = 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.TalkEvery != 30 || p.HealthEvery != 180 || p.TrainingPerTerm != 2 {
		t.Errorf("talk %d, health %d, training %d", p.TalkEvery, p.HealthEvery, p.TrainingPerTerm)
	}
	if d := DefaultPolicy(); d.TalkEvery != 0 || d.HealthEvery != 0 || d.TrainingPerTerm != 0 {
		t.Errorf("on by default: %+v", d)
	}
}
