package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var gradeNames = []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// ClassName writes the canonical class name: grade 3, number 2 is 三年级(2)班.
func ClassName(grade, number int) string {
	if grade >= 1 && grade <= 9 {
		return fmt.Sprintf("%s年级(%d)班", gradeNames[grade], number)
	}
	return fmt.Sprintf("%d年级(%d)班", grade, number)
}

var canonicalClass = regexp.MustCompile(`^([一二三四五六七八九])年级\((\d+)\)班$`)

// ParseClass reads back a canonical class name into grade and class number.
func ParseClass(s string) (grade, number int, ok bool) {
	m := canonicalClass.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false
	}
	for i, g := range gradeNames {
		if g == m[1] {
			grade = i
		}
	}
	number, _ = strconv.Atoi(m[2])
	return grade, number, true
}

// MaskPhone keeps the first three and last four digits of a mobile number: 138****5678.
// Landlines keep their area code and last two digits.
func MaskPhone(p string) string {
	r := []rune(p)
	switch {
	case len(r) == 11 && strings.HasPrefix(p, "1"):
		return string(r[:3]) + "****" + string(r[7:])
	case len(r) > 6:
		head := 4
		if i := strings.IndexRune(p, '-'); i > 0 {
			head = i + 1
		}
		if head > len(r)-2 {
			head = len(r) - 2
		}
		return string(r[:head]) + strings.Repeat("*", len(r)-head-2) + string(r[len(r)-2:])
	}
	return strings.Repeat("*", len(r))
}

// MaskID keeps the area code and the last four characters of an ID number.
func MaskID(id string) string {
	if len(id) < 10 {
		return strings.Repeat("*", len(id))
	}
	return id[:6] + strings.Repeat("*", len(id)-10) + id[len(id)-4:]
}
