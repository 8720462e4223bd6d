package pdf

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/zlib"

	"github.com/jung-kurt/gofpdf"

	"liushou/output/pdf/fontcut"
	"liushou/output/shelf"
)

// How a document's font is written.
//
// gofpdf's own Unicode fonts parse the whole font again for every document, and again to
// cut the subset it embeds: with LXGW WenKai's size, that fixed cost was most of a
// county run's hundreds of documents. Here the font is parsed once per process, and each
// document embeds a TrueType font cut (by fontcut) to the characters it prints.
//
// The font is written as simple fonts: one byte per character, 256 codes each. The cut
// font is therefore shared by a few font dictionaries, each naming up to 224
// characters by code (the Differences of its encoding: uni4E2D and so on, which viewers
// and text extraction read back as Unicode), all pointing at the same embedded file.
// Characters are given to the dictionaries in the order first printed, so that a line
// seldom switches fonts (newEncoding). The page content is written here too (renderer),
// and the fonts by finish: gofpdf lays out the file and its pages.

// sliceSize is how many characters one font dictionary names: codes 32–255 (below 32,
// the codes are control characters in a PDF string).
const sliceSize = 224

// fontCompression is how a document's own cut of the font is compressed, and
// sharedFontCompression the run's shared cut, compressed once (BenchmarkFontCompression
// weighs them: the fastest level of klauspost/compress takes about as long as Huffman
// coding alone did in the standard library, and saves a tenth more).
const (
	fontCompression       = zlib.BestSpeed
	sharedFontCompression = zlib.BestCompression
)

// counters count a document's characters, kept for the next one (and cleared after use).
var counters = shelf.New(4, func() *[0x10000]int32 { return new([0x10000]int32) })

// compressors are kept for the next document: a new one costs more than a font's worth
// of compressing.
var compressors = shelf.New(4, func() *zlib.Writer {
	zw, _ := zlib.NewWriterLevel(nil, fontCompression)
	return zw
})

// outlineGrid is the design grid, in units per em, the embedded glyphs are written on
// (fontcut.Regrid): about a sixth fewer bytes a document, and no point moves by more than a
// five-hundredth of an em. outlineTolerance is how far, in units of that grid, dropping
// the points an outline does not need may move it: 5/1000 em, 0.04 mm at the largest
// size printed (21 points), under a dot of a 600 dpi printer; a county's checklists are
// a sixth smaller again (58.5 → 48.4 kB a class), and so are its letters.
const (
	outlineGrid      = 250
	outlineTolerance = 1.25
)

var wenkai struct {
	once   sync.Once
	font   *fontcut.Font
	err    error
	widths []uint16 // advance widths in thousandths of an em, for the Basic Multilingual Plane
}

// embeddedFont parses the embedded font once per process.
func embeddedFont() (*fontcut.Font, []uint16, error) {
	wenkai.once.Do(func() {
		f, err := fontcut.Parse(fontTTF)
		if err != nil {
			wenkai.err = fmt.Errorf("内嵌字体无法读取：%w", err)
			return
		}
		scale := 1000 / float64(f.UnitsPerEm())
		tab := make([]uint16, 0x10000)
		stand := uint16(math.Round(scale * float64(f.Advance(standIn))))
		for r := range tab {
			if f.Has(rune(r)) {
				tab[r] = uint16(math.Round(scale * float64(f.Advance(rune(r)))))
			} else if r >= 0x80 {
				tab[r] = stand // printed as the stand-in
			}
		}
		wenkai.font, wenkai.widths = f.Regrid(outlineGrid, outlineTolerance), tab
	})
	return wenkai.font, wenkai.widths, wenkai.err
}

// unitsIn is the width of s in thousandths of an em by the table of widths tab.
func unitsIn(tab []uint16, s string) int {
	if tab == nil {
		return 500 * len(s) // no font: the run stops when a document is written
	}
	n := 0
	for _, r := range s {
		if r < 0x10000 {
			n += int(tab[r])
		} else {
			n += int(tab[standIn])
		}
	}
	return n
}

// encoding gives each character a font dictionary (slice) and a code in it.
type encoding struct {
	slices [][]rune        // the characters of each slice, by code from 32
	codes  []map[rune]byte // their codes, per slice
	home   map[rune]int    // the slice a character is printed with when the one in force lacks it
}

// newEncoding gives codes to the characters printed: slices of sliceSize characters in
// the order they are first printed (neighbouring text mostly shares its characters, so a
// line seldom changes fonts), the last slice's spare codes repeating the characters
// printed most (one slice lists them most printed first). Each slice costs a font dictionary, its widths and its ToUnicode map;
// since what every page draws alike is written once (common.go), fewer, fuller slices
// make smaller files than slices that each repeat the most printed characters (a county's
// letters 1.2% smaller, their records too).
// byCount lists the characters, most printed first; byFirst, in the order first printed.
func newEncoding(byCount, byFirst []rune) encoding {
	e := encoding{home: make(map[rune]int, len(byCount))}
	rest := byFirst
	if len(byCount) <= sliceSize {
		rest = byCount // one slice: the most printed get the first codes
	}
	for len(rest) > 0 {
		n := min(len(rest), sliceSize)
		sl := slices.Clone(rest[:n])
		k := len(e.slices)
		codes := make(map[rune]byte, sliceSize)
		for i, r := range sl {
			codes[r] = byte(32 + i)
			e.home[r] = k
		}
		rest = rest[n:]
		if len(rest) == 0 && k > 0 { // the last of several: its spare codes repeat the most printed
			for _, r := range byCount {
				if len(sl) == sliceSize {
					break
				}
				if _, ok := codes[r]; !ok {
					codes[r] = byte(32 + len(sl))
					sl = append(sl, r)
				}
			}
		}
		e.slices = append(e.slices, sl)
		e.codes = append(e.codes, codes)
	}
	return e
}

// Write writes the finished document into w, and gives its pages back for the next.
func (d *Doc) Write(w io.Writer) error { return d.render(w) }

// render writes the document into w with gofpdf, then finished (finish.go); while its
// share is being planned, it only counts the document's characters.
func (d *Doc) render(w io.Writer) error {
	return d.renderWith(w, finish)
}

// renderWith is render with the last step given (the content compression benchmark
// keeps the parts instead).
func (d *Doc) renderWith(w io.Writer, finish func(io.Writer, []byte, []fontMap, parts) error) error {
	font, widths, err := embeddedFont()
	if err != nil {
		return err
	}
	var byFirst []rune
	d.endPage()
	total := strconv.Itoa(len(d.pages))
	count := counters.Get() // printable text is of the Basic Multilingual Plane
	defer func() {
		for _, r := range byFirst {
			count[r] = 0
		}
		counters.Put(count)
	}()
	for _, page := range d.pages {
		for i, m := range page {
			if m.kind != markText {
				continue
			}
			if d.pageTotalMarked && strings.Contains(m.text, PageTotal) {
				m.text = strings.ReplaceAll(m.text, PageTotal, total)
				page[i] = m
			}
			for _, r := range m.text {
				if count[r] == 0 {
					byFirst = append(byFirst, r)
				}
				count[r]++
			}
		}
	}
	if d.share != nil && d.share.planned {
		d.share.record(byFirst, count)
		d.release()
		return nil
	}
	// The characters of the document's own cut: all of them, or those not shared.
	own := byFirst
	share := d.share
	if share.Active() {
		if err := share.prepare(font, widths); err != nil {
			return err
		}
		own = make([]rune, 0, len(byFirst))
		for _, r := range byFirst {
			if !share.contains(r) {
				own = append(own, r)
			}
		}
	} else {
		share = nil
	}
	enc := encoding{home: map[rune]int{}}
	if len(own) > 0 {
		byCount := slices.Clone(own)
		slices.SortStableFunc(byCount, func(a, b rune) int { return int(count[b] - count[a]) })
		enc = newEncoding(byCount, own)
	}
	if share != nil {
		enc = share.join(enc, byFirst)
	}

	pdf := d.newPDF()
	maps, p, err := addFonts(font, widths, enc, own, share)
	if err != nil {
		return err
	}
	short := make([]string, len(maps))
	for k := range maps {
		short[k] = maps[k].short
	}
	content := contents.Get()
	defer func() {
		if cap(*content) <= 4<<20 { // a document of thousands of pages lets its buffer go
			contents.Put(content)
		}
	}()
	r := renderer{pdf: pdf, enc: enc, names: short, widths: widths, margin: pdf.GetCellMargin(), buf: (*content)[:0]}
	_, r.pageH = pdf.GetPageSize()
	empty := r.fillTables()
	var shared []mark
	var isShared [][]bool
	if shareContent {
		shared, isShared = splitShared(d.pages, widths)
	}
	if len(shared) > 0 {
		r.sharedContent(shared)
	}
	for i, page := range d.pages {
		var skip []bool
		if isShared != nil {
			skip = isShared[i]
		}
		r.page(page, skip)
	}
	empty()
	d.release()
	buf := outputs.Get()
	defer outputs.Put(buf)
	buf.Reset()
	if err := pdf.Output(buf); err != nil {
		return fmt.Errorf("生成 PDF 失败：%w", err)
	}
	*content = r.buf
	p.pages = make([][]byte, len(r.pages))
	for k, sp := range r.pages {
		p.pages[k] = r.buf[sp[0]:sp[1]]
	}
	if len(shared) > 0 {
		p.shared = r.buf[r.shared[0]:r.shared[1]]
		p.lists = make([]bool, len(isShared))
		for i := range p.lists {
			p.lists[i] = isShared[i] != nil
		}
	}
	p.tight = d.tight
	return finish(w, buf.Bytes(), maps, p)
}

// parts are what finish adds to gofpdf's output: the font files, and the pages' content
// where gofpdf's output holds a placeholder (pagePlaceholder). gofpdf copies a stream
// three times or more on its way out, and grows a buffer for each page and one for the
// whole document: a county's documents carry 200 MB of content and font.
type parts struct {
	files  [][]byte // the font files, compressed
	sizes  []int    // their sizes once decompressed (/Length1)
	pages  [][]byte
	shared []byte // the content the pages share, drawn before their own, if any (common.go)
	lists  []bool // by page, whether it lists shared
	tight  bool   // page content compressed harder (Doc.Tight)
}

// contents hold a document's page content, for the next document once it is written.
var contents = shelf.New(4, func() *[]byte { b := make([]byte, 0, 64<<10); return &b })

// pagePlaceholder stands for page k's content in gofpdf's output.
func pagePlaceholder(k int) []byte { return fmt.Appendf(nil, "%%liushou-page-%d%%", k) }

// outputs hold a document's bytes while its fonts get their ToUnicode maps, kept for the
// next document.
var outputs = shelf.New(4, func() *bytes.Buffer { return new(bytes.Buffer) })

// baseFontName names a font dictionary: a subset tag and the font's name.
func baseFontName(slice int, runes []rune) string {
	return subsetTag(slice, runes) + "+LXGWWenKai"
}

func (d *Doc) newPDF() *gofpdf.Fpdf {
	var pdf *gofpdf.Fpdf
	if d.paper.Wd > 0 {
		pdf = gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: d.orientation, UnitStr: "mm", Size: d.paper})
	} else {
		pdf = gofpdf.New(d.orientation, "mm", "A4", "")
	}
	pdf.SetCreationDate(d.asOf)
	pdf.SetModificationDate(d.asOf)
	pdf.SetCatalogSort(true)
	// Page streams are left uncompressed for finish, which compresses them with a
	// compressor kept from one document to the next: gofpdf makes one per page.
	pdf.SetCompression(false)
	pdf.SetTitle(printable(d.title), true)
	pdf.SetCreator("liushou", true)
	pdf.SetAuthor("liushou", true)
	pdf.SetAutoPageBreak(false, 0)
	return pdf
}

// addFonts makes the font dictionaries of the encoding's slices: those of the share, if
// any, as it made them once for the run, with its cut of the font as it is; then those
// of the document's own characters (own), with the font cut to them. finish writes them
// (gofpdf is given no font: it would parse a JSON definition of each, for every
// document, a twentieth of a county run's CPU).
func addFonts(font *fontcut.Font, widths []uint16, enc encoding, own []rune, share *Share) ([]fontMap, parts, error) {
	maps := make([]fontMap, 0, len(enc.slices))
	var p parts
	if share != nil {
		p.files, p.sizes = append(p.files, share.file), append(p.sizes, share.size)
		for k, sl := range share.enc.slices {
			maps = append(maps, fontMap{runes: sl, dict: share.dicts[k], desc: share.descs[k], cmap: share.cmaps[k]})
		}
	}
	if len(own) > 0 {
		cut := font.Cut(own)
		var z bytes.Buffer
		if err := compressFont(&z, cut); err != nil {
			return nil, parts{}, err
		}
		p.files, p.sizes = append(p.files, z.Bytes()), append(p.sizes, len(cut))
		first := len(maps)
		dicts, descs := fontDicts(font, widths, enc.slices[first:], first)
		for j, sl := range enc.slices[first:] {
			maps = append(maps, fontMap{runes: sl, dict: dicts[j], desc: descs[j], file: len(p.files) - 1})
		}
	}
	for k := range maps {
		maps[k].short = "/W" + strconv.Itoa(k)
	}
	return maps, p, nil
}

// compressFont compresses a document's own cut of the font into z.
func compressFont(z *bytes.Buffer, cut []byte) error {
	z.Grow(len(cut))
	zw := compressors.Get()
	defer compressors.Put(zw)
	zw.Reset(z)
	zw.Write(cut)
	return zw.Close()
}

// compressSharedFont compresses the run's shared cut of the font into z, once a run: at
// the best level, which every document of the run then carries.
func compressSharedFont(z *bytes.Buffer, cut []byte) error {
	zw, err := zlib.NewWriterLevel(z, sharedFontCompression)
	if err != nil {
		return err
	}
	zw.Write(cut)
	return zw.Close()
}

// fontDicts are the keys of the font dictionaries of slices (the first being the
// document's slice number first) and of their descriptors, but for the references
// finish numbers (/FontDescriptor, /ToUnicode, /FontFile2): simple TrueType fonts whose
// codes from 32 name their characters by the Differences of their encoding (uni4E2D and
// so on), with the widths of those codes only.
func fontDicts(font *fontcut.Font, widths []uint16, slices [][]rune, first int) (dicts, descs [][]byte) {
	m := font.Metrics()
	scale := func(v int) int { return int(math.Round(float64(v) * 1000 / float64(font.UnitsPerEm()))) }
	// Flags 32: nonsymbolic, the characters are found by their Unicode names.
	keys := fmt.Sprintf("/Ascent %d /Descent %d /CapHeight %d /Flags 32 /FontBBox [%d %d %d %d] /ItalicAngle %d /StemV 70 /MissingWidth 0",
		scale(m.Ascent), scale(m.Descent), scale(m.CapHeight), scale(m.XMin), scale(m.YMin), scale(m.XMax), scale(m.YMax), m.ItalicAngle)
	dicts, descs = make([][]byte, len(slices)), make([][]byte, len(slices))
	for j, sl := range slices {
		name := baseFontName(first+j, sl)
		b := make([]byte, 0, 200+len(sl)*14)
		b = append(b, "/Type /Font /Subtype /TrueType /BaseFont /"...)
		b = append(b, name...)
		b = append(b, " /FirstChar 32 /LastChar "...)
		b = strconv.AppendInt(b, int64(31+len(sl)), 10)
		b = append(b, " /Widths ["...)
		for i, r := range sl {
			if i > 0 {
				b = append(b, ' ')
			}
			b = strconv.AppendUint(b, uint64(widths[r]), 10)
		}
		b = append(b, "] /Encoding <</Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [32"...)
		for _, r := range sl {
			b = append(b, " /uni"...)
			b = appendHex4(b, r)
		}
		dicts[j] = append(b, "]>>"...)
		descs[j] = fmt.Appendf(nil, "/Type /FontDescriptor /FontName /%s %s", name, keys)
	}
	return dicts, descs
}

// appendHex4 appends r (of the Basic Multilingual Plane: printable cleans the others
// away) as four capital hexadecimal digits.
func appendHex4(b []byte, r rune) []byte {
	const digits = "0123456789ABCDEF"
	return append(b, digits[r>>12&0xF], digits[r>>8&0xF], digits[r>>4&0xF], digits[r&0xF])
}

// subsetTag is the six capital letters that name a subset font (PDF 32000 9.6.4),
// made from its characters, so that the same characters give the same name.
func subsetTag(slice int, runes []rune) string {
	h := fnv.New64a()
	fmt.Fprint(h, slice, string(runes))
	v := h.Sum64()
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + byte(v%26)
		v /= 26
	}
	return string(tag)
}

// renderer writes recorded marks into gofpdf.
type renderer struct {
	pdf    *gofpdf.Fpdf
	enc    encoding
	names  []string
	widths []uint16
	margin float64
	pageH  float64 // points are measured from the top; PDF measures from the bottom
	fill   rgb     // the non-stroking colour in force: fills, and text unless set
	draw   rgb
	lineW  float64
	dash   []float64
	font   fontState
	buf    []byte           // every page's content, one after the other
	pages  [][2]int         // where each page's content lies in buf
	shared [2]int           // where the content every page shares lies in buf (common.go)
	tabs   []*[0x10000]byte // codes by character, per slice (see fillTables)
}

const ptPerMM = 72 / 25.4

// page writes a page's content: its marks but those shared (common.go).
func (r *renderer) page(marks []mark, shared []bool) {
	r.pdf.AddPage()
	start := len(r.buf)
	r.marks(marks, shared)
	r.flush(start)
}

// sharedContent writes the marks every page draws alike, once, as a stream of its own
// that keeps its graphics state to itself; the stream's content lies at r.shared in buf.
func (r *renderer) sharedContent(marks []mark) {
	start := len(r.buf)
	r.buf = append(r.buf, "q\n"...)
	r.marks(marks, nil)
	r.buf = append(r.buf, "Q\n"...)
	r.shared = [2]int{start, len(r.buf)}
}

// marks writes marks into buf, those skip says not.
func (r *renderer) marks(marks []mark, skip []bool) {
	// The graphics state, set explicitly: gofpdf draws nothing on the page, liushou
	// writes the page content itself (a county's checklists draw some 150,000 cells).
	r.fill, r.draw, r.lineW, r.dash, r.font = rgb{}, rgb{}, 0.2, nil, fontState{slice: -1}
	b := append(r.buf, "0 G 0 g 0.57 w [] 0 d\n"...)
	for i, m := range marks {
		if skip != nil && skip[i] {
			continue
		}
		if m.kind == markText {
			r.buf = b
			r.text(m)
			b = r.buf
			continue
		}
		if m.draw != r.draw {
			r.draw = m.draw
			b = append(appendColor(b, m.draw, true), '\n')
		}
		if m.lineW != r.lineW {
			r.lineW = m.lineW
			b = append(appendFixed(b, m.lineW*ptPerMM), " w\n"...)
		}
		if !slices.Equal(m.dash, r.dash) {
			r.dash = m.dash
			b = append(b, '[')
			for i, v := range m.dash {
				if i > 0 {
					b = append(b, ' ')
				}
				b = appendFixed(b, v*ptPerMM)
			}
			b = append(b, "] 0 d\n"...)
		}
		if m.kind == markLine {
			b = r.appendPoint(b, m.x, m.y)
			b = append(b, " m "...)
			b = r.appendPoint(b, m.w, m.h)
			b = append(b, " l S\n"...)
			continue
		}
		op := " re S\n"
		switch m.align {
		case "F":
			op = " re f\n"
		case "FD", "DF":
			op = " re B\n"
		}
		if op != " re S\n" && m.color != r.fill {
			r.fill = m.color
			b = append(appendColor(b, m.color, false), '\n')
		}
		b = r.appendPoint(b, m.x, m.y)
		b = append(b, ' ')
		b = appendFixed(b, m.w*ptPerMM)
		b = append(b, ' ')
		b = appendFixed(b, -m.h*ptPerMM)
		b = append(b, op...)
	}
	r.buf = b
}

// appendPoint appends a point of the page (millimetres from the top left) in PDF
// coordinates (points from the bottom left).
func (r *renderer) appendPoint(b []byte, x, y float64) []byte {
	b = appendFixed(b, x*ptPerMM)
	b = append(b, ' ')
	return appendFixed(b, (r.pageH-y)*ptPerMM)
}

// flush ends the page's content (from start in buf): gofpdf's page is given its
// placeholder, which finish replaces with it.
func (r *renderer) flush(start int) {
	r.pages = append(r.pages, [2]int{start, len(r.buf)})
	r.pdf.RawWriteStr(string(pagePlaceholder(len(r.pages) - 1)))
}

// text writes one line as one text object, placed as gofpdf places a cell's text.
func (r *renderer) text(m mark) {
	units := 0
	for _, c := range m.text {
		units += int(r.widths[c])
	}
	width := float64(units) * m.size / 1000 / ptPerMM
	dx := r.margin
	switch m.align {
	case "R":
		dx = m.w - r.margin - width
	case "C":
		dx = (m.w - width) / 2
	}
	x := (m.x + dx) * ptPerMM
	y := (r.pageH - (m.y + .5*m.h + .3*m.size/ptPerMM)) * ptPerMM
	b := r.buf
	if m.color != r.fill { // text is painted in the non-stroking colour, as fills are
		r.fill = m.color
		b = append(appendColor(b, m.color, false), ' ')
	}
	b = append(b, "BT "...)
	placed := false
	for _, c := range m.text {
		k := r.font.slice
		code, ok := byte(0), false
		if k >= 0 {
			code, ok = r.codeIn(k, c)
		}
		if !ok {
			k = r.enc.home[c]
			code, _ = r.codeIn(k, c)
		}
		if f := (fontState{k, m.size}); f != r.font || !placed {
			if placed {
				b = append(b, ") Tj "...)
			}
			if f != r.font { // the font stays set across text objects
				b = append(b, r.names[k]...)
				b = append(b, ' ')
				b = appendSize(b, m.size)
				b = append(b, " Tf "...)
				r.font = f
			}
			if !placed {
				b = appendFixed(b, x)
				b = append(b, ' ')
				b = appendFixed(b, y)
				b = append(b, " Td "...)
				placed = true
			}
			b = append(b, '(')
		}
		switch code {
		case '\\', '(', ')':
			b = append(b, '\\', code)
		default:
			b = append(b, code)
		}
	}
	r.buf = append(b, ") Tj ET\n"...)
}

// codeIn is the code of c in slice k, if the slice has it: by table where the document
// has them (a county's pages print some two million characters), else by map.
func (r *renderer) codeIn(k int, c rune) (byte, bool) {
	if r.tabs != nil && c < 0x10000 {
		code := r.tabs[k][c]
		return code, code != 0
	}
	code, ok := r.enc.codes[k][c]
	return code, ok
}

// maxTables is how many slices get a table of codes; a document of more characters
// (some 1,100 different ones) looks them up in maps.
const maxTables = 16

// codeTables are tables of codes by character, one per slice (0: not in it), kept for
// the next document.
var codeTables = shelf.New(2*maxTables, func() *[0x10000]byte { return new([0x10000]byte) })

// fillTables gives the renderer a table of codes per slice of its encoding, unless there
// are too many; the returned function empties them and puts them back.
func (r *renderer) fillTables() func() {
	if len(r.enc.slices) > maxTables {
		return func() {}
	}
	r.tabs = make([]*[0x10000]byte, len(r.enc.slices))
	for k := range r.enc.slices {
		tab := codeTables.Get()
		for c, code := range r.enc.codes[k] {
			if c < 0x10000 {
				tab[c] = code
			}
		}
		r.tabs[k] = tab
	}
	return func() {
		for k, sl := range r.enc.slices {
			for _, c := range sl {
				if c < 0x10000 {
					r.tabs[k][c] = 0
				}
			}
			codeTables.Put(r.tabs[k])
		}
		r.tabs = nil
	}
}

// fontState is the font in force in page content: a slice's dictionary, at a size.
type fontState struct {
	slice int
	size  float64
}

// appendColor appends the operator that sets the stroking or non-stroking colour to c:
// a grey level when it is one (most text is black: "0 g").
func appendColor(b []byte, c rgb, stroke bool) []byte {
	if c[0] == c[1] && c[1] == c[2] {
		b = appendLevel(b, c[0])
		if stroke {
			return append(b, " G"...)
		}
		return append(b, " g"...)
	}
	for i, v := range c {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendLevel(b, v)
	}
	if stroke {
		return append(b, " RG"...)
	}
	return append(b, " rg"...)
}

// appendLevel appends a colour component of 0–255 as a number of 0–1, to three places
// without trailing zeros (levels).
func appendLevel(b []byte, v uint8) []byte { return append(b, levels[v]...) }

// levels are the 256 colour components as page content writes them: 0, .353, 1.
var levels = func() (t [256]string) {
	for v := range t {
		b := strconv.AppendFloat(nil, float64(v)/255, 'f', 3, 64)
		b = bytes.TrimRight(b, "0")
		b = bytes.TrimSuffix(b, []byte("."))
		t[v] = strings.TrimPrefix(string(b), "0")
	}
	t[0] = "0"
	return t
}()

// appendFixed appends v to two decimal places, as strconv.AppendFloat(b, v, 'f', 2, 64)
// does (a tie may round the other way: a hundredth of a point). A county's page content
// holds millions of coordinates, and the general algorithm took a twentieth of a run.
func appendFixed(b []byte, v float64) []byte {
	n := math.Round(v * 100)
	if !(math.Abs(n) < 1e15) {
		return strconv.AppendFloat(b, v, 'f', 2, 64)
	}
	i := int64(n)
	if i < 0 {
		b = append(b, '-')
		i = -i
	}
	b = strconv.AppendInt(b, i/100, 10)
	return append(b, '.', byte('0'+i/10%10), byte('0'+i%10))
}

// appendSize appends a type size as strconv.AppendFloat(b, v, 'f', -1, 64) does: sizes
// are whole points or tenths (10.5).
func appendSize(b []byte, v float64) []byte {
	if i := int64(v * 10); i > 0 && float64(i) == v*10 && float64(i)/10 == v {
		b = strconv.AppendInt(b, i/10, 10)
		if i%10 != 0 {
			b = append(b, '.', byte('0'+i%10))
		}
		return b
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}
