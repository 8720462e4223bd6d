package rules

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"
)

var asOf = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

// daysAgo is the date n days before asOf, as read from cell c.
func daysAgo(n int, cell string) Date {
	return Date{Time: asOf.AddDate(0, 0, -n), Cell: cell}
}

func withPhones(c Child) Child {
	c.Father.Phone = "13800138000"
	return c
}

// calledYesterday keeps the call column quiet in the visit tests.
func calledYesterday(c Child) Child {
	c.LastCall = daysAgo(1, "N3")
	return withPhones(c)
}

func TestEvaluateVisit(t *testing.T) {
	tests := []struct {
		name    string
		child   Child
		want    VisitStatus
		days    int
		reasons []string // substrings, in order
	}{
		{"never visited", Child{}, VisitOverdue, -1, []string{"没有家访记录（每30天至少一次）"}},
		{"visited today", Child{LastVisit: daysAgo(0, "M3")}, VisitOK, 0, nil},
		{"day 22 is ok", Child{LastVisit: daysAgo(22, "M3")}, VisitOK, 22, nil},
		{"day 23 is due soon", Child{LastVisit: daysAgo(23, "M3")}, VisitDueSoon, 23, []string{"距上次家访已23天，7天内到期"}},
		{"day 30 is due soon, due today", Child{LastVisit: daysAgo(30, "M3")}, VisitDueSoon, 30, []string{"距上次家访已30天，今天到期"}},
		{"day 31 is overdue", Child{LastVisit: daysAgo(31, "M3")}, VisitOverdue, 31, []string{"距上次家访已31天（每30天至少一次）"}},
		{"day 45 is overdue", Child{LastVisit: daysAgo(45, "M3")}, VisitOverdue, 45, []string{"距上次家访已45天（每30天至少一次）"}},
		{"sign after last visit is urgent",
			Child{LastVisit: daysAgo(10, "M3"), SignText: "迟到早退", SignDate: daysAgo(5, "P3")},
			VisitUrgent, 10, []string{"11月23日登记必访情况“迟到早退”，此后尚未家访"}},
		{"sign on the day of a visit is covered",
			Child{LastVisit: daysAgo(5, "M3"), SignText: "情绪不好", SignDate: daysAgo(5, "P3")},
			VisitOK, 5, []string{"必访情况“情绪不好”（11月23日登记）已于11月23日家访"}},
		{"sign before the last visit is covered",
			Child{LastVisit: daysAgo(3, "M3"), SignText: "成绩下降", SignDate: daysAgo(9, "P3")},
			VisitOK, 3, []string{"已于11月25日家访"}},
		{"sign without a date is urgent",
			Child{LastVisit: daysAgo(1, "M3"), SignText: "与同学争吵"},
			VisitUrgent, 1, []string{"登记了必访情况“与同学争吵”（未填登记日期）"}},
		{"sign and never visited is urgent",
			Child{SignText: "身体不佳", SignDate: daysAgo(2, "P3")},
			VisitUrgent, -1, []string{"此后尚未家访", "没有家访记录"}},
		{"sign words in free text",
			Child{LastVisit: daysAgo(40, "M3"), SignText: "最近和同学打架，情绪低落", SignDate: daysAgo(2, "P3")},
			VisitUrgent, 40, []string{"“情绪不好、与同学争吵”", "距上次家访已40天"}},
		{"sign word after 不 is not a sign",
			Child{LastVisit: daysAgo(2, "M3"), SignText: "本周不迟到了", SignDate: daysAgo(1, "P3")},
			VisitOK, 2, nil},
		{"negated sign is not a sign",
			Child{LastVisit: daysAgo(2, "M3"), SignText: "无迟到早退，情绪稳定", SignDate: daysAgo(1, "P3")},
			VisitOK, 2, nil},
		{"future visit counts as missing",
			Child{LastVisit: Date{Time: asOf.AddDate(0, 0, 1), Cell: "M3"}},
			VisitOverdue, -1, []string{"没有家访记录"}},
		{"future sign date counts as undated sign",
			Child{LastVisit: daysAgo(1, "M3"), SignText: "生病住院", SignDate: Date{Time: asOf.AddDate(0, 1, 0), Cell: "P3"}},
			VisitUrgent, 1, []string{"未填登记日期"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := Evaluate(Roster{Children: []Child{calledYesterday(tt.child)}}, DefaultPolicy(), asOf)
			got := rep.Results[0]
			if got.Visit != tt.want {
				t.Errorf("visit = %s, want %s (reasons %q)", got.Visit, tt.want, got.Reasons)
			}
			if got.DaysSinceVisit != tt.days {
				t.Errorf("days since visit = %d, want %d", got.DaysSinceVisit, tt.days)
			}
			checkReasons(t, got.Reasons, tt.reasons)
		})
	}
}

// checkReasons wants each substring in its own reason, in order, and no other reasons
// when none are wanted.
func checkReasons(t *testing.T, got, want []string) {
	t.Helper()
	if len(want) == 0 {
		if len(got) != 0 {
			t.Errorf("reasons = %q, want none", got)
		}
		return
	}
	i := 0
	for _, r := range got {
		if i < len(want) && strings.Contains(r, want[i]) {
			i++
		}
	}
	if i != len(want) {
		t.Errorf("reasons = %q, want in order %q", got, want)
	}
}

func TestEvaluateCall(t *testing.T) {
	tests := []struct {
		name    string
		child   Child
		want    CallStatus
		reasons []string
	}{
		{"no phones at all", Child{LastCall: daysAgo(1, "N3")}, CallNoContact, []string{"父母均无可用的联系电话"}},
		{"only the mother's phone", Child{Mother: Parent{Phone: "13900139000"}, LastCall: daysAgo(1, "N3")}, CallOK, nil},
		{"never called", withPhones(Child{}), CallOverdue, []string{"没有与家长通话记录"}},
		{"day 22", withPhones(Child{LastCall: daysAgo(22, "N3")}), CallOK, nil},
		{"day 23", withPhones(Child{LastCall: daysAgo(23, "N3")}), CallDueSoon, []string{"距上次与家长通话已23天"}},
		{"day 30", withPhones(Child{LastCall: daysAgo(30, "N3")}), CallDueSoon, []string{"今天到期"}},
		{"day 31", withPhones(Child{LastCall: daysAgo(31, "N3")}), CallOverdue, []string{"距上次与家长通话已31天（每30天至少一次）"}},
		{"future call date", withPhones(Child{LastCall: Date{Time: asOf.AddDate(1, 0, 0), Cell: "N3"}}), CallOverdue, []string{"没有与家长通话记录"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.child
			c.LastVisit = daysAgo(1, "M3")
			got := Evaluate(Roster{Children: []Child{c}}, DefaultPolicy(), asOf).Results[0]
			if got.Call != tt.want {
				t.Errorf("call = %s, want %s (reasons %q)", got.Call, tt.want, got.Reasons)
			}
			checkReasons(t, got.Reasons, tt.reasons)
		})
	}
}

func TestFutureDatesAreReported(t *testing.T) {
	c := withPhones(Child{File: "a.xlsx", Sheet: "花名册", Row: 7,
		LastVisit: Date{Time: time.Date(2027, 1, 3, 0, 0, 0, 0, time.UTC), Cell: "M7"},
		LastCall:  daysAgo(3, "N7")})
	rep := Evaluate(Roster{Children: []Child{c}}, DefaultPolicy(), asOf)
	want := []Problem{{File: "a.xlsx", Sheet: "花名册", Row: 7, Cell: "M7", Severity: Error, Code: "date_future",
		Message: "最近家访日期 2027年1月3日 晚于统计日期 2026年11月28日，按未填写处理，请核对后改正。"}}
	if !reflect.DeepEqual(rep.Problems, want) {
		t.Errorf("problems = %+v\nwant %+v", rep.Problems, want)
	}
}

func TestCustomIntervals(t *testing.T) {
	p := DefaultPolicy()
	p.CallEvery, p.DueSoon = 14, 3
	c := withPhones(Child{LastVisit: daysAgo(1, "M3"), LastCall: daysAgo(11, "N3")})
	if got := Evaluate(Roster{Children: []Child{c}}, p, asOf).Results[0].Call; got != CallDueSoon {
		t.Errorf("day 11 of 14 with 3 days' notice = %s, want due_soon", got)
	}
	c.LastCall = daysAgo(15, "N3")
	if got := Evaluate(Roster{Children: []Child{c}}, p, asOf).Results[0].Call; got != CallOverdue {
		t.Errorf("day 15 of 14 = %s, want overdue", got)
	}
}

func TestClassesOrder(t *testing.T) {
	mk := func(school, class, name string, visitDays int) Child {
		return withPhones(Child{School: school, Class: class, Name: name, LastVisit: daysAgo(visitDays, "M3"), LastCall: daysAgo(1, "N3")})
	}
	r := Roster{Children: []Child{
		mk("红星小学", "十年级(1)班", "甲", 1),
		mk("红星小学", "三年级(10)班", "乙", 1),
		mk("红星小学", "三年级(2)班", "张三", 1),
		mk("红星小学", "三年级(2)班", "李四", 1),
		mk("红星小学", "三年级(2)班", "王五", 40),
		mk("红星小学", "三年级(2)班", "安六", 25),
		mk("白云小学", "一年级(1)班", "丙", 1),
	}}
	cls := Evaluate(r, DefaultPolicy(), asOf).Classes()
	var got []string
	for _, c := range cls {
		names := []string{}
		for _, res := range c.Results {
			names = append(names, res.Child.Name)
		}
		got = append(got, c.School+" "+c.Name+" "+strings.Join(names, ","))
	}
	want := []string{
		"白云小学 一年级(1)班 丙",
		"红星小学 三年级(2)班 王五,安六,李四,张三", // overdue, due soon, then pinyin: li < zhang
		"红星小学 三年级(10)班 乙",
		"红星小学 十年级(1)班 甲",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("classes =\n%q\nwant\n%q", got, want)
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13812345678", "138****5678"},
		{"0577-65123456", "0577-******56"},
		{"330381201601011234", "330381********1234"},
	}
	for _, tt := range tests {
		got := MaskPhone(tt.in)
		if len(tt.in) == 18 {
			got = MaskID(tt.in)
		}
		if got != tt.want {
			t.Errorf("mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestUndatedSignClearedByAVisit: a sign written without a date is urgent the night it is
// first seen; a visit logged on or after that night clears it, and the reason says so; a
// visit before it does not.
func TestUndatedSignClearedByAVisit(t *testing.T) {
	firstSeen := asOf.AddDate(0, 0, -10)
	seen := func(Child) time.Time { return firstSeen }
	for _, tt := range []struct {
		name    string
		visit   int // days ago; -1 none
		seen    func(Child) time.Time
		want    VisitStatus
		reasons []string
	}{
		{"never seen before (check, or the first night)", 2, nil, VisitUrgent, []string{"未填登记日期"}},
		{"seen tonight", 2, func(Child) time.Time { return asOf }, VisitUrgent, []string{"未填登记日期"}},
		{"visited after it was first seen", 8, seen, VisitOK, []string{"必访情况“情绪不好”（未填登记日期，11月18日起登记）已于11月20日家访"}},
		{"visited the night it was first seen", 10, seen, VisitOK, []string{"已于11月18日家访"}},
		{"visited before it was first seen", 12, seen, VisitUrgent, []string{"11月18日起登记必访情况“情绪不好”（未填登记日期），此后尚未家访"}},
		{"never visited", -1, seen, VisitUrgent, []string{"此后尚未家访", "没有家访记录"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := Child{SignText: "情绪不好"}
			if tt.visit >= 0 {
				c.LastVisit = daysAgo(tt.visit, "M3")
			}
			rep := Evaluate(Roster{Children: []Child{calledYesterday(c)}, SignSeen: tt.seen}, DefaultPolicy(), asOf)
			got := rep.Results[0]
			if got.Visit != tt.want {
				t.Errorf("visit = %s, want %s (reasons %q)", got.Visit, tt.want, got.Reasons)
			}
			checkReasons(t, got.Reasons, tt.reasons)
		})
	}
}

// TestEvaluateTaking: the report is Evaluate's; its results point at the roster's own
// children (not copies), and the roster is left without them. Evaluate leaves its
// caller's children as they were (a date after the as-of date is not cleared there).
func TestEvaluateTaking(t *testing.T) {
	children := func() []Child {
		return []Child{
			calledYesterday(Child{Name: "甲", Class: "一年级(1)班", LastVisit: daysAgo(40, "M3")}),
			withPhones(Child{Name: "乙", Class: "一年级(1)班", SignText: "情绪不好", SignDate: daysAgo(2, "P4")}),
			{Name: "丙", Class: "二年级(1)班", LastVisit: Date{Time: asOf.AddDate(0, 0, 3), Cell: "M5"}},
		}
	}
	mine := children()
	want := Evaluate(Roster{Children: mine}, DefaultPolicy(), asOf)
	if !reflect.DeepEqual(mine, children()) {
		t.Errorf("Evaluate changed its caller's children: %+v", mine)
	}
	r := Roster{Children: children()}
	kept := r.Children
	got := EvaluateTaking(&r, DefaultPolicy(), asOf)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("EvaluateTaking = %+v\nwant %+v", got, want)
	}
	if r.Children != nil {
		t.Errorf("the roster still has %d children", len(r.Children))
	}
	for i := range kept {
		if got.Results[i].Child != &kept[i] {
			t.Errorf("result %d holds a copy of its child", i)
		}
	}
	if !kept[2].LastVisit.IsZero() {
		t.Errorf("the future visit date stayed: %+v", kept[2].LastVisit)
	}
}

// TestCareRules: talks, health checks and trainings are rules only when set; each is
// told in the reasons from its log's entries, and leaves the visit and call status alone.
func TestCareRules(t *testing.T) {
	entry := func(kind string, daysAgo int) Entry {
		return Entry{Kind: kind, Date: Date{Time: asOf.AddDate(0, 0, -daysAgo)}}
	}
	base := calledYesterday(Child{Name: "甲", LastVisit: daysAgo(3, "M3")})
	tests := []struct {
		name                    string
		talk, health, trainings int
		entries                 []Entry
		want                    []string
	}{
		{"off by default", 0, 0, 0, nil, nil},
		{"no talk on record", 30, 0, 0, nil, []string{"没有谈心记录（每30天至少一次）"}},
		{"talk overdue", 30, 0, 0, []Entry{entry("谈心记录", 45), entry("谈心记录", 60)}, []string{"距上次谈心已45天（每30天至少一次）"}},
		{"talk in time", 30, 0, 0, []Entry{entry("谈心记录", 10)}, nil},
		{"health check due soon", 0, 180, 0, []Entry{entry("体检记录", 175)}, []string{"距上次体检已175天，5天内到期"}},
		{"one training of two", 0, 0, 2, []Entry{entry("培训记录", 20), entry("谈心记录", 1)}, []string{"本学期监护人参加培训1次（每学期至少2次）"}},
		{"last term's training does not count", 0, 0, 1, []Entry{entry("培训记录", 200)}, []string{"本学期监护人参加培训0次（每学期至少1次）"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultPolicy()
			p.TalkEvery, p.HealthEvery, p.TrainingPerTerm = tc.talk, tc.health, tc.trainings
			c := base
			c.Entries = tc.entries
			res := Evaluate(Roster{Children: []Child{c}}, p, asOf).Results[0]
			if res.Visit != VisitOK || res.Call != CallOK {
				t.Errorf("visit %s, call %s", res.Visit, res.Call)
			}
			if !reflect.DeepEqual(res.Reasons, tc.want) {
				t.Errorf("reasons = %q, want %q", res.Reasons, tc.want)
			}
		})
	}
}

// TestDueTextsShared: children as many days overdue share one text, not a copy each (a
// county's results held them all until summary.json was written); the texts still say
// each child's own days.
func TestDueTextsShared(t *testing.T) {
	var children []Child
	for _, n := range []int{45, 45, 45, 26, 26, 46} {
		children = append(children, calledYesterday(Child{LastVisit: daysAgo(n, "M3")}))
	}
	res := Evaluate(Roster{Children: children}, DefaultPolicy(), asOf).Results
	text := func(i int) string { return res[i].Reasons[0] }
	for _, want := range []struct {
		i    int
		text string
	}{{0, "距上次家访已45天（每30天至少一次）"}, {3, "距上次家访已26天，4天内到期"}, {5, "距上次家访已46天（每30天至少一次）"}} {
		if text(want.i) != want.text {
			t.Errorf("child %d: %q, want %q", want.i, text(want.i), want.text)
		}
	}
	if unsafe.StringData(text(0)) != unsafe.StringData(text(1)) || unsafe.StringData(text(0)) != unsafe.StringData(text(2)) ||
		unsafe.StringData(text(3)) != unsafe.StringData(text(4)) {
		t.Error("the same text is held once per child")
	}
}

// TestSignTextsShared: the must-visit reasons are written once for the children they
// read alike for, and each child's says its own signs and dates.
func TestSignTextsShared(t *testing.T) {
	seen := asOf.AddDate(0, 0, -6)
	children := []Child{
		calledYesterday(Child{SignText: "情绪不好", SignDate: daysAgo(5, "P3")}),
		calledYesterday(Child{SignText: "情绪不好", SignDate: daysAgo(5, "P4")}),
		calledYesterday(Child{SignText: "情绪不好", SignDate: daysAgo(4, "P5")}),
		calledYesterday(Child{SignText: "成绩下降", SignDate: daysAgo(5, "P6")}),
		calledYesterday(Child{SignText: "情绪不好", SignDate: daysAgo(9, "P7"), LastVisit: daysAgo(3, "M7")}),
		calledYesterday(Child{SignText: "情绪不好", SignDate: daysAgo(9, "P8"), LastVisit: daysAgo(2, "M8")}),
		calledYesterday(Child{SignText: "情绪不好", SignSeen: seen}),
		calledYesterday(Child{SignText: "情绪不好", SignSeen: seen, LastVisit: daysAgo(1, "M10")}),
		calledYesterday(Child{SignText: "情绪不好"}),
	}
	res := Evaluate(Roster{Children: children}, DefaultPolicy(), asOf).Results
	want := []string{
		"11月23日登记必访情况“情绪不好”，此后尚未家访，请立即家访",
		"11月23日登记必访情况“情绪不好”，此后尚未家访，请立即家访",
		"11月24日登记必访情况“情绪不好”，此后尚未家访，请立即家访",
		"11月23日登记必访情况“成绩下降”，此后尚未家访，请立即家访",
		"必访情况“情绪不好”（11月19日登记）已于11月25日家访",
		"必访情况“情绪不好”（11月19日登记）已于11月26日家访",
		"11月22日起登记必访情况“情绪不好”（未填登记日期），此后尚未家访，请立即家访",
		"必访情况“情绪不好”（未填登记日期，11月22日起登记）已于11月27日家访",
		"登记了必访情况“情绪不好”（未填登记日期），请立即家访",
	}
	for i, w := range want {
		if got := res[i].Reasons[0]; got != w {
			t.Errorf("child %d: %q, want %q", i, got, w)
		}
	}
	if unsafe.StringData(res[0].Reasons[0]) != unsafe.StringData(res[1].Reasons[0]) {
		t.Error("the same must-visit reason is held once per child")
	}
}
