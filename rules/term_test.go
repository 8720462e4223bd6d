package rules

import (
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
		{DefaultPolicy(), d(2026, 12, 1), "2026年秋季学期", TermEndLetter},
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
