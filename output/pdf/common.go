package pdf

import (
	"encoding/binary"
	"hash/maphash"
	"maps"
	"math"
	"slices"
)

// What every page of a document draws alike is written once.
//
// A class's letters print the same letter on every page but for a few lines (the names,
// the address): compressed page by page, seven tenths of a letters file's content was
// that same text again. The marks every page draws alike go into one content stream,
// which each page lists before its own (/Contents [shared own]); the shared stream is
// drawn first and keeps its graphics state to itself (q … Q).
//
// Drawn first, a shared mark would be painted under what the page drew before it. Text
// and lines do not hide each other, but a filled rectangle hides what lies under it: a
// mark is shared only where, on every page, no filled rectangle of the page's own that
// comes before it overlaps it, and a filled rectangle only where nothing of the page's
// own drawn before it overlaps it.

// shareContent is off only in tests, which compare the pages drawn either way.
var shareContent = true

// markSeed seeds the marks' digests. A digest only finds marks that may be alike: they
// are compared before they are shared.
var markSeed = maphash.MakeSeed()

// digest is a mark's digest: of everything it draws, where and how. buf is scratch.
func (m *mark) digest(buf []byte) (uint64, []byte) {
	b := append(buf[:0], byte(m.kind))
	for _, v := range [...]float64{m.x, m.y, m.w, m.h, m.size, m.lineW} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	b = append(b, m.color[:]...)
	b = append(b, m.draw[:]...)
	b = append(b, byte(len(m.dash)))
	for _, v := range m.dash {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	b = append(b, m.align...)
	b = append(b, 0)
	b = append(b, m.text...)
	return maphash.Bytes(markSeed, b), b
}

// same reports whether two marks draw the same.
func (m *mark) same(o *mark) bool {
	return m.kind == o.kind && m.x == o.x && m.y == o.y && m.w == o.w && m.h == o.h && m.size == o.size &&
		m.lineW == o.lineW && m.color == o.color && m.draw == o.draw && m.align == o.align && m.text == o.text &&
		slices.Equal(m.dash, o.dash)
}

func (m mark) fills() bool { return m.kind == markRect && m.align != "D" && m.align != "" }

// box is where a mark may put ink, in millimetres from the top left, with a margin: text
// its cell and its characters' width either way (text may run past its cell), lines and
// rectangles their extent and a stroke's width.
type box struct{ x0, y0, x1, y1 float64 }

func boxOf(m mark, widths []uint16) box {
	const margin = 1
	switch m.kind {
	case markText:
		width := float64(unitsIn(widths, m.text)) * m.size / 1000 / ptPerMM
		em := m.size / ptPerMM
		return box{m.x - width - margin, m.y + m.h/2 - em - margin, m.x + m.w + width + margin, m.y + m.h/2 + em + margin}
	case markLine:
		return box{min(m.x, m.w) - margin, min(m.y, m.h) - margin, max(m.x, m.w) + margin, max(m.y, m.h) + margin}
	}
	return box{min(m.x, m.x+m.w) - margin, min(m.y, m.y+m.h) - margin, max(m.x, m.x+m.w) + margin, max(m.y, m.y+m.h) + margin}
}

func (a box) meets(b box) bool { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 }

func meetsAny(b box, others []box) bool {
	for _, o := range others {
		if b.meets(o) {
			return true
		}
	}
	return false
}

// splitShared finds the marks every page draws alike (as many times on each). It returns
// them in the order the first page draws them, and for each page whether each of its
// marks is one of them. Nothing is shared in a document of one page. widths are the
// font's, to tell where text reaches.
//
// A county's documents draw some three million marks: each is digested once, and the
// pages are compared by digest.
func splitShared(pages [][]mark, widths []uint16) (shared []mark, isShared [][]bool) {
	if len(pages) < 2 {
		return nil, nil
	}
	total := 0
	for _, page := range pages {
		total += len(page)
	}
	// One slice holds every page's digests, another every page's flags.
	all, buf := make([]uint64, total), make([]byte, 0, 256)
	digests := make([][]uint64, len(pages))
	for p, page := range pages {
		d := all[:len(page):len(page)]
		all = all[len(page):]
		for i := range page {
			d[i], buf = page[i].digest(buf)
		}
		digests[p] = d
	}
	common, here := make(map[uint64]int, len(pages[0])), make(map[uint64]int, len(pages[0]))
	for _, h := range digests[0] {
		common[h]++
	}
	for _, d := range digests[1:] {
		clear(here)
		for _, h := range d {
			if n := common[h]; here[h] < n {
				here[h]++
			}
		}
		common, here = here, common
		if len(common) == 0 {
			return nil, nil
		}
	}
	// The first page's mark of each digest: every page's must draw the same.
	first := map[uint64]*mark{}
	for i, h := range digests[0] {
		if _, ok := first[h]; !ok && common[h] > 0 {
			first[h] = &pages[0][i]
		}
	}
	isShared = make([][]bool, len(pages))
	flagged := make([]bool, total)
	left := make(map[uint64]int, len(common))
	for round := 0; ; round++ {
		if round == maxRounds {
			return nil, nil // fills hiding fills hiding fills: nothing is shared rather than search on
		}
		// Which marks of each page are shared, and those a filled rectangle of the
		// page's own would hide: those are the page's after all, on every page.
		late := map[uint64]int{}
		rest := flagged
		for p, page := range pages {
			clear(left)
			maps.Copy(left, common)
			flags := rest[:len(page):len(page)]
			rest = rest[len(page):]
			clear(flags)
			var fills []box // the page's own filled rectangles so far
			ownBefore := -1 // the last of the page's own marks so far
			var hidden map[uint64]int
			for i := range page {
				m, h := &page[i], digests[p][i]
				if left[h] == 0 {
					ownBefore = i
					if m.fills() {
						fills = append(fills, boxOf(*m, widths))
					}
					continue
				}
				if !m.same(first[h]) {
					return nil, nil // two marks of one digest: nothing is shared rather than the wrong one
				}
				left[h]--
				flags[i] = true
				if len(fills) > 0 && meetsAny(boxOf(*m, widths), fills) || m.fills() && ownBefore >= 0 && meetsOwn(*m, page[:ownBefore+1], flags, widths) {
					if hidden == nil {
						hidden = map[uint64]int{}
					}
					hidden[h]++
				}
			}
			for h, n := range hidden {
				late[h] = max(late[h], n)
			}
			isShared[p] = flags
		}
		if len(late) == 0 {
			break
		}
		for h, n := range late {
			if common[h] -= n; common[h] <= 0 {
				delete(common, h)
			}
		}
		if len(common) == 0 {
			return nil, nil
		}
	}
	n := 0
	for _, f := range isShared[0] {
		if f {
			n++
		}
	}
	shared = make([]mark, 0, n)
	for i, m := range pages[0] {
		if isShared[0][i] {
			shared = append(shared, m)
		}
	}
	return shared, isShared
}

// maxRounds bounds the passes of splitShared: each pass makes the page's own what the
// last one found hidden, and a mark made the page's own (a filled rectangle) may hide
// others in turn. Real documents settle in one or two.
const maxRounds = 8

// meetsOwn reports whether a filled rectangle overlaps any mark of before that is not
// shared (flags).
func meetsOwn(fill mark, before []mark, flags []bool, widths []uint16) bool {
	b := boxOf(fill, widths)
	for i, m := range before {
		if !flags[i] && b.meets(boxOf(m, widths)) {
			return true
		}
	}
	return false
}
