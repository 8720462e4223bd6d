package output

import (
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"liushou/rules"
)

// TestOverview: the head teacher's summary counts every class, lists the urgent children,
// and 汇总.xlsx has one row per child who needs a visit or a call.
func TestOverview(t *testing.T) {
	var children []rules.Child
	for i, class := range []string{"三年级(1)班", "三年级(1)班", "三年级(2)班", "四年级(1)班"} {
		c := sampleChild()
		c.Class, c.Row, c.Name = class, 5+i, []string{"赵一", "钱二", "孙三", "李四"}[i]
		c.LastVisit, c.LastCall = daysAgo(1), daysAgo(1)
		children = append(children, c)
	}
	children[1].SignText, children[1].SignDate, children[1].ID = "打架", daysAgo(0), "522401201908122589"
	children[2].LastVisit = daysAgo(40)
	children[3].Father.Phone, children[3].Mother.Phone = "", ""
	rep := rules.Evaluate(rules.Roster{Children: children}, rules.DefaultPolicy(), asOf)
	classes := rep.Classes()
	var pdf, book bytes.Buffer
	if err := WriteOverviewPDF(&pdf, classes, rules.DefaultPolicy(), asOf); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf.Bytes(), "-layout")
	for _, want := range []string{"青石镇中心小学 留守儿童家访与通话汇总", "3 个班，留守儿童 4 名", "需立即家访的学生（1 名）", "钱二", "三年级(1)班", "四年级(1)班"} {
		if !strings.Contains(text, want) {
			t.Errorf("汇总.pdf lacks %q:\n%s", want, text)
		}
	}
	if err := writeOverviewXLSX(&book, classes, rules.DefaultPolicy(), asOf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&book)
	if err != nil {
		t.Fatal(err)
	}
	byClass, _ := f.GetRows("各班汇总")
	if len(byClass) != 5 || strings.Join(byClass[1], ",") != "青石镇中心小学,三年级(1)班,2,1,0,0,0,0,0" || byClass[4][0] != "合计" || byClass[4][2] != "4" {
		t.Errorf("各班汇总 %q", byClass)
	}
	flagged, _ := f.GetRows("需跟进学生")
	if len(flagged) != 4 { // header, 钱二 urgent, 孙三 overdue, 李四 no phone
		t.Errorf("需跟进学生 %q", flagged)
	}
	if flagged[1][3] != "522401********2589" || flagged[1][12] == "" {
		t.Errorf("ID not masked by default, or no reasons: %q", flagged[1])
	}
	// With mask_id_numbers = false the whole number is printed.
	p := rules.DefaultPolicy()
	p.MaskIDs = false
	var open bytes.Buffer
	writeOverviewXLSX(&open, classes, p, asOf)
	g, _ := excelize.OpenReader(&open)
	rows, _ := g.GetRows("需跟进学生")
	if rows[1][3] != "522401201908122589" {
		t.Errorf("unmasked ID %q", rows[1][3])
	}
}

// TestSummaryStreamed: summary.json written a field and an element at a time is byte for
// byte what encoding it at once gives: with and without letters, with empty and nil lists,
// and with names holding line breaks, quotes and HTML characters.
func TestSummaryStreamed(t *testing.T) {
	c := sampleChild()
	c.Name = "王芳\n  \"columns\": <&>"
	rep := rules.Evaluate(rules.Roster{Children: []rules.Child{c, sampleChild()},
		Inputs: []rules.Input{{File: "a.xlsx", Status: rules.InputOK, Children: 2}}}, rules.DefaultPolicy(), asOf)
	full := NewSummary(rules.Roster{Inputs: []rules.Input{{File: "a.xlsx", Status: rules.InputOK, Children: 2}},
		Columns: []rules.SheetColumns{{File: "a.xlsx", Sheet: "花名册"}}}, rep, asOf)
	empty := NewSummary(rules.Roster{}, rules.Report{}, asOf)
	for _, sum := range []Summary{full, empty} {
		for _, letters := range []*SummaryLetters{nil, {Term: "2026年秋季学期", Kind: "term_start", Batch: "信件/2026-11-28", Issued: 2, Missing: []string{"地址<>"}}} {
			sum.Letters = letters
			var streamed, whole bytes.Buffer
			if err := writeSummary(&streamed, sum); err != nil {
				t.Fatal(err)
			}
			if err := encodeIndented(&whole, sum, ""); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(streamed.Bytes(), whole.Bytes()) {
				t.Errorf("%d children, letters %v: streamed\n%s\nwhole\n%s", len(sum.Children), letters != nil, streamed.Bytes(), whole.Bytes())
			}
		}
	}
}

// TestSummarySpilledSame: summary.json with its children written straight to a file of
// the run's temporary folder is byte for byte the one written from memory, and the
// problem list is given the same children: with children (one of them with text that
// needs escaping, two on rows a problem names), with none, and when the folder cannot be
// written (the children stay in memory).
func TestSummarySpilledSame(t *testing.T) {
	c := sampleChild()
	c.Name = "王芳\n  \"children\": <&>"
	other := sampleChild()
	other.Row, other.Class = 9, "四年级(1)班"
	third := sampleChild()
	third.Row = 2
	rep := rules.Evaluate(rules.Roster{Children: []rules.Child{c, other, third}}, rules.DefaultPolicy(), asOf)
	roster := rules.Roster{Inputs: []rules.Input{{File: "a.xlsx", Status: rules.InputOK}},
		Problems: []rules.Problem{{File: c.File, Sheet: c.Sheet, Row: c.Row, Cell: "C5", Severity: rules.Warning, Code: "x", Message: "x"},
			{File: other.File, Sheet: other.Sheet, Row: other.Row, Cell: "C9", Severity: rules.Error, Code: "y", Message: "y"}}}
	for _, tc := range []struct {
		name      string
		rep       rules.Report
		dir       string
		spill     bool
		atProblem int
	}{
		{"children", rep, t.TempDir(), true, 2},
		{"none", rules.Report{}, t.TempDir(), true, 0},
		{"folder gone", rep, filepath.Join(t.TempDir(), "gone"), false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mem := NewSummary(roster, tc.rep, asOf)
			sum := newSummary(roster, tc.rep, asOf, tc.dir)
			for _, s := range []*Summary{&mem, &sum} {
				s.Letters = &SummaryLetters{Term: "2026年秋季学期", Kind: "start", Issued: 3}
			}
			if spilled := sum.spilled != ""; spilled != tc.spill || spilled == (sum.Children != nil) {
				t.Fatalf("spilled %q with %d children in memory, want spilled %v", sum.spilled, len(sum.Children), tc.spill)
			}
			var want, got bytes.Buffer
			if err := writeSummary(&want, mem); err != nil {
				t.Fatal(err)
			}
			if err := writeSummary(&got, sum); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("spilled:\n%s\nin memory:\n%s", got.Bytes(), want.Bytes())
			}
			n := len(mem.Children)
			var back Summary
			if err := json.Unmarshal(got.Bytes(), &back); err != nil || len(back.Children) != n || sum.Totals.Classes != min(n, 2) {
				t.Errorf("read back %d children (%v), want %d; %d classes", len(back.Children), err, n, sum.Totals.Classes)
			}
			if tc.spill {
				var named []SummaryChild
				for _, ch := range mem.Children {
					if ch.Row == c.Row || ch.Row == other.Row {
						named = append(named, ch)
					}
				}
				if got := sum.problemChildren(); len(got) != tc.atProblem || !reflect.DeepEqual(got, named) {
					t.Errorf("children at problems %+v, want %+v", got, named)
				}
			}
		})
	}
}

// TestSummaryChildJSON: a child's own encoding is encoding/json's, byte for byte, for
// text that needs escaping of every kind, with and without HTML escaping, with nil,
// empty and long lists of reasons, under any prefix and indent.
func TestSummaryChildJSON(t *testing.T) {
	texts := []string{"", "三年级(2)班", `quo"te\back/slash`, "\x00\x01\b\f\n\r\t\x1f\x7f", "a<b>c&d",
		"\u2028line\u2029", "bad \xff\xfe utf-8 \xe4\xb8", "𠀀 outside the BMP"}
	for i, s := range texts {
		c := SummaryChild{File: s, Sheet: texts[(i+1)%len(texts)], Row: i*1000 - 3, School: s, Class: texts[(i+2)%len(texts)],
			Name: s, Visit: "overdue", Call: texts[(i+3)%len(texts)]}
		switch i % 3 {
		case 1:
			c.Reasons = []string{}
		case 2:
			c.Reasons = []string{s, "超过 30 天未家访", texts[(i+4)%len(texts)]}
		}
		for _, html := range []bool{true, false} {
			for _, form := range [][2]string{{"", " "}, {"    ", "  "}, {"\t", "\t"}} {
				var want bytes.Buffer
				enc := json.NewEncoder(&want)
				enc.SetEscapeHTML(html)
				enc.SetIndent(form[0], form[1])
				if err := enc.Encode(c); err != nil {
					t.Fatal(err)
				}
				got := c.AppendJSON(nil, form[0], form[1], html)
				if w := bytes.TrimSuffix(want.Bytes(), []byte("\n")); !bytes.Equal(got, w) {
					t.Errorf("text %d, html %v, form %q:\n%s\nwant\n%s", i, html, form, got, w)
				}
			}
		}
	}
}

// encodeIndented is summary.json encoded whole, as the streamed one must read.
func encodeIndented(w io.Writer, v any, prefix string) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	return enc.Encode(v)
}
