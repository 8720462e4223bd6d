package output

import (
	"liushou/output/shelf"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// doc is a document being laid out. What is drawn is recorded, page by page, and written
// by output (pdfrender.go) once the document is complete: only then is it known which
// characters it prints, and its font is cut to exactly those.
type doc struct {
	orientation string
	paper       gofpdf.SizeType // zero: A4
	title       string
	asOf        time.Time

	pages [][]mark
	// The state the next mark is drawn with.
	size                      float64 // font size in points
	text, fill, draw          rgb
	lineW                     float64
	dash                      []float64
	footer                    func() // drawn on each page when the next begins, and on the last
	inFooter, pageTotalMarked bool

	// wrapped remembers laid-out paragraphs: most of a letter's text is the same for
	// every child of the class, and is wrapped once.
	wrapped  map[wrapKey][]string
	names    []string // the fonts' names in page content, once written
	scratch  wrapScratch
	placed   []placedLine // a letter's body, laid out
	bodySize float64      // the type size the last letter's body took
	widths   []uint16     // the font's advance widths (unitsWide), looked up once
	share    *fontShare   // the part of the font shared with the run's other documents of its kind, if any
}

type rgb [3]uint8

// mark is one thing drawn on a page.
type mark struct {
	kind       markKind
	x, y, w, h float64
	text       string  // text: what is printed (already printable)
	align      string  // text: L, C or R; rect: gofpdf's style (D, F, FD)
	size       float64 // text: font size in points
	color      rgb     // text: its colour; rect: the fill
	draw       rgb     // rect and line: the stroke
	lineW      float64 // rect and line
	dash       []float64
}

type markKind uint8

const (
	markText markKind = iota
	markRect
	markLine
)

type wrapKey struct {
	text        string
	width, size float64
	indent      bool
}

// pageTotal stands for the number of pages in a footer; it is replaced when the
// document is written.
const pageTotal = "{nb}"

// newDoc starts a document. orientation is "P" or "L"; asOf fixes its dates.
func newDoc(orientation, title string, asOf time.Time) *doc {
	_, widths, _ := embeddedFont()
	return &doc{orientation: orientation, title: title, asOf: asOf, size: 11, lineW: 0.2,
		wrapped: map[wrapKey][]string{}, widths: widths}
}

// newSizedDoc starts a landscape document on paper of another size (an envelope);
// size is given as for portrait, the short side first.
func newSizedDoc(size gofpdf.SizeType, title string, asOf time.Time) *doc {
	d := newDoc("L", title, asOf)
	d.paper = size
	return d
}

func (d *doc) font(size float64) { d.size = size }

// Colours are given as 0–255 per channel, as in gofpdf.
func (d *doc) textColor(r, g, b int) { d.text = rgb{uint8(r), uint8(g), uint8(b)} }

func (d *doc) fillColor(r, g, b int) { d.fill = rgb{uint8(r), uint8(g), uint8(b)} }

func (d *doc) drawColor(r, g, b int) { d.draw = rgb{uint8(r), uint8(g), uint8(b)} }

func (d *doc) lineWidth(w float64) { d.lineW = w }

// dashPattern sets the dashes of lines drawn next (none for an empty pattern).
func (d *doc) dashPattern(dashes ...float64) { d.dash = dashes }

// addPage begins a page, drawing the footer on the one before. Like gofpdf, the font
// size and colours the footer sets do not carry over.
func (d *doc) addPage() {
	d.endPage()
	d.pages = append(d.pages, getMarks())
}

// Pages' marks are kept for the next document, as a county run lays out some 25,000
// pages, each of some 60 marks (a shelf of 96 pages: two documents at a time).
var markSlices = shelf.New(96, func() []mark { return make([]mark, 0, 64) })

func getMarks() []mark { return markSlices.Get()[:0] }

// release gives the pages' marks back once the document is written.
func (d *doc) release() {
	for i, p := range d.pages {
		clear(p) // no text kept alive
		markSlices.Put(p)
		d.pages[i] = nil
	}
}

// endPage draws the footer on the current page.
func (d *doc) endPage() {
	if d.footer == nil || len(d.pages) == 0 || d.inFooter {
		return
	}
	saved := *d
	d.inFooter = true
	d.footer()
	pages := d.pages
	*d = saved
	d.pages = pages
}

// pageNo is the number of the current page, from 1.
func (d *doc) pageNo() int { return len(d.pages) }

// numberPages has pageTotal in the document's texts replaced by the number of pages.
func (d *doc) numberPages() { d.pageTotalMarked = true }

func (d *doc) put(m mark) {
	if len(d.pages) == 0 {
		d.addPage()
	}
	d.pages[len(d.pages)-1] = append(d.pages[len(d.pages)-1], m)
}

// rect draws a rectangle; style is "D" (outline), "F" (filled) or "FD".
func (d *doc) rect(x, y, w, h float64, style string) {
	d.put(mark{kind: markRect, x: x, y: y, w: w, h: h, align: style, color: d.fill, draw: d.draw, lineW: d.lineW, dash: d.dash})
}

// line draws a line from (x1, y1) to (x2, y2).
func (d *doc) line(x1, y1, x2, y2 float64) {
	d.put(mark{kind: markLine, x: x1, y: y1, w: x2, h: y2, draw: d.draw, lineW: d.lineW, dash: d.dash})
}

// width is the printed width of s in the current size, in millimetres: the font's
// advance widths added up, as a PDF viewer places the characters.
func (d *doc) width(s string) float64 {
	return float64(unitsIn(d.widths, s)) * d.size / 1000 * 25.4 / 72
}

// at prints one line of text at (x, y) in a box of width w and height h, aligned "L",
// "C" or "R" within it (with gofpdf's cell margin, as gofpdf's cells did).
func (d *doc) at(x, y, w, h float64, s, align string) {
	s = printable(s)
	if s == "" {
		return
	}
	d.put(mark{kind: markText, x: x, y: y, w: w, h: h, text: s, align: align, size: d.size, color: d.text})
}

// lines wraps text to width w, with the first line indented by indent.
// Explicit line breaks ("\n") in s are kept.
func (d *doc) lines(s string, w, indent float64) []string {
	key := wrapKey{s, w, d.size, indent != 0}
	if l, ok := d.wrapped[key]; ok {
		return l
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		para = printable(para)
		if indent != 0 {
			// The indent is two full-width spaces, the Chinese paragraph habit.
			para = "\u3000\u3000" + para
		}
		out = append(out, d.scratch.wrap(para, w, d.width)...)
	}
	d.wrapped[key] = out
	return out
}

// paragraph prints wrapped text from (x, y) and returns the y below it.
func (d *doc) paragraph(x, y, w, lineH float64, s string, indent bool) float64 {
	in := 0.0
	if indent {
		in = 1
	}
	for _, l := range d.lines(s, w, in) {
		d.at(x, y, w, lineH, l, "L")
		y += lineH
	}
	return y
}
