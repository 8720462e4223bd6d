package fontcut

import (
	"encoding/binary"
	"os"
	"slices"
	"strings"
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
		{"beyond loca's short form", ideographs(0x4E00, 1500)}, // some 500 kB of outlines
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

// ideographs is n characters from first on.
func ideographs(first rune, n int) string {
	var b []rune
	for r := first; r < first+rune(n); r++ {
		b = append(b, r)
	}
	return string(b)
}

// TestCutIsCompact: a cut carries the font's names and legal notices once (Windows
// records only), offsets in loca's short form where they fit, and advances only up to
// the run of equal ones at the end.
func TestCutIsCompact(t *testing.T) {
	f, err := Parse(wenkai(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		runes string
		short bool
	}{
		{"致家长的一封信０１２ABC", true},
		{ideographs(0x4E00, 1500), false},
	} {
		cut := f.Cut([]rune(tt.runes))
		part, err := Parse(cut)
		if err != nil {
			t.Fatal(err)
		}
		if short := binary.BigEndian.Uint16(part.tables["head"][50:]) == 0; short != tt.short {
			t.Errorf("%d runes: short loca %v, want %v", len([]rune(tt.runes)), short, tt.short)
		}
		if part.numHMetric >= part.numGlyphs/2 {
			t.Errorf("%d advances for %d glyphs", part.numHMetric, part.numGlyphs)
		}
		sf, err := sfnt.Parse(cut)
		if err != nil {
			t.Fatal(err)
		}
		for id, want := range map[sfnt.NameID]string{
			sfnt.NameIDFamily: "LXGW WenKai", sfnt.NameIDPostScript: "LXGWWenKai-Regular",
			sfnt.NameIDCopyright: "Copyright 2021-2023 LXGW", sfnt.NameIDLicense: "SIL Open Font License",
		} {
			if got, err := sf.Name(nil, id); err != nil || !strings.Contains(got, want) {
				t.Errorf("name %d: %q (%v), want %q", id, got, err, want)
			}
		}
		name := part.tables["name"]
		for i := 0; i < int(binary.BigEndian.Uint16(name[2:])); i++ {
			if p := binary.BigEndian.Uint16(name[6+12*i:]); p != 3 {
				t.Errorf("record %d on platform %d", i, p)
			}
		}
		if len(name) > len(f.tables["name"])*6/10 {
			t.Errorf("name table %d bytes of the font's %d", len(name), len(f.tables["name"]))
		}
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
