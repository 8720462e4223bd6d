package rules

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestLetterKind(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	withTerms := DefaultPolicy()
	withTerms.Terms = []Term{{Name: "2026年秋季学期", Start: d(2026, 9, 1), End: d(2027, 1, 20)}}
	tests := []struct {
		p    Policy
		date time.Time
		term string
		kind LetterKind
	}{
		{withTerms, d(2026, 9, 1), "2026年秋季学期", TermStartLetter},
		{withTerms, d(2026, 12, 20), "2026年秋季学期", TermStartLetter},
		{withTerms, d(2026, 12, 21), "2026年秋季学期", TermEndLetter}, // 30 days before 1-20
		{withTerms, d(2027, 1, 20), "2026年秋季学期", TermEndLetter},
		{DefaultPolicy(), d(2026, 11, 28), "2026年秋季学期", TermStartLetter},
		{DefaultPolicy(), d(2026, 12, 1), "2026年秋季学期", TermStartLetter}, // the default calendar ends on 1-20
		{DefaultPolicy(), d(2026, 12, 21), "2026年秋季学期", TermEndLetter},
		{DefaultPolicy(), d(2026, 8, 10), "2026年春季学期", ""}, // the summer holidays: no letter
		{DefaultPolicy(), d(2027, 1, 10), "2026年秋季学期", TermEndLetter},
		{DefaultPolicy(), d(2027, 3, 1), "2027年春季学期", TermStartLetter},
		{DefaultPolicy(), d(2027, 6, 15), "2027年春季学期", TermEndLetter},
	}
	for _, tt := range tests {
		if term, kind := tt.p.CurrentTerm(tt.date).Name, tt.p.LetterKind(tt.date); term != tt.term || kind != tt.kind {
			t.Errorf("%s: %s %s, want %s %s", tt.date.Format("2006-01-02"), term, kind, tt.term, tt.kind)
		}
	}
	dates := []Date{{Time: d(2026, 8, 30)}, {Time: d(2026, 9, 3)}, {Time: d(2026, 9, 3)}, {Time: d(2026, 10, 8)}, {Time: d(2026, 12, 1)}, {}}
	if n := CountInTerm(dates, withTerms.Terms[0], d(2026, 11, 28)); n != 2 {
		t.Errorf("CountInTerm = %d, want 2 (before the term, a repeated day and a future day do not count)", n)
	}
}

// TestDecideLetters: one start and one end letter per family per term, the end letter
// never within three weeks of the start letter, none in the holidays, drafts while the
// school's details are missing.
func TestDecideLetters(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	p := DefaultPolicy()
	p.School = School{Name: "红星小学", Address: "红星镇 1 号", Phone: "0857-1234567"}
	a := Result{Child: &Child{School: "红星小学", Class: "三年级(1)班", Name: "王芳", ID: "522426201703120022"}}
	b := Result{Child: &Child{School: "红星小学", Class: "三年级(1)班", Name: "李明"}}
	ledger := map[string][]IssuedLetter{}
	issued := func(c Child) []IssuedLetter { return ledger[ChildKey(c)] }
	record := func(l Letters, date time.Time) {
		for _, r := range []Result{a, b} {
			if k := ChildKey(*r.Child); l.Due.Has(*r.Child) {
				ledger[k] = append(ledger[k], IssuedLetter{Term: l.Term.Name, Kind: l.Kind, Date: date})
			}
		}
	}
	l := DecideLetters([]Result{a, b}, p, d(2026, 11, 28), issued, false)
	if l.Kind != TermStartLetter || len(l.Due) != 2 || l.Draft {
		t.Fatalf("11-28: %+v", l)
	}
	record(l, d(2026, 11, 28))
	if l := DecideLetters([]Result{a, b}, p, d(2026, 12, 1), issued, false); len(l.Due) != 0 {
		t.Errorf("12-01: %d letters again", len(l.Due))
	}
	// A school that started in late November: the end letter would follow 23 days after
	// the start letter; it waits for the next term's start letter instead.
	if l := DecideLetters([]Result{a, b}, p, d(2026, 12, 21), issued, false); l.Kind != TermEndLetter || len(l.Due) != 0 || l.Waits != 2 {
		t.Errorf("12-21 (23 days after the start letter): %+v", l)
	}
	spring := DecideLetters([]Result{a, b}, p, d(2027, 2, 20), issued, false)
	if spring.Kind != TermStartLetter || len(spring.Due) != 2 {
		t.Errorf("the next term's start letter: %+v", spring)
	}
	// With min_days_between = 0 the school asks for both: the three-week gap still holds.
	both := p
	both.MinLetterDays = 0
	if l := DecideLetters([]Result{a, b}, both, d(2026, 12, 21), issued, false); len(l.Due) != 2 {
		t.Errorf("min_days_between = 0: %+v", l)
	}
	// A start letter in September: the end letter in December.
	ledger = map[string][]IssuedLetter{ChildKey(*a.Child): {{Term: "2026年秋季学期", Kind: TermStartLetter, Date: d(2026, 9, 5)}}}
	if l := DecideLetters([]Result{a, b}, p, d(2026, 12, 22), issued, false); !l.Due.Has(*a.Child) || !l.Due.Has(*b.Child) {
		t.Errorf("a September start letter, the end letter in December: %+v", l.Due)
	}
	// A start letter in the last days before the end window: no end letter in the same weeks.
	ledger = map[string][]IssuedLetter{ChildKey(*a.Child): {{Term: "2026年秋季学期", Kind: TermStartLetter, Date: d(2026, 12, 15)}}}
	if l := DecideLetters([]Result{a, b}, both, d(2026, 12, 22), issued, false); !l.Due.Has(*b.Child) || l.Due.Has(*a.Child) {
		t.Errorf("a start letter a week ago must hold back the end letter: %+v", l.Due)
	}
	if l := DecideLetters([]Result{a, b}, both, d(2027, 1, 12), issued, false); !l.Due.Has(*a.Child) {
		t.Error("four weeks after the start letter, the end letter is due")
	}
	// A run dated a year ahead by mistake, then the right date: its letters hold back
	// nothing, and they are counted.
	ledger = map[string][]IssuedLetter{ChildKey(*a.Child): {{Term: "2027年秋季学期", Kind: TermStartLetter, Date: d(2027, 11, 28)}}}
	if l := DecideLetters([]Result{a, b}, p, d(2026, 11, 28), issued, false); len(l.Due) != 2 || l.Future != 1 {
		t.Errorf("a letter dated a year ahead: %+v", l)
	}
	if l := DecideLetters([]Result{a, b}, p, d(2026, 8, 10), issued, false); l.Kind != "" || len(l.Due) != 0 {
		t.Errorf("the holidays: %+v", l)
	}
	// Reissue: everyone again.
	if l := DecideLetters([]Result{a, b}, p, d(2026, 12, 22), issued, true); len(l.Due) != 2 {
		t.Errorf("reissue: %d", len(l.Due))
	}
	// Without the school's details: drafts for everyone, and what is missing is named.
	if l := DecideLetters([]Result{a, b}, DefaultPolicy(), d(2026, 11, 28), issued, false); !l.Draft || len(l.Missing) != 2 || len(l.Due) != 2 {
		t.Errorf("no school details (the rosters name the school): %+v", l)
	}
	noSchool := Result{Child: &Child{Class: "三年级(1)班", Name: "张伟"}}
	if l := DecideLetters([]Result{a, noSchool}, DefaultPolicy(), d(2026, 11, 28), issued, false); len(l.Missing) != 3 {
		t.Errorf("a row without its school needs school.name: %+v", l.Missing)
	}
	named := DefaultPolicy()
	named.School = School{Address: "红星镇 1 号", Phone: "0857-1234567"}
	if l := DecideLetters([]Result{a, b}, named, d(2026, 11, 28), issued, false); l.Draft {
		t.Errorf("address and phone set, schools named on the roster: still drafts %+v", l.Missing)
	}
}

func TestEveryInWords(t *testing.T) {
	for days, want := range map[int]string{7: "每周", 14: "每两周", 30: "每月", 31: "每月", 60: "每两个月", 10: "每 10 天"} {
		if got := EveryInWords(days); got != want {
			t.Errorf("%d: %s, want %s", days, got, want)
		}
	}
	p := DefaultPolicy()
	if got := p.SignNames(); got != "情绪不好、身体不佳、成绩下降、迟到早退或与同学争吵" {
		t.Errorf("SignNames %s", got)
	}
}

// TestVisitWindows: with visit_windows, a child visited only in 期初 is due in 期中, and the
// reason names 期中 and its dates; overdue past its middle; a visit in 期中 satisfies it;
// a window the school does not ask for asks nothing.
func TestVisitWindows(t *testing.T) {
	p, err := ParsePolicy("liushou.toml", []byte("[rules]\nvisit_windows = [\"期初\", \"期中\", \"期末\"]\n\n[[terms]]\nname = \"2026年秋季学期\"\nstart = 2026-09-01\nend = 2027-01-20\n"))
	if err != nil {
		t.Fatal(err)
	}
	date := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	name, from, to, ok := p.VisitWindow(date("2026-11-05"))
	if !ok || name != "期中" || from.Format("01-02") != "10-18" || to.Format("01-02") != "12-03" {
		t.Fatalf("window %q %s—%s %v", name, from.Format("01-02"), to.Format("01-02"), ok)
	}
	for _, tt := range []struct {
		asOf, visit string
		want        VisitStatus
		reason      string
	}{
		{"2026-10-20", "2026-09-25", VisitDueSoon, "本学期期中（10月18日—12月3日）还没有家访"},
		{"2026-11-10", "2026-10-20", VisitOK, ""},
		{"2026-11-15", "2026-10-16", VisitOverdue, "期中"},
	} {
		c := Child{LastVisit: Date{Time: date(tt.visit)}, LastCall: Date{Time: date(tt.asOf)}, Father: Parent{Phone: "13812345678"}}
		r := Evaluate(Roster{Children: []Child{c}}, p, date(tt.asOf)).Results[0]
		if r.Visit != tt.want || !strings.Contains(strings.Join(r.Reasons, "；"), tt.reason) {
			t.Errorf("as of %s, visited %s: %s %q, want %s %q", tt.asOf, tt.visit, r.Visit, r.Reasons, tt.want, tt.reason)
		}
	}
	only, _ := ParsePolicy("liushou.toml", []byte("[rules]\nvisit_windows = [\"期初\"]\n"))
	if _, _, _, ok := only.VisitWindow(date("2026-11-10")); ok {
		t.Error("期中 was not asked for")
	}
	if _, err := ParsePolicy("liushou.toml", []byte("[rules]\nvisit_windows = [\"期中考试\"]\n")); err == nil || !strings.Contains(err.Error(), "期初、期中、期末") {
		t.Errorf("a window of another name: %v", err)
	}
}

// TestDecideLettersAwaiting: deciding the letters and awaiting the replies in one pass gives
// what DecideLetters and then AwaitReplies give: the same letters, the same reasons, on
// dates in term and in the holidays, for families with letters posted long ago or lately,
// a reply slip or none, a roster saved before the term, and a school without its details.
func TestDecideLettersAwaiting(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	p := DefaultPolicy()
	p.School = School{Name: "红星小学", Address: "红星镇 1 号", Phone: "0857-1234567"}
	reply := &Entry{Kind: "回执登记", Date: Date{Time: d(2026, 10, 20)}}
	children := []Child{
		{School: "红星小学", Class: "三年级(1)班", Name: "王芳", ID: "522426201703120022"},
		{School: "红星小学", Class: "三年级(1)班", Name: "李明", Reply: reply},
		{School: "红星小学", Class: "三年级(2)班", Name: "张伟", RosterSaved: d(2026, 8, 1)},
		{Class: "四年级(1)班", Name: "赵磊"}, // no school named: signed by the settings
		{School: "白沙小学", Class: "一年级(1)班", Name: "钱多"},
	}
	ledger := map[string][]IssuedLetter{
		ChildKey(children[0]): {{Term: "2026年秋季学期", Kind: TermStartLetter, Date: d(2026, 9, 5), Posted: d(2026, 9, 8)}},
		ChildKey(children[1]): {{Term: "2026年秋季学期", Kind: TermStartLetter, Date: d(2026, 9, 5), Posted: d(2026, 9, 8)}},
		ChildKey(children[3]): {{Term: "2026年秋季学期", Kind: TermStartLetter, Date: d(2026, 11, 1), Posted: d(2026, 11, 2)}},
	}
	issued := func(c Child) []IssuedLetter { return ledger[ChildKey(c)] }
	results := func() []Result {
		out := make([]Result, len(children))
		for i := range children {
			c := children[i]
			out[i] = Result{Child: &c, Reasons: []string{"已有的原因"}}
		}
		return out
	}
	// Without a school name in the settings, only the rows that name no school are drafts.
	nameless := p
	nameless.School.Name = ""
	if l := DecideLetters(results(), nameless, d(2026, 11, 28), issued, false); len(l.Drafts) != 1 || l.Drafts[""] == nil {
		t.Errorf("drafts without a school name: %v", l.Drafts)
	}
	reasons := 0
	for _, date := range []time.Time{d(2026, 11, 28), d(2026, 12, 22), d(2027, 1, 12), d(2027, 8, 10), d(2026, 9, 20)} {
		for n, reissue := range []bool{false, true, false} {
			p := p
			if n == 2 {
				p = nameless
			}
			a, b := results(), results()
			want := DecideLetters(a, p, date, issued, reissue)
			AwaitReplies(a, issued, date)
			got := DecideLettersAwaiting(b, p, date, issued, reissue)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s reissue %v: %+v, want %+v", date.Format("2006-01-02"), reissue, got, want)
			}
			for i := range a {
				if !reflect.DeepEqual(a[i].Reasons, b[i].Reasons) {
					t.Errorf("%s %s: reasons %q, want %q", date.Format("2006-01-02"), a[i].Child.Name, b[i].Reasons, a[i].Reasons)
				}
				reasons += len(a[i].Reasons) - 1
			}
		}
	}
	if reasons == 0 {
		t.Error("no reply was awaited on any date: the comparison saw nothing")
	}
}
