package pdf

import (
	"strconv"
	"strings"
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

// markKey is a mark as a map key: what it draws, where and how.
type markKey struct {
	kind          markKind
	x, y, w, h    float64
	text, align   string
	size, lineW   float64
	color, stroke rgb
	dash          string
}

func keyOf(m mark) markKey {
	k := markKey{kind: m.kind, x: m.x, y: m.y, w: m.w, h: m.h, text: m.text, align: m.align,
		size: m.size, lineW: m.lineW, color: m.color, stroke: m.draw}
	if len(m.dash) > 0 {
		var b strings.Builder
		for _, v := range m.dash {
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
			b.WriteByte(' ')
		}
		k.dash = b.String()
	}
	return k
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
func splitShared(pages [][]mark, widths []uint16) (shared []mark, isShared [][]bool) {
	if len(pages) < 2 {
		return nil, nil
	}
	common := map[markKey]int{}
	for _, m := range pages[0] {
		common[keyOf(m)]++
	}
	for _, page := range pages[1:] {
		here := make(map[markKey]int, len(common))
		for _, m := range page {
			k := keyOf(m)
			if n, ok := common[k]; ok && here[k] < n {
				here[k]++
			}
		}
		common = here
		if len(common) == 0 {
			return nil, nil
		}
	}
	isShared = make([][]bool, len(pages))
	for {
		// Which marks of each page are shared, and those drawn after a filled rectangle
		// of the page's own: those are the page's after all, on every page.
		late := map[markKey]int{}
		for p, page := range pages {
			left := make(map[markKey]int, len(common))
			for k, n := range common {
				left[k] = n
			}
			flags := make([]bool, len(page))
			hidden := map[markKey]int{}
			var fills, own []box // the page's own filled rectangles and marks so far
			for i, m := range page {
				k := keyOf(m)
				if left[k] > 0 {
					left[k]--
					flags[i] = true
					if b := boxOf(m, widths); meetsAny(b, fills) || m.fills() && meetsAny(b, own) {
						hidden[k]++
					}
					continue
				}
				b := boxOf(m, widths)
				own = append(own, b)
				if m.fills() {
					fills = append(fills, b)
				}
			}
			for k, n := range hidden {
				late[k] = max(late[k], n)
			}
			isShared[p] = flags
		}
		if len(late) == 0 {
			break
		}
		for k, n := range late {
			if common[k] -= n; common[k] <= 0 {
				delete(common, k)
			}
		}
		if len(common) == 0 {
			return nil, nil
		}
	}
	for i, m := range pages[0] {
		if isShared[0][i] {
			shared = append(shared, m)
		}
	}
	return shared, isShared
}
