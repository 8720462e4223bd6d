package output

import (
	"bufio"
	"io"
	"os"
	"sort"
	"strconv"
	"time"

	"liushou/output/outdir"
	"liushou/rules"
)

// Summary is the contract of summary.json for monitoring scripts. Fields are only
// ever added, never renamed or removed; the README documents each one.
type Summary struct {
	AsOf     string          `json:"as_of"`
	Inputs   []rules.Input   `json:"inputs"`
	Children []SummaryChild  `json:"children"`
	Problems []rules.Problem `json:"problems"`
	Totals   SummaryTotals   `json:"totals"`
	Letters  *SummaryLetters `json:"letters,omitempty"`
	// Columns is what each column of each sheet read was taken as (the column map).
	Columns []rules.SheetColumns `json:"columns"`
	// spilled, if set, is the file of the run's temporary folder that holds Children's
	// JSON (spillChildren); Children is nil then, and atProblems holds the children
	// a problem names, for the problem list.
	spilled    string
	atProblems []SummaryChild
}

// problemChildren are the children the problem list may name: all of them, or when they
// were spilled those on the rows a problem names.
func (s Summary) problemChildren() []SummaryChild {
	if s.spilled != "" {
		return s.atProblems
	}
	return s.Children
}

// SummaryLetters says which letters this run issued: the term, the kind (start or end),
// the batch folder under 信件/ and how many letters it holds (0: every family already has
// this term's letter).
type SummaryLetters struct {
	Term   string `json:"term"`
	Kind   string `json:"kind"`
	Batch  string `json:"batch"`
	Issued int    `json:"issued"`
	// Draft: the school's details named in Missing are not set yet; Drafts letters were
	// printed marked 草稿 under 信件草稿/, none recorded as sent.
	Draft   bool     `json:"draft,omitempty"`
	Missing []string `json:"missing,omitempty"`
	Drafts  int      `json:"drafts,omitempty"`
	// DraftSchools names, for each school whose letters are drafts, what it lacks.
	DraftSchools map[string][]string `json:"draft_schools,omitempty"`
}

// SummaryChild is one child's evaluation. It carries the name, as the class teacher's
// documents do; summary.json lives in the output folder with them.
type SummaryChild struct {
	File    string   `json:"file"`
	Sheet   string   `json:"sheet"`
	Row     int      `json:"row"`
	School  string   `json:"school"`
	Class   string   `json:"class"`
	Name    string   `json:"name"`
	Visit   string   `json:"visit"`
	Call    string   `json:"call"`
	Reasons []string `json:"reasons"`
}

// AppendJSON writes the child as json.Encoder does (outdir.StreamJSON): summary.json
// holds a line of fields for every child of the run (18 MB at four times the county),
// written at the end while nothing else runs, and encoding/json took three times as
// long for them (BenchmarkSummaryJSON).
func (c SummaryChild) AppendJSON(b []byte, prefix, indent string, escapeHTML bool) []byte {
	b = append(b, '{')
	for i, f := range [...]struct{ name, value string }{{"file", c.File}, {"sheet", c.Sheet}} {
		if i > 0 {
			b = append(b, ',')
		}
		b = outdir.AppendJSONField(b, prefix, indent, f.name, f.value, escapeHTML)
	}
	b = append(b, ",\n"...)
	b = append(b, prefix...)
	b = append(b, indent...)
	b = append(b, `"row": `...)
	b = strconv.AppendInt(b, int64(c.Row), 10)
	for _, f := range [...]struct{ name, value string }{{"school", c.School}, {"class", c.Class}, {"name", c.Name}, {"visit", c.Visit}, {"call", c.Call}} {
		b = append(b, ',')
		b = outdir.AppendJSONField(b, prefix, indent, f.name, f.value, escapeHTML)
	}
	b = append(b, ',')
	if c.Reasons == nil {
		// As encoding/json writes a nil list; NewSummary never leaves one.
		b = append(b, '\n')
		b = append(b, prefix...)
		b = append(b, indent...)
		b = append(b, `"reasons": null`...)
	} else {
		b = outdir.AppendJSONList(b, prefix, indent, "reasons", c.Reasons, escapeHTML)
	}
	b = append(b, '\n')
	b = append(b, prefix...)
	return append(b, '}')
}

// SummaryTotals counts children by status and problems by severity.
type SummaryTotals struct {
	Children int            `json:"children"`
	Visit    map[string]int `json:"visit"`
	Call     map[string]int `json:"call"`
	Errors   int            `json:"errors"`
	Warnings int            `json:"warnings"`
	// Pupils are the pupils of the schools whose pupils are known (a 学籍 list, or
	// [school] pupils), LeftBehindShare their children's share of them, PupilsBySchool
	// each such school's pupils.
	Pupils          int            `json:"pupils,omitempty"`
	LeftBehindShare float64        `json:"left_behind_share,omitempty"`
	PupilsBySchool  map[string]int `json:"pupils_by_school,omitempty"`
	// Tally is the count the maps are made from, for the run's summary lines, and
	// Classes the classes the children are in.
	Tally   rules.Tally `json:"-"`
	Classes int         `json:"-"`
}

// NewSummary gathers a run's inputs, results and problems in a stable order.
func NewSummary(roster rules.Roster, rep rules.Report, asOf time.Time) Summary {
	return newSummary(roster, rep, asOf, "")
}

// newSummary is NewSummary; with spill set (the run's temporary folder) the children's
// JSON is written straight to a file there, in their order, and only the children a
// problem names are kept (spilled, atProblems): a list of them all was 160 bytes a child
// more at the busiest moment of a night, 8 MB at four times the county. If the file
// cannot be written they are kept in memory.
func newSummary(roster rules.Roster, rep rules.Report, asOf time.Time, spill string) Summary {
	s := Summary{AsOf: asOf.Format("2006-01-02"), Inputs: append([]rules.Input{}, roster.Inputs...),
		Problems: sortedProblems(roster, rep), Columns: append([]rules.SheetColumns{}, roster.Columns...)}
	tally := rules.TallyOf(rep.Results)
	s.Totals.Tally = tally
	s.Totals.Visit, s.Totals.Call = tally.Visits(), tally.Calls()
	// The children by file, sheet and row; results of one place keep their order.
	order := make([]int32, len(rep.Results))
	for i := range order {
		order[i] = int32(i)
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := rep.Results[order[i]].Child, rep.Results[order[j]].Child
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		return a.Row < b.Row
	})
	s.Totals.Children = len(order)
	classes := map[[2]string]bool{}
	for _, r := range rep.Results {
		classes[[2]string{r.Child.School, r.Child.Class}] = true
	}
	s.Totals.Classes = len(classes)
	for _, p := range s.Problems {
		if p.Severity == rules.Error {
			s.Totals.Errors++
		} else {
			s.Totals.Warnings++
		}
	}
	child := func(k int) SummaryChild {
		r := rep.Results[order[k]]
		c := r.Child
		reasons := r.Reasons
		if reasons == nil {
			reasons = []string{}
		}
		return SummaryChild{File: c.File, Sheet: c.Sheet, Row: c.Row, School: c.School,
			Class: c.Class, Name: c.Name, Visit: string(r.Visit), Call: string(r.Call), Reasons: reasons}
	}
	if spill == "" || !s.spillChildren(spill, len(order), child) {
		s.Children = make([]SummaryChild, len(order))
		for k := range order {
			s.Children[k] = child(k)
		}
	}
	if s.Inputs == nil {
		s.Inputs = []rules.Input{}
	}
	return s
}

// sortedProblems lists the problems of ingest and evaluation by file, sheet, row and column.
func sortedProblems(roster rules.Roster, rep rules.Report) []rules.Problem {
	ps := append(append([]rules.Problem{}, roster.Problems...), rep.Problems...)
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		if a.Row != b.Row {
			return a.Row < b.Row
		}
		if len(a.Cell) != len(b.Cell) {
			return len(a.Cell) < len(b.Cell)
		}
		if a.Cell != b.Cell {
			return a.Cell < b.Cell
		}
		return a.Code < b.Code
	})
	return ps
}

// writeSummary writes the summary as indented JSON, a field at a time and a list
// element at a time: a county's summary.json is megabytes, and is never held whole.
// The bytes are those of encoding the summary at once (TestSummaryStreamed).
func writeSummary(w io.Writer, s Summary) error {
	if s.spilled == "" {
		return outdir.StreamJSON(w, s, "  ", false)
	}
	return outdir.StreamJSON(w, s, "  ", false, outdir.RawList{Field: "children",
		Open: func() (io.ReadCloser, error) { return os.Open(s.spilled) }})
}

// spillChildren writes the JSON of n children (child(k) is the k-th) to a file of dir,
// to be copied into summary.json at the end of the run, and keeps those on a row a
// problem names. It reports false, with nothing kept, if the file could not be written.
func (s *Summary) spillChildren(dir string, n int, child func(k int) SummaryChild) bool {
	f, err := os.CreateTemp(dir, "summary-children-*.json")
	if err != nil {
		return false
	}
	type place struct {
		file, sheet string
		row         int
	}
	named := make(map[place]bool, len(s.Problems))
	for _, p := range s.Problems {
		named[place{p.File, p.Sheet, p.Row}] = true
	}
	var atProblems []SummaryChild
	bw := bufio.NewWriterSize(f, 64<<10)
	var b []byte
	for k := range n {
		c := child(k)
		b = b[:0]
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    "...)
		b = c.AppendJSON(b, "    ", "  ", false)
		bw.Write(b)
		if named[place{c.File, c.Sheet, c.Row}] {
			atProblems = append(atProblems, c)
		}
	}
	if err = bw.Flush(); err == nil {
		err = f.Close()
	} else {
		f.Close()
	}
	if err != nil {
		os.Remove(f.Name())
		return false
	}
	s.Children, s.spilled, s.atProblems = nil, f.Name(), atProblems
	return true
}
