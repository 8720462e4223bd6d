package output

import (
	"encoding/binary"
	"fmt"
	"sort"
	"sync"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/encoding/simplifiedchinese"

	"liushou/rules"
)

// gofpdf parses the whole character map of a font twice for every document (once to
// load it, once to cut the embedded subset): with LXGW WenKai's 30,000 characters that
// was 40% of a county run. liushou hands it, once per run, the same font with a
// character map cut down to the characters the run can print: everything that
// documents print by themselves (ASCII, punctuation, the 6,763 hanzi of GB 2312) and every
// character of the run's data. Glyphs are untouched; only the map that finds them is
// smaller. (Embedding a subset of a font is what gofpdf does anyway.)

var (
	baseRunesOnce sync.Once
	baseRunes     []rune
)

// staticRunes are the characters any document may print whatever the data: ASCII,
// CJK and full-width punctuation, the common symbols, and the hanzi of GB 2312, which
// hold every character of liushou's own wording.
func staticRunes() []rune {
	baseRunesOnce.Do(func() {
		var rs []rune
		for r := rune(0x20); r < 0x7F; r++ {
			rs = append(rs, r)
		}
		enc := simplifiedchinese.GBK.NewEncoder()
		for r := rune(0x80); r < 0x10000; r++ {
			b, err := enc.Bytes([]byte(string(r)))
			// GB 2312 is the part of GBK whose two bytes are both 0xA1 or above.
			if err == nil && len(b) == 2 && b[0] >= 0xA1 && b[1] >= 0xA1 {
				rs = append(rs, r)
			}
		}
		rs = append(rs, standIn, '□', '\u3000', '…', '—', '·', '“', '”', '‘', '’', '★', '✓')
		baseRunes = rs
	})
	return baseRunes
}

// runesOf adds the characters of the run's data to the static set.
func runesOf(rep rules.Report) map[rune]bool {
	set := map[rune]bool{}
	for _, r := range staticRunes() {
		set[r] = true
	}
	add := func(ss ...string) {
		for _, s := range ss {
			for _, r := range printable(s) {
				set[r] = true
			}
		}
	}
	for _, res := range rep.Results {
		c := res.Child
		add(c.School, c.Class, c.Name, c.Guardian, c.GuardianRelation, c.Address, c.Teacher,
			c.Father.Name, c.Father.WorkPlace, c.Mother.Name, c.Mother.WorkPlace)
		add(res.Reasons...)
		add(res.Signs...)
	}
	return set
}

// subsetFont returns the font with a character map (format 4, Windows Unicode BMP) for
// the given characters only.
func subsetFont(ttf []byte, set map[rune]bool) ([]byte, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	type entry struct {
		r   rune
		gid uint16
	}
	var entries []entry
	for r := range set {
		if r <= 0 || r >= 0xFFFF {
			continue
		}
		gid, err := f.GlyphIndex(&buf, r)
		if err == nil && gid != 0 {
			entries = append(entries, entry{r, uint16(gid)})
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].r < entries[j].r })

	// Segments of consecutive code points, each with its glyph IDs in glyphIdArray.
	type segment struct{ start, end, first int } // first: index into entries
	var segs []segment
	for i, e := range entries {
		if n := len(segs); n > 0 && int(e.r) == segs[n-1].end+1 {
			segs[n-1].end++
			continue
		}
		segs = append(segs, segment{int(e.r), int(e.r), i})
	}
	segCount := len(segs) + 1 // and the final 0xFFFF segment
	length := 16 + 8*segCount + 2*len(entries)
	if length > 0xFFFF {
		return nil, fmt.Errorf("too many characters for one cmap: %d", len(entries))
	}
	sub := make([]byte, 0, length)
	u16 := func(v int) { sub = binary.BigEndian.AppendUint16(sub, uint16(v)) }
	searchRange, entrySelector := 2, 0
	for searchRange*2 <= segCount*2 {
		searchRange *= 2
		entrySelector++
	}
	u16(4)
	u16(length)
	u16(0) // language
	u16(segCount * 2)
	u16(searchRange)
	u16(entrySelector)
	u16(segCount*2 - searchRange)
	for _, s := range segs {
		u16(s.end)
	}
	u16(0xFFFF)
	u16(0) // reservedPad
	for _, s := range segs {
		u16(s.start)
	}
	u16(0xFFFF)
	for range segs {
		u16(0) // idDelta: the glyph IDs are in glyphIdArray
	}
	u16(1)
	// idRangeOffset: from this word to the segment's first glyph ID in glyphIdArray.
	for i, s := range segs {
		u16(2*(segCount-i) + 2*s.first)
	}
	u16(0)
	for _, e := range entries {
		u16(int(e.gid))
	}
	cmap := append([]byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12}, sub...)
	return replaceTable(ttf, "cmap", cmap)
}

// replaceTable rebuilds a TrueType file with one table's content replaced.
func replaceTable(ttf []byte, tag string, content []byte) ([]byte, error) {
	if len(ttf) < 12 {
		return nil, fmt.Errorf("font too short")
	}
	n := int(binary.BigEndian.Uint16(ttf[4:6]))
	if len(ttf) < 12+16*n {
		return nil, fmt.Errorf("font directory truncated")
	}
	type table struct {
		tag  string
		data []byte
	}
	tables := make([]table, n)
	for i := 0; i < n; i++ {
		rec := ttf[12+16*i : 28+16*i]
		off, ln := binary.BigEndian.Uint32(rec[8:12]), binary.BigEndian.Uint32(rec[12:16])
		if uint64(off)+uint64(ln) > uint64(len(ttf)) {
			return nil, fmt.Errorf("font table %q out of range", rec[:4])
		}
		tables[i] = table{string(rec[:4]), ttf[off : off+ln]}
		if tables[i].tag == tag {
			tables[i].data = content
		}
	}
	out := make([]byte, 12+16*n, len(ttf)+len(content))
	copy(out, ttf[:12])
	for i, t := range tables {
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		rec := out[12+16*i : 28+16*i]
		copy(rec[:4], t.tag)
		binary.BigEndian.PutUint32(rec[4:8], checksum(t.data))
		binary.BigEndian.PutUint32(rec[8:12], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:16], uint32(len(t.data)))
		out = append(out, t.data...)
	}
	return out, nil
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
