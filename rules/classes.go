package rules

import (
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Class is the children of one class of one school, in checklist order.
type Class struct {
	School  string
	Name    string
	Results []Result
}

// Classes groups the results by school and class. Schools and classes are sorted by
// name (classes by grade, then number), children by urgency, then by name in pinyin
// order, then by roster position, so that every run prints the same order.
//
// The results are put in that order where they are (r.Results is reordered), and each
// class's Results is its part of them: a county's results are large, and a second copy
// of them was most of what a run held.
func (r Report) Classes() []Class {
	index := map[[2]string]int{}
	var out []Class
	var names [][2]string
	place := make([]int32, len(r.Results)) // each result's class, by index into out
	for n, res := range r.Results {
		k := [2]string{res.Child.School, res.Child.Class}
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, Class{School: k[0], Name: k[1]})
			names = append(names, k)
		}
		place[n] = int32(i)
	}
	cs := NewClassSorter()
	order := cs.Order(names)
	rank := make([]int32, len(out))
	for pos, i := range order {
		rank[i] = int32(pos)
	}
	for n := range place {
		place[n] = rank[place[n]]
	}
	sort.Stable(byClass{r.Results, place})
	sorted := make([]Class, len(out))
	for i, c := range out {
		sorted[rank[i]] = c
	}
	start := 0
	for i := range sorted {
		end := start
		for end < len(place) && place[end] == int32(i) {
			end++
		}
		sorted[i].Results = r.Results[start:end:end]
		cs.Children(sorted[i].Results)
		start = end
	}
	return sorted
}

// A ClassSorter puts classes and their children in print order, as Classes does for a
// whole report: for a night that evaluates class by class. Not for concurrent use.
type ClassSorter struct{ coll *collate.Collator }

func NewClassSorter() *ClassSorter { return &ClassSorter{collate.New(language.Chinese)} }

// Order is the print order of classes (school, name), as indices into names: schools by
// name in pinyin order, classes by grade and number; names in the same place keep their
// order.
func (cs *ClassSorter) Order(names [][2]string) []int {
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := names[order[a]], names[order[b]]
		if x[0] != y[0] {
			return cs.coll.CompareString(x[0], y[0]) < 0
		}
		return ClassLess(x[1], y[1])
	})
	return order
}

// Children puts a class's results in checklist order (urgency, then name, then place).
func (cs *ClassSorter) Children(rs []Result) { sortForChecklist(rs, cs.coll) }

// byClass sorts results by their class's rank, carried along.
type byClass struct {
	rs   []Result
	rank []int32
}

func (b byClass) Len() int           { return len(b.rs) }
func (b byClass) Less(i, j int) bool { return b.rank[i] < b.rank[j] }
func (b byClass) Swap(i, j int) {
	b.rs[i], b.rs[j] = b.rs[j], b.rs[i]
	b.rank[i], b.rank[j] = b.rank[j], b.rank[i]
}

// sortForChecklist orders children by visit urgency, then call urgency, then name.
func sortForChecklist(rs []Result, coll *collate.Collator) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if ra, rb := visitRank(a.Visit), visitRank(b.Visit); ra != rb {
			return ra < rb
		}
		if ra, rb := callRank(a.Call), callRank(b.Call); ra != rb {
			return ra < rb
		}
		return byName(coll, a.Child, b.Child)
	})
}

// byName orders children by name in pinyin order, then by their place on the rosters.
func byName(coll *collate.Collator, a, b *Child) bool {
	if c := coll.CompareString(a.Name, b.Name); c != 0 {
		return c < 0
	}
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Sheet != b.Sheet {
		return a.Sheet < b.Sheet
	}
	return a.Row < b.Row
}

// SortByName orders children by name in pinyin order, then by roster position:
// the order of the letters in a class's envelope pile.
func SortByName(rs []Result) {
	coll := collate.New(language.Chinese)
	sort.SliceStable(rs, func(i, j int) bool { return byName(coll, rs[i].Child, rs[j].Child) })
}

// visitRank orders visit statuses from most to least urgent.
func visitRank(s VisitStatus) int {
	switch s {
	case VisitUrgent:
		return 0
	case VisitOverdue:
		return 1
	case VisitDueSoon:
		return 2
	}
	return 3
}

// callRank orders call statuses from most to least urgent.
func callRank(s CallStatus) int {
	switch s {
	case CallNoContact:
		return 0
	case CallOverdue:
		return 1
	case CallDueSoon:
		return 2
	}
	return 3
}

// ClassLess orders canonical class names by grade, then class number.
func ClassLess(a, b string) bool {
	ga, na, oka := parseClass(a)
	gb, nb, okb := parseClass(b)
	switch {
	case oka && okb:
		if ga != gb {
			return ga < gb
		}
		if na != nb {
			return na < nb
		}
		return a < b
	case oka != okb:
		return oka // recognised classes first
	}
	return a < b
}

// SortByUrgency orders children as a checklist does (visit urgency, call urgency, name),
// across classes: a paired teacher's list.
func SortByUrgency(rs []Result) {
	sortForChecklist(rs, collate.New(language.Chinese))
}
