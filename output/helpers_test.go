package output

import (
	"io"
	"liushou/internal/testtool"
	"testing"
	"time"

	"liushou/rules"
)

// The documents as the tests print them, one at a time.

// WriteChecklist writes the class teacher's checklist: every child of the class by
// urgency, on A4 landscape pages with the header repeated and page numbers.
func WriteChecklist(w io.Writer, class rules.Class, p rules.Policy, asOf time.Time) error {
	return writeChecklist(w, class, p, asOf, nil)
}

// WriteLetters writes one A4 letter per child, in the order given, into w.
// The letter is the term-start or term-end one, as the policy's calendar says for asOf;
// tpl are the run's letter templates.
func WriteLetters(w io.Writer, class rules.Class, p rules.Policy, asOf time.Time, tpl LetterTemplates) error {
	dec := rules.Letters{Kind: p.LetterKind(asOf), Term: p.CurrentTerm(asOf)}
	if dec.Kind == "" {
		dec.Kind = rules.TermStartLetter
	}
	return writeLetters(w, class, p, asOf, dec, tpl)
}

// WriteEnvelopes writes one DL envelope per letter that goes by post, in the order of the
// letters: recipient's postcode in the boxes, address and name, the school as sender.
// It returns how many envelopes it wrote.
func WriteEnvelopes(w io.Writer, class rules.Class, p rules.Policy, asOf time.Time) (int, error) {
	return writeEnvelopes(w, class, p, asOf)
}

// WriteOverviewPDF writes 汇总.pdf for the head teacher: the totals, a bar chart of
// visits and calls needing attention in every class, and the children to visit at once.
func WriteOverviewPDF(w io.Writer, classes []rules.Class, p rules.Policy, asOf time.Time) error {
	return writeOverviewPDF(w, classes, 0, p, asOf)
}

func toolMissing(t testing.TB, msg string) { t.Helper(); testtool.Missing(t, msg) }

// ptr is a pointer to a copy of v.
func ptr[T any](v T) *T { return &v }
