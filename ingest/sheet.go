package ingest

import (
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"liushou/rules"
)

// headerSearchRows is how far down a sheet the header may start.
const headerSearchRows = 20

// sheet is one worksheet as a grid of raw cell values, merged ranges filled in.
type sheet struct {
	file, name string
	grid       [][]string
	// isNumber reports whether the cell at (row, col), 0-based, held a number rather
	// than text; it matters for ID numbers that Excel has rounded.
	isNumber func(row, col int) bool
	// plain says isNumber only reads what the scan found: rows may be read concurrently.
	plain bool
	// more gives the rows after grid one at a time, for a sheet read as it streams (nil:
	// grid is every row); parseSheet pulls them as it needs them.
	more func() ([]string, bool)
	// stream is the scan behind more, for a sheet of a workbook read as it streams;
	// rowsHint is how many rows its XML has, counted before it is read.
	stream   *sheetStream
	rowsHint int
	err      error  // the sheet could not be read
	wide     string // the first cell beyond maxColumnsUsed that holds something, if any
	// hiddenRows are the rows (1-based) hidden in the sheet; filtered: by an autofilter
	// (a view, read as any row). hidden: the sheet itself is hidden.
	hiddenRows map[int]bool
	filtered   bool
	hidden     bool
}

// readOptions are what reading a file depends on besides its bytes.
type readOptions struct {
	tmpDir  string
	asOf    time.Time // dates typed without a year are the latest such date not after it
	columns []rules.ColumnOverride
	// sink, if set, takes the children of a visible roster sheet read as it streams, a
	// block of rows at a time, into the run's spill (sheetResult.drafts key them).
	sink *spillSink
}

// sheetResult is what one sheet contributed to the roster.
type sheetResult struct {
	children      []rules.Child
	refs          []childRef
	drafts        []draftKey // the children spilled as they were read (readOptions.sink)
	logs          []logEntry
	problems      []rules.Problem
	notLeftBehind int
	pupils        []pupilRef // the pupils a 学籍 list says are not left behind
	hiddenRead    int        // children read from rows hidden by hand (not by a filter)
	isRoster      bool
	columns       *rules.SheetColumns
	yearless      bool   // a date without a year was read against the as-of date
	title         string // a hidden sheet's first rows, where a title names its term
	// account says what became of each row of the sheet (each part's rows, in parts).
	account rules.SheetAccount
}

// pupilRef is a pupil of a 学籍 list who is not left behind: where, and who.
type pupilRef struct {
	File, Sheet, NameCell   string
	Row                     int
	School, Class, Name, ID string
}

// childRef remembers which columns hold a child's identifying cells, for duplicate
// checks; the row is the child's. (Two cell names a child were 2.7 MB at 4x the county.)
type childRef struct {
	idCol, nameCol int32 // 0-based; -1: none
}

// idCell is the name of the child's ID cell in its row (1-based), or "".
func (r childRef) idCell(row int) string { return cellAt(row, r.idCol) }

// nameCell is the name of the child's name cell in its row (1-based), or "".
func (r childRef) nameCell(row int) string { return cellAt(row, r.nameCol) }

func cellAt(row int, col int32) string {
	if col < 0 || row < 1 {
		return ""
	}
	return axis(row-1, int(col))
}

func axis(row, col int) string {
	name, _ := excelize.CoordinatesToCellName(col+1, row+1)
	return name
}

// parseSheet reads the children of one sheet. Each data row is let go of once read (the
// caller keeps the rows above the header only): a county's cells otherwise stayed whole
// beside the children made of them until the workbook was done. A sheet read as it
// streams (s.more) is pulled only as far as each step needs: the header and the value
// checks look at the first headRows rows, the rows below are read a block at a time.
func parseSheet(s sheet, ro readOptions) sheetResult {
	var res sheetResult
	p := &sheetParser{s: s, res: &res, asOf: ro.asOf}
	p.filled = countFilled(s.grid)
	p.pull(headRows)
	if s.hidden {
		res.title = titleText(p.s.grid)
	}
	p.parse(ro)
	p.pull(p.allRows()) // what a step did not need is still counted
	res.account.Rows = p.filled
	if res.account.Kind == "其他内容" && p.filled == 0 {
		res.account.Kind = "空表"
	}
	return res
}

// headRows is how many rows findHeader and its value checks may look at: the header
// within headerSearchRows (two rows for a two-level one), sampleRows below it.
const headRows = headerSearchRows + 2 + sampleRows

// blockRows is how many rows of a sheet read as it streams are held at once below the
// header: enough for the parts on all cores to be worth starting.
var blockRows = 8192 // a variable for the tests

// allRows is how many rows to pull for all of a sheet: one past the limit, or, for a
// sheet a count found within the limits, every row it has (its row numbers may go past
// the limit: empty rows with a height).
func (p *sheetParser) allRows() int {
	if st := p.s.stream; st != nil && st.counted {
		return math.MaxInt
	}
	return maxSheetRows + 1
}

// pull reads rows from the sheet's stream until the parser holds n rows (or all), and
// counts those that hold something. It reports whether row n-1 exists.
func (p *sheetParser) pull(n int) bool {
	for p.base+len(p.s.grid) < n && p.s.more != nil {
		row, ok := p.s.more()
		if !ok {
			p.s.more = nil
			break
		}
		if rowFilled(row) {
			p.filled++
		}
		p.s.grid = append(p.s.grid, row)
	}
	return p.base+len(p.s.grid) >= n
}

// makeRoom makes room, once, for the children of a sheet still streaming: a child for
// each row its XML has, in the share of rows that hold something among the first
// pulled (rows to, 0-based exclusive), as rows makes it for a whole sheet. Grown block
// by block, a county's children were held twice; made for every row element, a sheet of
// empty rows (a few kilobytes zipped) would have taken tens of megabytes.
func (p *sheetParser) makeRoom(to int) {
	if st := p.s.stream; st != nil {
		to = max(to, st.rr.given+st.rr.empty) // empty rows at the end are never given
	}
	if to <= 0 {
		return
	}
	n := p.s.rowsHint * p.filled / to
	if n > 0 && n <= maxRoom {
		p.res.children = slices.Grow(p.res.children, n)
	}
}

// line is row r (0-based) of the sheet, among those pulled and not dropped.
func (p *sheetParser) line(r int) []string {
	if r < p.base || r >= p.base+len(p.s.grid) {
		return nil
	}
	return p.s.grid[r-p.base]
}

// cell is the value at row r, column c (0-based), or "".
func (p *sheetParser) cell(r, c int) string {
	if row := p.line(r); c >= 0 && c < len(row) {
		return row[c]
	}
	return ""
}

// drop lets go of the rows before row r of a sheet read as it streams, once they are
// more than a block: the slice of rows is then made anew, without them.
func (p *sheetParser) drop(r int) {
	if p.s.more == nil && p.s.stream == nil || r-p.base < blockRows {
		return
	}
	p.s.grid = append([][]string(nil), p.s.grid[r-p.base:]...)
	p.base = r
}

// each calls f for every row from the 0-based row from on, pulling them as it goes,
// and lets go of each row after.
func (p *sheetParser) each(from int, f func(r int)) {
	for r := from; p.pull(r + 1); r++ {
		f(r)
		p.s.grid[r-p.base] = nil
		p.drop(r + 1)
	}
}

// parse reads the sheet below the rows pull has given: the header, then its rows as a
// roster or a log.
func (p *sheetParser) parse(ro readOptions) {
	s, res := p.s, p.res
	res.account.Sheet = s.name
	h := findHeader(s.grid, headerSearchRows, columnOverrides(s.file, ro.columns))
	if h == nil {
		res.account.Kind = "其他内容"
		table := 0
		p.each(0, func(r int) {
			row := p.line(r)
			if rowFilled(row) {
				res.account.Skip(r+1, "没有花名册表头，不是花名册", "")
			}
			if tableRow(row) {
				table++
			}
		})
		if table >= 2 { // a sheet of notes is no roster and no concern
			res.problems = append(res.problems, rules.Problem{File: s.file, Sheet: s.name, Row: 1, Cell: "A1",
				Severity: rules.Warning, Code: "header_not_found",
				Message: fmt.Sprintf("工作表“%s”的前%d行里没有找到花名册表头（至少要有“学生姓名”和另一列，如“班级”“身份证号”“监护人”），已跳过这张表。", s.name, headerSearchRows)})
		}
		return
	}
	p.h = h
	for r := 0; r < h.first+h.rows && r < len(s.grid); r++ {
		if rowFilled(s.grid[r]) {
			reason := "表头"
			if r < h.first {
				reason = "标题"
			}
			res.account.Skip(r+1, reason, "")
		}
	}
	p.duplicateColumns()
	p.misfitColumns()
	if logSheet(s.name, h, s.grid) {
		res.columns = columnMap(s, h, "记录")
		res.account.Kind = res.columns.Kind
		p.sheetContext(false)
		details := entryColumnsOf(h) // who went, how, what was said
		details.describeDetails(res.columns)
		p.each(h.first+h.rows, func(r int) { p.logRow(r, details) })
		return
	}
	if kind := otherLogKind(s.name, h); kind != "" {
		// A log of a kind liushou does not use yet: read and kept, never a roster.
		res.columns = columnMap(s, h, "花名册")
		res.columns.Kind, res.account.Kind = kind, kind
		p.sheetContext(false)
		cols := entryColumnsOf(h)
		cols.describe(res.columns, kind)
		p.each(h.first+h.rows, func(r int) { p.entryRow(r, kind, cols) })
		return
	}
	res.isRoster = true
	res.columns = columnMap(s, h, "花名册")
	res.account.Kind = "花名册"
	p.unrecognisedColumns()
	p.sheetContext(true)
	p.leftBehindCodes()
	// A visible sheet read as it streams goes to the spill a block at a time: its children
	// are never all in memory. (A hidden sheet waits: whether it is an old list is decided
	// once the visible ones are read.)
	sink := ro.sink
	if s.stream == nil || s.hidden {
		sink = nil
	}
	for from := h.first + h.rows; ; {
		p.pull(from + blockRows)
		to := p.base + len(p.s.grid)
		if from >= to {
			break
		}
		if from == h.first+h.rows && s.stream != nil && sink == nil {
			p.makeRoom(to)
		}
		p.rows(from, to)
		if sink != nil {
			for i := range res.children {
				res.drafts = append(res.drafts, sink.add(&res.children[i], res.refs[i]))
			}
			clear(res.children)
			res.children, res.refs = res.children[:0], res.refs[:0]
		}
		if st := s.stream; st != nil {
			st.forget(to)
		}
		p.drop(to)
		from = to
	}
	if n := res.hiddenRead; n > 0 {
		res.problems = append(res.problems, rules.Problem{File: s.file, Sheet: s.name, Row: h.first + 1, Cell: "A" + fmt.Sprint(h.first+1),
			Severity: rules.Warning, Code: "hidden_rows",
			Message: fmt.Sprintf("这张表有 %d 名学生在隐藏的行里，已照常计入。如果他们已经不在校，请加一列“在校状态”写明转出、离校或毕业，或删除这些行。", n)})
	}
}

// maxRoom is how many children a sheet is given room for before it is read (a variable
// for the tests).
var maxRoom = 1 << 16

// filledRows counts the rows that hold cells.
func filledRows(grid [][]string) int {
	n := 0
	for _, row := range grid {
		if len(row) > 0 {
			n++
		}
	}
	return n
}

// logKinds name the logs schools keep about children besides visits and calls.
var logKinds = []struct {
	words []string
	kind  string
}{
	{[]string{"谈心", "谈话", "心理辅导", "心理咨询", "个案"}, "谈心记录"},
	{[]string{"体检", "健康检查", "健康档案"}, "体检记录"},
	{[]string{"培训", "家长学校", "家长会"}, "培训记录"},
	{[]string{"回执"}, "回执登记"},
}

// otherLogKind says which kind of log a sheet is when its name or its columns name one
// (谈心记录, 体检记录, 培训记录, 回执登记) and it has a date column: "" for none.
func otherLogKind(name string, h *header) string {
	dated := false
	text := name
	for _, l := range h.labels {
		n := normLabel(l)
		dated = dated || has(n, "日期", "时间")
		text += " " + n
	}
	if !dated {
		return ""
	}
	for _, k := range logKinds {
		if has(name, k.words...) {
			return k.kind
		}
	}
	for _, k := range logKinds {
		for _, l := range h.labels {
			if n := normLabel(l); has(n, k.words...) && has(n, "日期", "时间") {
				return k.kind
			}
		}
	}
	return ""
}

// entryColumns are where a log keeps its date, who, how, what (every column of what was
// said or answered), and (a reply slip's) the new address and phone: -1 for none.
type entryColumns struct {
	date, by, how int
	texts         []int
	address       int
	phone         int
}

// textAt joins the row's texts: 家访内容 and 家长反馈 are both what the visit found.
func (e entryColumns) textAt(row []string) string {
	var parts []string
	for _, c := range e.texts {
		v := ""
		if c >= 0 && c < len(row) {
			v = strings.TrimSpace(row[c])
		}
		if !emptyValue(v) {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, "，")
}

// describeDetails names, in a visit or call log's column map, the columns read beyond
// its dates (who, how, what was said): the header's words may have named others.
func (e entryColumns) describeDetails(sc *rules.SheetColumns) {
	roles := e.roles("记录人", false)
	for i, col := range sc.Columns {
		if role, ok := roles[col.Col]; ok {
			sc.Columns[i].Role = role
			continue
		}
		switch col.Role {
		case fieldNames[fVisitBy], fieldNames[fVisitHow], fieldNames[fVisitText], fieldNames[fVisitReply], fieldNames[fCallText]:
			sc.Columns[i].Role = ""
		}
	}
}

// roles names the columns read, by column letter: who (as by), how, what was said, and
// with whole the date and a reply's new address and phone.
func (e entryColumns) roles(by string, whole bool) map[string]string {
	cols := map[int]string{e.by: by, e.how: "形式"}
	if whole {
		cols[e.date], cols[e.address], cols[e.phone] = "日期", "新的务工地址", "新的联系电话"
	}
	roles := map[string]string{}
	for c, role := range cols {
		if c >= 0 {
			roles[colName(c)] = role
		}
	}
	for _, c := range e.texts {
		roles[colName(c)] = "内容"
	}
	return roles
}

// describe gives the column map what each entry column is read as; the entry's other
// columns (a reply's address, which the header's words take for a parent's work place)
// keep only what entryRow reads.
func (e entryColumns) describe(sc *rules.SheetColumns, kind string) {
	by := "记录人"
	if kind == "回执登记" {
		by = "与学生关系"
	}
	roles := e.roles(by, true)
	for i, col := range sc.Columns {
		switch role, ok := roles[col.Col]; {
		case ok:
			sc.Columns[i].Role = role
		case col.Role != "班级" && col.Role != "学生姓名" && col.Role != "身份证号" && col.Role != "学校":
			sc.Columns[i].Role = ""
		}
	}
}

// entryColumnsOf finds them by their headers: the first dated column, a teacher's or
// doctor's, the content (内容, 情况, 意见, 反馈), and a reply's address and phone.
func entryColumnsOf(h *header) entryColumns {
	c := entryColumns{date: -1, by: -1, how: -1, address: -1, phone: -1}
	first := func(at *int, i int) {
		if *at < 0 {
			*at = i
		}
	}
	for i, l := range h.labels {
		n := normLabel(l)
		switch {
		case n == "":
		case has(n, "日期", "时间"):
			first(&c.date, i)
		case has(n, "教师", "老师", "医生", "主讲", "谈话人", "负责人", "记录人", "经办人", "家访人", "关系", "回执人", "填写人"):
			first(&c.by, i)
		case has(n, "形式", "方式") && !has(n, "联系方式"):
			first(&c.how, i)
		case has(n, "地址", "住址"):
			first(&c.address, i)
		case has(n, "电话", "手机", "联系方式"):
			first(&c.phone, i)
		case has(n, "内容", "情况", "意见", "反馈", "结果", "结论", "记录", "备注"):
			c.texts = append(c.texts, i)
		}
	}
	return c
}

// entryRow reads one row of a log of another kind (谈心记录, 体检记录, 培训记录,
// 回执登记) into an entry for its child.
func (p *sheetParser) entryRow(r int, kind string, cols entryColumns) {
	if p.notContent(r) {
		return
	}
	name, nameCol, _ := p.get(r, fName)
	name = cleanName(name)
	id, _, _ := p.get(r, fID)
	id = strings.ToUpper(strings.Join(strings.Fields(narrow(id)), ""))
	if name == "" && id == "" {
		p.problem(r, nameCol, rules.Warning, "log_no_child", "这条记录没有学生姓名或身份证号，没有计入。")
		p.skip(r, "记录没有学生姓名或身份证号", axis(r, nameCol))
		return
	}
	at := func(c int) string {
		if c < 0 {
			return ""
		}
		return strings.TrimSpace(p.cell(r, c))
	}
	v := at(cols.date)
	if cols.date < 0 || emptyValue(v) {
		p.problem(r, nameCol, rules.Warning, "log_no_date", "这条记录没有填写日期，没有计入。")
		p.skip(r, "记录没有日期", "")
		return
	}
	d := rules.Date{Cell: axis(r, cols.date), Raw: v, File: p.s.file, Sheet: p.s.name}
	t, year, err := parseDateAsOf(v, p.asOf)
	if err != nil {
		p.problem(r, cols.date, rules.Error, err.(*dateError).code, "记录日期"+err.Error()+"这条记录没有计入。")
		p.skip(r, "记录的日期无法识别", d.Cell)
		return
	}
	if year != 0 {
		p.res.yearless = true
	}
	d.Time = t
	e := logEntry{kind: kind, file: p.s.file, sheet: p.s.name, row: r + 1, nameCell: axis(r, nameCol), name: name, id: id, date: d}
	e.school, e.class, _ = p.rowSchoolClass(r)
	e.entry = rules.Entry{Kind: kind, Date: d, By: at(cols.by), How: at(cols.how), Text: cols.textAt(p.line(r)), Address: at(cols.address)}
	if ph := at(cols.phone); !emptyValue(ph) {
		n, ok := normalisePhone(ph)
		if !ok {
			p.problem(r, cols.phone, rules.Error, "phone_invalid",
				fmt.Sprintf("电话“%s”不是有效的手机号（11位，1开头）或固定电话（如 0577-65123456），这个电话没有用上，请核对后改正。", echo(ph)))
		} else {
			e.entry.Phone = n
		}
	}
	p.res.logs = append(p.res.logs, e)
	p.res.account.Logs++
}

// countFilled counts the rows that hold something other than blanks: the rows the
// account must give a fate to.
func countFilled(grid [][]string) int {
	n := 0
	for _, row := range grid {
		if rowFilled(row) {
			n++
		}
	}
	return n
}

func rowFilled(row []string) bool {
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

// skip records row r (0-based) as not counted, for reason.
func (p *sheetParser) skip(r int, reason, cell string) {
	p.res.account.Skip(r+1, reason, cell)
}

// rows reads the children of rows [from, to). A county's sheet of ten thousand rows is
// read in parts on all cores: a row's reading depends on the header and the sheet, never
// on another row, and the parts are put back together in order.
func (p *sheetParser) rows(from, to int) {
	// Room for a child per row that holds something, made once: a child is some 800
	// bytes, and a county's children grown by appending, then put together, cost a third
	// of reading its roster. Each part fills its own stretch of that room; the stretches
	// are then moved together. A sheet of more rows than any school has (a broken or
	// hostile file's) is not given room ahead: its rows take memory only as they turn out
	// to be children (maxRoom).
	filled := filledRows(p.s.grid[from-p.base : to-p.base])
	roomy := filled <= maxRoom
	if roomy {
		p.res.children = slices.Grow(p.res.children, filled)
	}
	parts := min(runtime.GOMAXPROCS(0), (to-from)/2000)
	if parts < 2 || !p.s.plain {
		for r := from; r < to; r++ {
			p.row(r)
			p.s.grid[r-p.base] = nil // read: what a child keeps of it is its own
		}
		return
	}
	start := len(p.res.children)
	room := p.res.children[:cap(p.res.children)]
	results := make([]sheetResult, parts)
	var wg sync.WaitGroup
	at := start
	for i := range results {
		lo, hi := from+(to-from)*i/parts, from+(to-from)*(i+1)/parts
		if roomy {
			n := filledRows(p.s.grid[lo-p.base : hi-p.base])
			// At most a child per row: the stretch is never outgrown.
			results[i].children = room[at:at:min(at+n, len(room))]
			at += n
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := *p
			q.res = &results[i]
			for r := lo; r < hi; r++ {
				q.row(r)
				q.s.grid[r-q.base] = nil
			}
		}()
	}
	wg.Wait()
	if !roomy {
		n := 0
		for _, part := range results {
			n += len(part.children)
		}
		p.res.children = slices.Grow(p.res.children, n)
	}
	for _, part := range results {
		p.res.children = append(p.res.children, part.children...) // with room: in place
		p.res.refs = append(p.res.refs, part.refs...)
		p.res.problems = append(p.res.problems, part.problems...)
		p.res.notLeftBehind += part.notLeftBehind
		p.res.pupils = append(p.res.pupils, part.pupils...)
		p.res.hiddenRead += part.hiddenRead
		p.res.yearless = p.res.yearless || part.yearless
		p.res.account.Children += part.account.Children
		p.res.account.Skipped = append(p.res.account.Skipped, part.account.Skipped...)
	}
}

// columnMap says what each column of a sheet was read as, for people to check.
func columnMap(s sheet, h *header, kind string) *rules.SheetColumns {
	if kind == "记录" {
		kind = "家访记录"
		if _, visit := h.cols[fVisit]; !visit {
			kind = "通话记录"
		} else if _, call := h.cols[fCall]; call {
			kind = "家访和通话记录"
		}
	}
	sc := &rules.SheetColumns{File: s.file, Sheet: s.name, HeaderRow: h.first + 1, Kind: kind}
	used := map[int]field{}
	for f, c := range h.cols {
		used[c] = f
	}
	for _, c := range h.signs {
		used[c] = fSign
	}
	dupOf := map[int]int{}
	more := map[int]bool{} // a visit's or call's further date columns
	for f, cs := range h.dupes {
		for _, c := range cs {
			if f == fVisit || f == fCall {
				// Every visit and call date column is read, the first no more the last
				// visit than the others.
				used[c], more[c], more[h.cols[f]] = f, true, true
				continue
			}
			dupOf[c] = h.cols[f]
		}
	}
	for c, col := range h.columns {
		if strings.TrimSpace(col.label) == "" {
			continue
		}
		out := rules.Column{Col: colName(c), Header: cleanText(col.label)}
		f, ok := used[c]
		switch {
		case c == h.seq:
			out.Role = "序号"
		case ok && (kind != "花名册" || more[c]) && (f == fVisit || f == fCall):
			out.Role = map[field]string{fVisit: "家访日期", fCall: "通话日期"}[f]
		case ok:
			out.Role = fieldNames[f]
		case col.member > 0:
			out.Role = fmt.Sprintf("家庭成员%d%s", col.member, col.part)
		case col.note != "":
			out.Note = col.note
		}
		if first, dup := dupOf[c]; dup {
			out.Note = fmt.Sprintf("与 %s 列意思相同，只读了 %s 列", colName(first), colName(first))
		}
		if col.override {
			if out.Note != "" {
				out.Note += "；"
			}
			out.Note += "按 liushou.toml 的 [columns] 设置"
		}
		sc.Columns = append(sc.Columns, out)
	}
	return sc
}

// misfitColumns warns about columns whose header names a field but whose values do not
// fit it: the column is not read, and the warning says how to read it anyway.
func (p *sheetParser) misfitColumns() {
	for c, col := range p.h.columns {
		if col.note == "" || col.f == fIgnored || col.f == fNone {
			continue
		}
		p.problem(p.h.first, c, rules.Warning, "header_values",
			fmt.Sprintf("表头“%s”看起来是一列%s，但%s，所以没有按%s读取。如果 liushou 判断错了，请在 liushou.toml 的 [columns] 里写明这一列是什么，如 \"%s\" = \"%s\"。",
				echo(col.label), fieldNames[col.f], col.note, fieldNames[col.f], echo(col.label), fieldNames[col.f]))
	}
}

type sheetParser struct {
	s   sheet
	h   *header
	res *sheetResult

	school, class string // from the title rows or the sheet name
	grade         string // a grade the sheet, its title, file or folder names alone (七年级)
	lbSystem      int    // 0: codes 0/1/2; 1: codes 1/2/3; see leftBehind
	filled        int    // rows that hold something, of those pulled so far
	// base is the sheet row (0-based) of s.grid[0]: rows read are dropped from the front
	// of a sheet read as it streams (see drop), so that it is held a block at a time.
	base int
	asOf time.Time
}

func (p *sheetParser) problem(row, col int, sev rules.Severity, code, msg string) {
	p.res.problems = append(p.res.problems, rules.Problem{File: p.s.file, Sheet: p.s.name, Row: row + 1,
		Cell: axis(row, col), Severity: sev, Code: code, Message: msg})
}

func (p *sheetParser) get(r int, f field) (string, int, bool) {
	c, ok := p.h.col(f)
	if !ok {
		return "", -1, false
	}
	return strings.TrimSpace(p.cell(r, c)), c, true
}

// sheetContext takes the school and class that the title rows and sheet name give,
// for rosters that have no such columns (one sheet per class). A roster sheet that gives
// no class at all is reported.
func (p *sheetParser) sheetContext(roster bool) {
	if c, ok := rules.ClassInText(p.s.name); ok {
		p.class = c
	} else if c, ok := rules.CanonicalClass(p.s.name); ok {
		p.class = c
	}
	var titles []string
	for r := 0; r < p.h.first; r++ {
		for _, v := range p.line(r) {
			if p.school == "" {
				p.school = rules.SchoolInText(v)
			}
			titles = append(titles, v)
		}
	}
	// Where a clerk writes the class when the rows do not: the sheet's name, its title,
	// the file's name, the folders it is in (the nearest first).
	places := append([]string{p.s.name}, titles...)
	places = append(places, fileContext(p.s.file)...)
	if p.school == "" {
		for _, v := range fileContext(p.s.file) {
			if p.school = rules.SchoolInText(v); p.school != "" {
				break // 青石镇中心小学/花名册.xlsx: the school the folder is named for
			}
		}
	}
	for _, v := range places {
		if p.class == "" {
			if c, ok := rules.ClassInText(v); ok {
				p.class = c
			}
		}
		if p.grade == "" {
			if g, ok := rules.GradeInText(v); ok {
				p.grade = g
			}
		}
	}
	if p.class == "" && p.grade != "" {
		// 五年级/3班.xlsx: the grade in one place, the class number in another.
		for _, v := range places {
			if m := classNumber.FindString(narrow(v)); m != "" {
				if c, ok := rules.ClassFromGrade(p.grade, m); ok {
					p.class = c
					break
				}
			}
		}
	}
	_, hasClass := p.h.col(fClass)
	if roster && !hasClass && p.class == "" {
		p.problem(p.h.first, 0, rules.Error, "missing_class_column",
			fmt.Sprintf("工作表“%s”没有“班级”列，表名和标题里也看不出班级。请加一列“班级”，或把工作表改名为班级名，如“三年级2班”。", p.s.name))
	}
}

// classNumber finds a class number written alone: 3班, (3)班, 三班.
var classNumber = regexp.MustCompile(`\(?([0-9]{1,2}|[一二三四五六七八九十]{1,3})\)?班`)

// fileContext is the name of a roster's file without its extension, then its folders,
// nearest first: 三年级二班留守儿童.xlsx, 七年级/2班.xlsx.
func fileContext(label string) []string {
	parts := strings.Split(label, "/")
	out := []string{strings.TrimSuffix(parts[len(parts)-1], filepath.Ext(parts[len(parts)-1]))}
	for i := len(parts) - 2; i >= 0; i-- {
		out = append(out, parts[i])
	}
	return out
}

// importantWords mark a header that should have been understood: a column about phones,
// dates, visits or the family that liushou does not read is worth a warning.
var importantWords = []string{"电话", "手机", "联系", "日期", "时间", "家访", "通话", "身份证", "姓名", "监护", "父", "母", "家长", "班", "必访", "务工", "教师", "老师"}

// unrecognisedColumns warns about header cells that look important but match no field.
func (p *sheetParser) unrecognisedColumns() {
	for c, col := range p.h.columns {
		label := col.label
		if label == "" || col.f != fNone || col.member > 0 || col.override || c == p.h.seq || !has(normLabel(label), importantWords...) {
			continue
		}
		p.problem(p.h.first, c, rules.Warning, "header_unrecognised",
			fmt.Sprintf("表头“%s”看起来有用，但 liushou 不认识，这一列没有读取。如果它是家访、通话日期或家长信息，请改用常见写法，如“最近家访日期”“父亲联系电话”。", echo(label)))
	}
}

// duplicateColumns warns when two columns mean the same thing: only the first is read.
func (p *sheetParser) duplicateColumns() {
	for f := fNone; f < fieldCount; f++ {
		first, ok := p.h.cols[f]
		if !ok || f == fVisit || f == fCall {
			continue // every visit and call date column is read (期初家访, 期中家访 …)
		}
		for _, c := range p.h.dupes[f] {
			p.problem(p.h.first, c, rules.Warning, "header_duplicate",
				fmt.Sprintf("“%s”列和 %s 列“%s”都是%s，只读取了前一列。如果两列都有用，请把这一列的表头写得更明确。",
					echo(p.h.labels[c]), colName(first), echo(p.h.labels[first]), fieldNames[f]))
		}
	}
}

func colName(c int) string {
	n, _ := excelize.ColumnNumberToName(c + 1)
	return n
}

// leftBehindCodes decides how a 学籍 export codes 是否留守儿童 when it uses numbers:
// one system writes 0/1/2 (0 = not left behind), another 1/2/3 (1 = not left behind).
func (p *sheetParser) leftBehindCodes() {
	c, ok := p.h.col(fLeftBehind)
	if !ok {
		return
	}
	seen := map[string]bool{}
	for r := p.h.first + p.h.rows; ; r++ {
		if r == p.base+len(p.s.grid) && !seen["0"] {
			// The whole column says which: a sheet read as it streams is read whole
			// first, unless a 0 has said it already.
			p.pull(p.allRows())
		}
		if r >= p.base+len(p.s.grid) {
			break
		}
		seen[strings.TrimSpace(narrow(p.cell(r, c)))] = true
	}
	if !seen["0"] && seen["3"] {
		p.lbSystem = 1
	}
}

// leftBehind reads the 是否留守儿童 cell (0-based row r, column col). Only a clear "no"
// sets a pupil aside; a value that is neither a clear yes nor a clear no keeps the child,
// with a warning that names the cell: a guess must never drop a child.
func (p *sheetParser) leftBehind(r, col int, v string) bool {
	yes, known := leftBehindValue(v, p.lbSystem)
	if !known {
		p.problem(r, col, rules.Warning, "left_behind_unclear",
			fmt.Sprintf("“是否留守儿童”一栏写的是“%s”，看不出是不是留守儿童，已按留守儿童读取。如果不是，请改成“否”；是的话可以写“是”。", echo(cleanText(v))))
		return true
	}
	return yes
}

// leftBehindValue reads a 是否留守 value: codes (1/0, 2/1 in the other system), marks
// (√/×), words (是/否, 双留守/单留守, 父母均外出, 非留守). known is false for anything else.
func leftBehindValue(v string, system int) (yes, known bool) {
	v = strings.ReplaceAll(strings.TrimSpace(narrow(v)), " ", "")
	switch v {
	case "":
		return true, true // a roster of left-behind children leaves the column blank
	case "0":
		return false, system == 0
	case "1":
		return system == 0, true
	case "2":
		return true, true
	case "3":
		return true, system == 1
	case "√", "✓", "✔", "☑", "Y", "y", "YES", "Yes", "yes", "是", "有", "留守", "留守儿童":
		return true, true
	case "×", "✗", "✘", "X", "x", "N", "n", "NO", "No", "no", "否", "无", "不是", "非", "非留守", "非留守儿童", "不是留守儿童":
		return false, true
	}
	switch {
	case has(v, "非留守", "不是留守", "不属于", "否"):
		return false, true
	case has(v, "父母在家", "父母均在家", "父母都在家"):
		return false, true
	case has(v, "留守", "外出", "务工", "在外", "打工", "不在身边"):
		return true, true
	}
	return true, false
}

// notAName says why a name cell does not hold a person's name (a header word or label,
// a date or number, a class or school name), or "".
func notAName(name string) string {
	n := narrow(name)
	switch {
	case strings.ContainsAny(n, "0123456789") && validDate(n):
		return "是一个日期"
	case strings.Trim(n, "0123456789.-/ ") == "":
		return "是一个数字"
	case classify(n) != fNone:
		return "是一个表头"
	case has(n, "年级", "小学", "中学", "学校", "名单", "花名册"):
		return "像是标题或学校、班级的名称"
	}
	if _, ok := rules.CanonicalClass(n); ok {
		return "是一个班级"
	}
	return ""
}

func validDate(s string) bool {
	_, err := parseDate(s)
	return err == nil
}

// notCurrent reads a status (在校状态) value: the status of a pupil who is no longer at
// the school (转出, 离校, 休学, 毕业, 辍学 …), or "" for a current one (在校, 在读, 正常) and
// anything else.
func notCurrent(v string) string {
	v = strings.ReplaceAll(strings.TrimSpace(narrow(v)), " ", "")
	if has(v, "在校", "在读", "正常", "复学", "转入", "插班") {
		return ""
	}
	for _, w := range []string{"转出", "转学", "已转", "离校", "休学", "毕业", "辍学", "退学", "流失", "死亡", "已故", "失学"} {
		if strings.Contains(v, w) && !has(v, "倾向", "可能", "想", "担心", "风险") {
			return v
		}
	}
	return ""
}

// statusInRow finds a status written in a cell of its own where the roster has no status
// column (a 备注 of "已转出"): a short cell that is only the status. "" when none.
func (p *sheetParser) statusInRow(r int) (string, int) {
	nameCol, _ := p.h.col(fName)
	for c, v := range p.line(r) {
		if c == nameCol {
			continue
		}
		v = strings.TrimSpace(v)
		if n := len([]rune(v)); n == 0 || n > 6 {
			continue
		}
		w := strings.TrimSuffix(strings.TrimPrefix(narrow(v), "已"), "。")
		switch w {
		case "转出", "转学", "离校", "休学", "毕业", "辍学", "退学", "转走", "已转出":
			return echo(v), c
		}
	}
	return "", -1
}

// notChildPrefixes start the rows that are not children; values are compared after
// full-width folding, so only ASCII colons are needed.
var notChildPrefixes = []string{"合计", "小计", "总计", "共计", "填表", "填报", "审核", "制表", "负责人", "单位负责人", "校长", "备注:", "说明", "注:", "签名", "签字", "联系人:",
	"班主任:", "班主任签", "日期:", "统计日期", "报送日期", "学校(盖章)", "(盖章)", "盖章", "经办人", "分管领导"}

// notChild reports rows that are not children: totals, footers, signature lines and
// notes merged across the row.
func notChild(row []string) bool { return notChildReason(row) != "" }

// notChildReason says why a row is not a child (合计行, 落款, 说明), or "".
func notChildReason(row []string) string {
	var first string // the first text of the row
	texts, same := 0, true
	for _, v := range row {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		n := strings.ReplaceAll(narrow(v), " ", "")
		for i, pre := range notChildPrefixes {
			if strings.HasPrefix(n, pre) {
				if i < 4 {
					return "合计行"
				}
				return "落款或说明：" + pre + "…"
			}
		}
		if texts++; texts == 1 {
			first = v
		} else if v != first {
			same = false
		}
	}
	if texts >= 2 && same && utf8.RuneCountInString(first) > 8 { // a note merged over the whole row
		return "整行的说明文字"
	}
	return ""
}

func blankRow(row []string, except int) bool {
	for c, v := range row {
		if c != except && strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// tableRow reports whether a row looks like a table's: three or more filled cells.
func tableRow(row []string) bool {
	filled := 0
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			filled++
		}
	}
	return filled >= 3
}

// emptyValue reports the marks teachers use for "nothing here": 无, —, /, 不详.
func emptyValue(s string) bool {
	switch strings.TrimSpace(narrow(s)) {
	case "", "无", "-", "--", "—", "——", "/", "\\", "不详", "空", "暂无", "没有":
		return true
	}
	return false
}

// notContent accounts for a row that holds no entry: empty (not a row at all), only a
// sequence number, a total, a footer or a note across the row. It reports whether the row
// was such a one.
func (p *sheetParser) notContent(r int) bool {
	row := p.line(r)
	switch {
	case !rowFilled(row):
		return true
	case blankRow(row, p.h.seq):
		p.skip(r, "空行：只有序号", "")
		return true
	}
	if why := notChildReason(row); why != "" {
		p.skip(r, why, "")
		return true
	}
	return false
}

func (p *sheetParser) row(r int) {
	if p.notContent(r) {
		return
	}
	rawName, nameCol, _ := p.get(r, fName)
	name := cleanName(rawName)
	if name == "" {
		p.problem(r, nameCol, rules.Error, "missing_name",
			"这一行填了内容，但没有学生姓名，没有当作学生处理。请补上姓名，不用的行请整行删除。")
		p.skip(r, "没有学生姓名", axis(r, nameCol))
		return
	}
	statusGiven := false
	if v, col, ok := p.get(r, fStatus); ok && !emptyValue(v) {
		statusGiven = true
		if gone := notCurrent(v); gone != "" {
			p.skip(r, fmt.Sprintf("不在校：%s列写的是“%s”", colName(col), echo(cleanText(v))), axis(r, col))
			return
		}
	} else if gone, col := p.statusInRow(r); gone != "" {
		p.skip(r, fmt.Sprintf("不在校：%s 格写的是“%s”", axis(r, col), gone), axis(r, col))
		return
	}
	// Rows hidden by an autofilter are a view; rows hidden by hand with no status said
	// are read, and counted in a warning.
	if p.s.hiddenRows[r+1] && !p.s.filtered && !statusGiven {
		p.res.hiddenRead++
	}
	if why := notAName(name); why != "" {
		p.problem(r, nameCol, rules.Warning, "not_a_name",
			fmt.Sprintf("姓名一栏写的是“%s”，%s，这一行没有当作学生。如果这是学生，请在这一格只写学生的姓名。", echo(name), why))
		p.skip(r, "姓名格不是人名：“"+echo(name)+"”", axis(r, nameCol))
		return
	}
	if v, col, ok := p.get(r, fLeftBehind); ok && !p.leftBehind(r, col, v) {
		p.res.notLeftBehind++
		// A pupil of a 学籍 list, kept to check the school's rosters against.
		school, class, _ := p.rowSchoolClass(r)
		id, _, _ := p.get(r, fID)
		p.res.pupils = append(p.res.pupils, pupilRef{File: p.s.file, Sheet: p.s.name, Row: r + 1, NameCell: axis(r, nameCol),
			School: school, Class: class, Name: name, ID: strings.ToUpper(strings.Join(strings.Fields(narrow(id)), ""))})
		p.skip(r, fmt.Sprintf("不是留守儿童：%s列写的是“%s”", colName(col), echo(cleanText(v))), axis(r, col))
		return
	}
	c := rules.Child{File: p.s.file, Sheet: p.s.name, Row: r + 1, Name: name}
	p.checkPrintable(r, fName, name)
	c.School, c.Class = p.schoolAndClass(r)

	ref := childRef{idCol: -1, nameCol: int32(nameCol)}
	if raw, col, ok := p.get(r, fID); ok {
		ref.idCol = int32(col)
		p.id(r, col, raw, &c)
	}
	if g, _, ok := p.get(r, fGender); ok {
		g = strings.TrimSpace(narrow(g))
		switch g {
		case "男", "女":
			c.Gender = g
		}
	}
	p.crossCheck(r, &c)

	c.Guardian = p.text(r, fGuardian, true)
	c.GuardianRelation = p.text(r, fRelation, true)
	var extra []phoneEntry
	c.GuardianPhone, extra = p.phones(r, fGuardianPhone, "监护人")
	c.Address = p.text(r, fAddress, true)
	parentWork := p.text(r, fParentWork, true)
	fatherPhone, e1 := p.phones(r, fFatherPhone, "父亲")
	motherPhone, e2 := p.phones(r, fMotherPhone, "母亲")
	extra = append(append(extra, e1...), e2...)
	c.Father = rules.Parent{Name: cleanName(p.text(r, fFatherName, true)), WorkPlace: p.text(r, fFatherWork, true), Phone: fatherPhone}
	c.Mother = rules.Parent{Name: cleanName(p.text(r, fMotherName, true)), WorkPlace: p.text(r, fMotherWork, true), Phone: motherPhone}
	if parentWork != "" {
		if c.Father.WorkPlace == "" {
			c.Father.WorkPlace = parentWork
		}
		if c.Mother.WorkPlace == "" && c.Mother.Name != "" {
			c.Mother.WorkPlace = parentWork
		}
	}
	parentPostcode := p.postcode(r, fParentPostcode)
	c.Father.Postcode, c.Mother.Postcode = p.postcode(r, fFatherPostcode), p.postcode(r, fMotherPostcode)
	if c.Father.Postcode == "" {
		c.Father.Postcode = parentPostcode
	}
	if c.Mother.Postcode == "" {
		c.Mother.Postcode = parentPostcode
	}
	parentPhone, e3 := p.phones(r, fParentPhone, "家长")
	c.Parent = rules.Parent{Name: cleanName(p.text(r, fParentName, true)), Phone: parentPhone}
	givePhones(&c, append(extra, e3...))
	if c.Parent.Name != "" || c.Parent.Phone != "" {
		c.Parent.WorkPlace = parentWork
		c.Parent.Postcode = parentPostcode
	}
	p.members(r, &c)
	c.Teacher = p.text(r, fTeacher, true)
	c.ClassTeacher = rules.Contact{Name: cleanName(p.text(r, fClassTeacher, true)), Phone: p.phone(r, fClassTeacherPhone, "班主任")}
	c.LastVisit = p.date(r, fVisit, "最近家访日期")
	c.LastCall = p.date(r, fCall, "最近通话日期")
	p.visitDetails(r, &c)
	c.SignDate = p.date(r, fSignDate, "情况登记日期")
	p.readPlain(r, &c)
	p.careText(r, &c)
	p.signs(r, &c)
	p.res.children = append(p.res.children, c)
	p.res.refs = append(p.res.refs, ref)
	p.res.account.Children++
}

// visitDetails reads what the roster says of visits and calls beyond the last date: the
// other date columns (期初家访, 期中家访, 期末家访: each a visit of its own), and who went,
// how, what was said and what the parents answered, kept as entries of the care record
// on the latest date the roster gives.
func (p *sheetParser) visitDetails(r int, c *rules.Child) {
	for _, k := range []struct {
		f          field
		kind, what string
		last       *rules.Date
		log        *[]rules.Date
		by, how    field
		text       []field
	}{
		{fVisit, "家访记录", "家访日期", &c.LastVisit, &c.VisitLog, fVisitBy, fVisitHow, []field{fVisitText, fVisitReply}},
		{fCall, "通话记录", "通话日期", &c.LastCall, &c.CallLog, fNone, fNone, []field{fCallText}},
	} {
		first, ok := p.h.col(k.f)
		if !ok || len(p.h.dupes[k.f]) == 0 && !p.h.any(k.by, k.how) && !p.h.any(k.text...) {
			continue // one date column and nothing said of it: the date is all there is
		}
		cols := append([]int{first}, p.h.dupes[k.f]...)
		dates := make([]rules.Date, len(cols))
		latest := -1
		for i, col := range cols {
			d := *k.last
			if i > 0 {
				d = p.dateAt(r, col, strings.TrimSpace(p.cell(r, col)), k.what)
				if !d.IsZero() {
					*k.log = append(*k.log, d)
				}
			}
			dates[i] = d
			if !d.IsZero() && (latest < 0 || d.Time.After(dates[latest].Time)) {
				latest = i
			}
		}
		var text []string
		for _, f := range k.text {
			if v := p.text(r, f, false); v != "" {
				if f == fVisitReply {
					v = "家长：" + v
				}
				text = append(text, v)
			}
		}
		by, how := p.text(r, k.by, false), p.text(r, k.how, false)
		for i, d := range dates {
			e := rules.Entry{Kind: k.kind, Date: d}
			if len(cols) > 1 {
				e.Text = cleanText(p.h.labels[cols[i]]) // 期中家访: which of the term's visits
			}
			if i == latest {
				e.By, e.How = by, how
				parts := text
				if e.Text != "" {
					parts = append([]string{e.Text}, text...)
				}
				e.Text = strings.Join(parts, "，")
			}
			if !d.IsZero() && (e.By != "" || e.How != "" || e.Text != "") {
				c.Entries = append(c.Entries, e)
			}
		}
	}
}

// signs gathers the free text of every column where must-visit signs may be written
// (必访情况, 近期情况, 备注 …): the policy decides which signs it names.
func (p *sheetParser) signs(r int, c *rules.Child) {
	var texts []string
	for _, col := range p.h.signs {
		v := strings.TrimSpace(p.cell(r, col))
		if emptyValue(v) {
			continue
		}
		if c.SignCell == "" {
			c.SignCell = axis(r, col)
		}
		texts = append(texts, cleanText(v))
	}
	c.SignText = strings.Join(texts, "；")
}

// members reads the family members of a 学籍 export (成员1姓名, 成员1关系, 成员1联系电话,
// 成员1是否监护人): father or mother by 关系, and the guardian is the member marked 是.
func (p *sheetParser) members(r int, c *rules.Child) {
	nums := make([]int, 0, len(p.h.members))
	for n := range p.h.members {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	at := func(col int) string {
		if col < 0 {
			return ""
		}
		v := strings.TrimSpace(p.cell(r, col))
		if emptyValue(v) {
			return ""
		}
		return cleanText(v)
	}
	for _, n := range nums {
		m := p.h.members[n]
		name, rel := cleanName(at(m.name)), at(m.relation)
		phone := ""
		if v := at(m.phone); v != "" {
			var ok bool
			if phone, ok = normalisePhone(v); !ok {
				p.problem(r, m.phone, rules.Error, "phone_invalid",
					fmt.Sprintf("家庭成员%d（%s）的电话“%s”不是有效的手机号（11位，1开头）或固定电话（如 0577-65123456），请核对后改正。", n, echo(rel), echo(v)))
			}
		}
		if name == "" && phone == "" {
			continue
		}
		person := rules.Parent{Name: name, Phone: phone, WorkPlace: at(m.work)}
		switch relationOf(rel) {
		case "父亲":
			if c.Father.Name == "" && c.Father.Phone == "" {
				c.Father = person
			}
		case "母亲":
			if c.Mother.Name == "" && c.Mother.Phone == "" {
				c.Mother = person
			}
		}
		if yes(at(m.guardian)) && c.Guardian == "" {
			c.Guardian, c.GuardianRelation, c.GuardianPhone = name, rel, phone
		}
	}
}

// relationOf reads a 关系 cell: 父亲 or 母亲, else "".
func relationOf(s string) string {
	switch strings.TrimSpace(narrow(s)) {
	case "父亲", "父", "爸爸", "父子", "父女":
		return "父亲"
	case "母亲", "母", "妈妈", "母子", "母女":
		return "母亲"
	}
	return ""
}

// yes reads a 是/否 cell.
func yes(s string) bool {
	switch strings.TrimSpace(narrow(s)) {
	case "是", "√", "Y", "y", "1", "监护人":
		return true
	}
	return false
}

// rowSchoolClass reads the school and canonical class that a row gives, falling back to
// those of the sheet (its name, its title). ok is false when the row writes a class that
// cannot be read; class is then "".
func (p *sheetParser) rowSchoolClass(r int) (school, class string, ok bool) {
	school = p.school
	if v, _, has := p.get(r, fSchool); has && !emptyValue(v) {
		school = cleanText(v)
	}
	classRaw, _, hasClass := p.get(r, fClass)
	if !hasClass || classRaw == "" {
		return school, p.class, true
	}
	if grade, _, hasGrade := p.get(r, fGrade); hasGrade {
		class, ok = rules.ClassFromGrade(grade, classRaw)
	} else {
		class, ok = rules.CanonicalClass(classRaw)
		if !ok && p.grade != "" {
			// 2班 on a sheet (or in a file, a folder) named for its grade: 七年级(2)班.
			class, ok = rules.ClassFromGrade(p.grade, classRaw)
		}
	}
	return school, class, ok
}

// schoolAndClass is rowSchoolClass for a child's row: a class that cannot be read is
// kept as written (a warning), a missing one is an error.
func (p *sheetParser) schoolAndClass(r int) (school, class string) {
	school, class, ok := p.rowSchoolClass(r)
	_, classCol, hasClass := p.get(r, fClass)
	switch {
	case !ok:
		classRaw, _, _ := p.get(r, fClass)
		if grade, _, hasGrade := p.get(r, fGrade); hasGrade {
			classRaw = grade + classRaw
		}
		p.problem(r, classCol, rules.Warning, "class_unrecognised",
			fmt.Sprintf("班级“%s”不是常见写法，已按原样分班。建议写成“三年级(2)班”。", echo(classRaw)))
		return school, cleanText(classRaw)
	case class == "" && hasClass:
		p.problem(r, classCol, rules.Error, "missing_class", "没有填写班级，请补上，如“三年级(2)班”。")
	}
	if class == "" {
		class = "未填班级"
	}
	return school, class
}

func (p *sheetParser) id(r, col int, raw string, c *rules.Child) {
	if emptyValue(raw) {
		p.problem(r, col, rules.Warning, "missing_id", "没有填写身份证号，请补上，便于核对学生身份。")
		return
	}
	info, prob := checkID(raw, p.s.isNumber != nil && p.s.isNumber(r, col))
	if prob != nil {
		sev := rules.Error
		if prob.sev == "warning" {
			sev = rules.Warning
		}
		p.problem(r, col, sev, prob.code, prob.msg)
	}
	if info.ID != "" {
		c.ID, c.Birth, c.Gender = info.ID, info.Birth, info.Gender
	}
}

// crossCheck compares the ID number with the birth date and gender columns.
func (p *sheetParser) crossCheck(r int, c *rules.Child) {
	idBirth, idGender := c.Birth, ""
	if c.ID != "" {
		if len(c.ID) == 18 {
			idGender = genderOf(c.ID[16])
		} else {
			idGender = genderOf(c.ID[14])
		}
	}
	if g, col, ok := p.get(r, fGender); ok && idGender != "" {
		g = strings.TrimSpace(g)
		if (g == "男" || g == "女") && g != idGender {
			p.problem(r, col, rules.Warning, "id_gender_mismatch",
				fmt.Sprintf("性别填的是“%s”，身份证号显示为“%s”，请核对性别或身份证号。", g, idGender))
		}
		if g == "男" || g == "女" {
			c.Gender = g
		}
	}
	if raw, col, ok := p.get(r, fBirth); ok && !emptyValue(raw) {
		if ym, ok := yearMonth(raw); ok { // 出生年月: compared by year and month
			if !idBirth.IsZero() && (ym.Year() != idBirth.Year() || ym.Month() != idBirth.Month()) {
				p.problem(r, col, rules.Warning, "id_birth_mismatch",
					fmt.Sprintf("出生年月填的是 %d年%d月，身份证号里是 %s，请核对。", ym.Year(), ym.Month(), rules.ChineseDate(idBirth)))
			}
			return
		}
		b, err := parseDate(raw)
		switch {
		case err != nil:
			p.problem(r, col, rules.Error, err.(*dateError).code, "出生日期"+err.Error())
		case !idBirth.IsZero() && !b.Equal(idBirth):
			p.problem(r, col, rules.Warning, "id_birth_mismatch",
				fmt.Sprintf("出生日期填的是 %s，身份证号里是 %s，请核对。", rules.ChineseDate(b), rules.ChineseDate(idBirth)))
		case idBirth.IsZero():
			c.Birth = b
		}
	}
}

// text reads a free-text column; printed fields are checked for characters the PDF
// font cannot print.
func (p *sheetParser) text(r int, f field, printed bool) string {
	v, _, ok := p.get(r, f)
	if !ok || emptyValue(v) {
		return ""
	}
	v = cleanText(v)
	if printed {
		p.checkPrintable(r, f, v)
	}
	return v
}

func (p *sheetParser) checkPrintable(r int, f field, v string) {
	col, _ := p.h.col(f)
	if n := len([]rune(v)); n > printLimit(f) {
		p.problem(r, col, rules.Warning, "text_too_long",
			fmt.Sprintf("内容太长（%d 个字），%s在信件和清单上只印前 %d 个字。请核对这一格是否填错了位置。", n, fieldNames[f], printLimit(f)))
	}
	rare := outsideBMP(v)
	if len(rare) == 0 {
		return
	}
	shown := v
	if len([]rune(shown)) > 20 {
		shown = string([]rune(shown)[:20]) + "…"
	}
	p.problem(r, col, rules.Warning, "text_rare_char",
		fmt.Sprintf("“%s”里的“%s”是生僻字，打印字体里没有，信件和清单上会印成“〓”，请打印后手写补上。", shown, string(rare)))
}

// postcode reads a six-digit postcode; anything else is a warning and is not used.
func (p *sheetParser) postcode(r int, f field) string {
	v, col, ok := p.get(r, f)
	if !ok || emptyValue(v) {
		return ""
	}
	v = strings.ReplaceAll(narrow(v), " ", "")
	if len(v) != 6 || strings.Trim(v, "0123456789") != "" {
		p.problem(r, col, rules.Warning, "postcode_invalid", fmt.Sprintf("邮政编码“%s”应为 6 位数字，信封上这一栏会空着。", echo(v)))
		return ""
	}
	return v
}

func (p *sheetParser) phone(r int, f field, whose string) string {
	n, _ := p.phones(r, f, whose)
	return n
}

// phones reads a phone column: the number that is the column's person's, and the numbers
// the cell says are someone else's (父：…；母：… in a 家长电话 column).
func (p *sheetParser) phones(r int, f field, whose string) (string, []phoneEntry) {
	v, col, ok := p.get(r, f)
	if !ok || emptyValue(v) {
		return "", nil
	}
	if entries, ok := phonesIn(v); ok && len(entries) > 1 || ok && len(entries) == 1 && entries[0].who != "" {
		own, others := "", []phoneEntry(nil)
		for _, e := range entries {
			if own == "" && (e.who == "" || e.who == whose || whose == "家长" && e.who != "监护人") {
				own = e.phone
				if e.who == "" || e.who == whose {
					continue
				}
			}
			others = append(others, e)
		}
		return own, others
	}
	n, valid := normalisePhone(v)
	if !valid {
		p.problem(r, col, rules.Error, "phone_invalid",
			fmt.Sprintf("%s电话“%s”不是有效的手机号（11位，1开头）或固定电话（如 0577-65123456），请核对后改正。", whose, echo(v)))
	}
	return n, nil
}

// givePhones puts numbers that a cell says are someone's into that person's empty place.
func givePhones(c *rules.Child, entries []phoneEntry) {
	for _, e := range entries {
		switch {
		case e.who == "父亲" && c.Father.Phone == "":
			c.Father.Phone = e.phone
		case e.who == "母亲" && c.Mother.Phone == "":
			c.Mother.Phone = e.phone
		case e.who == "监护人" && c.GuardianPhone == "":
			c.GuardianPhone = e.phone
		}
	}
}

func (p *sheetParser) date(r int, f field, what string) rules.Date {
	v, col, ok := p.get(r, f)
	if !ok {
		return rules.Date{}
	}
	return p.dateAt(r, col, v, what)
}

// dateAt reads the date v of the cell at row r, column col.
func (p *sheetParser) dateAt(r, col int, v, what string) rules.Date {
	if emptyValue(v) {
		return rules.Date{}
	}
	d := rules.Date{Cell: axis(r, col), Raw: v}
	t, year, err := parseDateAsOf(v, p.asOf)
	if err != nil {
		p.problem(r, col, rules.Error, err.(*dateError).code, what+err.Error()+"这个日期按未填写处理。")
		return d
	}
	if year != 0 {
		p.res.yearless = true
		p.problem(r, col, rules.Warning, "date_no_year",
			fmt.Sprintf("%s“%s”没有写年份，按 %d 年算（%s，不晚于统计日期的最近一个）。请写全年月日，如 %d-%02d-%02d。",
				what, echo(v), year, rules.ChineseDate(t), year, t.Month(), t.Day()))
	}
	d.Time = t
	return d
}
