package output

import (
	"liushou/rules"
	"unicode/utf8"
)

// The longest texts printed, as rules declares them.
const (
	maxName   = rules.PrintName
	maxPlace  = rules.PrintPlace
	maxSchool = rules.PrintSchool
	maxClass  = rules.PrintClass
	maxShort  = rules.PrintShort
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
	c.WeChat = clip(c.WeChat, maxName)
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
