// Package table writes workbooks of plain tables: a header row, rows of text and
// numbers, column widths, the header frozen and repeated on every printed page, a filter,
// A4 fitted to the width.
//
// liushou writes some four hundred such workbooks a night for a county (a mailing list
// per class, a summary per school): excelize, which keeps a whole workbook model and sets
// up its defaults for each, took as long for them as for all the letters. What these
// tables need is small and fixed, and written here directly as SpreadsheetML, in the
// element order the schema (ECMA-376) requires, so that Excel opens them without repair.
// Workbooks that need more (comments, links, validation) are written with excelize.
package table

import (
	"archive/zip"
	"bufio"
	"fmt"
	"github.com/klauspost/compress/flate"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"liushou/output/shelf"
)

// Style is how a cell looks.
type Style uint8

// The styles a table has.
const (
	Plain       Style = iota
	Head              // bold on light blue, wrapped: the header row
	Percent           // a fraction shown as a percentage
	Wrap              // wrapped, at the top: a long text in a narrow column
	ErrorMark         // on light red: an error
	WarningMark       // on light yellow: a warning
	Link              // blue and underlined: a link
)

// Styled is a value with a style of its own, for Row.
type Styled struct {
	Value any
	Style Style
}

// Book is a workbook being made.
type Book struct {
	sheets  []*Sheet
	created time.Time
	spill   string // a folder for the rows of long sheets, or ""
}

// New starts a workbook whose properties carry the date created (the run's as-of date,
// so that the same run writes the same bytes).
func New(created time.Time) *Book { return &Book{created: created} }

// SpillTo lets the book's sheets write their rows, as they come, to files in dir (a
// private folder the caller removes): a district's list of every child to follow up is
// then not held whole until the workbook is written. Write removes the files: a book
// that spilled is written once.
func (b *Book) SpillTo(dir string) { b.spill = dir }

// spillRows is how many rows a sheet holds before it writes them to its spill file.
var spillRows = 512

// Sheet is one table.
type Sheet struct {
	book      *Book
	name      string
	widths    []float64
	rows      [][]cell // the rows not yet spilled: row r of the sheet is rows[r-spilled]
	spilled   int      // rows written to file as SpreadsheetML
	file      *os.File
	err       error         // of the spill file: Write returns it
	cols      int           // the most cells a row has had
	styles    map[int]Style // by column, for rows after the header
	filter    bool
	frozen    bool
	titleRows int
	heights   map[int]float64 // by row (0 for the first), in points
	links     []link
}

// link is a cell's hyperlink to another file (and a place in it, after #).
type link struct{ ref, target string }

type cell struct {
	text  string
	num   float64
	isNum bool
	style Style
}

// Sheet adds a sheet named name (at most 31 characters, none of : \ / ? * [ ]).
func (b *Book) Sheet(name string) *Sheet {
	s := &Sheet{book: b, name: name, styles: map[int]Style{}, titleRows: 1, heights: map[int]float64{}}
	b.sheets = append(b.sheets, s)
	return s
}

// Widths sets the columns' widths, in characters, from column A on.
func (s *Sheet) Widths(w ...float64) { s.widths = w }

// Header adds the header row: styled, frozen above the rows and printed on every page.
func (s *Sheet) Header(titles ...string) {
	row := make([]cell, len(titles))
	for i, t := range titles {
		row[i] = cell{text: t, style: Head}
	}
	s.add(row)
	s.frozen = true
}

// Column gives a column (0 for A) a style for the rows after the header.
func (s *Sheet) Column(col int, st Style) { s.styles[col] = st }

// Filter puts a filter on the header over all rows.
func (s *Sheet) Filter() { s.filter = true }

// Height sets the last row's height in points: spreadsheet programs do not all grow a
// row for wrapped text when printing.
func (s *Sheet) Height(pt float64) { s.heights[s.count()-1] = pt }

// LinkCell makes a cell of the last row (column col, 0 for A) a link to target: a file
// beside the workbook, and a place in it after # ('Sheet'!C5).
func (s *Sheet) LinkCell(col int, target string) {
	s.links = append(s.links, link{column(col) + strconv.Itoa(s.count()), target})
}

// Row adds a row. Values are strings, integers or floats, or Styled; anything else is
// written as its fmt form.
func (s *Sheet) Row(values ...any) {
	row := make([]cell, len(values))
	for i, v := range values {
		c := cell{style: s.styles[i]}
		if st, ok := v.(Styled); ok {
			v, c.style = st.Value, st.Style
		}
		switch v := v.(type) {
		case string:
			c.text = v
		case int:
			c.num, c.isNum = float64(v), true
		case float64:
			c.num, c.isNum = v, true
		default:
			c.text = fmt.Sprint(v)
		}
		row[i] = c
	}
	s.add(row)
}

// count is how many rows the sheet has.
func (s *Sheet) count() int { return s.spilled + len(s.rows) }

// add adds a row. With a spill folder, once spillRows are held all but the last (whose
// height may still be set) are written out.
func (s *Sheet) add(row []cell) {
	s.rows = append(s.rows, row)
	s.cols = max(s.cols, len(row))
	if s.book.spill == "" || len(s.rows) <= spillRows || s.err != nil {
		return
	}
	if s.file == nil {
		f, err := os.CreateTemp(s.book.spill, "sheet-*.xml")
		if err != nil {
			s.book.spill = "" // no file to be had: the rows stay in memory, as without one
			return
		}
		s.file = f
	}
	keep := len(s.rows) - 1
	var buf []byte
	for i, r := range s.rows[:keep] {
		buf = s.appendRow(buf, s.spilled+i, r)
		delete(s.heights, s.spilled+i)
	}
	if _, s.err = s.file.Write(buf); s.err != nil {
		return
	}
	s.spilled += keep
	s.rows = append(s.rows[:0:0], s.rows[keep])
}

// width is the table's width in characters: its columns that hold anything.
func (s *Sheet) width() (cols int, chars float64) {
	widths := s.columnWidths()
	for _, w := range widths {
		chars += w
	}
	return len(widths), chars
}

// columnWidths are the widths of the columns that hold anything, in characters.
func (s *Sheet) columnWidths() []float64 {
	out := make([]float64, s.cols)
	for c := range out {
		out[c] = 8.43 // Excel's default
		if c < len(s.widths) {
			out[c] = s.widths[c]
		}
	}
	return out
}

// Write writes the workbook as .xlsx.
func (b *Book) Write(w io.Writer) error {
	defer b.removeSpills()
	zw := zip.NewWriter(w)
	fw := deflaters.Get()
	defer deflaters.Put(fw)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		fw.Reset(out) // parts are written one after the other
		return fw, nil
	})
	modified := b.created
	if modified.Year() < 1980 {
		modified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	bw := bufio.NewWriterSize(nil, 16<<10) // one for every part, in turn
	part := func(name string, write func(*bufio.Writer)) error {
		method := zip.Store // the fixed parts are a few hundred bytes each
		if strings.HasPrefix(name, "xl/worksheets/") {
			method = zip.Deflate
		}
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: modified})
		if err != nil {
			return err
		}
		bw.Reset(f)
		bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
		write(bw)
		return bw.Flush()
	}
	if len(b.sheets) == 0 {
		b.Sheet("Sheet1")
	}
	parts := []struct {
		name  string
		write func(*bufio.Writer)
	}{
		{"[Content_Types].xml", b.contentTypes},
		{"_rels/.rels", func(w *bufio.Writer) { w.WriteString(rootRels) }},
		{"docProps/app.xml", func(w *bufio.Writer) { w.WriteString(appProps) }},
		{"docProps/core.xml", b.coreProps},
		{"xl/workbook.xml", b.workbook},
		{"xl/_rels/workbook.xml.rels", b.workbookRels},
		{"xl/styles.xml", func(w *bufio.Writer) { w.WriteString(styles) }},
	}
	for _, p := range parts {
		if err := part(p.name, p.write); err != nil {
			return err
		}
	}
	for i, s := range b.sheets {
		if s.spilled > 0 && s.file == nil {
			return fmt.Errorf("工作表“%s”的行已经写出过一次", s.name)
		}
		if err := part(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), func(w *bufio.Writer) { s.write(w, i == 0) }); err != nil {
			return err
		}
		if s.err != nil {
			return fmt.Errorf("无法使用临时文件：%w", s.err)
		}
		if len(s.links) > 0 {
			if err := part(fmt.Sprintf("xl/worksheets/_rels/sheet%d.xml.rels", i+1), s.linkRels); err != nil {
				return err
			}
		}
	}
	return zw.Close()
}

// removeSpills closes and removes the sheets' spill files.
func (b *Book) removeSpills() {
	for _, s := range b.sheets {
		if s.file != nil {
			s.file.Close()
			os.Remove(s.file.Name())
			s.file = nil
		}
	}
}

// deflaters are kept from one workbook to the next: a new one allocates a megabyte,
// more than a mailing list's worth of compressing.
var deflaters = shelf.New(8, func() *flate.Writer {
	fw, _ := flate.NewWriter(nil, flate.BestSpeed)
	return fw
})

const rootRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const appProps = `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ` +
	`xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>liushou</Application></Properties>`

// styles are the cell formats, in the order of Style: plain, the header (bold, light
// blue fill, wrapped, centred vertically), a percentage (built-in format 9, "0%"),
// wrapped at the top, an error's and a warning's fill, a link.
const styles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><u/><sz val="11"/><color rgb="FF0563C1"/><name val="Calibri"/><family val="2"/></font></fonts>` +
	`<fills count="5"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
	`<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>` +
	`<fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/><bgColor indexed="64"/></patternFill></fill>` +
	`<fill><patternFill patternType="solid"><fgColor rgb="FFFFEB9C"/><bgColor indexed="64"/></patternFill></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>` +
	`<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
	`<xf numFmtId="0" fontId="0" fillId="3" borderId="0" xfId="0" applyFill="1"/>` +
	`<xf numFmtId="0" fontId="0" fillId="4" borderId="0" xfId="0" applyFill="1"/>` +
	`<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`

func (b *Book) contentTypes(w *bufio.Writer) {
	w.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	for i := range b.sheets {
		fmt.Fprintf(w, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	w.WriteString(`</Types>`)
}

func (b *Book) coreProps(w *bufio.Writer) {
	stamp := b.created.UTC().Format("2006-01-02T15:04:05Z")
	w.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:creator>liushou</dc:creator><cp:lastModifiedBy>liushou</cp:lastModifiedBy>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified></cp:coreProperties>`)
}

func (b *Book) workbook(w *bufio.Writer) {
	w.WriteString(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	for i, s := range b.sheets {
		fmt.Fprintf(w, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, escape(s.name), i+1, i+1)
	}
	w.WriteString(`</sheets><definedNames>`)
	// Defined names in the order Excel keeps them: by name, then by sheet.
	for i, s := range b.sheets {
		if s.filter && s.count() > 0 {
			cols, _ := s.width()
			fmt.Fprintf(w, `<definedName name="_xlnm._FilterDatabase" localSheetId="%d" hidden="1">%s!$A$1:$%s$%d</definedName>`,
				i, escape(quote(s.name)), column(cols-1), s.count())
		}
	}
	for i, s := range b.sheets {
		// A table printed several pages across repeats its first two columns on each.
		cols := ""
		if PagesWide(s.columnWidths()) > 1 {
			cols = escape(quote(s.name)) + "!$A:$B,"
		}
		fmt.Fprintf(w, `<definedName name="_xlnm.Print_Titles" localSheetId="%d">%s%s!$1:$%d</definedName>`, i, cols, escape(quote(s.name)), s.titleRows)
	}
	w.WriteString(`</definedNames></workbook>`)
}

func (b *Book) workbookRels(w *bufio.Writer) {
	w.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i := range b.sheets {
		fmt.Fprintf(w, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	fmt.Fprintf(w, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, len(b.sheets)+1)
	w.WriteString(`</Relationships>`)
}

// write writes the worksheet, its elements in the schema's order: sheetPr, dimension,
// sheetViews, sheetFormatPr, cols, sheetData, autoFilter, pageMargins, pageSetup.
func (s *Sheet) write(w *bufio.Writer, active bool) {
	cols, chars := s.width()
	w.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`)
	ref := "A1"
	if cols > 0 && s.count() > 0 {
		ref = "A1:" + column(cols-1) + strconv.Itoa(s.count())
	}
	w.WriteString(`<dimension ref="` + ref + `"/><sheetViews><sheetView workbookViewId="0"`)
	if active {
		w.WriteString(` tabSelected="1"`)
	}
	w.WriteString(`>`)
	if s.frozen {
		w.WriteString(`<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
			`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>`)
	}
	w.WriteString(`</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`)
	if len(s.widths) > 0 {
		w.WriteString(`<cols>`)
		for i, wd := range s.widths {
			fmt.Fprintf(w, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, i+1, i+1, strconv.FormatFloat(wd, 'f', -1, 64))
		}
		w.WriteString(`</cols>`)
	}
	w.WriteString(`<sheetData>`)
	if s.file != nil {
		if _, err := s.file.Seek(0, io.SeekStart); err == nil {
			_, err = w.ReadFrom(s.file)
			s.err = err
		} else {
			s.err = err
		}
	}
	var buf []byte
	for i, row := range s.rows {
		buf = s.appendRow(buf[:0], s.spilled+i, row)
		w.Write(buf)
	}
	w.WriteString(`</sheetData>`)
	if s.filter && s.count() > 0 {
		w.WriteString(`<autoFilter ref="` + ref + `"/>`)
	}
	if len(s.links) > 0 {
		w.WriteString(`<hyperlinks>`)
		for i, l := range s.links {
			fmt.Fprintf(w, `<hyperlink ref="%s" r:id="rId%d"/>`, l.ref, i+1)
		}
		w.WriteString(`</hyperlinks>`)
	}
	orientation := "portrait"
	if chars > 95 { // about what fits across a portrait A4 page at 100%
		orientation = "landscape"
	}
	w.WriteString(`<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>` +
		`<pageSetup paperSize="9" orientation="` + orientation + `" fitToWidth="` + strconv.Itoa(PagesWide(s.columnWidths())) + `" fitToHeight="0"/></worksheet>`)
}

// appendRow appends row r (0 for the first) as SpreadsheetML.
func (s *Sheet) appendRow(buf []byte, r int, row []cell) []byte {
	buf = append(buf, `<row r="`...)
	buf = strconv.AppendInt(buf, int64(r+1), 10)
	if h, ok := s.heights[r]; ok {
		buf = append(buf, `" ht="`...)
		buf = strconv.AppendFloat(buf, h, 'f', -1, 64)
		buf = append(buf, `" customHeight="1`...)
	}
	buf = append(buf, `">`...)
	for c, v := range row {
		if !v.isNum && v.text == "" && v.style == Plain {
			continue
		}
		buf = append(buf, `<c r="`...)
		buf = append(buf, column(c)...)
		buf = strconv.AppendInt(buf, int64(r+1), 10)
		buf = append(buf, '"')
		if v.style != Plain {
			buf = append(buf, ` s="`...)
			buf = strconv.AppendInt(buf, int64(v.style), 10)
			buf = append(buf, '"')
		}
		if v.isNum {
			buf = append(buf, `><v>`...)
			buf = strconv.AppendFloat(buf, v.num, 'g', -1, 64)
			buf = append(buf, `</v></c>`...)
			continue
		}
		buf = append(buf, ` t="inlineStr"><is><t`...)
		if strings.TrimSpace(v.text) != v.text {
			buf = append(buf, ` xml:space="preserve"`...)
		}
		buf = append(buf, '>')
		buf = appendEscaped(buf, v.text)
		buf = append(buf, `</t></is></c>`...)
	}
	buf = append(buf, `</row>`...)
	return buf
}

// landscapeChars is about what fits across a landscape A4 page at 100% (the margins
// liushou sets, each column's cell padding counted: cellPadding), as LibreOffice prints
// it, which fits less than Excel; printed at no less than 8/11 of that size (8 pt for the
// 11 pt text), a page holds minChars. TestWorkbooksPrintAt8pt measures it.
const (
	landscapeChars = 112
	minChars       = landscapeChars * 11 / 8
	cellPadding    = 0.75
)

// PagesWide is how many pages across a table with these column widths (in characters)
// prints on with its text at 8 pt or more: one while it fits, else the columns are laid
// on pages in order, the pages after the first also holding the first two columns,
// which print on every page (Book.workbook, printReady): a page ends at a column, as
// Excel and LibreOffice end it.
func PagesWide(widths []float64) int {
	total := 0.0
	for _, w := range widths {
		total += w + cellPadding
	}
	if total <= minChars {
		return 1
	}
	repeat := 0.0
	for _, w := range widths[:min(2, len(widths))] {
		repeat += w + cellPadding
	}
	pages, used := 1, 0.0
	for i, w := range widths {
		w += cellPadding
		if i >= 2 && used+w > minChars {
			pages++
			used = repeat
		}
		used += w
	}
	return pages
}

// linkRels writes the relationships of a sheet's links.
func (s *Sheet) linkRels(w *bufio.Writer) {
	w.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, l := range s.links {
		fmt.Fprintf(w, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="%s" TargetMode="External"/>`,
			i+1, escape(l.target))
	}
	w.WriteString(`</Relationships>`)
}

// column names a column, 0 for A.
func column(c int) string {
	name := ""
	for c++; c > 0; c = (c - 1) / 26 {
		name = string(rune('A'+(c-1)%26)) + name
	}
	return name
}

// quote quotes a sheet name for a reference.
func quote(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

func escape(s string) string { return string(appendEscaped(nil, s)) }

// appendEscaped appends s as XML text, leaving out what XML 1.0 cannot hold (control
// characters, invalid UTF-8) and cutting it at Excel's limit of 32,767 characters.
func appendEscaped(b []byte, s string) []byte {
	n := 0
	for _, r := range s {
		if n++; n > 32767 {
			break
		}
		switch {
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '"':
			b = append(b, "&quot;"...)
		case r == '\t' || r == '\n' || r == '\r':
			b = append(b, "&#"...)
			b = strconv.AppendInt(b, int64(r), 10)
			b = append(b, ';')
		case r < 0x20 || r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF):
			// not allowed in XML
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}
