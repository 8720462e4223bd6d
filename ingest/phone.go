package ingest

import (
	"regexp"
	"strings"
)

var (
	mobile   = regexp.MustCompile(`^1[3-9]\d{9}$`)
	landline = regexp.MustCompile(`^0\d{2,3}-?\d{7,8}$`)
	// phoneSplit separates several numbers written in one cell.
	phoneSplit = regexp.MustCompile(`[/、，,；;|\n]|或`)
)

// normalisePhone reads a phone cell: full-width digits, spaces, dashes, brackets and a
// +86 prefix are allowed; the first usable number of the cell wins. ok is false when the
// cell holds something that is no phone number.
func normalisePhone(raw string) (phone string, ok bool) {
	s := strings.TrimSpace(narrow(raw))
	if s == "" {
		return "", true
	}
	for _, part := range phoneSplit.Split(s, -1) {
		if p := phoneDigits(part); p != "" {
			return p, true
		}
	}
	return "", false
}

// phoneNoise is what people type between a phone's digits.
var phoneNoise = strings.NewReplacer(" ", "", "(", "", ")", "", ".", "", "\t", "")

func phoneDigits(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "+")
	s = phoneNoise.Replace(s)
	if d := strings.ReplaceAll(s, "-", ""); strings.HasPrefix(d, "86") && len(d) == 13 {
		s = d[2:]
	} else if strings.HasPrefix(d, "0086") && len(d) == 15 {
		s = d[4:]
	}
	if d := strings.ReplaceAll(s, "-", ""); mobile.MatchString(d) {
		return d
	}
	if landline.MatchString(s) {
		return s
	}
	if strings.Count(s, "-") > 1 {
		// 0577-6512-3456: keep the area code apart, join the rest.
		i := strings.IndexByte(s, '-')
		if t := s[:i+1] + strings.ReplaceAll(s[i+1:], "-", ""); landline.MatchString(t) {
			return t
		}
	}
	return ""
}
