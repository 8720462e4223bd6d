package rules

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// VisitStatus is how urgently a child needs a home visit.
type VisitStatus string

const (
	VisitUrgent  VisitStatus = "urgent"
	VisitOverdue VisitStatus = "overdue"
	VisitDueSoon VisitStatus = "due_soon"
	VisitOK      VisitStatus = "ok"
)

// CallStatus is how urgently the parents need a call.
type CallStatus string

const (
	CallOverdue   CallStatus = "overdue"
	CallDueSoon   CallStatus = "due_soon"
	CallOK        CallStatus = "ok"
	CallNoContact CallStatus = "no_contact"
)

// Result is the evaluation of one child on the as-of date.
type Result struct {
	// Child points into the evaluated roster's children (a copy of them for Evaluate):
	// a county's children are held once, not once in the roster and again in the report.
	Child *Child
	Visit VisitStatus
	Call  CallStatus
	// DaysSinceVisit and DaysSinceCall are -1 when there is no usable date.
	DaysSinceVisit int
	DaysSinceCall  int
	Signs          []string // the must-visit signs recognised, in policy order
	Reasons        []string // in Chinese, for the checklist and summary
}

// Report is the evaluation of a whole roster.
type Report struct {
	AsOf     time.Time
	Results  []Result  // in roster order
	Problems []Problem // found while evaluating (dates after the as-of date)
}

// Evaluate applies the policy to every child of the roster on the given date.
// Dates after asOf count as not recorded and are reported as problems.
func Evaluate(r Roster, p Policy, asOf time.Time) Report {
	return evaluate(r, p, asOf, false)
}

// EvaluateTaking is Evaluate for a caller done with the roster: the results point at its
// children, which are changed (their latest dates) rather than copied, and r.Children
// is nil after. A county's children were otherwise held twice at the end of reading, the
// night's highest point of memory.
func EvaluateTaking(r *Roster, p Policy, asOf time.Time) Report {
	rep := evaluate(*r, p, asOf, true)
	r.Children = nil
	return rep
}

func evaluate(r Roster, p Policy, asOf time.Time, take bool) Report {
	asOf = day(asOf)
	children := r.Children
	if !take {
		children = slices.Clone(children) // the caller's roster is left as it was
	}
	rep := Report{AsOf: asOf, Results: make([]Result, 0, len(children))}
	for i := range children {
		c := &children[i]
		c.LastVisit = rep.latest(*c, c.LastVisit, c.VisitLog, "家访日期", asOf)
		c.LastCall = rep.latest(*c, c.LastCall, c.CallLog, "通话日期", asOf)
		c.SignDate = rep.usable(*c, c.SignDate, "必访情况登记日期", asOf)
		if r.SignSeen != nil && c.SignDate.IsZero() && c.SignText != "" {
			c.SignSeen = r.SignSeen(*c)
		}
		rep.Results = append(rep.Results, evaluateChild(c, p, asOf))
	}
	return rep
}

// latest is the most recent usable date among the roster's column and the log entries.
func (rep *Report) latest(c Child, column Date, log []Date, what string, asOf time.Time) Date {
	best := rep.usable(c, column, "最近"+what, asOf)
	for _, d := range log {
		d = rep.usable(c, d, what, asOf)
		if !d.IsZero() && (best.IsZero() || d.Time.After(best.Time)) {
			best = d
		}
	}
	return best
}

// usable drops a date after the as-of date and records why, at the date's own place.
func (rep *Report) usable(c Child, d Date, what string, asOf time.Time) Date {
	if d.IsZero() || !day(d.Time).After(asOf) {
		return d
	}
	file, sheet, row := c.File, c.Sheet, c.Row
	if d.Sheet != "" {
		file, sheet, row = d.File, d.Sheet, cellRow(d.Cell)
	}
	rep.Problems = append(rep.Problems, Problem{
		File: file, Sheet: sheet, Row: row, Cell: d.Cell, Severity: Error, Code: "date_future",
		Message: fmt.Sprintf("%s %s 晚于统计日期 %s，按未填写处理，请核对后改正。",
			what, ChineseDate(d.Time), ChineseDate(asOf)),
	})
	return Date{}
}

// cellRow reads the row number of a cell reference such as "C12".
func cellRow(cell string) int {
	n := 0
	for _, r := range cell {
		if r >= '0' && r <= '9' {
			n = n*10 + int(r-'0')
		}
	}
	return n
}

func evaluateChild(c *Child, p Policy, asOf time.Time) Result {
	res := Result{Child: c, DaysSinceVisit: -1, DaysSinceCall: -1}
	if !c.LastVisit.IsZero() {
		res.DaysSinceVisit = daysBetween(c.LastVisit.Time, asOf)
	}
	if !c.LastCall.IsZero() {
		res.DaysSinceCall = daysBetween(c.LastCall.Time, asOf)
	}
	res.Signs = recognizeSigns(c.SignText, p.Signs)

	// Visit.
	urgent := false
	if len(res.Signs) > 0 {
		signs := strings.Join(res.Signs, "、")
		seen := c.SignSeen
		if !seen.IsZero() && !day(seen).Before(asOf) {
			seen = time.Time{} // seen first tonight: nothing can have followed it yet
		}
		visitedSince := func(t time.Time) bool { return !c.LastVisit.IsZero() && !c.LastVisit.Time.Before(day(t)) }
		// Said alike by many children (the same signs, the same dates): written once.
		text := func(kind string, a, b time.Time, write func() string) string {
			return dueText(dueKey{kind: kind, a: ymd(a), b: ymd(b), what: signs}, write)
		}
		switch {
		case c.SignDate.IsZero() && seen.IsZero():
			urgent = true
			res.Reasons = append(res.Reasons, text("sign-undated", time.Time{}, time.Time{}, func() string {
				return fmt.Sprintf("登记了必访情况“%s”（未填登记日期），请立即家访", signs)
			}))
		case c.SignDate.IsZero() && visitedSince(seen):
			res.Reasons = append(res.Reasons, text("sign-seen-visited", seen, c.LastVisit.Time, func() string {
				return fmt.Sprintf("必访情况“%s”（未填登记日期，%s起登记）已于%s家访", signs, ShortDate(seen), ShortDate(c.LastVisit.Time))
			}))
		case c.SignDate.IsZero():
			urgent = true
			res.Reasons = append(res.Reasons, text("sign-seen", seen, time.Time{}, func() string {
				return fmt.Sprintf("%s起登记必访情况“%s”（未填登记日期），此后尚未家访，请立即家访", ShortDate(seen), signs)
			}))
		case !visitedSince(c.SignDate.Time):
			urgent = true
			res.Reasons = append(res.Reasons, text("sign-dated", c.SignDate.Time, time.Time{}, func() string {
				return fmt.Sprintf("%s登记必访情况“%s”，此后尚未家访，请立即家访", ShortDate(c.SignDate.Time), signs)
			}))
		default:
			res.Reasons = append(res.Reasons, text("sign-visited", c.SignDate.Time, c.LastVisit.Time, func() string {
				return fmt.Sprintf("必访情况“%s”（%s登记）已于%s家访", signs, ShortDate(c.SignDate.Time), ShortDate(c.LastVisit.Time))
			}))
		}
	}
	var visitState dueState
	visitState, visitReason := due(res.DaysSinceVisit, p.VisitEvery, p.DueSoon, "家访")
	switch {
	case urgent:
		res.Visit = VisitUrgent
		if visitState == overdue {
			res.Reasons = append(res.Reasons, visitReason)
		}
	default:
		// The term's rhythm: a visit in each part of the term the school asks for.
		if name, from, to, ok := p.VisitWindow(asOf); ok && (c.LastVisit.IsZero() || c.LastVisit.Time.Before(from)) {
			st := dueSoon
			if asOf.After(from.AddDate(0, 0, daysBetween(from, to)/2)) {
				st = overdue
			}
			visitState = max(visitState, st)
			res.Reasons = append(res.Reasons, dueText(dueKey{"window", ymd(from), ymd(to), name}, func() string {
				return fmt.Sprintf("本学期%s（%s—%s）还没有家访", name, ShortDate(from), ShortDate(to))
			}))
		}
		res.Visit = [...]VisitStatus{VisitOK, VisitDueSoon, VisitOverdue}[visitState]
		if visitReason != "" {
			res.Reasons = append(res.Reasons, visitReason)
		}
	}

	// Call.
	if !c.HasParentPhone() {
		res.Call = CallNoContact
		res.Reasons = append(res.Reasons, "父母均无可用的联系电话，请向监护人问清家长号码并补登")
	} else {
		callState, callReason := due(res.DaysSinceCall, p.CallEvery, p.DueSoon, "与家长通话")
		res.Call = [...]CallStatus{CallOK, CallDueSoon, CallOverdue}[callState]
		if callReason != "" {
			res.Reasons = append(res.Reasons, callReason)
		}
	}
	res.Reasons = append(res.Reasons, careReasons(c, p, asOf)...)
	return res
}

// careReasons are the school's other rules a child is due by ([rules] talk_every_days,
// health_check_every_days, training_per_term), each counted from its log's entries: a
// talk or a check overdue or due soon, fewer trainings this term than asked. They are
// told on the checklist; the visit and call status stay the visit's and the call's.
func careReasons(c *Child, p Policy, asOf time.Time) []string {
	var out []string
	last := func(kind string) int {
		days := -1
		for _, e := range c.Entries {
			if e.Kind == kind && !e.Date.IsZero() && !e.Date.Time.After(asOf) {
				if d := daysBetween(e.Date.Time, asOf); days < 0 || d < days {
					days = d
				}
			}
		}
		return days
	}
	for _, r := range []struct {
		every      int
		kind, what string
	}{{p.TalkEvery, "谈心记录", "谈心"}, {p.HealthEvery, "体检记录", "体检"}} {
		if r.every <= 0 {
			continue
		}
		if _, why := due(last(r.kind), r.every, min(p.DueSoon, r.every-1), r.what); why != "" {
			out = append(out, why)
		}
	}
	if p.TrainingPerTerm > 0 {
		if term, ok := p.TermOf(asOf); ok {
			n := 0
			for _, e := range c.Entries {
				if e.Kind == "培训记录" && !e.Date.Time.Before(term.Start) && !e.Date.Time.After(asOf) {
					n++
				}
			}
			if n < p.TrainingPerTerm {
				out = append(out, fmt.Sprintf("本学期监护人参加培训%d次（每学期至少%d次）", n, p.TrainingPerTerm))
			}
		}
	}
	return out
}

type dueState int

const (
	fine dueState = iota
	dueSoon
	overdue
)

// due applies the interval rule: overdue when never done or more than every days ago,
// due soon within the last `soon` days before that, and says why in Chinese.
func due(days, every, soon int, what string) (dueState, string) {
	switch {
	case days < 0:
		return overdue, dueText(dueKey{"none", every, 0, what}, func() string { return fmt.Sprintf("没有%s记录（每%d天至少一次）", what, every) })
	case days > every:
		return overdue, dueText(dueKey{"overdue", days, every, what}, func() string { return fmt.Sprintf("距上次%s已%d天（每%d天至少一次）", what, days, every) })
	case days >= every-soon:
		left := every - days
		if left == 0 {
			return dueSoon, dueText(dueKey{"today", days, 0, what}, func() string { return fmt.Sprintf("距上次%s已%d天，今天到期", what, days) })
		}
		return dueSoon, dueText(dueKey{"soon", days, left, what}, func() string { return fmt.Sprintf("距上次%s已%d天，%d天内到期", what, days, left) })
	}
	return fine, ""
}

// dueTexts keep the texts due has written, by what they say: a county's children share
// a few hundred of them, and each child's was a string of its own, held by its result
// until summary.json was written (5 MB at four times the county). At most maxDueTexts
// are kept.
var (
	dueTexts    sync.Map // dueKey -> string
	dueTextsN   atomic.Int32
	maxDueTexts = int32(4096)
)

// dueKey is a text of due's: its kind and the numbers and words it says.
type dueKey struct {
	kind string
	a, b int
	what string
}

// ymd is a date as a key: the day it names, as ShortDate and ChineseDate print it.
func ymd(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

func dueText(k dueKey, write func() string) string {
	if s, ok := dueTexts.Load(k); ok {
		return s.(string)
	}
	s := write()
	if dueTextsN.Load() < maxDueTexts {
		if _, loaded := dueTexts.LoadOrStore(k, s); !loaded {
			dueTextsN.Add(1)
		}
	}
	return s
}

// SignsOf names the must-visit signs registered for a child, in the policy's words.
func SignsOf(c Child, p Policy) []string { return recognizeSigns(c.SignText, p.Signs) }

// recognizeSigns returns the names of the must-visit signs that the text mentions,
// in the order of the policy. Teachers write what is not so as well as what is: a word
// right after a negation (不迟到、从不吵架、很少哭), a clause that starts with one (无迟到
// 早退、没有生病、从未旷课) and a clause about someone else (监护人生病住院、奶奶身体不好)
// do not count.
func recognizeSigns(text string, signs []Sign) []string {
	var clauses []string
	for _, c := range strings.FieldsFunc(text, isClauseBreak) {
		if !aboutSomeoneElse(c) {
			clauses = append(clauses, c)
		}
	}
	var found []string
	for _, s := range signs {
	words:
		for _, w := range s.Words {
			for _, c := range clauses {
				if mentions(c, w) {
					found = append(found, s.Name)
					break words
				}
			}
		}
	}
	return found
}

// negations are the words that deny what follows them.
var negations = []string{"无", "没有", "没", "未", "不", "从不", "从未", "从没", "不再", "并无", "并未", "很少", "极少", "未曾", "没再", "不曾"}

// others are the people a clause may be about instead of the child.
var others = []string{"监护人", "爷爷", "奶奶", "外公", "外婆", "姥姥", "姥爷", "祖父", "祖母", "外祖父", "外祖母",
	"父亲", "母亲", "爸爸", "妈妈", "父母", "家长", "叔叔", "阿姨", "舅舅", "姑姑", "哥哥", "姐姐", "弟弟", "妹妹"}

// aboutSomeoneElse reports a clause whose subject is a family member: 监护人生病住院.
func aboutSomeoneElse(clause string) bool {
	c := strings.TrimPrefix(strings.TrimPrefix(clause, "其"), "该生")
	return hasAnyPrefix(c, others...)
}

func isClauseBreak(r rune) bool {
	return strings.ContainsRune("，,；;。.、/／ \t\n\u3000（）()", r)
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func hasAnySuffix(s string, suffixes ...string) bool {
	for _, p := range suffixes {
		if strings.HasSuffix(s, p) {
			return true
		}
	}
	return false
}

// mentions reports whether word occurs in the clause other than after a negation: right
// before it, or at the clause's start (无明显迟到早退) unless the word itself starts it
// (没来上学).
func mentions(clause, word string) bool {
	for from := 0; ; {
		i := strings.Index(clause[from:], word)
		if i < 0 {
			return false
		}
		at := from + i
		negated := hasAnySuffix(clause[:at], negations...) || at > 0 && hasAnyPrefix(clause, negations...)
		if !negated {
			return true
		}
		from = at + len(word)
	}
}

// day truncates a time to its calendar date in UTC, the zone every roster date is read in.
func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func daysBetween(from, to time.Time) int {
	return int(day(to).Sub(day(from)).Hours() / 24)
}

// ChineseDate writes a date as 2026年11月28日.
func ChineseDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// ShortDate writes a date as 11月28日, for dates within the current school year.
func ShortDate(t time.Time) string {
	return fmt.Sprintf("%d月%d日", int(t.Month()), t.Day())
}
