package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// OpenDocument spreadsheets (.ods), as LibreOffice saves them on 统信UOS and 麒麟: a zip
// whose content.xml holds every sheet. No Go .ods reader is served to us, so content.xml
// is read here with encoding/xml, token by token, never whole. LibreOffice ends a sheet
// with an empty row repeated up to 1,048,576 times and rows with an empty cell repeated
// to column 16,384: repeats are counted, and only expanded up to the last cell or row
// that holds something, so they cost nothing.

// odsNS is the namespace of the table elements (table:table, table:table-row …).
const (
	odsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	odsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	odsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	odsStyle  = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
)

// isODS reports a zip that is an OpenDocument spreadsheet: its mimetype entry says so.
func isODS(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name != "mimetype" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return false
		}
		b, _ := io.ReadAll(io.LimitReader(rc, 200))
		rc.Close()
		return strings.TrimSpace(string(b)) == "application/vnd.oasis.opendocument.spreadsheet"
	}
	return false
}

// readODS reads every sheet of an .ods file.
func readODS(label string, data []byte) ([]sheet, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var total uint64
	var content *zip.File
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.Name == "content.xml" {
			content = f
		}
	}
	if total > maxUnzipped {
		return nil, &limitError{"文件解压后过大，不像是花名册，已拒绝读取"}
	}
	if content == nil {
		return nil, errors.New("没有 content.xml")
	}
	rc, err := content.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	r := &odsReader{label: label, dec: xml.NewDecoder(io.LimitReader(rc, maxUnzipped)), hiddenStyles: map[string]bool{}}
	return r.read()
}

type odsReader struct {
	label        string
	dec          *xml.Decoder
	hiddenStyles map[string]bool // table styles with table:display="false"
	sheets       []sheet
}

func attrOf(se xml.StartElement, space, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && (a.Name.Space == space || space == "") {
			return a.Value
		}
	}
	return ""
}

func (o *odsReader) read() ([]sheet, error) {
	for {
		tok, err := o.dec.Token()
		if err == io.EOF {
			return o.sheets, nil
		}
		if err != nil {
			if len(o.sheets) > 0 {
				// The sheets read so far are whole; the one being read when the XML broke
				// is reported as unreadable.
				return append(o.sheets, sheet{file: o.label, name: fmt.Sprintf("第%d张表", len(o.sheets)+1), err: fmt.Errorf("文件内容有错（%v）", err)}), nil
			}
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case se.Name.Space == odsStyle && se.Name.Local == "style" && attrOf(se, odsStyle, "family") == "table":
			o.tableStyle(attrOf(se, odsStyle, "name"))
		case se.Name.Space == odsTable && se.Name.Local == "table":
			s, err := o.table(se)
			var limit *limitError
			if errors.As(err, &limit) {
				return nil, err
			}
			if err != nil {
				s = sheet{file: o.label, name: attrOf(se, odsTable, "name"), err: err}
			}
			o.sheets = append(o.sheets, s)
		}
	}
}

// tableStyle notes an automatic table style that hides its sheets.
func (o *odsReader) tableStyle(name string) {
	for depth := 1; depth > 0; {
		tok, err := o.dec.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if t.Name.Local == "table-properties" && attrOf(t, odsTable, "display") == "false" {
				o.hiddenStyles[name] = true
			}
		case xml.EndElement:
			depth--
		}
	}
}

// repeat reads a number-…-repeated attribute: 1 when absent or unreadable.
func repeat(v string) int {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// table reads one sheet: its rows up to the last that holds something, its merged
// ranges and its hidden rows.
func (o *odsReader) table(start xml.StartElement) (sheet, error) {
	s := sheet{file: o.label, name: attrOf(start, odsTable, "name"), hidden: o.hiddenStyles[attrOf(start, odsTable, "style-name")]}
	var rows [][]string
	var merges []string
	numbers := map[[2]int]bool{}
	pendingRows := 0 // empty rows seen and not yet kept (kept only if a row with something follows)
	cells := 0
	for {
		tok, err := o.dec.Token()
		if err != nil {
			return s, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Space == odsTable && t.Name.Local == "table" {
				fillMerges(rows, merges)
				s.grid = rows
				s.isNumber = func(r, c int) bool { return numbers[[2]int{r, c}] }
				s.plain = true
				return s, nil
			}
		case xml.StartElement:
			if t.Name.Space != odsTable || t.Name.Local != "table-row" {
				continue
			}
			n := repeat(attrOf(t, odsTable, "number-rows-repeated"))
			hidden := attrOf(t, odsTable, "visibility") == "collapse"
			filtered := attrOf(t, odsTable, "visibility") == "filter"
			row, spans, nums, err := o.row(len(rows) + pendingRows)
			if err != nil {
				return s, err
			}
			if len(row) == 0 {
				pendingRows += n
				continue
			}
			if len(rows)+pendingRows+n > maxSheetRows {
				return s, &limitError{fmt.Sprintf("工作表“%s”太大（超过 %d 行），liushou 读到第 %d 行就停下了，整个文件没有读取。请把它拆成几个文件，每个不超过 %d 行",
					s.name, maxSheetRows, len(rows), maxSheetRows)}
			}
			for ; pendingRows > 0; pendingRows-- {
				rows = append(rows, nil)
			}
			for i := 0; i < n; i++ {
				r := len(rows)
				cells += len(row)
				if cells > maxGridCells {
					return s, &limitError{fmt.Sprintf("工作表“%s”太大（超过 %d 个单元格），整个文件没有读取", s.name, maxGridCells)}
				}
				rows = append(rows, append([]string(nil), row...))
				if hidden {
					if s.hiddenRows == nil {
						s.hiddenRows = map[int]bool{}
					}
					s.hiddenRows[r+1] = true
				}
				if filtered {
					s.filtered = true
				}
				for _, c := range nums {
					numbers[[2]int{r, c}] = true
				}
				for _, sp := range spans {
					if len(merges) < maxMergeFill {
						merges = append(merges, axis(r, sp[0])+":"+axis(r+sp[1]-1, sp[0]+sp[2]-1))
					}
				}
			}
		}
	}
}

// row reads one table-row's cells: their values up to the last that holds something (at
// most maxColumnsUsed), the merged ranges that start in it (column, rows, columns), and
// the columns that hold numbers.
func (o *odsReader) row(r int) (row []string, spans [][3]int, nums []int, err error) {
	col := 0
	for {
		tok, err := o.dec.Token()
		if err != nil {
			return nil, nil, nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Space == odsTable && t.Name.Local == "table-row" {
				for len(row) > 0 && row[len(row)-1] == "" {
					row = row[:len(row)-1]
				}
				return row, spans, nums, nil
			}
		case xml.StartElement:
			if t.Name.Space != odsTable || (t.Name.Local != "table-cell" && t.Name.Local != "covered-table-cell") {
				continue
			}
			n := repeat(attrOf(t, odsTable, "number-columns-repeated"))
			v, number, err := o.cell(t)
			if err != nil {
				return nil, nil, nil, err
			}
			if v == "" || t.Name.Local == "covered-table-cell" {
				col += n
				continue
			}
			if rs, cs := repeat(attrOf(t, odsTable, "number-rows-spanned")), repeat(attrOf(t, odsTable, "number-columns-spanned")); rs > 1 || cs > 1 {
				spans = append(spans, [3]int{col, rs, cs})
			}
			first := col
			for i := 0; i < n && col < maxColumnsUsed; i++ {
				for len(row) < col {
					row = append(row, "")
				}
				row = append(row, v)
				if number {
					nums = append(nums, col)
				}
				col++
			}
			col = first + n
		}
	}
}

// cell reads a cell's value as liushou reads an .xlsx cell's raw value: a date as
// 2026-09-03, a number as written in office:value, text as its paragraphs joined by line
// breaks. Comments (office:annotation) are not the cell's value.
func (o *odsReader) cell(start xml.StartElement) (v string, number bool, err error) {
	typ := attrOf(start, odsOffice, "value-type")
	switch typ {
	case "float", "percentage", "currency":
		v, number = attrOf(start, odsOffice, "value"), true
	case "date":
		v = attrOf(start, odsOffice, "date-value")
		if i := strings.IndexByte(v, 'T'); i > 0 {
			v = v[:i]
		}
	case "time":
		v = attrOf(start, odsOffice, "time-value")
	case "boolean":
		v = attrOf(start, odsOffice, "boolean-value")
	}
	var text strings.Builder
	paragraphs, depth, skip := 0, 1, 0
	for depth > 0 {
		tok, err := o.dec.Token()
		if err != nil {
			return "", false, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case skip > 0 || t.Name.Space == odsOffice && t.Name.Local == "annotation":
				skip++
			case t.Name.Space == odsText && t.Name.Local == "p":
				if paragraphs > 0 {
					text.WriteByte('\n')
				}
				paragraphs++
			case t.Name.Space == odsText && t.Name.Local == "s":
				text.WriteString(strings.Repeat(" ", min(repeat(attrOf(t, odsText, "c")), 100)))
			case t.Name.Space == odsText && t.Name.Local == "tab":
				text.WriteByte('\t')
			case t.Name.Space == odsText && t.Name.Local == "line-break":
				text.WriteByte('\n')
			}
		case xml.EndElement:
			depth--
			if skip > 0 {
				skip--
			}
		case xml.CharData:
			if skip == 0 && text.Len() < maxCellText {
				text.Write(t)
			}
		}
	}
	if v == "" || typ == "string" || typ == "" {
		v = text.String()
		if len(v) > maxCellText {
			v = cutText(v)
		}
	}
	return v, number, nil
}
