package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"liushou/output/table"
	"liushou/rules"
)

// Problem report files.
const (
	ProblemsFile  = "问题清单.xlsx"
	AnnotatedDir  = "问题标注"
	annotateLimit = 64 << 20 // a roster larger than this is not copied
)

// Source is what a marked-up copy of a roster is made from: the original .xlsx bytes
// (copied with their formatting), or, for .xls and CSV, the sheets' plain values.
// Load, when set, gives them when the copy is made: a run of 10,000 rosters must not
// hold every file's bytes at once.
type Source struct {
	Input rules.Input
	XLSX  []byte
	Grids []Grid
	Load  func() (xlsx []byte, grids []Grid, err error)
}

// Grid is one sheet of a roster as plain cell values, row by row (row 1 first).
type Grid struct {
	Sheet string
	Cells [][]string
}

// annotatedName is the file name of a roster's marked-up copy in the 问题标注 folder.
//
// Rosters in different folders, or with long names cut to fit, must not get one name: a
// name that had to be changed to be safe carries a digest of the roster's full name.
func annotatedName(in rules.Input) string {
	ext := path.Ext(in.File)
	plain := strings.TrimSuffix(in.File, ext)
	stem := safeName(strings.ReplaceAll(plain, "/", "_"), "花名册")
	if stem != strings.ReplaceAll(plain, "/", "_") {
		sum := sha256.Sum256([]byte(in.File))
		stem += "-" + hex.EncodeToString(sum[:3])
	}
	if strings.EqualFold(ext, ".xlsx") || ext == "" {
		return stem + "（问题标注）.xlsx"
	}
	return stem + "（问题标注，原" + safeName(strings.TrimPrefix(strings.ToLower(ext), "."), "") + "）.xlsx"
}

var (
	fillError   = []string{"FFC7CE"}
	fillWarning = []string{"FFEB9C"}
)

// headStyle is the style of a header row in every workbook liushou writes.
func headStyle(f *book) int {
	id := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 11}, // a font without a size prints at 10 pt in LibreOffice
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	return id
}

// newBook starts a workbook whose properties come from the as-of date, so that the same
// run writes the same bytes.
func newBook(asOf time.Time) *book {
	f := &book{File: excelize.NewFile()}
	stamp := asOf.Format("2006-01-02") + "T00:00:00Z"
	f.SetDocProps(&excelize.DocProperties{Creator: "liushou", LastModifiedBy: "liushou", Created: stamp, Modified: stamp})
	return f
}

// writeProblemBook writes 问题清单.xlsx: every problem with its file, sheet and cell
// (a link to the cell in the marked-up copy when there is one), and the files read.
// annotated names the inputs that have a marked-up copy. It is written with the table
// writer, row after row: an inbox of 10,000 rosters lists as many files and more rows,
// which excelize's model of the workbook held several times over.
func writeProblemBook(w io.Writer, sum Summary, annotated map[string]string, asOf time.Time) error {
	book := table.New(asOf)
	list := book.Sheet("问题清单")

	// A class teacher takes the rows of their class: each problem says whose row it is,
	// sorted by class; the code is for whoever reads the README, so it comes last.
	// Only the rows a problem names are looked up: a county's children are tens of
	// thousands, its problems a few hundred.
	type who struct{ class, name string }
	type place struct {
		file, sheet string
		row         int
	}
	rowOf := make(map[place]who, len(sum.Problems))
	for _, p := range sum.Problems {
		rowOf[place{p.File, p.Sheet, p.Row}] = who{}
	}
	for _, c := range sum.problemChildren() {
		if _, ok := rowOf[place{c.File, c.Sheet, c.Row}]; ok {
			rowOf[place{c.File, c.Sheet, c.Row}] = who{c.Class, c.Name}
		}
	}
	type line struct {
		p rules.Problem
		who
	}
	lines := make([]line, len(sum.Problems))
	for i, p := range sum.Problems {
		lines[i] = line{p, rowOf[place{p.File, p.Sheet, p.Row}]}
	}
	sort.SliceStable(lines, func(i, j int) bool {
		a, b := lines[i].class, lines[j].class
		switch {
		case a == b:
			return false
		case a == "":
			return false // problems of no child's row (a file, a header) come last
		case b == "":
			return true
		}
		return rules.ClassLess(a, b)
	})
	list.Header("序号", "班级", "学生姓名", "文件", "工作表", "行", "单元格", "级别", "问题说明（怎么改）", "问题代码")
	list.Widths(6, 13, 10, 22, 12, 5, 8, 6, 70, 18)
	list.Column(8, table.Wrap)
	for i, l := range lines {
		p := l.p
		level := table.Styled{Value: "警告", Style: table.WarningMark}
		if p.Severity == rules.Error {
			level = table.Styled{Value: "错误", Style: table.ErrorMark}
		}
		var row any = ""
		if p.Row > 0 {
			row = p.Row
		}
		var cell any = p.Cell
		name, linked := annotated[p.File]
		linked = linked && p.Cell != "" && p.Sheet != "" && i < maxProblemLinks
		if linked {
			cell = table.Styled{Value: p.Cell, Style: table.Link}
		}
		list.Row(i+1, l.class, l.name, p.File, p.Sheet, row, cell, level, p.Message, p.Code)
		list.Height(wrappedHeight(p.Message, 70))
		if linked {
			list.LinkCell(6, AnnotatedDir+"/"+name+"#"+quoteSheet(p.Sheet)+"!"+p.Cell)
		}
	}
	if len(sum.Problems) == 0 {
		list.Row("没有发现问题。")
	} else {
		list.Filter()
	}

	files := book.Sheet("文件")
	files.Header("文件", "状态", "留守儿童", "非留守学生", "说明")
	files.Widths(30, 10, 10, 10, 90)
	for _, in := range sum.Inputs {
		status := map[string]string{rules.InputOK: "已读取", rules.InputFailed: "无法读取", rules.InputIgnored: "已跳过"}[in.Status]
		files.Row(in.File, status, in.Children, in.NotLeftBehind, in.Reason)
	}
	writeColumnMap(book, sum.Columns)
	writeRowAccount(book, sum.Inputs)
	return book.Write(w)
}

// maxProblemLinks is how many problems link to their cell in the marked-up copy: a
// workbook of tens of thousands of links opens slowly. Past it, the 单元格 column still
// names the cell.
const maxProblemLinks = 2000

// columnMapSheet is the sheet of 问题清单.xlsx that says what each roster column was read as.
const columnMapSheet = "列的识别"

// writeColumnMap writes the column map: a school checks it, and corrects a wrong guess
// with [columns] in liushou.toml.
func writeColumnMap(book *table.Book, maps []rules.SheetColumns) {
	sh := book.Sheet(columnMapSheet)
	sh.Header("文件", "工作表", "表头行", "读作", "列", "表头", "读取为", "说明")
	sh.Widths(26, 14, 7, 10, 5, 28, 16, 60)
	sh.Column(7, table.Wrap)
	// Sheets read the same way are listed once, with how many there are: a county's
	// 10,000 class files would otherwise repeat one map 10,000 times.
	type group struct {
		first rules.SheetColumns
		n     int
	}
	var groups []*group
	bySig := map[string]*group{}
	for _, m := range maps {
		sig := fmt.Sprintf("%d\x00%s\x00%v", m.HeaderRow, m.Kind, m.Columns)
		if g := bySig[sig]; g != nil {
			g.n++
			continue
		}
		g := &group{first: m, n: 1}
		bySig[sig] = g
		groups = append(groups, g)
	}
	for _, g := range groups {
		m := g.first
		file := m.File
		if g.n > 1 {
			file = fmt.Sprintf("%s 等 %d 张表（各列相同）", m.File, g.n)
		}
		for _, c := range m.Columns {
			role := c.Role
			if role == "" {
				role = "（未读取）"
			}
			sh.Row(file, m.Sheet, m.HeaderRow, m.Kind, c.Col, c.Header, role, c.Note)
			sh.Height(wrappedHeight(c.Note, 60))
		}
	}
	if len(groups) > 0 {
		sh.Filter()
	}
}

// rowAccountSheet is the sheet of 问题清单.xlsx that lists every row not counted.
const rowAccountSheet = "不计入的行"

// writeRowAccount lists, sheet by sheet, the rows of the rosters that are not counted as
// children or log entries, with the reason: nothing read is dropped without a word.
func writeRowAccount(book *table.Book, inputs []rules.Input) {
	sh := book.Sheet(rowAccountSheet)
	sh.Header("文件", "工作表", "读作", "行", "行数", "原因", "单元格", "这张表：留守儿童", "记录", "不计入")
	sh.Widths(26, 14, 10, 10, 6, 50, 8, 10, 6, 8)
	sh.Column(5, table.Wrap)
	// The same rows of many files (the header of 10,000 class files) are one line, with
	// how many files; the 文件 sheet lists every file.
	type line struct {
		file string
		row  []any
		n    int
	}
	var lines []*line
	bySig := map[string]*line{}
	for _, in := range inputs {
		for _, a := range in.Sheets {
			for _, sk := range a.Skipped {
				rows := fmt.Sprint(sk.From)
				if sk.To != sk.From {
					rows = fmt.Sprintf("%d–%d", sk.From, sk.To)
				}
				row := []any{a.Sheet, a.Kind, rows, sk.Count, sk.Reason, sk.Cell, a.Children, a.Logs, a.SkippedRows()}
				sig := fmt.Sprint(row...)
				if l := bySig[sig]; l != nil && l.file != in.File {
					l.n++
					continue
				}
				l := &line{file: in.File, row: row, n: 1}
				bySig[sig] = l
				lines = append(lines, l)
			}
		}
	}
	for _, l := range lines {
		file := l.file
		if l.n > 1 {
			file = fmt.Sprintf("%s 等 %d 个文件", l.file, l.n)
		}
		sh.Row(append([]any{file}, l.row...)...)
		sh.Height(wrappedHeight(l.row[4].(string), 50))
	}
	if len(lines) > 0 {
		sh.Filter()
	} else {
		sh.Row("每一行都已计入。")
	}
}

// quoteSheet writes a sheet name for a cell reference: 'Sheet name'.
func quoteSheet(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// cellNotes gathers the problems of one roster by sheet and cell: the worst severity and
// every message, in order.
type cellNote struct {
	severity rules.Severity
	messages []string
}

func notesFor(file string, problems []rules.Problem) map[[2]string]*cellNote {
	notes := map[[2]string]*cellNote{}
	for _, p := range problems {
		if p.File != file || p.Sheet == "" || p.Cell == "" {
			continue
		}
		k := [2]string{p.Sheet, p.Cell}
		n, ok := notes[k]
		if !ok {
			n = &cellNote{severity: rules.Warning}
			notes[k] = n
		}
		if p.Severity == rules.Error {
			n.severity = rules.Error
		}
		level := "警告"
		if p.Severity == rules.Error {
			level = "错误"
		}
		n.messages = append(n.messages, level+"："+p.Message)
	}
	return notes
}

func sortedKeys(notes map[[2]string]*cellNote) [][2]string {
	keys := make([][2]string, 0, len(notes))
	for k := range notes {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		ci, ri, _ := excelize.CellNameToCoordinates(keys[i][1])
		cj, rj, _ := excelize.CellNameToCoordinates(keys[j][1])
		if ri != rj {
			return ri < rj
		}
		return ci < cj
	})
	return keys
}

// writeAnnotated writes a copy of a roster with each problem cell coloured (red for an
// error, yellow for a warning) and its messages as a cell comment. The original file is
// only read. It returns false when the roster has no problem at a cell.
func writeAnnotated(w io.Writer, src Source, problems []rules.Problem, asOf time.Time) (bool, error) {
	notes := notesFor(src.Input.File, problems)
	if len(notes) == 0 {
		return false, nil
	}
	var f *book
	if src.XLSX != nil {
		orig, err := excelize.OpenReader(bytes.NewReader(src.XLSX), excelize.Options{UnzipSizeLimit: annotateLimit})
		if err != nil {
			return false, fmt.Errorf("无法复制 %s：%w", src.Input.File, err)
		}
		f = &book{File: orig}
	} else {
		f = gridBook(src.Grids, asOf)
	}
	defer f.Close()
	styles := map[[2]int]int{} // (original style, severity) -> new style
	// The cells that already have a comment: only those need theirs replaced. (Deleting a
	// comment reads the sheet's drawing again: asked for every marked cell of a large
	// roster, that took minutes.)
	commented := map[[2]string]bool{}
	for _, sh := range f.GetSheetList() {
		cs, _ := f.GetComments(sh)
		for _, c := range cs {
			commented[[2]string{sh, c.Cell}] = true
		}
	}
	for _, k := range sortedKeys(notes) {
		sheet, cell := k[0], k[1]
		n := notes[k]
		if idx, err := f.GetSheetIndex(sheet); err != nil || idx < 0 {
			continue
		}
		orig, _ := f.GetCellStyle(sheet, cell)
		sev := 0
		if n.severity == rules.Error {
			sev = 1
		}
		id, ok := styles[[2]int{orig, sev}]
		if !ok {
			id = markedStyle(f, orig, sev == 1)
			styles[[2]int{orig, sev}] = id
		}
		f.SetCellStyle(sheet, cell, cell, id)
		text := strings.Join(n.messages, "\n")
		if commented[[2]string{sheet, cell}] {
			f.DeleteComment(sheet, cell)
		}
		f.AddComment(sheet, excelize.Comment{Cell: cell, Author: "liushou", Text: text})
	}
	return true, f.Write(w)
}

// markedStyle keeps a cell's own style (its date format, borders, font) and adds the fill.
// A style that cannot be read is replaced by the fill alone.
func markedStyle(f *book, orig int, isError bool) (id int) {
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: fillWarning}
	if isError {
		fill.Color = fillError
	}
	defer func() {
		if recover() != nil {
			id = f.NewStyle(&excelize.Style{Fill: fill})
		}
	}()
	st, err := f.GetStyle(orig)
	if err != nil || st == nil {
		st = &excelize.Style{}
	}
	st.Fill = fill
	for i := range st.Border {
		// A border without a colour is written as rgb="FF", which openpyxl refuses.
		if len(st.Border[i].Color) != 6 {
			st.Border[i].Color = "000000"
		}
	}
	if st.Font != nil && st.Font.Color != "" && len(strings.TrimPrefix(st.Font.Color, "#")) != 6 && len(st.Font.Color) != 8 {
		st.Font.Color = ""
	}
	// A style of the school's file that excelize cannot write again is replaced by the
	// fill alone: the mark matters, not the original look.
	if id, err = f.File.NewStyle(st); err != nil {
		id = f.NewStyle(&excelize.Style{Fill: fill})
	}
	return id
}

// gridBook copies plain sheets into a new workbook, every value at its own cell.
func gridBook(grids []Grid, asOf time.Time) *book {
	f := newBook(asOf)
	for i, g := range grids {
		name := g.Sheet
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else {
			f.NewSheet(name)
		}
		for r, row := range g.Cells {
			for len(row) > 0 && row[len(row)-1] == "" {
				row = row[:len(row)-1] // excelize would keep every blank as a cell
			}
			if len(row) == 0 {
				continue
			}
			vals := make([]any, len(row))
			for c, v := range row {
				vals[c] = v
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			f.SetSheetRow(name, cell, &vals)
		}
	}
	return f
}

// printReady gives every sheet of a workbook liushou writes its print settings: A4, fit
// to the page width (as many pages tall as needed), landscape when the columns are wider
// than a portrait page, and the header rows repeated on every page. titleRows says how
// many header rows a sheet has (1 when not named).
func printReady(f *book, titleRows map[string]int) {
	a4, fitH, yes := 9, 0, true
	for _, sh := range f.GetSheetList() {
		width := 0.0
		var widths []float64
		rows := titleRows[sh]
		if rows == 0 {
			rows = 1
		}
		for c, n := 1, headerColumns(f, sh, rows); c <= n; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			w, _ := f.GetColWidth(sh, name)
			width += w
			widths = append(widths, w)
		}
		orient := "portrait"
		if width > 95 { // about what fits across a portrait A4 page at 100%
			orient = "landscape"
		}
		// At 8 pt or more, first columns repeated when several pages across. A variable of
		// the sheet's own: excelize keeps the pointer, not the value.
		fitW := table.PagesWide(widths)
		f.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orient, FitToWidth: &fitW, FitToHeight: &fitH})
		f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &yes})
		margin, top := 0.4, 0.6
		f.SetPageMargins(sh, &excelize.PageLayoutMarginsOptions{Left: &margin, Right: &margin, Top: &top, Bottom: &top})
		cols := ""
		if fitW > 1 {
			cols = quoteSheet(sh) + "!$A:$B,"
		}
		f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sh,
			RefersTo: fmt.Sprintf("%s%s!$1:$%d", cols, quoteSheet(sh), rows)})
	}
}

// headerColumns counts the columns of a sheet's header (its first rows, at least two):
// the table's width. It reads cells, not rows, since excelize writes a whole sheet out to
// iterate it.
func headerColumns(f *book, sh string, rows int) int {
	n := 0
	for c := 1; c <= 200; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		empty := true
		for r := 1; r <= max(2, rows) && empty; r++ {
			v, _ := f.GetCellValue(sh, name+strconv.Itoa(r))
			empty = v == ""
		}
		if empty {
			if c > n+3 { // a merged title may leave a few header cells empty
				break
			}
			continue
		}
		n = c
	}
	return n
}

// wrappedHeight is the row height (points) a wrapped text needs in a column of the given
// width: spreadsheet programs do not all grow a row for wrapped text when printing.
func wrappedHeight(text string, width float64) float64 {
	w := 0.0
	for _, r := range text {
		if r > 0x2E80 {
			w += 2 // a Chinese character is two width units
		} else {
			w++
		}
	}
	lines := int(w/(width*0.95)) + 1
	return 15 * float64(lines)
}
