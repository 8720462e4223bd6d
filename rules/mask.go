package rules

import "strings"

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
