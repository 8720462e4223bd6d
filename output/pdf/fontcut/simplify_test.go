package fontcut

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// TestSimplifyContours: which points of small contours go, and which stay.
func TestSimplifyContours(t *testing.T) {
	type pt struct {
		x, y int
		on   bool
	}
	tests := []struct {
		name string
		tol  float64
		in   []pt
		keep []int
	}{
		{"points on a square's sides go, its corners stay", 0.5,
			[]pt{{0, 0, true}, {50, 0, true}, {100, 0, true}, {100, 100, true}, {50, 100, true}, {0, 100, true}},
			[]int{0, 2, 3, 5}},
		{"a side's point a unit off the line goes within a unit", 1,
			[]pt{{0, 0, true}, {50, 1, true}, {100, 0, true}, {100, 100, true}, {0, 100, true}},
			[]int{0, 2, 3, 4}},
		{"and stays within half a unit", 0.5,
			[]pt{{0, 0, true}, {50, 1, true}, {100, 0, true}, {100, 100, true}, {0, 100, true}},
			[]int{0, 1, 2, 3, 4}},
		{"the on-curve point two off-curve points imply goes", 0.1,
			[]pt{{0, 0, true}, {20, 40, false}, {50, 50, true}, {80, 60, false}, {100, 0, true}},
			[]int{0, 1, 3, 4}},
		{"a real bend stays", 1,
			[]pt{{0, 0, true}, {50, 40, false}, {100, 0, true}, {100, -50, true}, {0, -50, true}},
			[]int{0, 1, 2, 3, 4}},
		{"an off-curve point that barely bends a side goes", 1,
			[]pt{{0, 0, true}, {50, 1, false}, {100, 0, true}, {100, -50, true}, {0, -50, true}},
			[]int{0, 2, 3, 4}},
		{"a contour of three points is kept whole", 100,
			[]pt{{0, 0, true}, {1, 0, true}, {0, 1, true}},
			[]int{0, 1, 2}},
		{"a contour of one on-curve point is kept whole", 100,
			[]pt{{0, 0, true}, {10, 10, false}, {20, 0, false}, {10, -10, false}},
			[]int{0, 1, 2, 3}},
	}
	for _, tt := range tests {
		var c contour
		for _, p := range tt.in {
			c.xs, c.ys, c.on = append(c.xs, p.x), append(c.ys, p.y), append(c.on, p.on)
		}
		s := simplifier{tol: tt.tol}
		if got := s.simplify(c); !slices.Equal(got, tt.keep) {
			t.Errorf("%s: kept %v, want %v", tt.name, got, tt.keep)
		}
	}
}

// flatten draws sfnt's segments of a glyph as polylines, one a contour, in units of
// 1/64 of the size it was loaded at.
func flatten(segs sfnt.Segments) [][]point {
	const steps = 16
	var out [][]point
	var cur point
	pt := func(p fixed.Point26_6) point { return point{float64(p.X), float64(p.Y)} }
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			cur = pt(s.Args[0])
			out = append(out, []point{cur})
			continue
		case sfnt.SegmentOpLineTo:
			cur = pt(s.Args[0])
		case sfnt.SegmentOpQuadTo:
			c, e := pt(s.Args[0]), pt(s.Args[1])
			for i := 1; i <= steps; i++ {
				t := float64(i) / steps
				u := 1 - t
				out[len(out)-1] = append(out[len(out)-1], point{u*u*cur.x + 2*u*t*c.x + t*t*e.x, u*u*cur.y + 2*u*t*c.y + t*t*e.y})
			}
			cur = e
			continue
		}
		out[len(out)-1] = append(out[len(out)-1], cur)
	}
	return out
}

// farthest is how far a vertex of a lies from the nearest piece of b, at most.
func farthest(a, b [][]point) float64 {
	worst := 0.0
	for _, ca := range a {
		for _, p := range ca {
			best := math.Inf(1)
			for _, cb := range b {
				for j := 0; j+1 < len(cb); j++ {
					best = min(best, dist2(p, cb[j], cb[j+1]))
				}
			}
			worst = max(worst, math.Sqrt(best))
		}
	}
	return worst
}

// TestSimplifiedOutlinesStayClose cuts a checklist's characters on the grid of 250 with
// a tolerance of 1.25 and reads both cuts back with another parser (x/image's sfnt): no
// part of any outline lies further from the font's own outline than the tolerance and
// the rounding to the grid allow, the contours are the same in number, the points are
// a good deal fewer, and the cut compresses a good deal smaller.
func TestSimplifiedOutlinesStayClose(t *testing.T) {
	f, err := Parse(wenkai(t))
	if err != nil {
		t.Fatal(err)
	}
	runes := []rune(checklistRunes)
	fine := f.Cut(runes)
	gridded, simple := f.Regrid(250, 0).Cut(runes), f.Regrid(250, 1.25).Cut(runes)
	want, _ := outlines(t, fine, runes)
	got, _ := outlines(t, simple, runes)
	// In thousandths of an em: the tolerance (1.25 of 250), a point's rounding to the
	// grid (half a unit each way), and a little for the six-piece drawing of curves
	// that simplify compares.
	const bound = 4 * (1.25 + math.Sqrt2/2 + 0.35)
	worst, before, after := 0.0, 0, 0
	for i, r := range runes {
		a, b := flatten(want[i]), flatten(got[i])
		if len(a) != len(b) {
			t.Fatalf("%q: %d contours, want %d", r, len(b), len(a))
		}
		d := max(farthest(a, b), farthest(b, a)) / 64 // loaded at 1000 per em: units
		if d > bound {
			t.Errorf("%q: the outline moved by %.2f/1000 em, more than %.2f", r, d, bound)
		}
		worst = max(worst, d)
		before, after = before+len(want[i]), after+len(got[i])
	}
	zg, zs := compressedSize(gridded), compressedSize(simple)
	t.Logf("farthest move %.2f/1000 em; segments %d → %d; compressed cut %d → %d bytes", worst, before, after, zg, zs)
	if after > before*85/100 {
		t.Errorf("%d segments of %d left: want a sixth fewer at least", after, before)
	}
	if zs > zg*85/100 {
		t.Errorf("compressed cut %d bytes simplified, %d not: want a sixth less at least", zs, zg)
	}
}

// TestSimplifyEveryGlyph: every glyph of the embedded font is simplified on the grid of
// 250 without error, keeps its contours, each of three points at least (or all it had), and its header
// gives the bounds of its points.
func TestSimplifyEveryGlyph(t *testing.T) {
	if testing.Short() {
		t.Skip("29,145 glyphs")
	}
	f, err := Parse(wenkai(t))
	if err != nil {
		t.Fatal(err)
	}
	g := &grid{from: f.unitsPerEm, to: 250, tol: 1.25}
	kept, all := 0, 0
	for id := 0; id < f.numGlyphs; id++ {
		data := f.glyph(id)
		out, err := g.regrid(data)
		if err != nil {
			t.Fatalf("glyph %d: %v", id, err)
		}
		contours := 0
		if len(data) >= 10 {
			contours = int(int16(binary.BigEndian.Uint16(data)))
		}
		if contours <= 0 {
			continue
		}
		if !bytes.Equal(out[:2], data[:2]) {
			t.Fatalf("glyph %d: %x contours, want %x", id, out[:2], data[:2])
		}
		prev, was := -1, -1
		for c := 0; c < contours; c++ {
			end, orig := int(binary.BigEndian.Uint16(out[10+2*c:])), int(binary.BigEndian.Uint16(data[10+2*c:]))
			if n := end - prev; n < min(3, orig-was) || n > orig-was {
				t.Fatalf("glyph %d contour %d: %d points of %d", id, c, n, orig-was)
			}
			prev, was = end, orig
		}
		kept += prev + 1
		all += int(binary.BigEndian.Uint16(data[10+2*contours-2:])) + 1
		_, xs, ys := decodeSimple(t, out)
		lo := [2]int{slices.Min(xs), slices.Min(ys)}
		hi := [2]int{slices.Max(xs), slices.Max(ys)}
		for k, v := range []int{lo[0], lo[1], hi[0], hi[1]} {
			if got := int(int16(binary.BigEndian.Uint16(out[2+2*k:]))); got != v {
				t.Fatalf("glyph %d: header bounds %x, the points' %v %v", id, out[2:10], lo, hi)
			}
		}
	}
	t.Logf("%d glyphs: %d points of %d kept", f.numGlyphs, kept, all)
}

// decodeSimple reads a simple glyph's flags and points back.
func decodeSimple(t *testing.T, data []byte) ([]byte, []int, []int) {
	t.Helper()
	contours := int(binary.BigEndian.Uint16(data))
	points := int(binary.BigEndian.Uint16(data[10+2*contours-2:])) + 1
	p := 10 + 2*contours
	p += 2 + int(binary.BigEndian.Uint16(data[p:]))
	var flags []byte
	for len(flags) < points {
		fl := data[p]
		p++
		n := 1
		if fl&repeat != 0 {
			n += int(data[p])
			p++
		}
		for ; n > 0; n-- {
			flags = append(flags, fl&^repeat)
		}
	}
	xs, ys := make([]int, points), make([]int, points)
	p, err := readCoords(data, p, flags, xs, xShort, xSame)
	if err == nil {
		p, err = readCoords(data, p, flags, ys, yShort, ySame)
	}
	if err != nil || p != len(data) {
		t.Fatalf("glyph data does not read back: %v, %d of %d bytes", err, p, len(data))
	}
	return flags, xs, ys
}
