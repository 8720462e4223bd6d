// Package fontcut cuts a TrueType font down to the glyphs one document prints.
//
// gofpdf cuts its embedded fonts itself, but parses the whole font again for every
// document and for every cut (a county run writes some 800 PDFs): most of a run's time.
// fontcut parses the font once per process and cuts a subset by copying the glyphs' bytes,
// in a fraction of a millisecond.
package fontcut

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
)

// Font is a parsed TrueType font (glyf outlines), ready to be cut.
type Font struct {
	tables     map[string][]byte
	numGlyphs  int
	unitsPerEm int
	loca       []uint32 // numGlyphs+1 offsets into glyf
	glyf       []byte
	hmtx       []byte
	numHMetric int
	cmap       glyphMap
	name       []byte // the name table every cut carries (shortName)
	grid       *grid  // where cuts put the outlines on a coarser grid (Regrid)
}

// glyphMap gives the glyph of each character of the Basic Multilingual Plane (0: none).
type glyphMap []uint16

func (m glyphMap) glyph(r rune) (uint16, bool) {
	if r < 0 || int(r) >= len(m) || m[r] == 0 {
		return 0, false
	}
	return m[r], true
}

// renumbering gives a kept glyph its number in the cut font: its place in old, the kept
// glyphs in increasing order.
type renumbering []uint16

func (old renumbering) id(g uint16) uint16 {
	i, _ := slices.BinarySearch(old, g)
	return uint16(i)
}

// Parse reads a TrueType font. The font's bytes are kept, not copied.
func Parse(data []byte) (*Font, error) {
	if len(data) < 12 {
		return nil, errors.New("fontcut: not a font")
	}
	if v := binary.BigEndian.Uint32(data); v != 0x00010000 && v != 0x74727565 {
		return nil, errors.New("fontcut: not a TrueType font")
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if len(data) < 12+16*n {
		return nil, errors.New("fontcut: table directory cut short")
	}
	f := &Font{tables: map[string][]byte{}}
	for i := 0; i < n; i++ {
		e := data[12+16*i:]
		off, length := binary.BigEndian.Uint32(e[8:]), binary.BigEndian.Uint32(e[12:])
		if uint64(off)+uint64(length) > uint64(len(data)) {
			return nil, fmt.Errorf("fontcut: table %q beyond the end", e[:4])
		}
		f.tables[string(e[:4])] = data[off : off+length]
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap"} {
		if f.tables[t] == nil {
			return nil, fmt.Errorf("fontcut: no %s table", t)
		}
	}
	head, hhea, maxp := f.tables["head"], f.tables["hhea"], f.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, errors.New("fontcut: head, hhea or maxp cut short")
	}
	f.unitsPerEm = int(binary.BigEndian.Uint16(head[18:]))
	f.numGlyphs = int(binary.BigEndian.Uint16(maxp[4:]))
	f.numHMetric = int(binary.BigEndian.Uint16(hhea[34:]))
	f.hmtx, f.glyf = f.tables["hmtx"], f.tables["glyf"]
	if f.unitsPerEm == 0 || f.numHMetric == 0 || f.numHMetric > f.numGlyphs ||
		len(f.hmtx) < 4*f.numHMetric+2*(f.numGlyphs-f.numHMetric) {
		return nil, errors.New("fontcut: bad metrics")
	}
	if err := f.readLoca(binary.BigEndian.Uint16(head[50:]) == 1); err != nil {
		return nil, err
	}
	if err := f.readCmap(); err != nil {
		return nil, err
	}
	f.name = shortName(f.tables["name"])
	return f, nil
}

// keptNames are the names a cut keeps: the font's copyright (0), family (1), style (2),
// full name (4), PostScript name (6), trademark (7), licence (13) and its address (14).
// Version, unique id, vendor and the names in other languages are left out.
var keptNames = map[uint16]bool{0: true, 1: true, 2: true, 4: true, 6: true, 7: true, 13: true, 14: true}

// shortName rewrites a name table with the kept names of the Windows Unicode records
// only (the Macintosh ones repeat them): every embedded cut carries it, and the whole
// table was 1.8 kB of a class's letters. A table it cannot read is kept whole; a
// font with no Windows records keeps all of them.
func shortName(name []byte) []byte {
	if len(name) < 6 {
		return name
	}
	count, storage := int(binary.BigEndian.Uint16(name[2:])), int(binary.BigEndian.Uint16(name[4:]))
	if len(name) < 6+12*count || storage > len(name) {
		return name
	}
	type record struct {
		head [8]byte // platform, encoding, language, name id
		text []byte
	}
	var kept []record
	windows := false
	for i := 0; i < count; i++ {
		r := name[6+12*i:]
		if binary.BigEndian.Uint16(r) == 3 {
			windows = true
		}
	}
	for i := 0; i < count; i++ {
		r := name[6+12*i:]
		platform, id := binary.BigEndian.Uint16(r), binary.BigEndian.Uint16(r[6:])
		length, at := int(binary.BigEndian.Uint16(r[8:])), storage+int(binary.BigEndian.Uint16(r[10:]))
		if at+length > len(name) {
			return name
		}
		if !keptNames[id] || (windows && platform != 3) {
			continue
		}
		var k record
		copy(k.head[:], r[:8])
		k.text = name[at : at+length]
		kept = append(kept, k)
	}
	out := make([]byte, 6, 6+12*len(kept))
	binary.BigEndian.PutUint16(out[2:], uint16(len(kept)))
	binary.BigEndian.PutUint16(out[4:], uint16(6+12*len(kept)))
	var texts []byte
	for _, k := range kept {
		out = append(out, k.head[:]...)
		out = binary.BigEndian.AppendUint16(out, uint16(len(k.text)))
		out = binary.BigEndian.AppendUint16(out, uint16(len(texts)))
		texts = append(texts, k.text...)
	}
	return append(out, texts...)
}

func (f *Font) readLoca(long bool) error {
	loca := f.tables["loca"]
	f.loca = make([]uint32, f.numGlyphs+1)
	for i := range f.loca {
		if long {
			if len(loca) < 4*(i+1) {
				return errors.New("fontcut: loca cut short")
			}
			f.loca[i] = binary.BigEndian.Uint32(loca[4*i:])
		} else {
			if len(loca) < 2*(i+1) {
				return errors.New("fontcut: loca cut short")
			}
			f.loca[i] = 2 * uint32(binary.BigEndian.Uint16(loca[2*i:]))
		}
		if f.loca[i] > uint32(len(f.glyf)) || (i > 0 && f.loca[i] < f.loca[i-1]) {
			return errors.New("fontcut: bad loca")
		}
	}
	return nil
}

// readCmap reads the Unicode map: a format 12 subtable where there is one, else format 4.
func (f *Font) readCmap() error {
	cmap := f.tables["cmap"]
	if len(cmap) < 4 {
		return errors.New("fontcut: cmap cut short")
	}
	var best []byte
	bestFormat := 0
	for i := 0; i < int(binary.BigEndian.Uint16(cmap[2:])); i++ {
		if len(cmap) < 4+8*(i+1) {
			return errors.New("fontcut: cmap cut short")
		}
		e := cmap[4+8*i:]
		pid, eid, off := binary.BigEndian.Uint16(e), binary.BigEndian.Uint16(e[2:]), binary.BigEndian.Uint32(e[4:])
		if !(pid == 0 || (pid == 3 && (eid == 1 || eid == 10))) || int(off)+2 > len(cmap) {
			continue
		}
		format := int(binary.BigEndian.Uint16(cmap[off:]))
		if (format == 12 || format == 4) && format > bestFormat {
			best, bestFormat = cmap[off:], format
		}
	}
	f.cmap = make(glyphMap, 0x10000)
	switch bestFormat {
	case 12:
		return f.readCmap12(best)
	case 4:
		return f.readCmap4(best)
	}
	return errors.New("fontcut: no Unicode cmap")
}

func (f *Font) readCmap12(t []byte) error {
	if len(t) < 16 {
		return errors.New("fontcut: cmap 12 cut short")
	}
	n := int(binary.BigEndian.Uint32(t[12:]))
	if len(t) < 16+12*n {
		return errors.New("fontcut: cmap 12 cut short")
	}
	for i := 0; i < n; i++ {
		g := t[16+12*i:]
		start, end, gid := binary.BigEndian.Uint32(g), binary.BigEndian.Uint32(g[4:]), binary.BigEndian.Uint32(g[8:])
		if end > 0xFFFF {
			end = 0xFFFF // liushou prints the Basic Multilingual Plane only
		}
		for c := start; c <= end && c <= 0xFFFF; c++ {
			if id := gid + (c - start); id < uint32(f.numGlyphs) && id != 0 {
				f.cmap[rune(c)] = uint16(id)
			}
		}
	}
	return nil
}

func (f *Font) readCmap4(t []byte) error {
	if len(t) < 14 {
		return errors.New("fontcut: cmap 4 cut short")
	}
	seg := int(binary.BigEndian.Uint16(t[6:])) / 2
	if len(t) < 16+8*seg {
		return errors.New("fontcut: cmap 4 cut short")
	}
	ends, starts, deltas, ranges := t[14:], t[16+2*seg:], t[16+4*seg:], t[16+6*seg:]
	for i := 0; i < seg; i++ {
		end, start := binary.BigEndian.Uint16(ends[2*i:]), binary.BigEndian.Uint16(starts[2*i:])
		delta, ro := binary.BigEndian.Uint16(deltas[2*i:]), int(binary.BigEndian.Uint16(ranges[2*i:]))
		for c := int(start); c <= int(end) && c != 0xFFFF; c++ {
			var id uint16
			if ro == 0 {
				id = uint16(c) + delta
			} else {
				p := 16 + 6*seg + 2*i + ro + 2*(c-int(start))
				if p+2 > len(t) {
					continue
				}
				if id = binary.BigEndian.Uint16(t[p:]); id != 0 {
					id += delta
				}
			}
			if id != 0 && int(id) < f.numGlyphs {
				f.cmap[rune(c)] = id
			}
		}
	}
	return nil
}

// Has reports whether the font draws r.
func (f *Font) Has(r rune) bool { _, ok := f.cmap.glyph(r); return ok }

// UnitsPerEm is the size of the font's design grid.
func (f *Font) UnitsPerEm() int { return f.unitsPerEm }

// Advance is r's advance width in font units (that of the missing glyph if the font lacks r).
func (f *Font) Advance(r rune) int {
	g, _ := f.cmap.glyph(r)
	return f.advance(int(g))
}

func (f *Font) advance(gid int) int {
	if gid >= f.numHMetric {
		gid = f.numHMetric - 1
	}
	return int(binary.BigEndian.Uint16(f.hmtx[4*gid:]))
}

func (f *Font) lsb(gid int) uint16 {
	if gid < f.numHMetric {
		return binary.BigEndian.Uint16(f.hmtx[4*gid+2:])
	}
	return binary.BigEndian.Uint16(f.hmtx[4*f.numHMetric+2*(gid-f.numHMetric):])
}

// Metrics are the figures a PDF font descriptor gives, in font units.
type Metrics struct {
	Ascent, Descent, CapHeight int
	XMin, YMin, XMax, YMax     int
	ItalicAngle                int
}

// Metrics reads the font's descriptor figures from hhea, head and OS/2.
func (f *Font) Metrics() Metrics {
	head, hhea := f.tables["head"], f.tables["hhea"]
	s16 := func(b []byte, at int) int { return int(int16(binary.BigEndian.Uint16(b[at:]))) }
	m := Metrics{
		Ascent: s16(hhea, 4), Descent: s16(hhea, 6),
		XMin: s16(head, 36), YMin: s16(head, 38), XMax: s16(head, 40), YMax: s16(head, 42),
	}
	m.CapHeight = m.Ascent
	if os2 := f.tables["OS/2"]; len(os2) >= 90 && binary.BigEndian.Uint16(os2) >= 2 {
		m.CapHeight = s16(os2, 88)
	}
	if post := f.tables["post"]; len(post) >= 8 {
		m.ItalicAngle = s16(post, 4)
	}
	return m
}

// Cut returns a TrueType font holding the glyphs of runes (those the font has), the
// missing glyph, and the glyphs composite ones are built of; its cmap maps the runes, and
// nothing else. The same runes give the same bytes.
func (f *Font) Cut(runes []rune) []byte {
	// Old glyph ids, the missing glyph first, then in increasing order.
	old := make(renumbering, 1, len(runes)+1)
	for _, r := range runes {
		if g, ok := f.cmap.glyph(r); ok {
			old = append(old, g)
		}
	}
	for i := 0; i < len(old); i++ { // composite glyphs pull in their parts
		for _, c := range components(f.outline(int(old[i]))) {
			if int(c) < f.numGlyphs {
				old = append(old, c)
			}
		}
	}
	slices.Sort(old)
	old = slices.Compact(old)

	// Offsets are written in loca's short form (halved, two bytes) where the glyphs fit
	// in it, each glyph then padded to two bytes rather than four.
	pad, size := 4, 0
	for _, g := range old {
		size += (len(f.outline(int(g))) + 1) &^ 1
	}
	short := size/2 <= 0xFFFF
	if short {
		pad = 2
	} else {
		size = 0
		for _, g := range old {
			size += (len(f.outline(int(g))) + 3) &^ 3
		}
	}
	glyf := make([]byte, 0, size)
	offsets := make([]uint32, len(old)+1)
	advances := make([]uint16, len(old))
	for i, g := range old {
		offsets[i] = uint32(len(glyf))
		start := len(glyf)
		glyf = append(glyf, f.outline(int(g))...)
		renumber(glyf[start:], old)
		for len(glyf)%pad != 0 {
			glyf = append(glyf, 0)
		}
		advances[i] = uint16(f.scale(f.advance(int(g))))
	}
	offsets[len(old)] = uint32(len(glyf))
	var loca []byte
	for _, o := range offsets {
		if short {
			loca = binary.BigEndian.AppendUint16(loca, uint16(o/2))
		} else {
			loca = binary.BigEndian.AppendUint32(loca, o)
		}
	}
	// hmtx gives an advance only up to the last change of advance: the glyphs after it
	// (a run of ideographs, all one em wide) take the last one given, and keep their
	// left side bearings only.
	metrics := len(advances)
	for metrics > 1 && advances[metrics-2] == advances[metrics-1] {
		metrics--
	}
	hmtx := make([]byte, 0, 4*metrics+2*(len(old)-metrics))
	for i, g := range old {
		if i < metrics {
			hmtx = binary.BigEndian.AppendUint16(hmtx, advances[i])
		}
		hmtx = binary.BigEndian.AppendUint16(hmtx, uint16(int16(f.scale(int(int16(f.lsb(int(g))))))))
	}

	head := clone(f.tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1)
	if short {
		binary.BigEndian.PutUint16(head[50:], 0)
	}
	hhea := clone(f.tables["hhea"])
	binary.BigEndian.PutUint16(hhea[34:], uint16(metrics))
	maxp := clone(f.tables["maxp"])
	binary.BigEndian.PutUint16(maxp[4:], uint16(len(old)))
	post := postFor(f.tables["post"], runes, f.cmap, old)

	tables := map[string][]byte{
		"cmap": cmapFor(runes, f.cmap, old), "glyf": glyf, "head": head, "hhea": hhea,
		"hmtx": hmtx, "loca": loca, "maxp": maxp, "post": post,
	}
	for _, t := range []string{"OS/2", "cvt ", "fpgm", "prep"} {
		if b := f.tables[t]; b != nil && (f.grid == nil || t == "OS/2") {
			tables[t] = b // hinting only on the font's own grid
		}
	}
	if f.grid != nil {
		f.regridMetrics(tables)
	}
	if f.name != nil {
		tables["name"] = f.name
	}
	return assemble(tables)
}

// postFor writes a post table of format 2: every glyph named, uniXXXX after the
// character it draws. A PDF names the characters of a simple font by glyph name, and
// some viewers (Ghostscript) find the glyph by that name in this table rather than
// through the cmap.
func postFor(orig []byte, runes []rune, cmap glyphMap, old renumbering) []byte {
	post := make([]byte, 32, 34+2*len(old)+8*len(old))
	if len(orig) >= 32 {
		copy(post, orig[:32])
	}
	binary.BigEndian.PutUint32(post, 0x00020000)
	names := make([]rune, len(old)) // the character each glyph draws, 0 for none
	for _, r := range runes {
		if g, ok := cmap.glyph(r); ok && names[old.id(g)] == 0 {
			names[old.id(g)] = r
		}
	}
	post = binary.BigEndian.AppendUint16(post, uint16(len(old)))
	var strs []byte
	custom := 0
	for i := range old {
		if i == 0 {
			post = binary.BigEndian.AppendUint16(post, 0) // .notdef, a standard name
			continue
		}
		post = binary.BigEndian.AppendUint16(post, uint16(258+custom))
		custom++
		if r := names[i]; r != 0 {
			const hex = "0123456789ABCDEF"
			strs = append(strs, 7, 'u', 'n', 'i', hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15])
			continue
		}
		name := "glyph" + strconv.Itoa(i) // a part of composite glyphs
		strs = append(strs, byte(len(name)))
		strs = append(strs, name...)
	}
	return append(post, strs...)
}

// glyph is glyph g's outline data in glyf (empty for a blank glyph).
func (f *Font) glyph(g int) []byte { return f.glyf[f.loca[g]:f.loca[g+1]] }

// outline is glyph g's outline data as cuts carry it: on the grid of Regrid, if any.
func (f *Font) outline(g int) []byte {
	if f.grid == nil {
		return f.glyph(g)
	}
	return f.grid.glyph(g, f.glyph(g))
}

// scale puts a length in the font's units on the grid cuts are written on.
func (f *Font) scale(v int) int {
	if f.grid == nil {
		return v
	}
	return f.grid.scale(v)
}

// Composite glyph flags (the glyf table's component records).
const (
	argsAreWords   = 0x0001
	argsXY         = 0x0002 // the arguments are offsets, not point numbers
	haveScale      = 0x0008
	moreComponents = 0x0020
	haveXYScale    = 0x0040
	haveTwoByTwo   = 0x0080
	haveInstr      = 0x0100
)

// components calls the glyphs a composite glyph is made of; nil for a simple one.
func components(g []byte) []uint16 {
	var out []uint16
	walkComponents(g, func(at int) { out = append(out, binary.BigEndian.Uint16(g[at:])) })
	return out
}

// renumber rewrites a composite glyph's component ids (g is a copy).
func renumber(g []byte, old renumbering) {
	walkComponents(g, func(at int) {
		binary.BigEndian.PutUint16(g[at:], old.id(binary.BigEndian.Uint16(g[at:])))
	})
}

// walkComponents calls at with the offset of each component's glyph id.
func walkComponents(g []byte, at func(int)) {
	if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return // simple or empty
	}
	p := 10
	for p+4 <= len(g) {
		flags := binary.BigEndian.Uint16(g[p:])
		at(p + 2)
		p += 4
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&haveTwoByTwo != 0:
			p += 8
		}
		if flags&moreComponents == 0 {
			return
		}
	}
}

// cmapFor writes a cmap with one (3,1) format 4 subtable mapping runes to their new ids.
func cmapFor(runes []rune, cmap glyphMap, old renumbering) []byte {
	type seg struct {
		start, end rune
		delta      int
	}
	rs := slices.Clone(runes)
	slices.Sort(rs)
	rs = slices.Compact(rs)
	var segs []seg
	for _, r := range rs {
		g, ok := cmap.glyph(r)
		if !ok || r > 0xFFFE {
			continue
		}
		d := int(old.id(g)) - int(r)
		if n := len(segs); n > 0 && segs[n-1].end == r-1 && segs[n-1].delta == d {
			segs[n-1].end = r
			continue
		}
		segs = append(segs, seg{r, r, d})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	sub := make([]byte, 16+8*n)
	binary.BigEndian.PutUint16(sub[0:], 4)
	binary.BigEndian.PutUint16(sub[2:], uint16(len(sub)))
	binary.BigEndian.PutUint16(sub[6:], uint16(2*n))
	search, selector := searchFigures(n, 2)
	binary.BigEndian.PutUint16(sub[8:], uint16(search))
	binary.BigEndian.PutUint16(sub[10:], uint16(selector))
	binary.BigEndian.PutUint16(sub[12:], uint16(2*n-search))
	for i, s := range segs {
		binary.BigEndian.PutUint16(sub[14+2*i:], uint16(s.end))
		binary.BigEndian.PutUint16(sub[16+2*n+2*i:], uint16(s.start))
		binary.BigEndian.PutUint16(sub[16+4*n+2*i:], uint16(s.delta)) // modulo 65536, as the format reads it
		// idRangeOffset stays 0: ids are code + delta (mod 65536)
	}
	head := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12}
	return append(head, sub...)
}

// searchFigures gives a binary-search header's searchRange (times unit) and entrySelector.
func searchFigures(n, unit int) (int, int) {
	p, e := 1, 0
	for p*2 <= n {
		p *= 2
		e++
	}
	return p * unit, e
}

// assemble writes the font file: the table directory, then the tables in tag order,
// each padded to four bytes, with their checksums and head's checkSumAdjustment.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	size := 12 + 16*len(tables)
	for t, b := range tables {
		tags = append(tags, t)
		size += (len(b) + 3) &^ 3
	}
	sort.Strings(tags)
	out := make([]byte, 12+16*len(tags), size)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(len(tags)))
	search, selector := searchFigures(len(tags), 16)
	binary.BigEndian.PutUint16(out[6:], uint16(search))
	binary.BigEndian.PutUint16(out[8:], uint16(selector))
	binary.BigEndian.PutUint16(out[10:], uint16(16*len(tags)-search))
	headAt := 0
	var sum uint32 // of the whole file: the tables' sums and the directory's (all padded)
	for i, t := range tags {
		b := tables[t]
		e := out[12+16*i:]
		copy(e, t)
		if t == "head" {
			headAt = len(out)
		}
		binary.BigEndian.PutUint32(e[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(e[12:], uint32(len(b)))
		out = append(out, b...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		c := checksum(out[binary.BigEndian.Uint32(e[8:]):])
		binary.BigEndian.PutUint32(e[4:], c)
		sum += c
	}
	if headAt > 0 {
		sum += checksum(out[:12+16*len(tags)])
		binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-sum)
	}
	return out
}

func checksum(b []byte) uint32 {
	var sum uint32
	i := 0
	for ; i+16 <= len(b); i += 16 {
		sum += binary.BigEndian.Uint32(b[i:]) + binary.BigEndian.Uint32(b[i+4:]) +
			binary.BigEndian.Uint32(b[i+8:]) + binary.BigEndian.Uint32(b[i+12:])
	}
	for ; i+4 <= len(b); i += 4 {
		sum += binary.BigEndian.Uint32(b[i:])
	}
	if r := len(b) % 4; r != 0 {
		var last [4]byte
		copy(last[:], b[len(b)-r:])
		sum += binary.BigEndian.Uint32(last[:])
	}
	return sum
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }
