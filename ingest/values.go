package ingest

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// narrow folds full-width digits, letters and punctuation (１３８、（２）、．) to ASCII
// and the ideographic space to a plain one, so that every value is parsed one way.
func narrow(s string) string {
	for _, r := range s {
		if r == '\u3000' || (r >= 0xFF00 && r <= 0xFFEF) {
			return width.Narrow.String(s)
		}
	}
	return s // nothing to fold: the common case, and free
}

// cleanText trims padding (also U+3000) and folds runs of white space inside a value.
func cleanText(s string) string {
	if !hasSpace(s) {
		return s // nothing to fold: most values, each read once per row
	}
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// hasSpace says whether s holds any white space.
func hasSpace(s string) bool {
	for _, r := range s {
		if unicode.IsSpace(r) {
			return true
		}
	}
	return false
}

// cleanName removes the padding teachers put into two-character names (王　芳, 王 芳):
// white space between Chinese characters is never part of a name.
func cleanName(s string) string {
	if !hasSpace(s) {
		return s
	}
	fields := strings.FieldsFunc(s, unicode.IsSpace)
	if len(fields) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(fields[0])
	for i := 1; i < len(fields); i++ {
		prev, _ := lastRune(fields[i-1])
		next := []rune(fields[i])[0]
		if !isHan(prev) || !isHan(next) {
			b.WriteByte(' ')
		}
		b.WriteString(fields[i])
	}
	return b.String()
}

func lastRune(s string) (rune, bool) {
	r := []rune(s)
	if len(r) == 0 {
		return 0, false
	}
	return r[len(r)-1], true
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) || r == '·' }

// outsideBMP returns the characters above U+FFFF in s: the PDF library cannot print them.
func outsideBMP(s string) []rune {
	var out []rune
	for _, r := range s {
		if r > 0xFFFF {
			out = append(out, r)
		}
	}
	return out
}

// echo is a cell value quoted back in a message, cut short: a message must stay readable
// whatever was pasted into the cell.
func echo(s string) string {
	s = cleanText(s)
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}
