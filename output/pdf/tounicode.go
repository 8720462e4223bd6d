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

// fontMap is a font dictionary of the document: its BaseFont and its characters by code
// from 32.
type fontMap struct {
	baseFont string
	runes    []rune
	// resource is gofpdf's name for the dictionary in the pages' resources (F and forty
	// hexadecimal digits), short the name page content uses instead (W and its slice):
	// finish renames it in the resources. The long name, repeated at each change of font,
	// was a tenth of a letter's compressed page.
	resource, short string
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

// toUnicodeCMap maps the codes from 32 to the characters, in bfchar blocks of at most
// 100 (PDF 32000 9.10.3).
func toUnicodeCMap(runes []rune) []byte {
	b := []byte("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<00> <FF>\nendcodespacerange\n")
	for i := 0; i < len(runes); i += 100 {
		block := runes[i:min(i+100, len(runes))]
		b = fmt.Appendf(b, "%d beginbfchar\n", len(block))
		for j, r := range block {
			b = fmt.Appendf(b, "<%02X> <%04X>\n", 32+i+j, r)
		}
		b = append(b, "endbfchar\n"...)
	}
	return append(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"...)
}
