package output

import (
	"sort"
	"sync"

	"github.com/jung-kurt/gofpdf"

	"liushou/rules"
)

// gofpdf parses the whole font for every document and again to cut the subset it embeds:
// with LXGW WenKai's 15.7 MB that was most of a county run. liushou makes, once per run, a
// font that holds only the characters the run can print (gofpdf.UTF8CutFont): a few
// hundred kilobytes that every document loads and cuts in a few milliseconds.
//
// The characters are collected from what is printed: liushou's own wording (every string
// literal of output and rules, kept in literalRunes by a test), the letter templates, the
// policy, and every value of the run's data. A document that still meets a character its
// font lacks is made again with the whole font (doc.output reports errMissingGlyph), so
// that nothing prints as an empty box.

// runFont is the font a run's documents print with. cover is nil for the whole font.
type runFont struct {
	ttf   []byte
	cover map[rune]bool
	// widths[r] is the width of r at one point (in millimetres), -1 where unknown; made
	// once, from the first document's metrics.
	widthsOnce sync.Once
	widths     []float32
}

// unitWidths gives the font's table of widths at one point, filling it from pdf (a
// document using this font) the first time.
func (f *runFont) unitWidths(pdf *gofpdf.Fpdf) []float32 {
	f.widthsOnce.Do(func() {
		tab := make([]float32, 0x10000) // the Basic Multilingual Plane: 256 KB, once per run
		for i := range tab {
			tab[i] = -1
		}
		size, _ := pdf.GetFontSize()
		add := func(r rune) {
			if int(r) < len(tab) {
				tab[r] = float32(pdf.GetStringWidth(string(r)) / size)
			}
		}
		for r := rune(0x20); r < 0x7F; r++ {
			add(r)
		}
		for r := range f.cover {
			add(r)
		}
		f.widths = tab
	})
	return f.widths
}

// fullFont is the whole embedded font: for a single document, and the fallback.
var fullFont = &runFont{ttf: fontTTF}

// has reports whether the font can print r.
func (f *runFont) has(r rune) bool { return f.cover == nil || r < 0x80 || f.cover[r] }

// cutFont makes the run's font from the characters it may print.
func cutFont(set map[rune]bool) *runFont {
	coverageOnce.Do(loadCoverage)
	runes := make([]rune, 0, len(set))
	for r := range set {
		if r >= 0x20 && r < 0x10000 && (r < 0x80 || !missing[r]) {
			runes = append(runes, r)
		}
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
	cut := gofpdf.UTF8CutFont(fontTTF, string(runes))
	if len(cut) == 0 {
		return fullFont // the whole font is slower, never wrong
	}
	cover := make(map[rune]bool, len(runes))
	for _, r := range runes {
		cover[r] = true
	}
	return &runFont{ttf: cut, cover: cover}
}

// runRunes gathers what a run can print: liushou's own wording, the letter templates,
// the policy's texts and the data of every child.
func runRunes(rep rules.Report, p rules.Policy, texts ...string) map[rune]bool {
	set := map[rune]bool{standIn: true, '□': true, '\u3000': true}
	for r := rune(0x20); r < 0x7F; r++ {
		set[r] = true
	}
	add := func(ss ...string) {
		for _, s := range ss {
			for _, r := range printable(s) {
				set[r] = true
			}
		}
	}
	add(literalRunes)
	add(texts...)
	add(p.School.Name, p.School.Address, p.School.Phone, p.School.Postcode)
	for class, ct := range p.ClassTeachers {
		add(class, ct.Name, ct.Phone)
	}
	for _, sg := range p.Signs {
		add(sg.Name)
	}
	for _, t := range p.Terms {
		add(t.Name)
	}
	for _, res := range rep.Results {
		c := res.Child
		add(c.School, c.Class, c.Name, c.Guardian, c.GuardianRelation, c.GuardianPhone, c.Address, c.Teacher,
			c.Father.Name, c.Father.WorkPlace, c.Father.Phone, c.Father.Postcode,
			c.Mother.Name, c.Mother.WorkPlace, c.Mother.Phone, c.Mother.Postcode,
			c.Parent.Name, c.Parent.WorkPlace, c.Parent.Phone, c.SignText)
		add(res.Reasons...)
		add(res.Signs...)
	}
	return set
}
