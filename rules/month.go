package rules

import "time"

// MonthTally counts one month's care of some children, for the monthly report (月报):
// what was done in the month, from the dated entries of the rosters and their logs, and
// where things stood at its end.
type MonthTally struct {
	Children int // at the month's end
	// Visits and Calls are the visits and calls made in the month (one a day a child at
	// most: a date written both in a log and in the roster's column is one); Visited and
	// Called count the children with at least one.
	Visits, Calls, Visited, Called int
	// InTime counts the children followed up in time at the month's end (Tally.InTime).
	InTime int
	// Signs counts the must-visit signs registered in the month (by their date, or the
	// night first seen), SignsVisited those visited since.
	Signs, SignsVisited int
}

// AddMonth counts one child's result for the month from..to (both days included).
func (t *MonthTally) AddMonth(r Result, from, to time.Time) {
	c := r.Child
	in := func(d time.Time) bool { return !d.IsZero() && !day(d).Before(from) && !day(d).After(to) }
	count := func(last Date, log []Date) int {
		days := map[time.Time]bool{}
		for _, d := range append([]Date{last}, log...) {
			if in(d.Time) {
				days[day(d.Time)] = true
			}
		}
		return len(days)
	}
	t.Children++
	if n := count(c.LastVisit, c.VisitLog); n > 0 {
		t.Visits += n
		t.Visited++
	}
	if n := count(c.LastCall, c.CallLog); n > 0 {
		t.Calls += n
		t.Called++
	}
	var tally Tally
	tally.Add(r)
	t.InTime += tally.InTime
	if len(r.Signs) > 0 {
		since := c.SignDate.Time
		if since.IsZero() {
			since = c.SignSeen
		}
		if in(since) {
			t.Signs++
			if !c.LastVisit.IsZero() && !c.LastVisit.Time.Before(day(since)) {
				t.SignsVisited++
			}
		}
	}
}

// Plus adds another month's counts.
func (t *MonthTally) Plus(o MonthTally) {
	t.Children += o.Children
	t.Visits += o.Visits
	t.Calls += o.Calls
	t.Visited += o.Visited
	t.Called += o.Called
	t.InTime += o.InTime
	t.Signs += o.Signs
	t.SignsVisited += o.SignsVisited
}

// MonthOf is the first and last day of the month that holds t.
func MonthOf(t time.Time) (from, to time.Time) {
	from = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	return from, from.AddDate(0, 1, -1)
}
