package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// Each font dictionary gets a ToUnicode map, added to gofpdf's file as an incremental update
// (PDF 32000 7.5.6: the changed and new objects, a cross-reference section for them, a
// trailer pointing back at gofpdf's). The glyph names of the encodings (uni4E2D) already
// say which character each code is, and poppler, Ghostscript and the viewers' engines read
// them; but some text extractors (pypdf) know only the names of Adobe's glyph list, and read
// every Chinese character as its glyph name. gofpdf's simple-font dictionaries take no
// extra key, hence the update.

// fontMap is a font dictionary of the document: its BaseFont and its characters by code
// from 32.
type fontMap struct {
	baseFont string
	runes    []rune
}

// toUnicodeUpdate is what to append to pdf (as gofpdf wrote it) to give each font a
// ToUnicode map.
func toUnicodeUpdate(pdf []byte, fonts []fontMap) ([]byte, error) {
	prevXref, size, trailer, err := lastTrailer(pdf)
	if err != nil {
		return nil, err
	}
	type entry struct{ num, offset int }
	var entries []entry
	var out []byte // offsets in the file are len(pdf) + offsets in out
	for i, f := range fonts {
		num, dict, err := fontObject(pdf, f.baseFont)
		if err != nil {
			return nil, err
		}
		cmapNum := size + i
		cmap := toUnicodeCMap(f.runes)
		entries = append(entries, entry{cmapNum, len(pdf) + len(out)})
		out = fmt.Appendf(out, "%d 0 obj\n<</Length %d>>\nstream\n", cmapNum, len(cmap))
		out = append(out, cmap...)
		out = append(out, "\nendstream\nendobj\n"...)
		entries = append(entries, entry{num, len(pdf) + len(out)})
		out = fmt.Appendf(out, "%d 0 obj\n%s/ToUnicode %d 0 R\n>>\nendobj\n", num, dict, cmapNum)
	}
	xref := len(pdf) + len(out)
	out = append(out, "xref\n"...)
	for _, e := range entries {
		out = fmt.Appendf(out, "%d 1\n%010d 00000 n \n", e.num, e.offset)
	}
	out = fmt.Appendf(out, "trailer\n<<\n/Size %d\n%s/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n", size+len(fonts), trailer, prevXref, xref)
	return out, nil
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

// fontObject finds the font dictionary of baseFont: its object number, and its text up to
// (not including) the closing >>.
func fontObject(pdf []byte, baseFont string) (int, []byte, error) {
	at := bytes.Index(pdf, []byte("<</Type /Font\n/BaseFont /"+baseFont+"\n"))
	if at < 0 {
		return 0, nil, fmt.Errorf("生成 PDF 失败：找不到字体 %s", baseFont)
	}
	head := pdf[:at]
	if !bytes.HasSuffix(head, []byte(" 0 obj\n")) {
		return 0, nil, fmt.Errorf("生成 PDF 失败：字体 %s 不在对象开头", baseFont)
	}
	head = head[:len(head)-len(" 0 obj\n")]
	start := bytes.LastIndexByte(head, '\n') + 1
	num, err := strconv.Atoi(string(head[start:]))
	if err != nil {
		return 0, nil, fmt.Errorf("生成 PDF 失败：字体 %s 的对象编号不可读", baseFont)
	}
	end := bytes.Index(pdf[at:], []byte(">>\nendobj"))
	if end < 0 {
		return 0, nil, fmt.Errorf("生成 PDF 失败：字体 %s 的字典不完整", baseFont)
	}
	return num, pdf[at : at+end], nil
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
