package pdf

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"slices"
)

// What the pages of a document draw alike is written once.
//
// A class's letters print the same letter on every page but for a few lines (the names,
// the address): compressed page by page, seven tenths of a letters file's content was
// that same text again. The marks the pages draw alike go into one content stream, which
// each of those pages lists before its own (/Contents [shared own]); the shared stream is
// drawn first and keeps its graphics state to itself (q … Q). The pages that share are
// every page, or those most alike when a few are far from the rest (a care record's
// second page, the last page of contact cards): those few draw all of their own.
//
// Drawn first, a shared mark would be painted under what the page drew before it. Text
// and lines do not hide each other, but a filled rectangle hides what lies under it: a
// mark is shared only where, on every page that shares, no filled rectangle of the page's
// own that comes before it overlaps it, and a filled rectangle only where nothing of the
// page's own drawn before it overlaps it.

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

// splitShared finds the marks the pages draw alike (as many times on each): every page, or
// the pages most alike where that writes fewer marks. It returns them in the order the
// first page that shares draws them, and for each page whether each of its marks is one
// of them; a page whose flags are nil shares nothing and does not list the shared
// content. Nothing is shared in a document of one page. widths are the font's, to tell
// where text reaches.
//
// Of a county's care records, contact cards and visit forms, a quarter to a third of the
// page content was drawn alike on every page but a few: a care record's second page, the
// last page of fewer cards.
//
// A county's documents draw some three million marks: each is digested and numbered once
// (marks alike, one number), and the pages are compared by number, in slices.
func splitShared(pages [][]mark, widths []uint16) (shared []mark, isShared [][]bool) {
	if len(pages) < 2 {
		return nil, nil
	}
	a := numberMarks(pages)
	every := make([]int, len(pages))
	for p := range every {
		every[p] = p
	}
	// Pages alike to the middle one, else to the first or the last (the middle page may be
	// a long record's second): the group that shares the most.
	var most []int
	best := 0
	for _, ref := range []int{len(pages) / 2, 0, len(pages) - 1} {
		if group, n := a.alike(ref); n*(len(group)-1) > best {
			most, best = group, n*(len(group)-1)
		}
	}
	if len(most) < 2 || len(most) == len(pages) {
		return a.sharedBy(pages, every, widths)
	}
	// Some pages are far from the others: the others share, unless sharing by every page
	// writes fewer marks (it shares at most what every page draws alike).
	shared, isShared = a.sharedBy(pages, most, widths)
	if _, ids, all := a.intersect(every); len(shared)*(len(most)-1) < all*(len(pages)-1) && len(ids) > 0 {
		if s, flags := a.sharedBy(pages, every, widths); len(s)*(len(pages)-1) > len(shared)*(len(most)-1) {
			shared, isShared = s, flags
		}
	}
	return shared, isShared
}

// alike are the pages, in order, that draw half or more of what page ref draws and, one
// after another, keep half or more of what those before them have in common with it (n
// marks at the end): a class's care records but the pages a long record runs onto, its
// contact cards but the last page of fewer cards.
func (a alikeMarks) alike(ref int) (most []int, n int) {
	common, count := make([]int32, a.n), make([]int32, a.n)
	for _, id := range a.ids[ref] {
		common[id]++
	}
	n = len(a.ids[ref])
	for p, ids := range a.ids {
		if p == ref {
			most = append(most, p)
			continue
		}
		k := 0
		for _, id := range ids {
			if count[id] < common[id] {
				count[id]++
				k++
			}
		}
		if k > 0 && k*2 >= n {
			for _, id := range a.ids[ref] {
				common[id] = count[id]
			}
			n = k
			most = append(most, p)
		}
		for _, id := range ids {
			count[id] = 0
		}
	}
	return most, n
}

// alikeMarks are a document's marks numbered: marks of one digest, one number.
type alikeMarks struct {
	ids [][]int32 // by page, each mark's number
	n   int       // how many numbers
}

// numberMarks digests every mark of pages once and numbers the digests.
func numberMarks(pages [][]mark) alikeMarks {
	total := 0
	for _, page := range pages {
		total += len(page)
	}
	all, buf := make([]int32, total), make([]byte, 0, 256)
	number := make(map[uint64]int32, len(pages[0])*2)
	a := alikeMarks{ids: make([][]int32, len(pages))}
	for p, page := range pages {
		ids := all[:len(page):len(page)]
		all = all[len(page):]
		for i := range page {
			var h uint64
			h, buf = page[i].digest(buf)
			id, ok := number[h]
			if !ok {
				id = int32(len(number))
				number[h] = id
			}
			ids[i] = id
		}
		a.ids[p] = ids
	}
	a.n = len(number)
	return a
}

// intersect counts of each number as many marks as every page of members draws (common,
// by number), lists the numbers it counts (ids), and sums the counts (all).
func (a alikeMarks) intersect(members []int) (common []int32, ids []int32, all int) {
	common, count := make([]int32, a.n), make([]int32, a.n)
	for _, id := range a.ids[members[0]] {
		if common[id] == 0 {
			ids = append(ids, id)
		}
		common[id]++
	}
	for _, p := range members[1:] {
		for _, id := range a.ids[p] {
			count[id]++
		}
		kept := ids[:0]
		for _, id := range ids {
			if common[id] = min(common[id], count[id]); common[id] > 0 {
				kept = append(kept, id)
			}
		}
		ids = kept
		for _, id := range a.ids[p] {
			count[id] = 0
		}
		if len(ids) == 0 {
			return common, nil, 0
		}
	}
	for _, id := range ids {
		all += int(common[id])
	}
	return common, ids, all
}

// sharedBy finds the marks that the pages members (in order, two or more) all draw alike
// and that no page's own filled rectangle would hide; the flags of other pages are nil.
func (a alikeMarks) sharedBy(pages [][]mark, members []int, widths []uint16) (shared []mark, isShared [][]bool) {
	first := members[0]
	common, ids, _ := a.intersect(members)
	if len(ids) == 0 {
		return nil, nil
	}
	// The first member's mark of each number: every member's must draw the same.
	firstMark := make([]*mark, a.n)
	for i, id := range a.ids[first] {
		if firstMark[id] == nil {
			firstMark[id] = &pages[first][i]
		}
	}
	isShared = make([][]bool, len(pages))
	n := 0
	for _, p := range members {
		n += len(pages[p])
	}
	flagged := make([]bool, n)
	left, hidden, late := make([]int32, a.n), make([]int32, a.n), make([]int32, a.n)
	var hiddenIDs, lateIDs []int32
	for round := 0; ; round++ {
		if round == maxRounds {
			return nil, nil // fills hiding fills hiding fills: nothing is shared rather than search on
		}
		// Which marks of each page are shared, and those a filled rectangle of the
		// page's own would hide: those are the page's after all, on every page.
		lateIDs = lateIDs[:0]
		rest := flagged
		for _, p := range members {
			page := pages[p]
			for _, id := range ids {
				left[id] = common[id]
			}
			flags := rest[:len(page):len(page)]
			rest = rest[len(page):]
			clear(flags)
			var fills []box // the page's own filled rectangles so far
			ownBefore := -1 // the last of the page's own marks so far
			hiddenIDs = hiddenIDs[:0]
			for i, id := range a.ids[p] {
				m := &page[i]
				if left[id] == 0 {
					ownBefore = i
					if m.fills() {
						fills = append(fills, boxOf(*m, widths))
					}
					continue
				}
				if !m.same(firstMark[id]) {
					return nil, nil // two marks of one digest: nothing is shared rather than the wrong one
				}
				left[id]--
				flags[i] = true
				if len(fills) > 0 && meetsAny(boxOf(*m, widths), fills) || m.fills() && ownBefore >= 0 && meetsOwn(*m, page[:ownBefore+1], flags, widths) {
					if hidden[id] == 0 {
						hiddenIDs = append(hiddenIDs, id)
					}
					hidden[id]++
				}
			}
			for _, id := range hiddenIDs {
				if late[id] == 0 {
					lateIDs = append(lateIDs, id)
				}
				late[id] = max(late[id], hidden[id])
				hidden[id] = 0
			}
			isShared[p] = flags
		}
		if len(lateIDs) == 0 {
			break
		}
		for _, id := range lateIDs {
			common[id] = max(common[id]-late[id], 0)
			late[id] = 0
		}
		kept := ids[:0]
		for _, id := range ids {
			if common[id] > 0 {
				kept = append(kept, id)
			}
		}
		if ids = kept; len(ids) == 0 {
			return nil, nil
		}
	}
	n = 0
	for _, f := range isShared[first] {
		if f {
			n++
		}
	}
	shared = make([]mark, 0, n)
	for i, m := range pages[first] {
		if isShared[first][i] {
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
