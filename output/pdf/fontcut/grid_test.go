package fontcut

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"slices"
	"sync/atomic"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// checklistRunes are the characters of a class's checklist: its fixed text and names.
const checklistRunes = "留守儿童家访与通话检查清单统计日期：年月日共名需立即逾期将到正常无记录天前序号姓监护人（关系）" +
	"电长上次庭住址情况说明本完成□已父母祖程雨桐涵黄曦谢华轩马梓强蔡袁诺邓诗赵远佑杜若周曾婷沈王袁怡" +
	"0123456789()/-、，；“”" +
	"\u00a8\u00b4\u2212\u2215" // the font's composite glyphs: ¨ ´ − ∕

// outlines reads every glyph of runes from a font at 1000 pixels per em.
func outlines(t *testing.T, data []byte, runes []rune) ([]sfnt.Segments, []fixed.Int26_6) {
	t.Helper()
	f, err := sfnt.Parse(data)
	if err != nil {
		t.Fatalf("font does not parse: %v", err)
	}
	var buf sfnt.Buffer
	var segs []sfnt.Segments
	var advances []fixed.Int26_6
	for _, r := range runes {
		id, err := f.GlyphIndex(&buf, r)
		if err != nil || id == 0 {
			t.Fatalf("%q: no glyph (%v)", r, err)
		}
		s, err := f.LoadGlyph(&buf, id, fixed.I(1000), nil)
		if err != nil {
			t.Fatalf("%q: %v", r, err)
		}
		a, err := f.GlyphAdvance(&buf, id, fixed.I(1000), 0)
		if err != nil {
			t.Fatalf("%q: %v", r, err)
		}
		segs = append(segs, slices.Clone(s))
		advances = append(advances, a)
	}
	return segs, advances
}

// TestRegridSameGridIsLossless rewrites every glyph of a range on the font's own grid:
// the outlines read back exactly. This checks the reading and writing of glyph data
// apart from any rounding.
func TestRegridSameGridIsLossless(t *testing.T) {
	f, err := Parse(wenkai(t))
	if err != nil {
		t.Fatal(err)
	}
	g := *f
	g.grid = &grid{from: f.unitsPerEm, to: f.unitsPerEm, glyphs: make([]atomic.Pointer[[]byte], f.numGlyphs)}
	runes := []rune(checklistRunes + ideographs(0x4E00, 400) + "ABCxyz@&%")
	want, wantAdv := outlines(t, f.Cut(runes), runes)
	got, gotAdv := outlines(t, g.Cut(runes), runes)
	for i, r := range runes {
		if !slices.Equal(want[i], got[i]) || wantAdv[i] != gotAdv[i] {
			t.Fatalf("%q: rewritten glyph differs", r)
		}
	}
}

// TestRegridKeepsShapes cuts the font on a grid of 250 units: every point of every
// glyph is where it was to within a unit of the new grid, the advances likewise,
// and the cut is much smaller once compressed.
func TestRegridKeepsShapes(t *testing.T) {
	f, err := Parse(wenkai(t))
	if err != nil {
		t.Fatal(err)
	}
	coarse := f.Regrid(250, 0)
	runes := []rune(checklistRunes)
	fine, coarseCut := f.Cut(runes), coarse.Cut(runes)
	want, wantAdv := outlines(t, fine, runes)
	got, gotAdv := outlines(t, coarseCut, runes)
	// Half a unit of 250 per em, at 1000 pixels per em, in 26.6 fixed point; and half a
	// unit more where the reader puts the on-curve point between two off-curve ones,
	// which it rounds down to a whole unit of the font's grid.
	const tol = fixed.Int26_6(4*64 + 2)
	near := func(a, b fixed.Point26_6) bool {
		return max(a.X-b.X, b.X-a.X) <= tol && max(a.Y-b.Y, b.Y-a.Y) <= tol
	}
	for i, r := range runes {
		if len(want[i]) != len(got[i]) {
			t.Fatalf("%q: %d segments, want %d", r, len(got[i]), len(want[i]))
		}
		for j := range want[i] {
			w, g := want[i][j], got[i][j]
			if w.Op != g.Op {
				t.Fatalf("%q segment %d: %v, want %v", r, j, g.Op, w.Op)
			}
			for k := range w.Args {
				if !near(w.Args[k], g.Args[k]) {
					t.Fatalf("%q segment %d: point %v moved to %v", r, j, w.Args[k], g.Args[k])
				}
			}
		}
		if d := wantAdv[i] - gotAdv[i]; max(d, -d) > tol {
			t.Fatalf("%q: advance %v, want %v", r, gotAdv[i], wantAdv[i])
		}
	}
	if a, b := compressedSize(fine), compressedSize(coarseCut); b > a*85/100 {
		t.Errorf("compressed cut %d bytes on the coarse grid, %d on the font's own: want a sixth less", b, a)
	}
	if p, err := Parse(coarseCut); err != nil || p.UnitsPerEm() != 250 {
		t.Errorf("coarse cut: %v, %v units per em", err, p)
	}
	if f.Regrid(1000, 0) != f || f.Regrid(2000, 0) != f {
		t.Error("a grid no coarser than the font's own is not the font itself")
	}
}

// TestRegridHeaders: every simple glyph of a coarse cut gives the bounds of its points
// in its header, and a composite glyph's bounds and offsets are scaled (the font's own
// composites all sit at offset 0, so one is made here).
func TestRegridHeaders(t *testing.T) {
	f, err := Parse(wenkai(t))
	if err != nil {
		t.Fatal(err)
	}
	data := f.Regrid(250, 0).Cut([]rune(checklistRunes))
	cut, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	sf, err := sfnt.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	points := map[sfnt.SegmentOp]int{sfnt.SegmentOpMoveTo: 1, sfnt.SegmentOpLineTo: 1, sfnt.SegmentOpQuadTo: 2, sfnt.SegmentOpCubeTo: 3}
	for id := 1; id < cut.numGlyphs; id++ {
		g := cut.glyph(id)
		if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) < 0 {
			continue
		}
		// The outline read by another parser, at one pixel per unit: its points'
		// extremes (implied on-curve points lie between others) are the bounds.
		segs, err := sf.LoadGlyph(&buf, sfnt.GlyphIndex(id), fixed.I(250), nil)
		if err != nil {
			t.Fatalf("glyph %d: %v", id, err)
		}
		lo, hi := fixed.Point26_6{X: 1 << 30, Y: 1 << 30}, fixed.Point26_6{X: -1 << 30, Y: -1 << 30}
		for _, s := range segs {
			for _, p := range s.Args[:points[s.Op]] {
				lo.X, lo.Y, hi.X, hi.Y = min(lo.X, p.X), min(lo.Y, p.Y), max(hi.X, p.X), max(hi.Y, p.Y)
			}
		}
		// sfnt's y grows downwards.
		want := []int{lo.X.Round(), -hi.Y.Round(), hi.X.Round(), -lo.Y.Round()}
		for k, v := range want {
			if got := int(int16(binary.BigEndian.Uint16(g[2+2*k:]))); got != v {
				t.Fatalf("glyph %d: header bounds %x, the points' %v", id, g[2:10], want)
			}
		}
	}

	g := &grid{from: 1000, to: 250}
	composite := []byte{0xff, 0xff, 0x01, 0x90, 0xfe, 0x70, 0x03, 0x20, 0x02, 0x58} // -1; 400 -400 800 600
	composite = append(composite, 0x01, 0x23, 0, 7, 0x01, 0x90, 0xff, 0x38)         // words, xy, more: 400, -200
	composite = append(composite, 0x01, 0x02, 0, 9, 100, 0xce)                      // bytes, xy, instructions: 100, -50
	composite = append(composite, 0, 2, 0xaa, 0xbb)                                 // the instructions
	got, err := g.regrid(composite)
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{0xff, 0xff, 0x00, 0x64, 0xff, 0x9c, 0x00, 0xc8, 0x00, 0x96, // 100 -100 200 150
		0x00, 0x23, 0, 7, 0x00, 0x64, 0xff, 0xce, // 100, -50
		0x00, 0x02, 0, 9, 25, 0xf3} // 25, -12.5 rounded away from zero: -13
	if !bytes.Equal(got, want) {
		t.Errorf("composite regridded\n%x, want\n%x", got, want)
	}
}

// TestRegridReadsEveryGlyph: every glyph of the embedded font can be read and written on
// the coarser grid (one that could not would print blank), keeping its point count.
func TestRegridReadsEveryGlyph(t *testing.T) {
	f, err := Parse(wenkai(t))
	if err != nil {
		t.Fatal(err)
	}
	g := &grid{from: f.unitsPerEm, to: 250}
	for id := 0; id < f.numGlyphs; id++ {
		data := f.glyph(id)
		out, err := g.regrid(data)
		if err != nil {
			t.Fatalf("glyph %d (%d bytes): %v", id, len(data), err)
		}
		if len(data) < 10 {
			continue
		}
		head := 10 // the number of contours, and a simple glyph's contour ends
		if n := int(int16(binary.BigEndian.Uint16(data))); n > 0 {
			head = 10 + 2*n
		}
		if !bytes.Equal(out[:2], data[:2]) || !bytes.Equal(out[10:head], data[10:head]) {
			t.Fatalf("glyph %d: contours or points differ", id)
		}
	}
	t.Logf("%d glyphs", f.numGlyphs)
}

// compressedSize is the size of b compressed as tightly as zlib can.
func compressedSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := zlib.NewWriterLevel(&buf, zlib.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}
