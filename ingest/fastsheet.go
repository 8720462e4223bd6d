package ingest

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The cells of a worksheet, read straight from its XML while checkZip decompresses it.
//
// excelize decodes a sheet with encoding/xml, token by token: for a county roster that
// was most of reading it. The sheets Excel, WPS and LibreOffice write
// are regular, and the scanner that already checks their order reads their values too,
// giving exactly what excelize's Rows().Columns(RawCellValue) gives. Anything it does not
// know for certain (a cell or row without its reference, a prefixed tag, CDATA, an
// unknown entity, a control character, a cell longer than the scanner keeps whole, a
// shared string it cannot find) switches it off for the file, and excelize reads it as
// before. TestFastSheetsAsExcelize compares the two on every workbook in the tests.

// fastCell is a cell as the scan found it; sst >= 0 is an index into the shared strings.
type fastCell struct {
	col, sst int32 // col is 1-based; sst is -1 for a value of its own
	text     string
	formula  bool
}

// fastRows collects a sheet's cells row by row.
type fastRows struct {
	xml   wellFormed
	on    bool
	rows  map[int][]fastCell // by 1-based row number
	last  int
	cells int
	why   string // why the scan gave the sheet to excelize, in the words of check --verbose
	// wideRow and wideCol (1-based) are the rightmost cell with a value past the columns
	// read, in the first row that has one: next does not pad a row out to it.
	wideRow, wideCol int
	// width is how many cells the row last added to holds: room for the next row.
	width int
	// same keeps one copy of each text a column repeats (see repeat).
	same texts
	// stream, when set, takes each cell as the scan reads it, for a sheet read as it
	// streams (stream.go): nothing is kept in rows.
	stream *rowSender
}

// texts keeps, per column, one copy of each text seen, so that a roster written with
// inline strings (as openpyxl and many exports write them) holds its school, class,
// relation, work place and date texts once rather than once a row: at four times the
// county the texts were 14 MB of the 62 MB held when reading ends, and keeping each
// repeat once saved 7.5 MB of it. A column with more than
// maxRepeated different texts (ID numbers, telephones, names) stops being kept.
type texts struct {
	cols []map[string]string
}

const maxRepeated = 1024

// repeat gives the copy of s already kept for column col, or keeps s.
func (t *texts) repeat(col int, s string) string {
	if col < 0 || col > maxColumnsUsed || len(s) > 64 {
		return s
	}
	for len(t.cols) <= col {
		t.cols = append(t.cols, map[string]string{})
	}
	m := t.cols[col]
	if m == nil {
		return s // a column of texts that do not repeat
	}
	if c, ok := m[s]; ok {
		return c
	}
	if len(m) == maxRepeated {
		t.cols[col] = nil
		return s
	}
	m[s] = s
	return s
}

// off gives the sheet to excelize, and says why.
func (f *fastRows) off(why string) {
	if f.on {
		f.why = why
	}
	f.on, f.rows, f.same = false, nil, texts{}
}

// row notes a row element: the sheet reaches at least that far.
func (f *fastRows) row(r int) {
	if f.on {
		f.last = max(f.last, r)
		if f.last > maxSheetRows+1 && (f.stream == nil || !f.stream.ss.counting && !f.stream.ss.counted) {
			f.off("行数超过上限") // excelize's reading says how far it got
		}
	}
}

// cell reads the cell whose start tag had attrs and whose content begins xml (after the
// start tag), unless the tag closed itself.
func (f *fastRows) cell(row, col int, attrs, xml []byte) {
	if !f.on {
		return
	}
	c := fastCell{col: int32(col), sst: -1}
	// excelize reads a cell's attributes into numbers, and a cell whose style is not one
	// comes out empty: such a file is left to it.
	for _, a := range []string{"s", "cm", "vm"} {
		if v := attrValue(attrs, a); v != nil {
			if _, err := strconv.ParseUint(string(v), 10, 32); err != nil {
				f.off("单元格属性 " + a + " 不是数字")
				return
			}
		}
	}
	if v := attrValue(attrs, "ph"); v != nil && !validBool(string(v)) {
		f.off("单元格属性 ph 不是是非值")
		return
	}
	if len(attrs) == 0 || attrs[len(attrs)-1] != '/' {
		end := bytes.Index(xml, []byte("</c>"))
		if end < 0 {
			f.off("单元格没有结束标记")
			return
		}
		content := xml[:end]
		var ok bool
		if c.text, c.formula, ok = cellContent(content, string(attrValue(attrs, "t"))); !ok {
			f.off("单元格内容的写法不常见")
			return
		}
		if string(attrValue(attrs, "t")) == "s" && c.text != "" {
			idx, err := strconv.ParseInt(strings.TrimSpace(c.text), 10, 32)
			if err != nil || idx < 0 {
				f.off("共享字符串的编号不是数字")
				return
			}
			c.sst, c.text = int32(idx), ""
		}
		c.text = f.same.repeat(col, c.text)
	}
	if c.sst < 0 && c.text == "" && !c.formula {
		return // excelize gives nothing for it
	}
	if f.cells++; f.cells > maxGridCells && (f.stream == nil || !f.stream.ss.counting) {
		f.off("单元格数超过上限")
		return
	}
	if f.stream != nil {
		f.last = max(f.last, row)
		f.stream.add(f, row, c)
		return
	}
	if f.rows == nil {
		f.rows = map[int][]fastCell{}
	}
	cells := f.rows[row]
	if cells == nil {
		// Room for as many cells as the row before had: a roster's rows are alike, and a
		// row grown cell by cell (1, 2, 4 … 32 for 19) made a kilobyte of garbage a row and
		// held a third more than it used.
		cells = make([]fastCell, 0, max(f.width, 1))
	}
	cells = append(cells, c)
	f.rows[row] = cells
	f.width = len(cells)
	f.last = max(f.last, row)
}

// cellContent reads a cell's value (raw: the <v> text, or the inline string) and whether
// it has a formula.
func cellContent(content []byte, typ string) (value string, formula, ok bool) {
	var v, is []byte
	hasIS := false
	for i := 0; i < len(content); {
		lt := bytes.IndexByte(content[i:], '<')
		if lt < 0 {
			break
		}
		i += lt + 1
		if i < len(content) && (content[i] == '/' || content[i] == '!' || content[i] == '?') {
			if content[i] == '!' {
				return "", false, false // a comment or CDATA
			}
			continue
		}
		name, rest := tagName(content[i:])
		gt := bytes.IndexByte(rest, '>')
		if name == nil || gt < 0 {
			return "", false, false
		}
		selfClosing := gt > 0 && rest[gt-1] == '/'
		after := rest[gt+1:]
		switch string(name) {
		case "f":
			formula = true
		case "v":
			if selfClosing {
				continue
			}
			end := bytes.Index(after, []byte("</v>"))
			if end < 0 {
				return "", false, false
			}
			v = after[:end]
		case "is":
			if selfClosing {
				hasIS = true
				continue
			}
			end := bytes.Index(after, []byte("</is>"))
			if end < 0 {
				return "", false, false
			}
			is, hasIS = after[:end], true
			i = len(content) - len(after) + end
			continue
		}
		i = len(content) - len(rest) + gt + 1
	}
	if typ == "inlineStr" && hasIS {
		s, ok := stringItem(is)
		return s, formula, ok
	}
	s, ok := xmlText(v)
	return s, formula, ok
}

// stringItem is the text of a shared or inline string (<si>, <is>): its <t>, then the
// <t> of each run, not the phonetic runs (<rPh>); as excelize's xlsxSI.String.
func stringItem(si []byte) (string, bool) {
	var direct, runs strings.Builder
	directs := 0
	depthRPh, inRun := 0, false
	for i := 0; i < len(si); {
		lt := bytes.IndexByte(si[i:], '<')
		if lt < 0 {
			break
		}
		i += lt + 1
		if i < len(si) && si[i] == '!' {
			return "", false
		}
		closing := i < len(si) && si[i] == '/'
		start := i
		if closing {
			start++
		}
		name, rest := tagName(si[start:])
		gt := bytes.IndexByte(rest, '>')
		if name == nil || gt < 0 {
			return "", false
		}
		selfClosing := gt > 0 && rest[gt-1] == '/'
		i = len(si) - len(rest) + gt + 1
		switch string(name) {
		case "rPh":
			if closing {
				depthRPh--
			} else if !selfClosing {
				depthRPh++
			}
		case "r":
			if !selfClosing {
				inRun = !closing
			}
		case "t":
			if closing || selfClosing || depthRPh > 0 {
				if selfClosing && depthRPh == 0 && !inRun {
					directs++
				}
				continue
			}
			end := bytes.Index(si[i:], []byte("</"))
			if end < 0 {
				return "", false
			}
			text, ok := xmlText(si[i : i+end])
			if !ok {
				return "", false
			}
			if inRun {
				runs.WriteString(text)
			} else {
				direct.WriteString(text)
				directs++
			}
			i += end
		}
	}
	if directs > 1 {
		return "", false // excelize keeps one of them: not worth guessing which
	}
	if runs.Len() == 0 {
		return bstrDecode(direct.String()), true
	}
	return bstrDecode(direct.String() + runs.String()), true
}

// xmlText decodes character data: the five entities and character references, line ends
// as XML normalises them. false for anything else (an unknown entity).
func xmlText(b []byte) (string, bool) {
	if bytes.IndexByte(b, '<') >= 0 {
		return "", false // CDATA, or a tag where text was expected
	}
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0 {
		if !utf8.Valid(b) {
			return "", false
		}
		return string(b), true
	}
	// Decoded on the stack, then copied once at its size: some programs write every
	// Chinese character as a reference (&#23398;), eight bytes for three, and a builder
	// grown byte by byte made most of reading such a roster's garbage.
	var scratch [128]byte
	out, ok := appendXMLText(scratch[:0], b)
	if !ok {
		return "", false
	}
	return string(out), true
}

// validXMLText says whether xmlText would decode b, without making the text: what the
// well-formedness check asks of every text and attribute value.
func validXMLText(b []byte) bool {
	if bytes.IndexByte(b, '<') >= 0 {
		return false
	}
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0 {
		return utf8.Valid(b)
	}
	var scratch [128]byte
	_, ok := appendXMLText(scratch[:0], b)
	return ok
}

// appendXMLText appends the decoding of b (which holds no '<') to out.
func appendXMLText(out, b []byte) ([]byte, bool) {
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '\r':
			out = append(out, '\n')
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		case '&':
			end := bytes.IndexByte(b[i:], ';')
			if end < 0 {
				return out, false
			}
			ent := b[i+1 : i+end]
			i += end
			switch string(ent) {
			case "lt":
				out = append(out, '<')
			case "gt":
				out = append(out, '>')
			case "amp":
				out = append(out, '&')
			case "quot":
				out = append(out, '"')
			case "apos":
				out = append(out, '\'')
			default:
				var n uint64
				var err error
				switch {
				case bytes.HasPrefix(ent, []byte("#x")):
					n, err = strconv.ParseUint(string(ent[2:]), 16, 32)
				case bytes.HasPrefix(ent, []byte("#")):
					n, err = strconv.ParseUint(string(ent[1:]), 10, 32)
				default:
					return out, false
				}
				if err != nil || !isXMLChar(rune(n)) {
					return out, false
				}
				out = utf8.AppendRune(out, rune(n))
			}
		default:
			out = append(out, c)
		}
	}
	return out, utf8.Valid(out)
}

func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

var bstrPattern = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

// bstrDecode turns the _xHHHH_ escapes Excel writes for characters XML cannot hold back
// into characters, as excelize does.
func bstrDecode(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var out strings.Builder
	cursor := 0
	for _, m := range bstrPattern.FindAllStringIndex(s, -1) {
		out.WriteString(s[cursor:m[0]])
		cursor = m[1]
		if s[m[0]:m[1]] == "_x005F_" {
			out.WriteByte('_')
			continue
		}
		v, _ := strconv.Unquote(`"\u` + s[m[0]+2:m[1]-1] + `"`)
		out.WriteString(v)
	}
	out.WriteString(s[cursor:])
	return out.String()
}

// sharedStrings reads xl/sharedStrings.xml.
func sharedStrings(xml []byte) ([]string, bool) {
	// excelize wants <sst> in the spreadsheet namespace.
	root := bytes.Index(xml, []byte("<sst"))
	if !wellFormedXML(xml) || root < 0 {
		return nil, false
	}
	if gt := bytes.IndexByte(xml[root:], '>'); gt < 0 ||
		string(attrValue(xml[root+4:root+gt], "xmlns")) != "http://schemas.openxmlformats.org/spreadsheetml/2006/main" {
		return nil, false
	}
	var out []string
	for i := 0; ; {
		at := bytes.Index(xml[i:], []byte("<si"))
		if at < 0 {
			return out, true
		}
		i += at + 3
		if i < len(xml) && xml[i] != '>' && xml[i] != ' ' && xml[i] != '/' {
			continue // <sic…>, not an item
		}
		gt := bytes.IndexByte(xml[i:], '>')
		if gt < 0 {
			return nil, false
		}
		if xml[i+gt-1] == '/' { // <si/>
			out = append(out, "")
			i += gt + 1
			continue
		}
		i += gt + 1
		end := bytes.Index(xml[i:], []byte("</si>"))
		if end < 0 {
			return nil, false
		}
		s, ok := stringItem(xml[i : i+end])
		if !ok {
			return nil, false
		}
		out = append(out, s)
		i += end + 5
	}
}

// next gives the collected rows one at a time as excelize's Columns gives them: the
// values up to the row's last cell that has one (or a formula), empty rows as nil. One
// row at a time: a sheet with a cell far to the right of each row is padded out row by
// row, as excelize pads it. false when a shared string is missing.
func (f *fastRows) next(sst []string) (func() ([]string, bool, error), bool) {
	for _, cells := range f.rows {
		for _, c := range cells {
			if int(c.sst) >= len(sst) {
				return nil, false
			}
		}
	}
	r := 0
	return func() ([]string, bool, error) {
		if r >= f.last {
			f.rows = nil
			return nil, false, nil
		}
		r++
		row, _ := f.rowOf(sst, r, f.rows[r])
		delete(f.rows, r)
		return row, true, nil
	}, true
}

// rowOf is row r (1-based) of the sheet from its cells: the values up to its last cell
// that has one (or a formula), nil when it has none; false when a shared string is missing.
func (f *fastRows) rowOf(sst []string, r int, cells []fastCell) ([]string, bool) {
	var row []string
	if n := len(cells); n > 0 {
		// As wide as its last cell, at once: grown by append a row of 22 values
		// held room for 32, a third of a county's grid.
		row = make([]string, 0, min(int(cells[n-1].col), maxColumnsUsed))
	}
	beyond := false
	for _, c := range cells {
		v := c.text
		if c.sst >= 0 {
			if int(c.sst) >= len(sst) {
				return nil, false
			}
			v = sst[c.sst]
		}
		if v == "" && !c.formula {
			continue
		}
		if int(c.col) > maxColumnsUsed {
			// Not padded out: a cell at XFD made a row of 16,384 values, a
			// quarter of a megabyte a row. Kept as readRows would report it.
			if v != "" && (f.wideRow == 0 || f.wideRow == r) {
				f.wideRow, f.wideCol = r, int(c.col)
			}
			beyond = true
			continue
		}
		for len(row) < int(c.col)-1 {
			row = append(row, "")
		}
		row = append(row, v)
	}
	for beyond && len(row) < maxColumnsUsed {
		row = append(row, "") // as wide as readRows leaves a wider row
	}
	return row, true
}

// zipScan is what checkZip learnt of a workbook: each worksheet's XML by sheet name, the
// sheets in the workbook's order, and its shared strings.
type zipScan struct {
	parts     map[string]sheetXML
	names     []string
	strings   []string
	stringsOK bool
}

// sheets are the workbook's sheets as the scan read them; when excelize must read them
// instead, why says for what reason (a sheet the scan could not read, shared strings it
// could not find, a part that is not a worksheet). The decision is the file's, taken once.
func (z zipScan) sheets(label string) (out []sheet, why string) {
	switch {
	case !z.stringsOK:
		return nil, "共享字符串表的位置或写法不常见"
	case len(z.names) == 0:
		return nil, "工作簿里没有列出工作表"
	}
	seen := map[string]bool{}
	for _, name := range z.names {
		p, ok := z.parts[name]
		switch {
		case !ok:
			return nil, "工作表“" + name + "”不是普通工作表"
		case seen[name]:
			return nil, "两张工作表同名“" + name + "”"
		case p.fast == nil:
			return nil, "工作表“" + name + "”：" + p.why
		}
		seen[name] = true
	}
	nexts := make([]func() ([]string, bool, error), len(z.names))
	for i, name := range z.names {
		var ok bool
		if nexts[i], ok = z.parts[name].fast.next(z.strings); !ok {
			return nil, "工作表“" + name + "”引用了不存在的共享字符串"
		}
	}
	for i, name := range z.names {
		s, err := readRows(nexts[i], label, name, z.parts[name], nil)
		if f := z.parts[name].fast; err == nil && s.wide == "" && f.wideRow > 0 {
			s.wide = axis(f.wideRow-1, f.wideCol-1)
		}
		if err != nil {
			s = sheet{file: label, name: name, err: err}
		}
		out = append(out, s)
	}
	return out, ""
}

func validBool(v string) bool {
	_, err := strconv.ParseBool(v)
	return err == nil
}
