package output

import (
	"bytes"
	"io"
	"testing"
	"unicode"

	"golang.org/x/image/font/sfnt"

	"liushou/rules"
)

// TestRunFontCoversEveryPrintedCharacter prints a class's letters, checklist and
// envelopes with the run's font, reads every character back with pdftotext, and wants
// each one drawn from a glyph the whole font has for it; the run's font is far smaller.
func TestRunFontCoversEveryPrintedCharacter(t *testing.T) {
	c1 := sampleChild()
	c2 := sampleChild()
	c2.Name, c2.Row, c2.SignText, c2.SignDate = "欧阳喆堃", 9, "发烧住院", daysAgo(2) // 喆 and 堃 are not in GB 2312
	c2.Father.WorkPlace = "廣東省東莞市鐘樓街 8 號"                                     // traditional characters, as some rosters have
	p := rules.DefaultPolicy()
	p.School = rules.School{Name: "鳳凰鎮中心小學", Address: "鳳凰鎮 1 號", Phone: "0855-5312345"}
	rep := rules.Evaluate(rules.Roster{Children: []rules.Child{c1, c2}}, p, asOf)
	class := rep.Classes()[0]
	tpl := defaultLetters(t)
	font := cutFont(runRunes(rep, p, tpl.Text()))
	if len(font.ttf) > len(fontTTF)/10 {
		t.Errorf("the run's font is %d bytes, the whole one %d", len(font.ttf), len(fontTTF))
	}
	var l, c, e bytes.Buffer
	dec := startLetters()
	if err := writeLetters(&l, class, p, asOf, dec, tpl, font); err != nil {
		t.Fatalf("letters with the run's font: %v", err)
	}
	if err := writeChecklist(&c, class, p, asOf, font); err != nil {
		t.Fatalf("checklist with the run's font: %v", err)
	}
	if _, err := writeEnvelopes(&e, class, p, asOf, font); err != nil {
		t.Fatalf("envelopes with the run's font: %v", err)
	}
	printed := pdfText(t, l.Bytes()) + pdfText(t, c.Bytes()) + pdfText(t, e.Bytes())
	full, _ := sfnt.Parse(fontTTF)
	var buf sfnt.Buffer
	checked := 0
	for _, r := range printed {
		if unicode.IsSpace(r) || r == '\f' {
			continue
		}
		if !font.has(r) {
			t.Errorf("%q (U+%04X) printed but not in the run's font", r, r)
		}
		if g, _ := full.GlyphIndex(&buf, r); g == 0 && r != standIn {
			t.Errorf("%q (U+%04X) has no glyph", r, r)
		}
		checked++
	}
	if checked < 1000 {
		t.Errorf("only %d characters checked", checked)
	}
}

// TestMissingGlyphFallsBack: a document that meets a character its font lacks is made
// again with the whole font, never printed with an empty box.
func TestMissingGlyphFallsBack(t *testing.T) {
	tiny := cutFont(map[rune]bool{'致': true})
	var buf bytes.Buffer
	var used []*runFont
	err := withFont(tiny, func(w io.Writer, f *runFont) error {
		used = append(used, f)
		d := newDoc("P", "测试", asOf, f)
		d.pdf.AddPage()
		d.at(20, 20, 100, 8, "致家长的一封信", "L")
		return d.output(w)
	})(&buf)
	if err != nil || len(used) != 2 || used[1] != fullFont {
		t.Fatalf("err %v, fonts tried %d", err, len(used))
	}
	if got := squeeze(pdfText(t, buf.Bytes())); got != "致家长的一封信" {
		t.Errorf("read back %q", got)
	}
}
