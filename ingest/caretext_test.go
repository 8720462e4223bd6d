package ingest

import (
	"testing"
	"time"
)

// TestCareTextGivesVisitsAndCalls: a 帮扶记录 column beside a 结对帮扶教师 column: its
// dated clauses are visits and calls (a date without a year as in a date column), it is
// not taken for a second teacher column, and a later date column still wins.
func TestCareTextGivesVisitsAndCalls(t *testing.T) {
	rows := [][]any{{"班级", "学生姓名", "结对帮扶教师", "帮扶记录", "最近家访日期"},
		{"三年级(2)班", "王芳", "张老师", "9月3日家访，10月8日与母亲电话沟通", ""},
		{"三年级(2)班", "李明", "张老师", "2026年11月20日上门家访并视频通话；计划12月再访", "2026-11-25"},
		{"三年级(2)班", "赵磊", "张老师", "学习有进步，12月30日家访", ""}, // after the as-of date: not yet
	}
	res := readBytes("a.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: rows}}}.bytes(t),
		readOptions{asOf: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)})
	for _, p := range res.Problems {
		t.Errorf("problem %+v", p)
	}
	day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	want := []struct{ visit, call time.Time }{
		{day(9, 3), day(10, 8)},
		{day(11, 25), day(11, 20)},
		{day(12, 30).AddDate(-1, 0, 0), time.Time{}}, // 12月30日 not after the as-of date is last year's
	}
	if len(res.Children) != len(want) {
		t.Fatalf("%d children", len(res.Children))
	}
	for i, w := range want {
		c := res.Children[i]
		if !c.LastVisit.Time.Equal(w.visit) || !c.LastCall.Time.Equal(w.call) {
			t.Errorf("%s: visit %v call %v, want %v %v", c.Name, c.LastVisit.Time, c.LastCall.Time, w.visit, w.call)
		}
		if c.Teacher != "张老师" {
			t.Errorf("%s: teacher %q", c.Name, c.Teacher)
		}
	}
	if !res.asOf.Equal(time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)) {
		t.Error("a reading with dates without a year is not tied to its as-of date")
	}
}
