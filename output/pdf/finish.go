package pdf

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/klauspost/compress/zlib"

	"liushou/output/shelf"
)

// finish writes gofpdf's file again, as one revision: every stream gofpdf left
// uncompressed (the page content) compressed with Flate by a writer kept for the next
// document, the fonts (gofpdf is given none) written in, each dictionary with its ToUnicode
// map and the pages' resources naming them as page content does, the content all pages
// share (if any) appended and listed first in each page's /Contents, every object that
// is not a stream packed into object streams, and a cross-reference stream at the end
// (PDF 1.5).
//
// gofpdf compresses page content itself only with a new compressor for every page, which
// cost more time than the bytes saved were worth; its simple-font dictionaries take no
// extra key, and it reads each font's definition from JSON, for every document. Each
// object is found by gofpdf's own cross-reference table, and a stream is changed only
// where its dictionary's /Length is the length of its data: anything else is copied as
// it is.
func finish(w io.Writer, pdf []byte, fonts []fontMap, p parts) error {
	xref, size, trailer, err := lastTrailer(pdf)
	if err != nil {
		return err
	}
	offsets, err := objectOffsets(pdf, xref, size)
	if err != nil {
		return err
	}
	first := len(pdf)
	if len(offsets) > 0 {
		first = offsets[0].at
	}
	// Written straight on, counting: a document of thousands of pages is not held twice.
	bw, ok := w.(*bufio.Writer) // the output folder's files come buffered already
	if !ok {
		bw = bufio.NewWriterSize(w, 64<<10)
	}
	out := &counter{w: bw}
	// The header, of PDF 1.5 (object streams).
	out.Write(withVersion(pdf[:first]))
	compressors := contentCompressors
	if p.tight {
		compressors = tightCompressors
	}
	zw := compressors.Get()
	defer compressors.Put(zw)
	// The objects added, numbered on from gofpdf's: each font's dictionary, descriptor and
	// ToUnicode map (fontObject), the font files, the shared content if any; then the
	// object streams.
	filesAt := size + 3*len(fonts)
	sharedAt := filesAt + len(p.files)
	placed := make([]xrefEntry, sharedAt, sharedAt+1)
	packs := &objectPacker{}
	defer packs.release()
	resources, pages := 0, 0 // resource dictionaries given the fonts; pages given the shared content
	for k, o := range offsets {
		end := xref
		if k+1 < len(offsets) {
			end = offsets[k+1].at
		}
		placed[o.num] = xrefEntry{offset: out.Len()}
		obj := pdf[o.at:end]
		if len(obj) < 64<<10 && bytes.Contains(obj, fontResources) && !bytes.Contains(obj, streamStart) {
			obj = withFonts(obj, fonts, size)
			resources++
		}
		if p.shared != nil && bytes.HasPrefix(obj[bytes.IndexByte(obj, '\n')+1:], pageStart) {
			if pages < len(p.lists) && p.lists[pages] {
				if obj, err = withShared(obj, sharedAt); err != nil {
					return err
				}
			}
			pages++
		}
		if !bytes.Contains(obj, streamStart) {
			if placed[o.num], err = packs.add(o.num, obj); err != nil {
				return err
			}
			continue
		}
		if err := writeObject(out, obj, zw, p.pages); err != nil {
			return err
		}
	}
	if len(fonts) > 0 && resources != 1 {
		return errors.New("生成 PDF 失败：页面资源没有找到")
	}
	if p.shared != nil && pages != len(p.pages) {
		return errors.New("生成 PDF 失败：页面没有找到")
	}
	var body []byte
	for i, f := range fonts {
		dict, desc, cmap := fontObject(size, i)
		body = fmt.Appendf(append(append(body[:0], "<<"...), f.dict...), " /FontDescriptor %d 0 R /ToUnicode %d 0 R>>", desc, cmap)
		if placed[dict], err = packs.addBody(dict, body); err != nil {
			return err
		}
		body = fmt.Appendf(append(append(body[:0], "<<"...), f.desc...), " /FontFile2 %d 0 R>>", filesAt+f.file)
		if placed[desc], err = packs.addBody(desc, body); err != nil {
			return err
		}
		placed[cmap] = xrefEntry{offset: out.Len()}
		fmt.Fprintf(out, "%d 0 obj\n", cmap)
		if f.cmap != nil {
			fmt.Fprintf(out, "<</Filter /FlateDecode /Length %d>>\nstream\n", len(f.cmap))
			out.Write(f.cmap)
			out.WriteString("\nendstream\n")
		} else if err := writeStream(out, "", toUnicodeCMap(f.runes), zw); err != nil {
			return err
		}
		out.WriteString("endobj\n")
	}
	for j, file := range p.files {
		placed[filesAt+j] = xrefEntry{offset: out.Len()}
		fmt.Fprintf(out, "%d 0 obj\n<</Filter /FlateDecode /Length %d /Length1 %d>>\nstream\n", filesAt+j, len(file), p.sizes[j])
		out.Write(file)
		out.WriteString("\nendstream\nendobj\n")
	}
	if p.shared != nil {
		placed = append(placed, xrefEntry{offset: out.Len()})
		fmt.Fprintf(out, "%d 0 obj\n", sharedAt)
		if err := writeStream(out, "", p.shared, zw); err != nil {
			return err
		}
		out.WriteString("endobj\n")
	}
	// The object streams, numbered on; then the cross-reference stream, the last object.
	for _, pack := range packs.packs {
		num := len(placed)
		for i := range pack.nums {
			placed[pack.nums[i]].stream = num
		}
		placed = append(placed, xrefEntry{offset: out.Len()})
		fmt.Fprintf(out, "%d 0 obj\n", num)
		extra := fmt.Sprintf("/Type /ObjStm /N %d /First %d ", len(pack.nums), len(pack.head))
		if err := writeStream(out, extra, pack.head, zw, pack.body); err != nil {
			return err
		}
		out.WriteString("endobj\n")
	}
	at := out.Len()
	num := len(placed)
	placed = append(placed, xrefEntry{offset: at})
	table := make([]byte, 0, 7*len(placed))
	for i, e := range placed {
		switch {
		case i == 0: // the head of the free list
			table = append(table, 0, 0, 0, 0, 0, 0xff, 0xff)
		case e.stream > 0:
			table = append(table, 2)
			table = binary.BigEndian.AppendUint32(table, uint32(e.stream))
			table = binary.BigEndian.AppendUint16(table, uint16(e.index))
		case e.offset > math.MaxUint32:
			return errors.New("生成 PDF 失败：文档超过 4 GB")
		default:
			table = append(table, 1)
			table = binary.BigEndian.AppendUint32(table, uint32(e.offset))
			table = append(table, 0, 0)
		}
	}
	fmt.Fprintf(out, "%d 0 obj\n", num)
	extra := fmt.Sprintf("/Type /XRef /Size %d /W [1 4 2] %s", len(placed), bytes.ReplaceAll(bytes.TrimSpace(trailer), []byte("\n"), []byte(" ")))
	if err := writeStream(out, extra+" ", table, zw); err != nil {
		return err
	}
	fmt.Fprintf(out, "endobj\nstartxref\n%d\n%%%%EOF\n", at)
	if out.err != nil {
		return out.err
	}
	return out.w.Flush()
}

// fontObject numbers font i's objects, after gofpdf's size objects: its dictionary, its
// descriptor and its ToUnicode map.
func fontObject(size, i int) (dict, desc, cmap int) {
	return size + 3*i, size + 3*i + 1, size + 3*i + 2
}

// xrefEntry is where an object lies: at an offset in the file, or as the index-th of an
// object stream (stream > 0).
type xrefEntry struct {
	offset, stream, index int
}

// An objectPacker gathers the objects that are not streams (pages, fonts, the catalogue)
// into object streams (PDF 1.5), compressed: uncompressed they were a tenth of a letters
// file (the fonts' Differences and Widths arrays, a dictionary per page). A stream holds
// at most packSize objects, as Acrobat writes them: a reader inflates a whole one to find
// one object.
type objectPacker struct {
	packs []objectPack
}

const packSize = 500

type objectPack struct {
	nums       []int
	head, body []byte // "num offset" pairs, then the objects
}

// packBuffers are object streams' buffers, kept for the next document (they hold a
// document's dictionaries: some kilobytes a page).
var packBuffers = shelf.New(8, func() objectPack { return objectPack{} })

// release gives the packs' buffers back, emptied, unless a document of thousands of pages
// grew them past a few hundred kilobytes.
func (op *objectPacker) release() {
	for _, p := range op.packs {
		if cap(p.body) <= 256<<10 {
			packBuffers.Put(objectPack{nums: p.nums[:0], head: p.head[:0], body: p.body[:0]})
		}
	}
	op.packs = nil
}

// add packs obj (as gofpdf wrote it: "n 0 obj", the object, "endobj"), giving where it lies.
func (op *objectPacker) add(num int, obj []byte) (xrefEntry, error) {
	_, rest, ok := bytes.Cut(obj, []byte(" 0 obj\n"))
	body, ended := bytes.CutSuffix(bytes.TrimRight(rest, "\n"), []byte("endobj"))
	if !ok || !ended {
		return xrefEntry{}, errors.New("生成 PDF 失败：对象不是预期的格式")
	}
	return op.addBody(num, body)
}

// addBody packs the object num whose body (what lies between "obj" and "endobj") is body.
func (op *objectPacker) addBody(num int, body []byte) (xrefEntry, error) {
	if len(op.packs) == 0 || len(op.packs[len(op.packs)-1].nums) == packSize {
		op.packs = append(op.packs, packBuffers.Get())
	}
	p := &op.packs[len(op.packs)-1]
	p.head = fmt.Appendf(p.head, "%d %d ", num, len(p.body))
	p.body = append(p.body, bytes.TrimSpace(body)...)
	p.body = append(p.body, '\n')
	p.nums = append(p.nums, num)
	return xrefEntry{index: len(p.nums) - 1}, nil
}

// withVersion is gofpdf's header, saying PDF 1.5.
func withVersion(head []byte) []byte {
	if v, ok := bytes.CutPrefix(head, []byte("%PDF-1.")); ok && len(v) > 0 && v[0] < '5' {
		return slices.Concat([]byte("%PDF-1.5"), v[1:])
	}
	return head
}

// counter writes on, counting the bytes (the offsets of the cross-reference table) and
// keeping the first error.
type counter struct {
	w   *bufio.Writer
	n   int
	err error
}

func (c *counter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += n
	c.err = err
	return n, err
}

func (c *counter) WriteString(s string) (int, error) { return c.Write([]byte(s)) }

func (c *counter) Len() int { return c.n }

// contentCompression is how page content and ToUnicode maps are compressed: text
// operators repeat, and LZ matching finds them (BenchmarkContentCompression weighs the
// levels). The standard library's deflate spends most of its time on each stream's
// Huffman tables, whatever the level: 89 µs a letter's page at its fastest, against
// 21 µs with klauspost/compress at its default level, for 5% fewer bytes.
//
// klauspost/compress's fastest level is the rule: on a county's documents (12,285
// children, 1,900 files) it compressed the page content in 0.70 s against 1.11 s at the
// default level, for 2.6 MB more of 142 MB written, a tenth of that run's CPU against 2%
// of its bytes. A document marked Tight keeps the default level: the checklist, whose
// size has a budget (the Python pipeline's, 49,225 bytes a class; 48,271 at the default
// level, 49,428 at the fastest).
const (
	contentCompression      = zlib.BestSpeed
	tightContentCompression = zlib.DefaultCompression
)

// streamBuffers hold a stream while it is compressed (its length comes first).
var streamBuffers = shelf.New(4, func() *bytes.Buffer { return new(bytes.Buffer) })

// contentCompressors are kept for the next document, as compressors are for fonts;
// tightCompressors are those of documents marked Tight.
var (
	contentCompressors = shelf.New(4, func() *zlib.Writer {
		zw, _ := zlib.NewWriterLevel(nil, contentCompression)
		return zw
	})
	tightCompressors = shelf.New(4, func() *zlib.Writer {
		zw, _ := zlib.NewWriterLevel(nil, tightContentCompression)
		return zw
	})
)

type objectAt struct{ num, at int }

// objectOffsets reads the classic cross-reference table at xref: the objects 1..size-1
// in the order they lie in the file.
func objectOffsets(pdf []byte, xref, size int) ([]objectAt, error) {
	bad := errors.New("生成 PDF 失败：交叉引用表不是预期的格式")
	if xref < 0 || xref >= len(pdf) {
		return nil, bad
	}
	table, ok := bytes.CutPrefix(pdf[xref:], fmt.Appendf(nil, "xref\n0 %d\n", size))
	if !ok || len(table) < 20*size {
		return nil, bad
	}
	out := make([]objectAt, 0, size-1)
	for n := 1; n < size; n++ {
		e := table[20*n : 20*n+20]
		at, err := strconv.Atoi(string(e[:10]))
		if err != nil || e[17] != 'n' || at <= 0 || at >= xref {
			return nil, bad
		}
		out = append(out, objectAt{n, at})
	}
	slices.SortFunc(out, func(a, b objectAt) int { return a.at - b.at })
	return out, nil
}

var (
	streamStart   = []byte(">>\nstream\n")
	streamEnd     = []byte("\nendstream\nendobj\n")
	fontResources = []byte("/Font <<\n")
)

// withFonts names the fonts in gofpdf's resource dictionary (which names none), as page
// content calls them.
func withFonts(obj []byte, fonts []fontMap, size int) []byte {
	at := bytes.Index(obj, fontResources) + len(fontResources)
	out := slices.Clip(obj[:at])
	for i, f := range fonts {
		dict, _, _ := fontObject(size, i)
		out = fmt.Appendf(out, "%s %d 0 R\n", f.short, dict)
	}
	return append(out, obj[at:]...)
}

var (
	pageStart   = []byte("<</Type /Page\n")
	contentsKey = []byte("\n/Contents ")
)

// withShared has a page object list the shared content (object shared) before its own.
func withShared(obj []byte, shared int) ([]byte, error) {
	at := bytes.LastIndex(obj, contentsKey)
	if at < 0 {
		return nil, errors.New("生成 PDF 失败：页面内容没有找到")
	}
	ref, rest, ok := bytes.Cut(obj[at+len(contentsKey):], []byte(" 0 R>>"))
	if _, err := strconv.Atoi(string(ref)); !ok || err != nil {
		return nil, errors.New("生成 PDF 失败：页面内容没有找到")
	}
	return slices.Concat(obj[:at+len(contentsKey)], fmt.Appendf(nil, "[%d 0 R %s 0 R]>>", shared, ref), rest), nil
}

// writeObject copies an object, compressing its stream if it has one without a filter.
func writeObject(out *counter, obj []byte, zw *zlib.Writer, pages [][]byte) error {
	head, rest, ok := bytes.Cut(obj, streamStart)
	if !ok || !bytes.HasSuffix(rest, streamEnd) {
		out.Write(obj)
		return nil
	}
	data := rest[:len(rest)-len(streamEnd)]
	_, dict, ok := bytes.Cut(head, []byte(" 0 obj\n<<"))
	if !ok || bytes.Contains(dict, []byte("/Filter")) || !bytes.Equal(dict, fmt.Appendf(nil, "/Length %d", len(data))) {
		out.Write(obj)
		return nil
	}
	// A page's content: what gofpdf wrote of it, then the placeholder of liushou's.
	var page []byte
	if at := bytes.LastIndex(data, []byte("%liushou-page-")); at >= 0 {
		// gofpdf ends the placeholder's line, as the content's own last line ends.
		k, err := strconv.Atoi(string(bytes.TrimSuffix(data[at+len("%liushou-page-"):], []byte("%\n"))))
		if err != nil || k < 0 || k >= len(pages) || !bytes.Equal(data[at:], append(pagePlaceholder(k), '\n')) {
			return errors.New("生成 PDF 失败：页面内容没有找到")
		}
		data, page = data[:at], pages[k]
		if bytes.Equal(data, gofpdfPageState) {
			data = nil // the page's content sets all of it again
		}
	}
	out.Write(head[:len(head)-len(dict)-len("<<")])
	if err := writeStream(out, "", data, zw, page); err != nil {
		return err
	}
	out.WriteString("endobj\n")
	return nil
}

// gofpdfPageState is what gofpdf writes at the top of every page: line caps and joins as
// they are by default, and the line width and colours that liushou's content sets first
// thing (renderer.marks).
var gofpdfPageState = []byte("0 J\n0 j\n0.57 w\n0.000 G\n0.000 g\n")

// writeStream writes a stream (its dictionary holding extra keys, and its data, in
// parts) compressed.
func writeStream(out *counter, extra string, data []byte, zw *zlib.Writer, more ...[]byte) error {
	z := streamBuffers.Get()
	defer streamBuffers.Put(z)
	z.Reset()
	zw.Reset(z)
	zw.Write(data)
	for _, m := range more {
		zw.Write(m)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	fmt.Fprintf(out, "<<%s/Filter /FlateDecode /Length %d>>\nstream\n", extra, z.Len())
	out.Write(z.Bytes())
	out.WriteString("\nendstream\n")
	return nil
}
