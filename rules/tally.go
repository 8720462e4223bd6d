package rules

// Tally counts children by their visit and call status: the one count behind the run's
// summary lines, summary.json's totals, every 汇总 and the district's table.
type Tally struct {
	Children                                 int
	Urgent, VisitOverdue, VisitSoon, VisitOK int
	CallOverdue, CallSoon, CallOK, NoContact int
	// InTime counts the children followed up in time: visit and call both within the
	// policy's intervals (ok or due soon).
	InTime int
}

// Add counts one child's result.
func (t *Tally) Add(r Result) {
	t.Children++
	switch r.Visit {
	case VisitUrgent:
		t.Urgent++
	case VisitOverdue:
		t.VisitOverdue++
	case VisitDueSoon:
		t.VisitSoon++
	case VisitOK:
		t.VisitOK++
	}
	switch r.Call {
	case CallOverdue:
		t.CallOverdue++
	case CallDueSoon:
		t.CallSoon++
	case CallOK:
		t.CallOK++
	case CallNoContact:
		t.NoContact++
	}
	if (r.Visit == VisitOK || r.Visit == VisitDueSoon) && (r.Call == CallOK || r.Call == CallDueSoon) {
		t.InTime++
	}
}

// Plus adds another tally's counts.
func (t *Tally) Plus(o Tally) {
	t.Children += o.Children
	t.Urgent += o.Urgent
	t.VisitOverdue += o.VisitOverdue
	t.VisitSoon += o.VisitSoon
	t.VisitOK += o.VisitOK
	t.CallOverdue += o.CallOverdue
	t.CallSoon += o.CallSoon
	t.CallOK += o.CallOK
	t.NoContact += o.NoContact
	t.InTime += o.InTime
}

// Visits are the counts by visit status, keyed as summary.json writes them.
func (t Tally) Visits() map[string]int {
	return map[string]int{string(VisitUrgent): t.Urgent, string(VisitOverdue): t.VisitOverdue,
		string(VisitDueSoon): t.VisitSoon, string(VisitOK): t.VisitOK}
}

// Calls are the counts by call status, keyed as summary.json writes them.
func (t Tally) Calls() map[string]int {
	return map[string]int{string(CallOverdue): t.CallOverdue, string(CallDueSoon): t.CallSoon,
		string(CallOK): t.CallOK, string(CallNoContact): t.NoContact}
}

// TallyOf counts results.
func TallyOf(results []Result) Tally {
	var t Tally
	for _, r := range results {
		t.Add(r)
	}
	return t
}
