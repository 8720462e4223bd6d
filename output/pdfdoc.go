package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// doc wraps a gofpdf document with the embedded Chinese font, fixed dates (so that the
// same input gives the same bytes) and liushou's own line wrapping.
type doc struct {
	pdf  *gofpdf.Fpdf
	size float64 // current font size in points
	// wrapped remembers laid-out paragraphs: most of a letter's text is the same for
	// every child of the class, and is wrapped once.
	wrapped map[wrapKey][]string
	rf      *runFont
	missed  bool
	// a character the font lacks was printed: see errMissingGlyph
}

// errMissingGlyph says a document met a character its font lacks: it is made again with
// the whole font (withFont).
var errMissingGlyph = errors.New("missing glyph")

type wrapKey struct {
	text        string
	width, size float64
	indent      bool
}

// newDoc starts a document. orientation is "P" or "L"; asOf fixes its dates; font is
// the TrueType font to print with (the embedded one, or a run's cut-down copy of it).
func newDoc(orientation, title string, asOf time.Time, font *runFont) *doc {
	return setUpDoc(gofpdf.New(orientation, "mm", "A4", ""), title, asOf, font)
}

// newSizedDoc starts a landscape document on paper of another size (an envelope);
// size is given as for portrait, the short side first.
func newSizedDoc(size gofpdf.SizeType, title string, asOf time.Time, font *runFont) *doc {
	return setUpDoc(gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "L", UnitStr: "mm", Size: size}), title, asOf, font)
}

func setUpDoc(pdf *gofpdf.Fpdf, title string, asOf time.Time, font *runFont) *doc {
	pdf.SetCreationDate(asOf)
	pdf.SetModificationDate(asOf)
	pdf.SetCatalogSort(true)
	// Page streams uncompressed: a new compressor for every page cost more time than
	// the bytes it saved (the font, compressed once per document, is most of a file).
	pdf.SetCompression(false)
	pdf.SetTitle(printable(title), true)
	pdf.SetCreator("liushou", true)
	pdf.SetAuthor("liushou", true)
	pdf.AddUTF8FontFromBytes(fontName, "", font.ttf)
	pdf.SetAutoPageBreak(false, 0)
	d := &doc{pdf: pdf, wrapped: map[wrapKey][]string{}, rf: font}
	d.font(11)
	return d
}

func (d *doc) font(size float64) {
	d.size = size
	d.pdf.SetFont(fontName, "", size)
}

// width is the printed width of s in the current font and size. gofpdf adds up each
// character's width with no kerning, so the widths are added up here, from a table of
// every character's width at one point that the run's font fills once: wrapping a
// letter measures thousands of pieces.
func (d *doc) width(s string) float64 {
	tab := d.rf.unitWidths(d.pdf)
	w := 0.0
	for _, r := range s {
		if r < rune(len(tab)) && tab[r] >= 0 {
			w += float64(tab[r])
			continue
		}
		return d.pdf.GetStringWidth(s) // a character outside the table: ask gofpdf
	}
	return w * d.size
}

// cell prints one line of text in a box of width w at the current position and moves right.
func (d *doc) cell(w, h float64, s, align string) {
	s = printable(s)
	if d.rf.cover != nil && !d.missed {
		for _, r := range s {
			if !d.rf.has(r) {
				d.missed = true
				break
			}
		}
	}
	d.pdf.CellFormat(w, h, s, "", 0, align, false, 0, "")
}

// at prints one line of text at (x, y) in a box of width w.
func (d *doc) at(x, y, w, h float64, s, align string) {
	d.pdf.SetXY(x, y)
	d.cell(w, h, s, align)
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
		out = append(out, wrapText(para, w, d.width)...)
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

// output finishes the document into w.
func (d *doc) output(w io.Writer) error {
	if d.missed {
		return errMissingGlyph
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return fmt.Errorf("生成 PDF 失败：%w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// withFont writes a document with the run's font, and again with the whole font if it met
// a character the run's font lacks.
func withFont(font *runFont, write func(w io.Writer, font *runFont) error) func(io.Writer) error {
	return func(w io.Writer) error {
		err := write(w, font)
		if errors.Is(err, errMissingGlyph) && font != fullFont {
			err = write(w, fullFont)
		}
		return err
	}
}
