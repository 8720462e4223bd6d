package ingest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"liushou/rules"
)

// TestLogSheets: a roster with 家访记录 and 通话记录 sheets beside it. The latest dated
// entry per child counts together with the roster's own column; entries that match no
// child, or several, are warnings at their rows.
func TestLogSheets(t *testing.T) {
	data := book{sheets: []bookSheet{
		{name: "花名册", rows: [][]any{
			{"班级", "学生姓名", "身份证号", "监护人", "父亲电话", "最近家访日期", "最近通话日期"},
			{"三年级(2)班", "王芳", "522401201908122589", "李桂英", "13812345678", "2026-11-20", ""},
			{"三年级(2)班", "赵磊", "52240120190523127X", "赵德", "13812345679", "2026-10-01", "2026-10-01"},
			{"四年级(1)班", "赵磊", "", "赵强", "13812345670", "", ""},
			{"四年级(1)班", "孙丽", "", "孙红", "13812345671", "", ""},
		}},
		{name: "家访记录", rows: [][]any{
			{"家访日期", "班级", "学生姓名", "家访教师", "家访内容"},
			{"2026-11-01", "三年级(2)班", "王芳", "陈老师", "了解学习情况"}, // older than the roster's 11-20: the column wins
			{"2026-11-25", "三(2)班", "赵磊", "陈老师", "谈心"},       // matches 三年级(2)班 赵磊 only
			{"2026-11-26", "", "赵磊", "陈老师", "谈心"},            // two 赵磊: ambiguous
			{"2026-11-26", "五年级(1)班", "钱多", "陈老师", "谈心"},     // nobody: unmatched
			{"", "四年级(1)班", "孙丽", "陈老师", "谈心"},               // no date
			{"2026-11-27", "四年级(1)班", "孙丽", "陈老师", "谈心"},     // counts
			{"2026-12-25", "四年级(1)班", "孙丽", "陈老师", "写错了年份"},  // future: reported by Evaluate, not counted
		}},
		{name: "通话记录", rows: [][]any{
			{"通话日期", "身份证号", "学生姓名", "通话对象", "通话内容"},
			{"2026-11-10", "52240120190523127X", "", "父亲", "学习"}, // by ID alone
			{"2026-11-21", "522401201908122589", "王芳", "母亲", "生活"},
			{"2026-11-02", "522401201908122589", "王芳", "母亲", "生活"},
		}},
	}}
	dir := t.TempDir()
	writeBook(t, dir, "r.xlsx", data)
	roster, err := Load([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := problemCodes(roster.Problems)
	want := map[string]string{
		"家访记录!C4": "log_ambiguous",
		"家访记录!C5": "log_unmatched",
		"家访记录!C6": "log_no_date",
		"花名册!C4":  "missing_id",
		"花名册!C5":  "missing_id",
	}
	for cell, code := range want {
		if got[cell] != code {
			t.Errorf("%s: %q, want %q", cell, got[cell], code)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems %v", got)
	}
	asOf := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	rep := rules.Evaluate(roster.Roster, rules.DefaultPolicy(), asOf)
	last := map[string][2]string{}
	for _, r := range rep.Results {
		last[r.Child.Class+r.Child.Name] = [2]string{r.Child.LastVisit.Time.Format("01-02"), r.Child.LastCall.Time.Format("01-02")}
	}
	wantLast := map[string][2]string{
		"三年级(2)班王芳": {"11-20", "11-21"},
		"三年级(2)班赵磊": {"11-25", "11-10"},
		"四年级(1)班赵磊": {"01-01", "01-01"}, // never: the zero date
		"四年级(1)班孙丽": {"11-27", "01-01"},
	}
	for k, w := range wantLast {
		if last[k] != w {
			t.Errorf("%s: last visit, call = %v, want %v", k, last[k], w)
		}
	}
	if len(rep.Problems) != 1 || rep.Problems[0].Sheet != "家访记录" || rep.Problems[0].Cell != "A8" || rep.Problems[0].Code != "date_future" || rep.Problems[0].Row != 8 {
		t.Errorf("future log date: %+v", rep.Problems)
	}
	// The visit of 11-27 is a log entry: the checklist's date points at it.
	for _, r := range rep.Results {
		if r.Child.Name == "孙丽" && (r.Child.LastVisit.Sheet != "家访记录" || r.Child.LastVisit.Cell != "A7") {
			t.Errorf("孙丽's last visit comes from %s!%s", r.Child.LastVisit.Sheet, r.Child.LastVisit.Cell)
		}
	}
}

// TestShortRosterIsNoLog: a roster of class, name and last visit, without guardian or
// parent columns, is a roster; the same columns with 家访内容 in a sheet named 登记 are a log.
func TestShortRosterIsNoLog(t *testing.T) {
	res := ReadBytes("r.xlsx", book{sheets: []bookSheet{{name: "Sheet1", rows: [][]any{{"班级", "学生姓名", "家访日期"}, {"三年级(2)班", "王芳", "2026-11-03"}}}}}.bytes(t))
	if len(res.Children) != 1 || len(res.logs) != 0 {
		t.Errorf("a short roster: %d children, %d log entries", len(res.Children), len(res.logs))
	}
	res = ReadBytes("r.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: [][]any{{"班级", "学生姓名", "监护人"}, {"三年级(2)班", "王芳", "李桂英"}}},
		{name: "登记", rows: [][]any{{"家访日期", "班级", "学生姓名", "家访内容"}, {"2026-11-03", "三年级(2)班", "王芳", "谈心"}}}}}.bytes(t))
	if len(res.Children) != 1 || len(res.logs) != 1 {
		t.Errorf("a log sheet without a telling name: %d children, %d log entries", len(res.Children), len(res.logs))
	}
}

// TestApplyReplies: a reply slip's phone and work address go to the parent it names, else
// to the only parent the roster gives, else to the unnamed parent; a slip that changes
// nothing is not reported, one that does names the roster's row.
func TestApplyReplies(t *testing.T) {
	reply := func(by, addr, phone string) *rules.Entry {
		return &rules.Entry{Kind: "回执登记", By: by, Address: addr, Phone: phone,
			Date: rules.Date{Time: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), File: "a.xlsx", Sheet: "回执登记", Cell: "A2"}}
	}
	both := rules.Child{Name: "甲", Row: 5, Father: rules.Parent{Phone: "13800000001", WorkPlace: "广东省东莞市"},
		Mother: rules.Parent{Phone: "13800000002", WorkPlace: "浙江省义乌市"}}
	onlyMother := rules.Child{Name: "乙", Row: 6, Mother: rules.Parent{Phone: "13800000002"}}
	tests := []struct {
		name     string
		child    rules.Child
		reply    *rules.Entry
		father   rules.Parent
		mother   rules.Parent
		parent   rules.Parent
		reported bool
	}{
		{"the father's, named", both, reply("父亲", "广东省东莞市长安镇振安路 1 号", "13900000009"),
			rules.Parent{Phone: "13900000009", WorkPlace: "广东省东莞市长安镇振安路 1 号"}, both.Mother, rules.Parent{}, true},
		{"the mother's, named 妈妈", both, reply("妈妈", "", "13900000009"),
			both.Father, rules.Parent{Phone: "13900000009", WorkPlace: "浙江省义乌市"}, rules.Parent{}, true},
		{"not said, two parents: the unnamed parent", both, reply("", "", "13900000009"),
			both.Father, both.Mother, rules.Parent{Phone: "13900000009"}, true},
		{"not said, one parent: hers", onlyMother, reply("", "", "13900000009"),
			rules.Parent{}, rules.Parent{Phone: "13900000009"}, rules.Parent{}, true},
		{"a grandmother's slip is not the mother's", onlyMother, reply("祖母", "", "13900000009"),
			rules.Parent{}, rules.Parent{Phone: "13900000009"}, rules.Parent{}, true},
		{"nothing new", both, reply("父亲", "广东省东莞市", "13800000001"), both.Father, both.Mother, rules.Parent{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.child
			c.Reply = tc.reply
			got := []rules.Child{c}
			problems := applyReplies(got)
			if got[0].Father != tc.father || got[0].Mother != tc.mother || got[0].Parent != tc.parent {
				t.Errorf("father %+v mother %+v parent %+v", got[0].Father, got[0].Mother, got[0].Parent)
			}
			if (len(problems) == 1) != tc.reported {
				t.Fatalf("problems = %+v", problems)
			}
			if tc.reported && (problems[0].Row != c.Row || problems[0].Code != "reply_newer" || !strings.Contains(problems[0].Message, "回执登记!A2")) {
				t.Errorf("problem = %+v", problems[0])
			}
		})
	}
}

// TestRosterVisitColumns: a roster that keeps the term's visits in columns of their own
// (期初家访, 期中家访, 期末家访) and says who went, how and what was said. Every date
// counts, the latest is the last visit, and the details are the care record's entries on
// that date; no column is set aside as a duplicate.
func TestRosterVisitColumns(t *testing.T) {
	data := book{sheets: []bookSheet{{name: "花名册", rows: [][]any{
		{"班级", "学生姓名", "身份证号", "监护人", "父亲电话", "期初家访", "期中家访", "期末家访", "家访教师", "家访形式", "家访内容", "家长反馈", "最近通话日期", "通话内容"},
		{"三年级(2)班", "王芳", "522401201908122589", "李桂英", "13812345678", "2026-09-05", "2026-11-10", "", "陈老师", "入户", "学习有进步", "希望多联系", "2026-11-20", "问了身体"},
		{"三年级(2)班", "赵磊", "52240120190523127X", "赵德", "13812345679", "2026-09-06", "", "", "", "", "", "", "", ""},
		{"三年级(2)班", "孙丽", "", "孙红", "13812345671", "", "", "", "", "", "", "", "", ""},
	}}}}
	dir := t.TempDir()
	writeBook(t, dir, "r.xlsx", data)
	roster, err := Load([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range roster.Problems {
		if p.Code == "header_duplicate" || p.Code == "header_unrecognised" {
			t.Errorf("%s!%s %s: %s", p.Sheet, p.Cell, p.Code, p.Message)
		}
	}
	for _, sc := range roster.Columns {
		for _, col := range sc.Columns {
			if want := map[string]string{"F": "家访日期", "G": "家访日期", "I": "家访人", "J": "家访形式", "K": "家访内容", "L": "家长反馈", "N": "通话内容"}[col.Col]; want != "" && col.Role != want {
				t.Errorf("column %s %s: role %q, want %q", col.Col, col.Header, col.Role, want)
			}
		}
	}
	rep := rules.Evaluate(roster.Roster, rules.DefaultPolicy(), time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC))
	byName := map[string]*rules.Child{}
	for _, r := range rep.Results {
		byName[r.Child.Name] = r.Child
	}
	wang := byName["王芳"]
	if got := wang.LastVisit.Time.Format("01-02"); got != "11-10" || len(wang.VisitLog) != 1 || wang.VisitLog[0].Cell != "G2" {
		t.Errorf("王芳: last visit %s, log %+v", got, wang.VisitLog)
	}
	var got []string
	for _, e := range wang.Entries {
		got = append(got, fmt.Sprintf("%s %s %s|%s|%s", e.Kind, e.Date.Time.Format("01-02"), e.By, e.How, e.Text))
	}
	want := []string{"家访记录 09-05 ||期初家访", "家访记录 11-10 陈老师|入户|期中家访，学习有进步，家长：希望多联系", "通话记录 11-20 ||问了身体"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("王芳's entries:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if zhao := byName["赵磊"]; zhao.LastVisit.Time.Format("01-02") != "09-06" || len(zhao.VisitLog) != 0 {
		t.Errorf("赵磊: last visit %v, log %+v", zhao.LastVisit, zhao.VisitLog)
	}
	if sun := byName["孙丽"]; !sun.LastVisit.IsZero() || len(sun.Entries) != 0 {
		t.Errorf("孙丽: %v %+v", sun.LastVisit, sun.Entries)
	}
}
