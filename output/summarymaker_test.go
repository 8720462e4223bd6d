package output

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"

	"liushou/rules"
)

// TestSummaryMakerAsWhole: children added a class at a time, classes in print order,
// give the summary.json newSummary makes of the whole report, byte for byte, and the
// problem list the same children: children of two files and two sheets in no order of
// rows, classes spread over them, text that needs escaping, rows that problems name
// (of the reading and of the evaluation: dates after the as-of date).
func TestSummaryMakerAsWhole(t *testing.T) {
	var children []rules.Child
	for i := range 60 {
		c := sampleChild()
		c.File = []string{"b.xlsx", "a.xlsx", "东风小学.xlsx"}[i%3]
		c.Sheet = []string{"花名册", "Sheet2"}[i/3%2]
		c.Row = 100 - i
		c.Class = fmt.Sprintf("%s年级(%d)班", []string{"一", "三", "六"}[i*7%3], 1+i%4)
		c.School = []string{"青石镇中心小学", "白沙村小学"}[i*5%2]
		c.Name = fmt.Sprintf("王%c", '甲'+rune(i))
		if i == 7 {
			c.Name = "王芳\n  \"children\": <&>"
		}
		if i%9 == 4 {
			c.LastVisit = rules.Date{Time: asOf.AddDate(0, 0, 3), Cell: fmt.Sprintf("H%d", c.Row)} // future: a problem at its row
		}
		children = append(children, c)
	}
	roster := rules.Roster{Inputs: []rules.Input{{File: "a.xlsx", Status: rules.InputOK}, {File: "b.xlsx", Status: rules.InputOK}},
		Problems: []rules.Problem{{File: "a.xlsx", Sheet: "花名册", Row: children[1].Row, Cell: "C5", Severity: rules.Warning, Code: "x", Message: "x"},
			{File: "b.xlsx", Sheet: "Sheet2", Row: children[3].Row, Cell: "C9", Severity: rules.Error, Code: "y", Message: "y"}}}
	rep := rules.Evaluate(rules.Roster{Children: children}, rules.DefaultPolicy(), asOf)
	if len(rep.Problems) == 0 {
		t.Fatal("no problem of the evaluation: the test does not test it")
	}
	whole := newSummary(roster, rep, asOf, t.TempDir())
	m, err := NewSummaryMaker(t.TempDir(), roster.Problems)
	if err != nil {
		t.Fatal(err)
	}
	m.Named(rep.Problems)
	for _, c := range rep.Classes() {
		for _, r := range c.Results {
			m.Add(r)
		}
	}
	made, err := m.Summary(roster, rep.Problems, asOf)
	if err != nil {
		t.Fatal(err)
	}
	var want, got bytes.Buffer
	if err := writeSummary(&want, whole); err != nil {
		t.Fatal(err)
	}
	if err := writeSummary(&got, made); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("made a class at a time:\n%s\nwhole:\n%s", got.Bytes(), want.Bytes())
	}
	if n := len(whole.problemChildren()); n < 4 || !reflect.DeepEqual(made.problemChildren(), whole.problemChildren()) {
		t.Errorf("problem list children: made %d, whole %d", len(made.problemChildren()), n)
	}
	if made.Totals.Classes != whole.Totals.Classes || made.Totals.Tally != whole.Totals.Tally {
		t.Errorf("totals: made %+v, whole %+v", made.Totals, whole.Totals)
	}
}
