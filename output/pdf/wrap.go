package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"
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

// wrapScratch holds the working space of wrapping, kept from one paragraph to the next:
// a county run wraps some hundred thousand paragraphs.
type wrapScratch struct {
	units  []span
	widths []float64
}

// wrap breaks s into lines no wider than width. Runs of ASCII letters and digits (a phone
// number, a year) are never split unless a run alone is wider than a line. Every
// character of s appears in the lines, in order; only spaces at a break vanish.
func (sc *wrapScratch) wrap(s string, width float64, measure measurer) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		lines = append(lines, sc.paragraph(para, width, measure)...)
	}
	return lines
}

func (sc *wrapScratch) paragraph(s string, width float64, measure measurer) []string {
	// Units are byte ranges of s: slicing a string does not allocate, so wrapping costs
	// one string per line, not one per character.
	units := splitUnits(sc.units[:0], s)
	sc.units = units
	if cap(sc.widths) < len(units) {
		sc.widths = make([]float64, len(units), 2*len(units))
	}
	widths := sc.widths[:len(units)]
	for i, u := range units {
		widths[i] = measure(s[u.from:u.to])
		if widths[i] > width && u.runes > 1 {
			units, widths = splitWide(s, units, widths, width, measure)
			break
		}
	}
	text := func(i int) string { return s[units[i].from:units[i].to] }
	var lines []string
	start := 0 // first unit of the current line
	for start < len(units) {
		for start < len(units) && text(start) == " " {
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
			(startsWithAny(text(end), noLineStart) || endsWithAny(text(end-1), noLineEnd)) {
			end--
		}
		// A line of one unit cannot give any away: let the closing marks hang past the edge.
		for end < len(units) && startsWithAny(text(end), noLineStart) {
			end++
		}
		lines = append(lines, strings.TrimRight(s[units[start].from:units[end-1].to], " "))
		start = end
	}
	if len(lines) == 0 {
		return []string{""}
	}
	return lines
}

// splitWide splits by character each run wider than a whole line.
func splitWide(s string, units []span, widths []float64, width float64, measure measurer) ([]span, []float64) {
	var us []span
	var ws []float64
	for _, u := range units {
		if w := measure(s[u.from:u.to]); w <= width || u.runes == 1 {
			us, ws = append(us, u), append(ws, w)
			continue
		}
		for i, r := range s[u.from:u.to] {
			at := u.from + i
			one := span{at, at + utf8.RuneLen(r), 1}
			us, ws = append(us, one), append(ws, measure(s[one.from:one.to]))
		}
	}
	return us, ws
}

// span is a unit of text between possible line breaks: s[from:to], runes long.
type span struct {
	from, to, runes int
}

// splitUnits cuts text into the pieces a line may break between, appended to units: a
// run of ASCII letters and digits (with the punctuation inside numbers), a single space,
// or one other character.
func splitUnits(units []span, s string) []span {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if isWordRune(r) {
			j, n := i+size, 1
			for j < len(s) {
				next, nsize := utf8.DecodeRuneInString(s[j:])
				if isWordRune(next) {
					j, n = j+nsize, n+1
					continue
				}
				after, _ := utf8.DecodeRuneInString(s[j+nsize:])
				if strings.ContainsRune("-./:@*", next) && j+nsize < len(s) && isWordRune(after) {
					j, n = j+nsize, n+1
					continue
				}
				break
			}
			units = append(units, span{i, j, n})
			i = j
			continue
		}
		units = append(units, span{i, i + size, 1})
		i += size
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
	r, size := utf8.DecodeLastRuneInString(u)
	return size > 0 && strings.ContainsRune(set, r)
}
