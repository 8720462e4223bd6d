package output

import (
	"strings"
	"unicode"
)

// Line-breaking rules of Chinese typesetting: no line starts with closing punctuation,
// no line ends with opening punctuation. gofpdf's MultiCell ignores them and drops a
// character at each break, so liushou wraps text itself.
const (
	noLineStart = "，。、；：？！）》」』】”’…%·,.;:?!)]}>~—"
	noLineEnd   = "（《「『【“‘([{<"
)

// measurer gives the printed width of a string in the current font and size.
type measurer func(string) float64

// wrapText breaks s into lines no wider than width. Runs of ASCII letters and digits
// (a phone number, a year) are never split unless a run alone is wider than a line.
// Every character of s appears in the lines, in order; only spaces at a break vanish.
func wrapText(s string, width float64, measure measurer) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		lines = append(lines, wrapParagraph(para, width, measure)...)
	}
	return lines
}

func wrapParagraph(s string, width float64, measure measurer) []string {
	var units []string
	var widths []float64
	for _, u := range splitUnits(s) {
		w := measure(u)
		if w > width && len(u) > 1 {
			// A run wider than a whole line is split by character.
			for _, r := range u {
				units = append(units, string(r))
				widths = append(widths, measure(string(r)))
			}
			continue
		}
		units = append(units, u)
		widths = append(widths, w)
	}
	if len(units) == 0 {
		return []string{""}
	}
	var lines []string
	start := 0 // first unit of the current line
	for start < len(units) {
		for start < len(units) && units[start] == " " {
			start++ // no space at the start of a line
		}
		if start == len(units) {
			break
		}
		end, w := start, 0.0 // the line is units[start:end]
		for end < len(units) && (end == start || w+widths[end] <= width) {
			w += widths[end]
			end++
		}
		// Obey the punctuation rules by carrying the last units over to the next line.
		for end < len(units) && end-1 > start &&
			(startsWithAny(units[end], noLineStart) || endsWithAny(units[end-1], noLineEnd)) {
			end--
		}
		// A line of one unit cannot give any away: let the closing marks hang past the edge.
		for end < len(units) && startsWithAny(units[end], noLineStart) {
			end++
		}
		lines = append(lines, strings.TrimRight(strings.Join(units[start:end], ""), " "))
		start = end
	}
	if len(lines) == 0 {
		return []string{""}
	}
	return lines
}

// splitUnits cuts text into the pieces a line may break between: a run of ASCII letters
// and digits (with the punctuation inside numbers), a single space, or one other character.
func splitUnits(s string) []string {
	var units []string
	runes := []rune(s)
	for i := 0; i < len(runes); {
		r := runes[i]
		if isWordRune(r) {
			j := i + 1
			for j < len(runes) && (isWordRune(runes[j]) || (strings.ContainsRune("-./:@*", runes[j]) && j+1 < len(runes) && isWordRune(runes[j+1]))) {
				j++
			}
			units = append(units, string(runes[i:j]))
			i = j
			continue
		}
		if r == '\t' || r == '\r' {
			r = ' '
		}
		units = append(units, string(r))
		i++
	}
	return units
}

func isWordRune(r rune) bool {
	return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '*')
}

func startsWithAny(u, set string) bool {
	for _, r := range u {
		return strings.ContainsRune(set, r)
	}
	return false
}

func endsWithAny(u, set string) bool {
	r := []rune(u)
	return len(r) > 0 && strings.ContainsRune(set, r[len(r)-1])
}
