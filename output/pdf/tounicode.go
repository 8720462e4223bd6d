package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// Each font dictionary gets a ToUnicode map (finish.go puts it in). The glyph names of the
// encodings (uni4E2D) already say which character each code is, and poppler, Ghostscript
// and the viewers' engines read them; but some text extractors (pypdf) know only the names
// of Adobe's glyph list, and read every Chinese character as its glyph name.

// fontMap is a font dictionary of the document: its characters by code from 32, and
// what finish writes of it.
type fontMap struct {
	runes []rune
	// short is its name in the pages' resources and content (W and its slice): gofpdf's
	// own names (F and forty hexadecimal digits), repeated at each change of font, were a
	// tenth of a letter's compressed page.
	short string
	// dict and desc are the keys of the dictionary and its descriptor (fontDicts), file
	// the font file (of parts.files) the descriptor points at.
	dict, desc []byte
	file       int
	// cmap is the ToUnicode map already compressed (a shared slice's), or nil.
	cmap []byte
}

// lastTrailer reads the end of gofpdf's file: where its cross-reference table is, the
// number of objects, and the rest of its trailer (/Root, /Info).
func lastTrailer(pdf []byte) (xref, size int, rest []byte, err error) {
	sx := bytes.LastIndex(pdf, []byte("startxref\n"))
	tr := bytes.LastIndex(pdf, []byte("trailer\n<<\n"))
	if sx < 0 || tr < 0 || tr > sx {
		return 0, 0, nil, errors.New("生成 PDF 失败：文件结尾不是预期的格式")
	}
	num := pdf[sx+len("startxref\n"):]
	if nl := bytes.IndexByte(num, '\n'); nl >= 0 {
		num = num[:nl]
	}
	if xref, err = strconv.Atoi(string(num)); err != nil {
		return 0, 0, nil, errors.New("生成 PDF 失败：找不到交叉引用表")
	}
	body := pdf[tr+len("trailer\n<<\n") : sx]
	end := bytes.LastIndex(body, []byte(">>"))
	if end < 0 {
		return 0, 0, nil, errors.New("生成 PDF 失败：文件结尾不是预期的格式")
	}
	for _, line := range bytes.Split(body[:end], []byte("\n")) {
		if n, ok := bytes.CutPrefix(line, []byte("/Size ")); ok {
			if size, err = strconv.Atoi(string(n)); err != nil {
				return 0, 0, nil, errors.New("生成 PDF 失败：对象数目不可读")
			}
			continue
		}
		if len(line) > 0 {
			rest = append(append(rest, line...), '\n')
		}
	}
	if size == 0 {
		return 0, 0, nil, errors.New("生成 PDF 失败：对象数目不可读")
	}
	return xref, size, rest, nil
}

// toUnicodeCMap maps the codes from 32 to the characters: one range of codes with an
// array of characters (PDF 32000 9.10.3), a third smaller compressed than a bfchar line
// per code (a county's documents carry some 6,000 maps).
func toUnicodeCMap(runes []rune) []byte {
	b := []byte("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<00> <FF>\nendcodespacerange\n")
	if len(runes) > 0 {
		b = fmt.Appendf(b, "1 beginbfrange\n<20> <%02X> [", 32+len(runes)-1)
		for _, r := range runes {
			if r > 0xFFFF { // a pair of UTF-16 surrogates
				r -= 0x10000
				b = fmt.Appendf(b, "<%04X%04X>", 0xD800+r>>10, 0xDC00+r&0x3FF)
				continue
			}
			b = fmt.Appendf(b, "<%04X>", r)
		}
		b = append(b, "]\nendbfrange\n"...)
	}
	return append(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"...)
}
