package output

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"liushou/rules"
)

// A SummaryMaker makes a run's summary from its results added a class at a time, in any
// order: the summary newSummary makes of a whole report (TestSummaryMakerAsWhole). Each
// child's JSON goes to a file of the run's temporary folder as it is added, and 24 bytes
// of it are kept to put the children in the summary's order (file, sheet, row) at the end.
type SummaryMaker struct {
	dir     string
	tmp     *os.File
	w       *bufio.Writer
	end     int64
	index   []summaryPlace // none without a dir
	added   int
	names   map[string]int32 // files and sheets
	list    []string
	tally   rules.Tally
	classes map[[2]string]bool
	named   map[summaryAt]bool // the rows a problem names
	// atProblems are the children on those rows, for the problem list.
	atProblems []SummaryChild
	b          []byte
	err        error
}

type summaryAt struct {
	file, sheet string
	row         int
}

type summaryPlace struct {
	file, sheet, row, n int32
	at                  int64
}

// NewSummaryMaker starts a summary whose children wait in a file of dir; problems are
// those known before the first child is added (Named adds more). With no dir the summary
// has no list of children, only their counts (liushou check prints no more, and has no
// output folder to keep a file in).
func NewSummaryMaker(dir string, problems []rules.Problem) (*SummaryMaker, error) {
	m := &SummaryMaker{dir: dir, names: map[string]int32{}, classes: map[[2]string]bool{}, named: map[summaryAt]bool{}}
	if dir != "" {
		f, err := os.CreateTemp(dir, "summary-added-*.json")
		if err != nil {
			return nil, fmt.Errorf("无法在 %s 创建临时文件：%w", dir, err)
		}
		m.tmp, m.w = f, bufio.NewWriterSize(f, 64<<10)
	}
	m.Named(problems)
	return m, nil
}

// Named adds problems found since (an evaluation's): their rows' children are kept for
// the problem list. Call it before adding those children.
func (m *SummaryMaker) Named(problems []rules.Problem) {
	for _, p := range problems {
		m.named[summaryAt{p.File, p.Sheet, p.Row}] = true
	}
}

// Add adds a child's result.
func (m *SummaryMaker) Add(r rules.Result) {
	c := r.Child
	reasons := r.Reasons
	if reasons == nil {
		reasons = []string{}
	}
	sc := SummaryChild{File: c.File, Sheet: c.Sheet, Row: c.Row, School: c.School,
		Class: c.Class, Name: c.Name, Visit: string(r.Visit), Call: string(r.Call), Reasons: reasons}
	m.tally.Add(r)
	m.classes[[2]string{c.School, c.Class}] = true
	if m.named[summaryAt{c.File, c.Sheet, c.Row}] {
		m.atProblems = append(m.atProblems, sc)
	}
	m.added++
	if m.tmp == nil {
		return
	}
	m.b = sc.AppendJSON(m.b[:0], "    ", "  ", false)
	if m.err == nil {
		_, m.err = m.w.Write(m.b)
	}
	m.index = append(m.index, summaryPlace{file: m.name(c.File), sheet: m.name(c.Sheet), row: int32(c.Row), n: int32(len(m.b)), at: m.end})
	m.end += int64(len(m.b))
}

func (m *SummaryMaker) name(s string) int32 {
	i, ok := m.names[s]
	if !ok {
		i = int32(len(m.list))
		m.names[s] = i
		m.list = append(m.list, s)
	}
	return i
}

// Summary is the run's summary, of the roster read and the evaluation's problems, with
// the children added; the maker's own file is removed.
func (m *SummaryMaker) Summary(roster rules.Roster, evaluated []rules.Problem, asOf time.Time) (Summary, error) {
	defer m.Close()
	s := Summary{AsOf: asOf.Format("2006-01-02"), Inputs: append([]rules.Input{}, roster.Inputs...),
		Problems: sortedProblems(roster, rules.Report{Problems: evaluated}), Columns: append([]rules.SheetColumns{}, roster.Columns...)}
	if s.Inputs == nil {
		s.Inputs = []rules.Input{}
	}
	s.Totals.Tally = m.tally
	s.Totals.Visit, s.Totals.Call = m.tally.Visits(), m.tally.Calls()
	s.Totals.Children = m.added
	s.Totals.Classes = len(m.classes)
	for _, p := range s.Problems {
		if p.Severity == rules.Error {
			s.Totals.Errors++
		} else {
			s.Totals.Warnings++
		}
	}
	// The children by file, sheet and row, as newSummary orders them.
	less := func(a, b summaryPlace) int {
		if c := strings.Compare(m.list[a.file], m.list[b.file]); c != 0 {
			return c
		}
		if c := strings.Compare(m.list[a.sheet], m.list[b.sheet]); c != 0 {
			return c
		}
		return int(a.row) - int(b.row)
	}
	slices.SortStableFunc(m.index, less)
	slices.SortStableFunc(m.atProblems, func(a, b SummaryChild) int {
		return less(summaryPlace{file: m.name(a.File), sheet: m.name(a.Sheet), row: int32(a.Row)},
			summaryPlace{file: m.name(b.File), sheet: m.name(b.Sheet), row: int32(b.Row)})
	})
	if m.tmp == nil {
		s.atProblems = m.atProblems
		return s, nil
	}
	if m.err == nil {
		m.err = m.w.Flush()
	}
	if m.err != nil {
		return s, fmt.Errorf("无法写入临时文件 %s：%w", m.tmp.Name(), m.err)
	}
	f, err := os.CreateTemp(m.dir, "summary-children-*.json")
	if err != nil {
		return s, fmt.Errorf("无法在 %s 创建临时文件：%w", m.dir, err)
	}
	w := bufio.NewWriterSize(f, 64<<10)
	var b []byte
	for k, p := range m.index {
		b = b[:0]
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    "...)
		b = slices.Grow(b, int(p.n))[:len(b)+int(p.n)]
		if _, err = m.tmp.ReadAt(b[len(b)-int(p.n):], p.at); err != nil {
			break
		}
		if _, err = w.Write(b); err != nil {
			break
		}
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return s, fmt.Errorf("无法写入临时文件 %s：%w", f.Name(), err)
	}
	s.spilled, s.atProblems = f.Name(), m.atProblems
	return s, nil
}

// Close removes the maker's file (Summary does; call it when a run stops before).
func (m *SummaryMaker) Close() {
	if m.tmp != nil {
		m.tmp.Close()
		os.Remove(m.tmp.Name())
		m.tmp = nil
	}
}
