package rules

import (
	"fmt"
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

// CurrentTerm is the term of the calendar that holds the date. Without a calendar, or
// outside every term, it is the customary one: autumn from August to January, spring
// from February to July, with no known dates.
func (p Policy) CurrentTerm(asOf time.Time) Term {
	for _, t := range p.Terms {
		if !asOf.Before(t.Start) && !asOf.After(t.End) {
			return t
		}
	}
	switch m := asOf.Month(); {
	case m == time.January:
		return Term{Name: fmt.Sprintf("%d年秋季学期", asOf.Year()-1)}
	case m >= time.February && m <= time.July:
		return Term{Name: fmt.Sprintf("%d年春季学期", asOf.Year())}
	}
	return Term{Name: fmt.Sprintf("%d年秋季学期", asOf.Year())}
}

// LetterKind says which letter is due on the date: the term-end letter in the last
// 30 days of a term (December, January, June and July without a calendar), else the
// term-start letter.
func (p Policy) LetterKind(asOf time.Time) LetterKind {
	t := p.CurrentTerm(asOf)
	if !t.End.IsZero() {
		if !asOf.Before(t.End.AddDate(0, 0, -termEndWindow)) {
			return TermEndLetter
		}
		return TermStartLetter
	}
	switch asOf.Month() {
	case time.December, time.January, time.June, time.July:
		return TermEndLetter
	}
	return TermStartLetter
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
