package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// LetterKind is which letter of the term goes to the families.
type LetterKind string

const (
	TermStartLetter LetterKind = "start" // 开学：what the school does, what it asks
	TermEndLetter   LetterKind = "end"   // 期末：the same, and how often the school visited and called
)

// termEndWindow is how long before the end of term the term-end letter is due.
const termEndWindow = 30

// letterGap is the least time between two letters to one family: a family that had the
// term-start letter late in term does not get the term-end letter in the same weeks.
const letterGap = 21

// TermOf is the term of the school calendar that holds the date. Without [[terms]], the
// customary calendar: the autumn term from 1 September to 20 January (the winter break),
// the spring term from 15 February to 10 July. ok is false in the holidays.
func (p Policy) TermOf(asOf time.Time) (Term, bool) {
	terms := p.Terms
	if len(terms) == 0 {
		y := asOf.Year()
		d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
		terms = []Term{
			{Name: fmt.Sprintf("%d年秋季学期", y-1), Start: d(y-1, 9, 1), End: d(y, 1, 20)},
			{Name: fmt.Sprintf("%d年春季学期", y), Start: d(y, 2, 15), End: d(y, 7, 10)},
			{Name: fmt.Sprintf("%d年秋季学期", y), Start: d(y, 9, 1), End: d(y+1, 1, 20)},
		}
	}
	for _, t := range terms {
		if !asOf.Before(t.Start) && !asOf.After(t.End) {
			return t, true
		}
	}
	return Term{}, false
}

// CurrentTerm is the term the date falls in, or in the holidays the term just ended (for
// the summary's wording).
func (p Policy) CurrentTerm(asOf time.Time) Term {
	if t, ok := p.TermOf(asOf); ok {
		return t
	}
	for back := 1; back < 120; back++ {
		if t, ok := p.TermOf(asOf.AddDate(0, 0, -back)); ok {
			return t
		}
	}
	return Term{}
}

// LetterKind says which letter is due on the date: the term-end letter in the last
// 30 days of a term, else the term-start letter; "" in the holidays.
func (p Policy) LetterKind(asOf time.Time) LetterKind {
	t, ok := p.TermOf(asOf)
	switch {
	case !ok:
		return ""
	case !asOf.Before(t.End.AddDate(0, 0, -termEndWindow)):
		return TermEndLetter
	}
	return TermStartLetter
}

// Autumn reports whether a term is an autumn term (it ends in the winter break).
func (t Term) Autumn() bool {
	if !t.Start.IsZero() {
		return t.Start.Month() >= time.August || t.Start.Month() <= time.January
	}
	return strings.Contains(t.Name, "秋")
}

// CountInTerm counts the different days among the dates that fall in the term up to
// the as-of date (the whole record when the term's start is not known).
func CountInTerm(dates []Date, t Term, asOf time.Time) int {
	seen := map[time.Time]bool{}
	for _, d := range dates {
		if d.IsZero() || day(d.Time).After(day(asOf)) || (!t.Start.IsZero() && d.Time.Before(t.Start)) {
			continue
		}
		seen[day(d.Time)] = true
	}
	return len(seen)
}

// VisitWindowNames are the parts of a term [rules] visit_windows may name, in order: the
// term's first, middle and last third.
var VisitWindowNames = []string{"期初", "期中", "期末"}

// VisitWindow is the part of the term asOf falls in, when the policy asks for a visit in
// it: its name and its first and last day. ok is false in the holidays, or when the
// policy asks for no visit in this part.
func (p Policy) VisitWindow(asOf time.Time) (name string, from, to time.Time, ok bool) {
	t, in := p.TermOf(asOf)
	if !in || len(p.VisitWindows) == 0 {
		return "", time.Time{}, time.Time{}, false
	}
	days := daysBetween(t.Start, t.End) + 1
	for i, w := range VisitWindowNames {
		from = t.Start.AddDate(0, 0, i*days/3)
		to = t.Start.AddDate(0, 0, (i+1)*days/3-1)
		if i == len(VisitWindowNames)-1 {
			to = t.End
		}
		if asOf.Before(from) || asOf.After(to) {
			continue
		}
		if !slices.Contains(p.VisitWindows, w) {
			return "", time.Time{}, time.Time{}, false
		}
		return w, from, to, true
	}
	return "", time.Time{}, time.Time{}, false
}
