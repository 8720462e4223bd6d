package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/width"
)

var gradeNames = []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// className writes the canonical class name: grade 3, number 2 is 三年级(2)班.
func className(grade, number int) string {
	if grade >= 1 && grade <= 9 {
		return fmt.Sprintf("%s年级(%d)班", gradeNames[grade], number)
	}
	return fmt.Sprintf("%d年级(%d)班", grade, number)
}

var canonicalClass = regexp.MustCompile(`^([一二三四五六七八九])年级\((\d+)\)班$`)

// parseClass reads back a canonical class name into grade and class number.
func parseClass(s string) (grade, number int, ok bool) {
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

var (
	classFull = regexp.MustCompile(`^(初|高)?([一二三四五六七八九1-9])(?:年级)?\s*\(?\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*\)?\s*班?$`)
	// classInText finds a class inside a title or sheet name: 红星小学一年级(1)班留守儿童花名册.
	classInText  = regexp.MustCompile(`(初|高)?([一二三四五六七八九1-9])(?:年级\s*\(?\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*\)?\s*班|\(\s*([0-9]{1,2})\s*\)\s*班)`)
	schoolInText = regexp.MustCompile(`^\s*(\S+?(?:九年一贯制学校|中心小学|中心校|完全小学|小学|中学|学校|完小|教学点))`)
)

// canonicalClassOf turns the many ways a class is written (三年级（2）班, 三(2)班,
// 3年级2班, 初一2班) into 三年级(2)班. ok is false when s is not a class.
func canonicalClassOf(s string) (string, bool) {
	s = strings.TrimSpace(foldWidth(s))
	s = strings.ReplaceAll(s, " ", "")
	m := classFull.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	return classOf(m[1], m[2], m[3])
}

// ClassInText finds a class written inside a longer text (a title row, a sheet name).
func ClassInText(s string) (string, bool) {
	m := classInText.FindStringSubmatch(foldWidth(s))
	if m == nil {
		return "", false
	}
	n := m[3]
	if n == "" {
		n = m[4]
	}
	return classOf(m[1], m[2], n)
}

var gradeInText = regexp.MustCompile(`(初|高)([一二三])|([一二三四五六七八九1-9])年级`)

// GradeInText finds a grade written alone in a text (a sheet named 七年级, a folder
// 初一): the grade as ClassFromGrade takes it, or ok false.
func GradeInText(s string) (string, bool) {
	m := gradeInText.FindStringSubmatch(foldWidth(s))
	switch {
	case m == nil:
		return "", false
	case m[1] != "":
		return m[1] + m[2], true
	}
	return m[3], true
}

// ClassFromGrade joins a grade column (四年级, 4, 初一) and a class number column (1, 1班, (1)班).
func ClassFromGrade(grade, class string) (string, bool) {
	g := strings.ReplaceAll(strings.TrimSpace(foldWidth(grade)), " ", "")
	g = strings.TrimSuffix(g, "年级")
	c := strings.ReplaceAll(strings.TrimSpace(foldWidth(class)), " ", "")
	if full, ok := canonicalClassOf(c); ok {
		return full, true
	}
	c = strings.TrimSuffix(strings.Trim(strings.TrimSuffix(c, "班"), "()"), "")
	return canonicalClassOf(g + "年级(" + c + ")班")
}

func classOf(stage, grade, number string) (string, bool) {
	g := numeral(grade)
	if stage == "初" {
		g += 6
	} else if stage == "高" {
		g += 9
	}
	n := numeral(number)
	if g < 1 || n < 1 {
		return "", false
	}
	return className(g, n), true
}

// numeral reads 1-99 written in Arabic or Chinese digits (二, 十, 十二, 二十一).
func numeral(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	digits := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	r := []rune(s)
	switch {
	case len(r) == 1 && r[0] == '十':
		return 10
	case len(r) == 1:
		return digits[r[0]]
	case len(r) == 2 && r[0] == '十':
		return 10 + digits[r[1]]
	case len(r) == 2 && r[1] == '十':
		return digits[r[0]] * 10
	case len(r) == 3 && r[1] == '十':
		return digits[r[0]]*10 + digits[r[2]]
	}
	return 0
}

// SchoolInText finds a school's name at the start of a title row.
func SchoolInText(s string) string {
	m := schoolInText.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1]
}

// CanonicalClass turns a class as people write it (三(2)班, 3年级2班) into the canonical
// 三年级(2)班; ok is false when s is not a class. Rosters and the policy file read classes
// with it, so that both agree.
func CanonicalClass(s string) (string, bool) {
	if c, ok := canonicalClassOf(s); ok {
		return c, true
	}
	return ClassInText(s)
}

// foldWidth folds full-width digits, letters and parentheses to ASCII (（２）班 is (2)班).
func foldWidth(s string) string {
	for _, r := range s {
		if r == '\u3000' || (r >= 0xFF00 && r <= 0xFFEF) {
			return width.Narrow.String(s)
		}
	}
	return s
}
