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
func (r Report) Classes() []Class {
	// Counted first, so that each class's results are one allocation of their size: a
	// county's results are large, and grown by appending they took twice the memory.
	index := map[[2]string]int{}
	var out []Class
	var counts []int
	for _, res := range r.Results {
		k := [2]string{res.Child.School, res.Child.Class}
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, Class{School: k[0], Name: k[1]})
			counts = append(counts, 0)
		}
		counts[i]++
	}
	for i := range out {
		out[i].Results = make([]Result, 0, counts[i])
	}
	for _, res := range r.Results {
		i := index[[2]string{res.Child.School, res.Child.Class}]
		out[i].Results = append(out[i].Results, res)
	}
	coll := collate.New(language.Chinese)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].School != out[j].School {
			return coll.CompareString(out[i].School, out[j].School) < 0
		}
		return ClassLess(out[i].Name, out[j].Name)
	})
	for _, c := range out {
		sortForChecklist(c.Results, coll)
	}
	return out
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
func byName(coll *collate.Collator, a, b Child) bool {
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
