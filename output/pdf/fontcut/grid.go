package fontcut

import (
	"encoding/binary"
	"errors"
	"math"
	"sync/atomic"
)

// A coarser design grid.
//
// LXGW WenKai draws on a grid of 1000 units per em, and its brush-like outlines have
// over a hundred points a character: most of the bytes of every document are its
// glyphs. Printed at 8 to 16 points, a thousandth of an em is a few thousandths of a
// millimetre, well below what a printer or a screen shows. On a grid of 250 units the
// coordinates take fewer distinct values and the glyphs compress by about a fifth more
// (a class's checklist's characters, cut and compressed: 49.2 → 40.1 kB), while no
// point moves by more than half a unit of the new grid: 2/1000 em, 0.01 mm at 16 points.

// Regrid returns the font with its outlines on a grid of units per em (fewer than the
// font's own): cuts of it carry every glyph with its points rounded to the new grid and
// its metrics scaled alike, and no hinting (instructions refer to the old grid). Glyphs
// are regridded as they are first cut, once per process. With a tolerance (in units of
// the new grid), points the outline does not need within it are dropped (simplify).
// units at or above the font's own give the font as it is.
func (f *Font) Regrid(units int, tolerance float64) *Font {
	if units <= 0 || units >= f.unitsPerEm {
		return f
	}
	g := *f
	g.grid = &grid{from: f.unitsPerEm, to: units, tol: tolerance, glyphs: make([]atomic.Pointer[[]byte], f.numGlyphs)}
	return &g
}

// grid holds a regridded font's glyphs, made as they are first asked for.
type grid struct {
	from, to int
	tol      float64 // how far simplify may move the outline, in units of the new grid
	glyphs   []atomic.Pointer[[]byte]
}

// scale puts a length in the font's units on the new grid.
func (g *grid) scale(v int) int {
	return int(math.Round(float64(v) * float64(g.to) / float64(g.from)))
}

// scaleAt puts the signed 16-bit lengths of b at offsets at on the new grid, in place;
// offsets beyond b are left.
func (g *grid) scaleAt(b []byte, at ...int) {
	for _, a := range at {
		if a+2 <= len(b) {
			binary.BigEndian.PutUint16(b[a:], uint16(int16(g.scale(int(int16(binary.BigEndian.Uint16(b[a:])))))))
		}
	}
}

// scaleUnsignedAt is scaleAt for unsigned lengths.
func (g *grid) scaleUnsignedAt(b []byte, at ...int) {
	for _, a := range at {
		if a+2 <= len(b) {
			binary.BigEndian.PutUint16(b[a:], uint16(g.scale(int(binary.BigEndian.Uint16(b[a:])))))
		}
	}
}

// glyph is glyph id's outline data on the new grid. Glyph data it cannot read is left
// blank: given as it is, it would be drawn at the old grid's size.
func (g *grid) glyph(id int, data []byte) []byte {
	if p := g.glyphs[id].Load(); p != nil {
		return *p
	}
	out, err := g.regrid(data)
	if err != nil {
		out = nil
	}
	g.glyphs[id].Store(&out)
	return out
}

// Simple glyph flags.
const (
	onCurve = 0x01
	xShort  = 0x02
	yShort  = 0x04
	repeat  = 0x08
	xSame   = 0x10 // or, with xShort, positive
	ySame   = 0x20
	overlap = 0x40
)

var errGlyph = errors.New("fontcut: glyph cut short")

// regrid rewrites one glyph's data on the new grid.
func (g *grid) regrid(data []byte) ([]byte, error) {
	if len(data) < 10 {
		return data, nil // blank
	}
	contours := int(int16(binary.BigEndian.Uint16(data)))
	if contours < 0 {
		return g.regridComposite(data)
	}
	p := 10
	if len(data) < p+2*contours+2 {
		return nil, errGlyph
	}
	ends := data[p : p+2*contours]
	points := 0
	if contours > 0 {
		points = int(binary.BigEndian.Uint16(ends[2*contours-2:])) + 1
	}
	p += 2 * contours
	p += 2 + int(binary.BigEndian.Uint16(data[p:])) // instructions, dropped
	flags := make([]byte, 0, points)
	for len(flags) < points {
		if p >= len(data) {
			return nil, errGlyph
		}
		fl := data[p]
		p++
		n := 1
		if fl&repeat != 0 {
			if p >= len(data) {
				return nil, errGlyph
			}
			n += int(data[p])
			p++
		}
		for ; n > 0 && len(flags) < points; n-- {
			flags = append(flags, fl&^repeat)
		}
	}
	xs := make([]int, points)
	ys := make([]int, points)
	var err error
	if p, err = readCoords(data, p, flags, xs, xShort, xSame); err != nil {
		return nil, err
	}
	if _, err = readCoords(data, p, flags, ys, yShort, ySame); err != nil {
		return nil, err
	}
	for i := range xs {
		xs[i], ys[i] = g.scale(xs[i]), g.scale(ys[i])
	}
	if g.tol > 0 {
		ends, flags, xs, ys = g.fewer(ends, flags, xs, ys)
		points = len(xs)
	}
	xMin, yMin, xMax, yMax := 0, 0, 0, 0
	for i := range xs {
		if i == 0 || xs[i] < xMin {
			xMin = xs[i]
		}
		if i == 0 || ys[i] < yMin {
			yMin = ys[i]
		}
		if i == 0 || xs[i] > xMax {
			xMax = xs[i]
		}
		if i == 0 || ys[i] > yMax {
			yMax = ys[i]
		}
	}
	out := make([]byte, 0, len(data))
	for _, v := range []int{contours, xMin, yMin, xMax, yMax} {
		out = binary.BigEndian.AppendUint16(out, uint16(int16(v)))
	}
	out = append(out, ends...)
	out = append(out, 0, 0) // no instructions

	// The flags say how each delta is written (none, a byte with its sign, or two
	// bytes); runs of the same flag are written once with a count.
	newFlags := make([]byte, points)
	var xb, yb []byte
	px, py := 0, 0
	for i := range xs {
		fl := flags[i] & (onCurve | overlap)
		fl, xb = appendDelta(fl, xb, xs[i]-px, xShort, xSame)
		fl, yb = appendDelta(fl, yb, ys[i]-py, yShort, ySame)
		newFlags[i] = fl
		px, py = xs[i], ys[i]
	}
	for i := 0; i < points; {
		n := 1
		for i+n < points && newFlags[i+n] == newFlags[i] && n < 256 {
			n++
		}
		if n > 1 {
			out = append(out, newFlags[i]|repeat, byte(n-1))
		} else {
			out = append(out, newFlags[i])
		}
		i += n
	}
	out = append(out, xb...)
	return append(out, yb...), nil
}

// fewer drops the points of each contour that simplify finds the outline does not need,
// and gives the contours' new ends, flags and points.
func (g *grid) fewer(ends, flags []byte, xs, ys []int) ([]byte, []byte, []int, []int) {
	s := simplifier{tol: g.tol}
	var newEnds, newFlags []byte
	var nx, ny []int
	start := 0
	for c := 0; 2*c+1 < len(ends); c++ {
		end := int(binary.BigEndian.Uint16(ends[2*c:])) + 1
		if end <= start || end > len(xs) {
			return ends, flags, xs, ys // out of order: kept as it is
		}
		cont := contour{xs: xs[start:end], ys: ys[start:end], on: make([]bool, end-start)}
		for i := range cont.on {
			cont.on[i] = flags[start+i]&onCurve != 0
		}
		for k, i := range s.simplify(cont) {
			fl := flags[start+i]
			if c == 0 && k == 0 {
				fl |= flags[0] & overlap // the flag that belongs to the glyph's first point
			}
			newFlags = append(newFlags, fl)
			nx, ny = append(nx, cont.xs[i]), append(ny, cont.ys[i])
		}
		newEnds = binary.BigEndian.AppendUint16(newEnds, uint16(len(nx)-1))
		start = end
	}
	return newEnds, newFlags, nx, ny
}

// readCoords reads one axis's coordinates (deltas, by the flags) into vs, from data at p.
func readCoords(data []byte, p int, flags []byte, vs []int, short, same byte) (int, error) {
	v := 0
	for i, fl := range flags {
		switch {
		case fl&short != 0:
			if p >= len(data) {
				return 0, errGlyph
			}
			d := int(data[p])
			p++
			if fl&same == 0 {
				d = -d
			}
			v += d
		case fl&same == 0:
			if p+2 > len(data) {
				return 0, errGlyph
			}
			v += int(int16(binary.BigEndian.Uint16(data[p:])))
			p += 2
		}
		vs[i] = v
	}
	return p, nil
}

// appendDelta writes delta d of one axis into b, and sets its form in the flag.
func appendDelta(fl byte, b []byte, d int, short, same byte) (byte, []byte) {
	switch {
	case d == 0:
		return fl | same, b
	case d > 0 && d < 256:
		return fl | short | same, append(b, byte(d))
	case d < 0 && d > -256:
		return fl | short, append(b, byte(-d))
	}
	return fl, binary.BigEndian.AppendUint16(b, uint16(int16(d)))
}

// regridComposite scales a composite glyph's bounds and its parts' offsets, and drops
// its instructions.
func (g *grid) regridComposite(data []byte) ([]byte, error) {
	out := append(make([]byte, 0, len(data)), data[:10]...)
	g.scaleAt(out, 2, 4, 6, 8) // the bounds
	p := 10
	for {
		if p+4 > len(data) {
			return nil, errGlyph
		}
		flags := binary.BigEndian.Uint16(data[p:])
		out = binary.BigEndian.AppendUint16(out, flags&^haveInstr)
		out = append(out, data[p+2:p+4]...)
		p += 4
		if flags&argsAreWords != 0 {
			if p+4 > len(data) {
				return nil, errGlyph
			}
			for k := 0; k < 2; k++ {
				v := int(int16(binary.BigEndian.Uint16(data[p+2*k:])))
				if flags&argsXY != 0 {
					v = g.scale(v)
				}
				out = binary.BigEndian.AppendUint16(out, uint16(int16(v)))
			}
			p += 4
		} else {
			if p+2 > len(data) {
				return nil, errGlyph
			}
			for k := 0; k < 2; k++ {
				if flags&argsXY != 0 {
					out = append(out, byte(int8(g.scale(int(int8(data[p+k]))))))
				} else {
					out = append(out, data[p+k]) // point numbers, which do not change
				}
			}
			p += 2
		}
		n := 0
		switch {
		case flags&haveScale != 0:
			n = 2
		case flags&haveXYScale != 0:
			n = 4
		case flags&haveTwoByTwo != 0:
			n = 8
		}
		if p+n > len(data) {
			return nil, errGlyph
		}
		out = append(out, data[p:p+n]...)
		p += n
		if flags&moreComponents == 0 {
			return out, nil
		}
	}
}

// regridMetrics scales the metrics of a cut's tables (copies, but for OS/2) to the new
// grid: the em and the font's bounds in head, the line's in hhea and OS/2, the
// underline's in post.
func (f *Font) regridMetrics(tables map[string][]byte) {
	g := f.grid
	head, hhea := tables["head"], tables["hhea"]
	binary.BigEndian.PutUint16(head[18:], uint16(g.to))
	g.scaleAt(head, 36, 38, 40, 42)
	g.scaleAt(hhea, 4, 6, 8, 12, 14, 16, 22)
	g.scaleUnsignedAt(hhea, 10)
	g.scaleAt(tables["post"], 8, 10)
	if os2 := tables["OS/2"]; os2 != nil {
		os2 = clone(os2)
		g.scaleAt(os2, 2, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 68, 70, 72)
		g.scaleUnsignedAt(os2, 74, 76)
		if len(os2) >= 90 && binary.BigEndian.Uint16(os2) >= 2 {
			g.scaleAt(os2, 86, 88)
		}
		tables["OS/2"] = os2
	}
}
