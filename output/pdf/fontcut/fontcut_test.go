package fontcut

import (
	"os"
	"slices"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

func wenkai(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("../font/LXGWWenKai-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestCutKeepsGlyphs cuts the embedded font and reads the cut back with another parser
// (x/image's sfnt): every rune asked for maps to a glyph with the same outline and
// advance as in the whole font, and nothing else is mapped.
func TestCutKeepsGlyphs(t *testing.T) {
	data := wenkai(t)
	f, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := sfnt.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		runes string
	}{
		{"letter words", "致家长的一封信尊敬的家长您好：孩子在校情况，家访、通话。，。；“”（）０１２"},
		{"ascii", " !\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~"},
		{"rare name characters", "堃喆淼犇昇玥瑄瓅燚"},
		{"with runes the font lacks", "中\u0378\uE000文"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			runes := []rune(tt.runes)
			cut := f.Cut(runes)
			part, err := sfnt.Parse(cut)
			if err != nil {
				t.Fatalf("cut font does not parse: %v", err)
			}
			var wb, pb sfnt.Buffer
			for _, r := range runes {
				wi, _ := whole.GlyphIndex(&wb, r)
				pi, err := part.GlyphIndex(&pb, r)
				if err != nil {
					t.Fatal(err)
				}
				if (wi == 0) != (pi == 0) || f.Has(r) != (wi != 0) {
					t.Fatalf("%q: whole font glyph %d, cut font glyph %d", r, wi, pi)
				}
				if wi == 0 {
					continue
				}
				ws, err1 := whole.LoadGlyph(&wb, wi, fixed.I(1000), nil)
				ps, err2 := part.LoadGlyph(&pb, pi, fixed.I(1000), nil)
				if err1 != nil || err2 != nil || !slices.Equal(ws, ps) {
					t.Fatalf("%q: outlines differ (%v, %v)", r, err1, err2)
				}
				wa, _ := whole.GlyphAdvance(&wb, wi, fixed.I(1000), 0)
				pa, _ := part.GlyphAdvance(&pb, pi, fixed.I(1000), 0)
				if wa != pa || int(wa) != f.Advance(r)*1000*64/f.UnitsPerEm() {
					t.Fatalf("%q: advance %v, cut %v", r, wa, pa)
				}
			}
			if other, _ := part.GlyphIndex(&pb, '家'); !slices.Contains(runes, '家') && other != 0 {
				t.Fatalf("a rune not asked for is mapped")
			}
			if !slices.Equal(cut, f.Cut(runes)) {
				t.Fatal("the same runes gave different bytes")
			}
			// The whole file sums to the magic number (head's checkSumAdjustment).
			if sum := checksum(cut); sum != 0xB1B0AFBA {
				t.Errorf("file checksum %#x", sum)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	data := wenkai(t)
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not a font", []byte("PK\x03\x04 this is a zip file, not a font")},
		{"directory cut short", data[:40]},
		{"tables cut short", data[:4096]},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse(tt.data); err == nil {
				t.Fatal("parsed")
			}
		})
	}
}

func BenchmarkCut(b *testing.B) {
	f, err := Parse(wenkai(b))
	if err != nil {
		b.Fatal(err)
	}
	var runes []rune
	for r := rune(0x4E00); len(runes) < 600; r += 13 {
		runes = append(runes, r)
	}
	b.Run("parse", func(b *testing.B) {
		data := wenkai(b)
		for b.Loop() {
			if _, err := Parse(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cut-600", func(b *testing.B) {
		for b.Loop() {
			f.Cut(runes)
		}
	})
}
