// Package pdf is liushou's PDF engine: a document of A4 (or envelope) pages holding text
// runs in one embedded font (LXGW WenKai) at a size, lines and rectangles. The documents
// (letters, checklists, envelopes, summaries) say what goes on a page; everything about
// fonts and encodings is here.
//
// It writes through gofpdf, which lays out the file (catalogue, pages, resources, info),
// and finish (finish.go) writes gofpdf's file again: the page content in place of
// gofpdf's placeholders, compressed; the fonts, each dictionary with a ToUnicode map
// (tounicode.go), making every character searchable and extractable; what every page
// draws alike once (common.go); and the dictionaries packed into object streams (PDF
// 1.5). It depends on gofpdf's layout of its file (a classic cross-reference table, the
// resources' /Font dictionary, a page's /Contents), each checked where it is read. Why
// the font is cut and encoded as it is: see render.go.
package pdf

import (
	"liushou/output/shelf"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// Doc is a document being laid out: pages of text runs in one font at a size, lines and
// rectangles, in millimetres from the top left. What is drawn is recorded, page by page,
// and written by Write (render.go) once the document is complete: only then is it known
// which characters it prints, and its font is cut to exactly those.
type Doc struct {
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
	wrapped map[wrapKey][]string
	scratch wrapScratch
	widths  []uint16 // the font's advance widths (unitsWide), looked up once
	share   *Share   // the part of the font shared with the run's other documents of its kind, if any
	tight   bool     // Tight
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

// PageTotal stands for the number of pages in a footer; it is replaced when the
// document is written.
const PageTotal = "{nb}"

// New starts a document. orientation is "P" or "L"; asOf fixes its dates.
func New(orientation, title string, asOf time.Time) *Doc {
	_, widths, _ := embeddedFont()
	return &Doc{orientation: orientation, title: title, asOf: asOf, size: 11, lineW: 0.2,
		wrapped: map[wrapKey][]string{}, widths: widths}
}

// NewSized starts a landscape document on paper of another size (an envelope), given
// in millimetres as for portrait, the short side first.
func NewSized(short, long float64, title string, asOf time.Time) *Doc {
	d := New("L", title, asOf)
	d.paper = gofpdf.SizeType{Wd: short, Ht: long}
	return d
}

// Tight has the page content compressed at the default level rather than the fastest
// (contentCompression): a checklist 2.3% smaller (48,271 bytes against 49,428), for 1.6
// times the compression's time (a county's page content: 1.11 s against 0.70 s).
func (d *Doc) Tight() { d.tight = true }

// SetFooter has footer drawn on each page when the next begins, and on the last.
func (d *Doc) SetFooter(footer func()) { d.footer = footer }

// UseShare has the document's font written with the part shared by the run's other
// documents of its kind (see Share).
func (d *Doc) UseShare(s *Share) { d.share = s }

// Font sets the type size, in points, of the text drawn next.
func (d *Doc) Font(size float64) { d.size = size }

// Colours are given as 0–255 per channel, as in gofpdf.
func (d *Doc) TextColor(r, g, b int) { d.text = rgb{uint8(r), uint8(g), uint8(b)} }

func (d *Doc) FillColor(r, g, b int) { d.fill = rgb{uint8(r), uint8(g), uint8(b)} }

func (d *Doc) DrawColor(r, g, b int) { d.draw = rgb{uint8(r), uint8(g), uint8(b)} }

// LineWidth sets the width, in millimetres, of the lines and outlines drawn next.
func (d *Doc) LineWidth(w float64) { d.lineW = w }

// Dash sets the dashes of lines drawn next (none for an empty pattern).
func (d *Doc) Dash(dashes ...float64) { d.dash = dashes }

// AddPage begins a page, drawing the footer on the one before. Like gofpdf, the font
// size and colours the footer sets do not carry over.
func (d *Doc) AddPage() {
	d.endPage()
	d.pages = append(d.pages, getMarks())
}

// Pages' marks are kept for the next document, as a county run lays out tens of
// thousands of pages (the shelf holds about two documents' pages at a time).
var markSlices = shelf.New(96, func() []mark { return make([]mark, 0, 64) })

func getMarks() []mark { return markSlices.Get()[:0] }

// release gives the pages' marks back once the document is written.
func (d *Doc) release() {
	for i, p := range d.pages {
		clear(p) // no text kept alive
		markSlices.Put(p)
		d.pages[i] = nil
	}
}

// endPage draws the footer on the current page.
func (d *Doc) endPage() {
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

// PageNo is the number of the current page, from 1.
func (d *Doc) PageNo() int { return len(d.pages) }

// NumberPages has PageTotal in the document's texts replaced by the number of pages.
func (d *Doc) NumberPages() { d.pageTotalMarked = true }

func (d *Doc) put(m mark) {
	if len(d.pages) == 0 {
		d.AddPage()
	}
	d.pages[len(d.pages)-1] = append(d.pages[len(d.pages)-1], m)
}

// Rect draws a rectangle; style is "D" (outline), "F" (filled) or "FD".
func (d *Doc) Rect(x, y, w, h float64, style string) {
	d.put(mark{kind: markRect, x: x, y: y, w: w, h: h, align: style, color: d.fill, draw: d.draw, lineW: d.lineW, dash: d.dash})
}

// Line draws a line from (x1, y1) to (x2, y2).
func (d *Doc) Line(x1, y1, x2, y2 float64) {
	d.put(mark{kind: markLine, x: x1, y: y1, w: x2, h: y2, draw: d.draw, lineW: d.lineW, dash: d.dash})
}

// Width is the printed width of s in the current size, in millimetres: the font's
// advance widths added up, as a PDF viewer places the characters.
func (d *Doc) Width(s string) float64 {
	return float64(unitsIn(d.widths, s)) * d.size / 1000 * 25.4 / 72
}

// Text prints one line of text at (x, y) in a box of width w and height h, aligned "L",
// "C" or "R" within it (with gofpdf's cell margin, as gofpdf's cells did).
func (d *Doc) Text(x, y, w, h float64, s, align string) {
	s = printable(s)
	if s == "" {
		return
	}
	d.put(mark{kind: markText, x: x, y: y, w: w, h: h, text: s, align: align, size: d.size, color: d.text})
}

// Lines wraps text to width w, with the first line indented by indent.
// Explicit line breaks ("\n") in s are kept.
func (d *Doc) Lines(s string, w, indent float64) []string {
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
		out = append(out, d.scratch.wrap(para, w, d.Width)...)
	}
	d.wrapped[key] = out
	return out
}

// Paragraph prints wrapped text from (x, y) and returns the y below it.
func (d *Doc) Paragraph(x, y, w, lineH float64, s string, indent bool) float64 {
	in := 0.0
	if indent {
		in = 1
	}
	for _, l := range d.Lines(s, w, in) {
		d.Text(x, y, w, lineH, l, "L")
		y += lineH
	}
	return y
}
