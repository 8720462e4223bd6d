package fontcut

// Fewer points.
//
// A brush-like outline has many points that its shape at print sizes does not need:
// on-curve points on a straight stretch, off-curve points that barely bend a line,
// on-curve points that the two off-curve points beside them imply. simplify drops each
// point whose removal keeps the outline within a tolerance of the original one (both
// drawn as the rasteriser draws them), measured against the original, so that removals
// do not add up. It is the larger part of what a cut saves after the coarser grid.

// A contour is one closed outline of a simple glyph: points on the grid, and whether
// each is on the curve.
type contour struct {
	xs, ys []int
	on     []bool
}

type point struct{ x, y float64 }

// simplifier holds the scratch space of one glyph's simplification.
type simplifier struct {
	tol      float64
	old, now []point // the stretch before and after a removal, drawn as polylines
	span     []int   // indices of a stretch's points into the original contour
}

// curveSteps is how many straight pieces a quadratic is drawn with when outlines are
// compared: a piece bends a thirty-sixth as much as the whole curve, far below the
// tolerance for the curves of this font.
const curveSteps = 6

// simplify returns the indices of the points of c that are kept, in order: a point is
// dropped where the outline without it stays within s.tol of c's (both ways, each
// drawn point within tol of the other outline). Contours with fewer than two on-curve
// points, or of three points or fewer, are kept whole.
func (s *simplifier) simplify(c contour) []int {
	n := len(c.xs)
	keep := make([]int, n)
	for i := range keep {
		keep[i] = i
	}
	ons := 0
	for _, on := range c.on {
		if on {
			ons++
		}
	}
	if ons < 2 || n <= 3 {
		return keep
	}
	// One pass: a second drops under 1% more, for a third more time.
	for i := 0; i < len(keep) && len(keep) > 3; {
		if s.removable(c, keep, i) {
			keep = append(keep[:i], keep[i+1:]...)
			continue
		}
		i++
	}
	return keep
}

// removable reports whether the point keep[i] can go: the stretch between the on-curve
// points kept before and after it, drawn without it, stays within the tolerance of the
// original contour's stretch between the same two points.
func (s *simplifier) removable(c contour, keep []int, i int) bool {
	k := len(keep)
	a, b := -1, -1
	for d := 1; d < k; d++ {
		if j := (i - d + k) % k; c.on[keep[j]] {
			a = d
			break
		}
	}
	for d := 1; d < k; d++ {
		if j := (i + d) % k; c.on[keep[j]] {
			b = d
			break
		}
	}
	if a < 0 || b < 0 || a+b >= k {
		return false // no two on-curve points apart from it: the stretch is the contour
	}
	// The stretch now, without keep[i].
	s.span = s.span[:0]
	for d := -a; d <= b; d++ {
		if d != 0 {
			s.span = append(s.span, keep[(i+d+k)%k])
		}
	}
	s.now = draw(s.now[:0], c, s.span)
	// The original stretch between the same two points.
	n := len(c.xs)
	from, to := keep[(i-a+k)%k], keep[(i+b)%k]
	s.span = s.span[:0]
	for j := from; ; j = (j + 1) % n {
		s.span = append(s.span, j)
		if j == to {
			break
		}
	}
	s.old = draw(s.old[:0], c, s.span)
	return within(s.old, s.now, s.tol) && within(s.now, s.old, s.tol)
}

// draw appends the polyline of the stretch of c through points idx (the first and last
// on the curve, so it has two vertices at least), as a TrueType rasteriser reads them: an off-curve point is a quadratic's
// control point, and between two off-curve points lies an implied on-curve point midway.
func draw(dst []point, c contour, idx []int) []point {
	at := func(j int) point { return point{float64(c.xs[idx[j]]), float64(c.ys[idx[j]])} }
	cur := at(0)
	dst = append(dst, cur)
	for j := 1; j < len(idx); j++ {
		p := at(j)
		if c.on[idx[j]] {
			dst = append(dst, p)
			cur = p
			continue
		}
		end := at(j + 1) // the last point is on the curve, so j+1 exists here
		if !c.on[idx[j+1]] {
			end = point{(p.x + end.x) / 2, (p.y + end.y) / 2}
		}
		for step := 1; step <= curveSteps; step++ {
			t := float64(step) / curveSteps
			u := 1 - t
			dst = append(dst, point{u*u*cur.x + 2*u*t*p.x + t*t*end.x, u*u*cur.y + 2*u*t*p.y + t*t*end.y})
		}
		cur = end
	}
	return dst
}

// within reports whether every vertex of polyline a lies within tol of polyline b. Both
// run the same way between the same ends, so a vertex's near piece of b is looked for
// from the previous vertex's on, a few pieces ahead and fewer back: one further away
// makes a point kept that might have gone, never the reverse.
func within(a, b []point, tol float64) bool {
	const ahead, back = 2*curveSteps + 4, curveSteps
	tol2 := tol * tol
	hint := 0
	for _, p := range a {
		found := -1
		for j := hint; j+1 < len(b) && j <= hint+ahead && found < 0; j++ {
			if dist2(p, b[j], b[j+1]) <= tol2 {
				found = j
			}
		}
		for j := hint - 1; j >= 0 && j >= hint-back && found < 0; j-- {
			if dist2(p, b[j], b[j+1]) <= tol2 {
				found = j
			}
		}
		if found < 0 {
			return false
		}
		hint = found
	}
	return true
}

// dist2 is the squared distance from p to the segment from a to b.
func dist2(p, a, b point) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = max(0, min(1, ((p.x-a.x)*dx+(p.y-a.y)*dy)/l))
	}
	ex, ey := p.x-a.x-t*dx, p.y-a.y-t*dy
	return ex*ex + ey*ey
}
