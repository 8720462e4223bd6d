package output

import (
	"bytes"
	"testing"
	"unicode"

	"golang.org/x/image/font/sfnt"

	"liushou/rules"
)

// TestSubsetFontCoversEveryPrintedCharacter prints a class's letters and checklist with
// the whole font, reads every character back with pdftotext, and wants each one in the
// run's cut-down font, mapped to the same glyph.
func TestSubsetFontCoversEveryPrintedCharacter(t *testing.T) {
	c1 := sampleChild()
	c2 := sampleChild()
	c2.Name, c2.Row, c2.SignText, c2.SignDate = "欧阳喆堃", 9, "发烧住院", daysAgo(2) // 喆 and 堃 are not in GB 2312
	c2.Father.WorkPlace = "廣東省東莞市"                                            // traditional characters, as some rosters have
	rep := rules.Evaluate(rules.Roster{Children: []rules.Child{c1, c2}}, rules.DefaultPolicy(), asOf)
	class := rep.Classes()[0]
	var l, c bytes.Buffer
	if err := WriteLetters(&l, class, rules.DefaultPolicy(), asOf, defaultLetters(t)); err != nil {
		t.Fatal(err)
	}
	if err := WriteChecklist(&c, class, rules.DefaultPolicy(), asOf); err != nil {
		t.Fatal(err)
	}
	printed := pdfText(t, l.Bytes()) + pdfText(t, c.Bytes())

	sub, err := subsetFont(fontTTF, runesOf(rep))
	if err != nil {
		t.Fatal(err)
	}
	full, _ := sfnt.Parse(fontTTF)
	cut, err := sfnt.Parse(sub)
	if err != nil {
		t.Fatalf("the cut-down font does not parse: %v", err)
	}
	var buf sfnt.Buffer
	checked := 0
	for _, r := range printed {
		if unicode.IsSpace(r) || r == '\f' {
			continue
		}
		want, _ := full.GlyphIndex(&buf, r)
		got, _ := cut.GlyphIndex(&buf, r)
		if got == 0 || got != want {
			t.Errorf("%q (U+%04X): glyph %d in the cut-down font, %d in the whole font", r, r, got, want)
		}
		checked++
	}
	if checked < 1000 {
		t.Errorf("only %d characters checked", checked)
	}
	if len(sub) >= len(fontTTF) {
		t.Errorf("the cut-down font is %d bytes, the whole one %d", len(sub), len(fontTTF))
	}
}
