package output

import (
	"liushou/rules"
	"unicode/utf8"
)

// Longest texts printed for each kind of field, in characters. A cell can hold 32,767
// characters; a name that long would push a letter off its page and a checklist row
// past the paper. Longer values are cut with "…" (ingest has already warned about them).
const (
	maxName   = 20
	maxPlace  = 60
	maxSchool = 40
	maxClass  = 20
	maxShort  = 10
)

// clip cuts s to n characters, ending with "…" when it was longer.
func clip(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n { // most are short: no copy
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// printableChild returns the child with every printed field cut to its limit.
func printableChild(c rules.Child) rules.Child {
	c.Name = clip(c.Name, maxName)
	c.School = clip(c.School, maxSchool)
	c.Class = clip(c.Class, maxClass)
	c.Guardian = clip(c.Guardian, maxName)
	c.GuardianRelation = clip(c.GuardianRelation, maxShort)
	c.Teacher = clip(c.Teacher, maxName)
	c.Address = clip(c.Address, maxPlace)
	for _, p := range []*rules.Parent{&c.Father, &c.Mother} {
		p.Name = clip(p.Name, maxName)
		p.WorkPlace = clip(p.WorkPlace, maxPlace)
	}
	return c
}

// printableClass cuts the school and class names printed in titles.
func printableClass(c rules.Class) rules.Class {
	c.School = clip(c.School, maxSchool)
	c.Name = clip(c.Name, maxClass)
	return c
}
