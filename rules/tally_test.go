package rules

import "testing"

// TestTally: every status is counted once, in its place, and tallies add up.
func TestTally(t *testing.T) {
	rs := []Result{
		{Visit: VisitUrgent, Call: CallOK}, {Visit: VisitOverdue, Call: CallNoContact},
		{Visit: VisitDueSoon, Call: CallDueSoon}, {Visit: VisitOK, Call: CallOverdue}, {Visit: VisitOK, Call: CallOK},
	}
	got := TallyOf(rs)
	want := Tally{Children: 5, Urgent: 1, VisitOverdue: 1, VisitSoon: 1, VisitOK: 2,
		CallOverdue: 1, CallSoon: 1, CallOK: 2, NoContact: 1, InTime: 2}
	if got != want {
		t.Fatalf("%+v, want %+v", got, want)
	}
	sum := 0
	for _, n := range got.Visits() {
		sum += n
	}
	for _, n := range got.Calls() {
		sum += n
	}
	if sum != 2*got.Children {
		t.Errorf("visits and calls add to %d, want %d", sum, 2*got.Children)
	}
	twice := got
	twice.Plus(got)
	if twice.Children != 10 || twice.InTime != 4 || twice.NoContact != 2 {
		t.Errorf("plus: %+v", twice)
	}
}
