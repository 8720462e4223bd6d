package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"liushou/rules"
)

// Limits that fit rosters: a school's roster is well under a megabyte; a county's a few.
// A sheet over a limit fails with a problem that says so; none is cut short silently.
const (
	maxUnzipped    = 256 << 20 // all parts of a workbook together, uncompressed
	maxMergeFill   = 200_000   // cells filled from merged ranges in one sheet
	maxColumnsUsed = 200       // columns read; cells beyond are reported, not read
	maxCellText    = 32_767    // Excel's own limit on a cell's text
)

// maxSheetRows is the rows of one sheet with something in them, and maxGridCells the
// cells kept from one sheet: memory bounded by what a roster can be (variables for the
// tests).
var maxSheetRows, maxGridCells = 100_000, 4_000_000

// limitError is a sheet that breaks a limit: the file fails, with what was read.
type limitError struct{ msg string }

func (e *limitError) Error() string { return e.msg }

// readBytes is ReadBytes with a folder for excelize's temporary files, the as-of date
// and the school's column settings.
func readBytes(label string, data []byte, ro readOptions) (res fileResult) {
	res.Input = rules.Input{File: label, Status: rules.InputOK}
	fail := func(code, reason string) fileResult {
		res.Input.Status = rules.InputFailed
		res.Input.Reason = reason
		res.Children, res.refs, res.drafts = nil, nil, nil
		res.Problems = append(res.Problems, rules.Problem{File: label, Severity: rules.Error, Code: code, Message: reason})
		return res
	}
	defer func() {
		if r := recover(); r != nil {
			res = fileResult{Input: rules.Input{File: label}}
			res = fail("file_corrupt", "文件内容已损坏，无法读取。请在 Excel 或 WPS 中打开后重新另存为 .xlsx。")
		}
	}()
	if streamed, kept := readStreamed(label, data, ro); kept {
		return streamed
	}
	sheets, reader, code, reason := readSheets(label, data, ro.tmpDir)
	if code != "" {
		return fail(code, reason)
	}
	res, _ = readFrom(label, data, ro, sheets, reader)
	return res
}

// readStreamed reads a workbook's sheets as they stream (stream.go); kept is false when
// the file is to be read the older way.
func readStreamed(label string, data []byte, ro readOptions) (fileResult, bool) {
	if sniff(data) != kindZip {
		return fileResult{}, false
	}
	sv, ok := surveyZip(data)
	if !ok {
		return fileResult{}, false
	}
	stop := make(chan struct{})
	defer close(stop) // ends the scans of sheets not read to their end
	return readFrom(label, data, ro, sv.streams(label, stop), readByScan)
}

// readFrom reads the sheets of a file into its result. kept is false when a sheet read
// as it streams turned out not to be read as the older way would read it: the caller then
// reads the file that way.
func readFrom(label string, data []byte, ro readOptions, sheets []sheet, reader string) (res fileResult, kept bool) {
	res.Input = rules.Input{File: label, Status: rules.InputOK}
	fail := func(code, reason string) (fileResult, bool) {
		res.Input.Status = rules.InputFailed
		res.Input.Reason = reason
		res.Children, res.refs = nil, nil
		res.Problems = append(res.Problems, rules.Problem{File: label, Severity: rules.Error, Code: code, Message: reason})
		return res, true
	}
	res.Input.Reader = reader
	switch sniff(data) {
	case kindZip:
		res.format = "xlsx"
		if isODS(data) {
			res.format = "ods"
		}
	case kindOLE:
		res.format = "xls"
	default:
		res.format = "csv"
	}
	rosterSheets := 0
	var unreadable error
	var hiddenSheets []hiddenSheet
	for _, s := range sheets {
		var limit *limitError
		if errors.As(s.err, &limit) {
			return fail("file_too_large", limit.msg+"。")
		}
		wide := func(cell string) {
			if cell != "" {
				res.Problems = append(res.Problems, rules.Problem{File: label, Sheet: s.name, Cell: cell, Severity: rules.Warning,
					Code: "file_wide_sheet", Message: fmt.Sprintf("这张表在 %s 格还有内容，超出了 liushou 读取的前 %d 列，超出的部分没有读取。花名册不需要这么多列，请检查是否误填。", cell, maxColumnsUsed)})
			}
		}
		wide(s.wide)
		if s.err != nil {
			res.Input.Sheets = append(res.Input.Sheets, rules.SheetAccount{Sheet: s.name, Kind: "无法读取"})
			unreadable = s.err
			res.Problems = append(res.Problems, rules.Problem{File: label, Sheet: s.name, Severity: rules.Error,
				Code: "file_sheet_unreadable", Message: fmt.Sprintf("工作表“%s”无法读取（%v），已跳过。", s.name, s.err)})
			continue
		}
		if ss := s.stream; ss != nil && s.rowsHint > maxSheetRows {
			switch msg, v := ss.overLimit(); v {
			case limitOver:
				return fail("file_too_large", msg+"。")
			case limitWithin:
				ss.counted = true
			}
		}
		sr := parseSheet(s, ro)
		if ss := s.stream; ss != nil {
			// Kept only if the scan read the whole sheet, and as the older way would.
			if ss.rr.err != nil || !ss.finish() {
				return res, false
			}
			cell := ss.rr.wide()
			if cell == "" && ss.wide[0] > 0 {
				cell = axis(ss.wide[0]-1, ss.wide[1]-1)
			}
			wide(cell)
		}
		if s.hidden {
			// Decided once every visible sheet is read: an older copy, or a sheet to read.
			sr.account.Hidden = true
			hiddenSheets = append(hiddenSheets, hiddenSheet{sr, olderName(s.name+" "+sr.title, ro.asOf)})
			continue
		}
		if sr.isRoster {
			rosterSheets++
		}
		res.add(sr, ro)
	}
	for _, hs := range hiddenSheets {
		sr := hs.res
		if why := hs.older; why != "" || mostlyIn(sr.children, res.Children, res.drafts) {
			if why == "" {
				why = "它的学生大多在其他工作表里"
			}
			a := sr.account
			a.Kind = "旧名单"
			for _, c := range sr.children {
				a.Uncount(c.Row, "旧名单：隐藏的工作表，"+why)
			}
			res.Input.Sheets = append(res.Input.Sheets, a)
			res.Problems = append(res.Problems, rules.Problem{File: label, Sheet: a.Sheet, Severity: rules.Warning, Code: "hidden_sheet_old",
				Message: fmt.Sprintf("隐藏的工作表“%s”像是旧名单（%s），其中的 %d 名学生没有计入。如果他们是现在的学生，请取消隐藏并改掉表名。", a.Sheet, why, len(sr.children))})
			continue
		}
		if sr.isRoster {
			rosterSheets++
			res.Problems = append(res.Problems, rules.Problem{File: label, Sheet: sr.account.Sheet, Severity: rules.Warning, Code: "hidden_sheet",
				Message: fmt.Sprintf("工作表“%s”是隐藏的，其中的 %d 名学生已照常计入。如果这是旧名单，请删除这张表，或在表名里写明“旧”或学年。", sr.account.Sheet, len(sr.children))})
		}
		res.add(sr, ro)
	}
	keptLogs := 0
	for _, a := range res.Input.Sheets {
		keptLogs += a.Logs
	}
	if rosterSheets == 0 && (len(res.logs) > 0 || keptLogs > 0) {
		// A workbook of logs only: its entries go to the children of the other rosters.
		return res, true
	}
	if rosterSheets > 0 && len(res.Children)+len(res.drafts) == 0 && res.Input.NotLeftBehind == 0 {
		res.Problems = append(res.Problems, rules.Problem{File: label, Severity: rules.Warning, Code: "missing_children",
			Message: "找到了花名册表头，但下面没有读到任何学生。如果这是空白模板，可以忽略；否则请检查学生是否填在表头下面。"})
	}
	if rosterSheets == 0 && unreadable != nil {
		return fail("file_corrupt", fmt.Sprintf("文件中的工作表无法读取（%v）。请在 Excel 或 WPS 中打开后重新另存为 .xlsx。", unreadable))
	}
	if rosterSheets == 0 {
		return fail("header_not_found", fmt.Sprintf("所有工作表的前%d行里都没有找到花名册表头（至少要有“学生姓名”一列，以及“班级”“身份证号”“监护人”等列之一）。", headerSearchRows))
	}
	res.Input.Children = len(res.Children) + len(res.drafts)
	return res, true
}

// add takes what a sheet gave into the file's result.
func (res *fileResult) add(sr sheetResult, ro readOptions) {
	res.Input.Sheets = append(res.Input.Sheets, sr.account)
	if sr.columns != nil {
		res.Columns = append(res.Columns, *sr.columns)
	}
	if sr.yearless {
		res.asOf = ro.asOf // its dates without a year were read against this date
	}
	if res.Children == nil {
		res.Children = sr.children // most workbooks have one sheet of children: not copied
	} else {
		res.Children = append(res.Children, sr.children...)
	}
	res.refs = append(res.refs, sr.refs...)
	res.drafts = append(res.drafts, sr.drafts...)
	res.logs = append(res.logs, sr.logs...)
	res.Problems = append(res.Problems, sr.problems...)
	res.Input.NotLeftBehind += sr.notLeftBehind
	res.pupils = append(res.pupils, sr.pupils...)
}

// hiddenSheet is a hidden sheet's reading, with why its name or title says it is an
// older list ("" when it does not).
type hiddenSheet struct {
	res   sheetResult
	older string
}

// titleText is the text of a sheet's first rows, where a title names its term.
func titleText(grid [][]string) string {
	var b strings.Builder
	for r := 0; r < len(grid) && r < 3; r++ {
		for _, v := range grid[r] {
			b.WriteString(v)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

var yearIn = regexp.MustCompile(`20\d\d`)

// olderName says why a sheet's name or title names an older list (旧, 备份, 历史, an
// earlier school year), or "".
func olderName(text string, asOf time.Time) string {
	if w := firstOf(text, "旧", "备份", "历史", "往年", "去年", "上学期", "上一学年", "已毕业"); w != "" {
		return "表名或标题写着“" + w + "”"
	}
	if asOf.IsZero() {
		return ""
	}
	start := asOf.Year() // the school year that asOf is in starts in September
	if asOf.Month() < time.August {
		start--
	}
	latest := 0
	for _, y := range yearIn.FindAllString(text, -1) {
		n, _ := strconv.Atoi(y)
		latest = max(latest, n)
	}
	if latest > 0 && (latest < start || latest == start && asOf.Month() >= time.August && strings.Contains(text, "春")) {
		return fmt.Sprintf("表名或标题写的是 %d 年", latest)
	}
	return ""
}

func firstOf(s string, words ...string) string {
	for _, w := range words {
		if strings.Contains(s, w) {
			return w
		}
	}
	return ""
}

// mostlyIn reports whether most of some children are also among others and those spilled
// as they were read (by ID, else by class and name).
func mostlyIn(some, others []rules.Child, spilled []draftKey) bool {
	if len(some) == 0 {
		return false
	}
	type className struct {
		class string
		name  uint64
	}
	ids, names := map[uint64]bool{}, map[className]bool{}
	for _, c := range others {
		ids[digest(c.ID)] = c.ID != ""
		names[className{c.Class, digest(c.Name)}] = true
	}
	for _, d := range spilled {
		ids[d.id] = d.id != 0
		names[className{d.class, d.name}] = true
	}
	n := 0
	for _, c := range some {
		if c.ID != "" && ids[digest(c.ID)] || names[className{c.Class, digest(c.Name)}] {
			n++
		}
	}
	return n*2 > len(some)
}

// How a file was read: the row account and check --verbose say which, and why.
const (
	readByScan = "liushou 直接读取工作表"
	readByXLS  = "按 Excel 97-2003 格式读取"
	readByODS  = "按 LibreOffice 格式读取"
	readByCSV  = "按 CSV 文本读取"
)

// readSheets sniffs the format from the bytes, not the extension, and reads every sheet;
// reader says how (for a workbook: by the scan, or by excelize and why).
// A file that cannot be read gives a problem code and a reason a teacher can act on.
func readSheets(label string, data []byte, tmpDir string) (sheets []sheet, reader, code, reason string) {
	switch sniff(data) {
	case kindEmpty:
		return nil, "", "file_empty", "文件是空的（0 字节），可能没有复制完整。请重新保存或复制这个花名册。"
	case kindEncrypted:
		return nil, "", "file_encrypted", "文件设置了打开密码，liushou 无法读取。请在 Excel 中打开，去掉密码（文件→信息→保护工作簿）后另存为 .xlsx。"
	case kindOLE:
		sheets, err := readXLS(label, data)
		if err != nil {
			return nil, "", "file_corrupt", "这个 Excel 97-2003（.xls）或 WPS（.et）文件无法读取，可能已损坏或是 WPS 专有格式。请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（*.xlsx）”。"
		}
		return sheets, readByXLS, "", ""
	case kindZip:
		if isODS(data) {
			sheets, err := readODS(label, data)
			var limit *limitError
			if errors.As(err, &limit) {
				return nil, "", "file_too_large", limit.msg + "。"
			}
			if err != nil {
				return nil, "", "file_corrupt", "这个 LibreOffice（.ods）文件无法读取（" + err.Error() + "）。请在 LibreOffice 或 WPS 中打开后重新保存。"
			}
			return sheets, readByODS, "", ""
		}
		scan, reason := checkZip(data)
		if reason != "" {
			return nil, "", "file_corrupt", reason
		}
		sheets, why := scan.sheets(label)
		if why == "" {
			return sheets, readByScan, "", ""
		}
		sheets, err := readXLSX(label, data, tmpDir, scan.parts)
		if err != nil {
			return nil, "", "file_corrupt", "文件无法作为 Excel 工作簿打开（" + err.Error() + "）。请在 Excel 或 WPS 中打开后重新另存为 .xlsx。"
		}
		return sheets, "由 excelize 读取（" + why + "）", "", ""
	}
	if looksLikeText(data) {
		if sheets, ok := readCSV(label, data); ok {
			return sheets, readByCSV, "", ""
		}
	}
	return nil, "", "file_not_excel", "这不是 Excel 工作簿，也不是 CSV 表格，无法读取。请在 Excel 或 WPS 中打开后另存为 .xlsx。"
}

// readXLSX reads every worksheet of an OOXML workbook. merges are the merged ranges of
// each worksheet by name, as checkZip found them in the XML.
func readXLSX(label string, data []byte, tmpDir string, parts map[string]sheetXML) ([]sheet, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, TmpDir: tmpDir})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []sheet
	for _, name := range f.GetSheetList() {
		s, err := readSheet(f, label, name, parts[name])
		if err != nil {
			s = sheet{file: label, name: name, err: err}
		}
		out = append(out, s)
	}
	return out, nil
}

type fileKind int

const (
	kindUnknown fileKind = iota
	kindEmpty
	kindZip
	kindOLE
	kindEncrypted
)

// sniff tells the format from the first bytes, not the extension.
func sniff(data []byte) fileKind {
	switch {
	case len(data) == 0:
		return kindEmpty
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return kindZip
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		// A password-protected .xlsx is an OLE file with an EncryptionInfo stream.
		if bytes.Contains(data, utf16le("EncryptionInfo")) {
			return kindEncrypted
		}
		return kindOLE
	}
	return kindUnknown
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return false
		}
	}
	return s != ""
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

// checkZip reads every part of the workbook to its end: excelize does not verify zip
// checksums, and a copy that is still being written is a truncated zip. On the way it
// takes each worksheet's merged ranges, by sheet name, so that reading them does not
// need excelize's whole sheet model.
func checkZip(data []byte) (scan zipScan, reason string) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return scan, "文件不完整或已损坏（可能还没有复制完，或保存时出错）。请重新保存或复制这个花名册。"
	}
	var total uint64
	byPart := map[string]sheetXML{}
	var workbook, rels, sst []byte
	scan.stringsOK = true
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > maxUnzipped {
			return scan, "文件解压后过大，不像是花名册，已拒绝读取。"
		}
		rc, err := zf.Open()
		if err != nil {
			return scan, "文件已损坏（" + zf.Name + " 无法解压）。请在 Excel 或 WPS 中打开后重新另存。"
		}
		var sink io.Writer = io.Discard
		order := &orderCheck{ok: true, fast: fastRows{on: true}}
		worksheet := strings.HasPrefix(zf.Name, "xl/worksheets/") && strings.HasSuffix(zf.Name, ".xml")
		var small bytes.Buffer
		switch {
		case worksheet:
			sink = order
			order.checkOnTheSide()
			defer order.stop() // when the part is given up on before done
		case zf.Name == "xl/workbook.xml" || zf.Name == "xl/_rels/workbook.xml.rels" || zf.Name == "xl/sharedStrings.xml":
			sink = &small
		case strings.Contains(strings.ToLower(zf.Name), "sharedstrings"):
			scan.stringsOK = false // shared strings elsewhere: excelize finds them
		}
		n, err := copyPart(sink, rc)
		rc.Close()
		if err != nil {
			if errors.Is(err, zip.ErrChecksum) {
				return scan, "文件已损坏（校验失败，可能复制时出错）。请重新复制或另存这个花名册。"
			}
			return scan, "文件已损坏（" + zf.Name + " 无法解压）。请在 Excel 或 WPS 中打开后重新另存。"
		}
		if n > maxUnzipped {
			return scan, "文件解压后过大，不像是花名册，已拒绝读取。"
		}
		if worksheet && !order.done() {
			// excelize reads rows as they come and would silently mix them up.
			return scan, "文件里的行或单元格顺序错乱，不是 Excel 或 WPS 正常保存的文件。请在 Excel 或 WPS 中打开后重新另存为 .xlsx。"
		}
		switch {
		case worksheet:
			part := sheetXML{merges: order.merges, lastRow: order.lastRow, longNumbers: order.longNumbers, plainCells: order.plainCells,
				hiddenRows: order.hiddenRows, filtered: order.filtered}
			switch {
			case !order.plainCells:
				part.why = "单元格标记的写法不常见（不是 <c …>）"
			case !order.fast.on:
				part.why = order.fast.why
			default:
				part.fast = &order.fast
			}
			byPart[zf.Name] = part
		case zf.Name == "xl/workbook.xml":
			workbook = small.Bytes()
		case zf.Name == "xl/sharedStrings.xml":
			sst = small.Bytes()
		default:
			if zf.Name == "xl/_rels/workbook.xml.rels" {
				rels = small.Bytes()
			}
		}
	}
	scan.parts = map[string]sheetXML{}
	names, paths, hidden := sheetParts(workbook, rels)
	for i, name := range names {
		part := byPart[paths[i]]
		part.hidden = hidden[name]
		scan.parts[name] = part
	}
	scan.names = names
	if sst != nil && scan.stringsOK {
		scan.strings, scan.stringsOK = sharedStrings(sst)
	}
	return scan, ""
}

// sheetXML is what checkZip learnt of a worksheet's XML: its merged ranges and the number
// of its last row, against which a read that stopped early is told from a complete one.
type sheetXML struct {
	fast        *fastRows // its cells, when the scan could read them
	why         string    // else why not
	merges      []string
	lastRow     int
	longNumbers map[[2]int]bool // see orderCheck
	plainCells  bool
	// hiddenRows are the rows (1-based) hidden in the sheet; filtered says the sheet has
	// an autofilter, whose hidden rows are a view, not a decision. hidden: the sheet is.
	hiddenRows map[int]bool
	filtered   bool
	hidden     bool
}

// sheetParts maps each sheet's name to its zip part, from workbook.xml and its relations,
// read with encoding/xml (namespaces by their URI, entities as XML defines them). A part
// it cannot parse to the end gives what came before the fault; the scan then finds the
// sheets missing and leaves the file to excelize, which says what is wrong.
func sheetParts(workbook, rels []byte) (names, paths []string, hidden map[string]bool) {
	targets := map[string]string{}
	eachElement(rels, "Relationship", func(a []xml.Attr) {
		target := strings.TrimPrefix(xmlAttr(a, "", "Target"), "/")
		if !strings.HasPrefix(target, "xl/") {
			target = "xl/" + target
		}
		targets[xmlAttr(a, "", "Id")] = target
	})
	hidden = map[string]bool{}
	eachElement(workbook, "sheet", func(a []xml.Attr) {
		name := xmlAttr(a, "", "name")
		names, paths = append(names, name), append(paths, targets[xmlAttr(a, officeRels, "id")])
		if st := xmlAttr(a, "", "state"); st == "hidden" || st == "veryHidden" {
			hidden[name] = true
		}
	})
	return names, paths, hidden
}

// officeRels is the namespace of a sheet's r:id (ECMA-376 Part 1, and its strict form).
const officeRels = "relationships"

// eachElement calls f with the attributes of every element named local, in order.
func eachElement(data []byte, local string, f func([]xml.Attr)) {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == local {
			f(se.Attr)
		}
	}
}

// xmlAttr is the value of the attribute named local: with space "", one without a prefix;
// otherwise one in a namespace whose URI ends in space.
func xmlAttr(attrs []xml.Attr, space, local string) string {
	for _, a := range attrs {
		if a.Name.Local == local && (space == "" && a.Name.Space == "" || space != "" && strings.HasSuffix(a.Name.Space, space)) {
			return a.Value
		}
	}
	return ""
}

// orderCheck reads a worksheet's XML as it is decompressed and tells whether its rows,
// and the cells of each row, come in ascending order, as the file format requires and
// every office program writes them; it keeps the merged ranges. It holds only the last,
// unfinished tag.
type orderCheck struct {
	carry            []byte
	lastRow, lastCol int
	ok               bool
	merges           []string
	// longNumbers are the cells (row, column, 0-based) that hold a number of 15 or more
	// characters: how Excel keeps an ID typed without a text format. plainCells says
	// the sheet writes its cells as <c> (not with a namespace prefix), so that the list
	// is complete.
	longNumbers map[[2]int]bool
	plainCells  bool
	// hiddenRows (1-based) and filtered (an autoFilter): see sheetXML.
	hiddenRows map[int]bool
	filtered   bool
	// fast holds the cells' values as the scan reads them (fastsheet.go).
	fast fastRows
	// checked receives copies of what is scanned, for fast.xml to check on another core
	// (a third of the scan's time on a county's sheet); well says whether it was well-formed.
	checked chan []byte
	well    chan bool
	// buf holds what Write scans; spare are chunks the check on the side is done with.
	buf   []byte
	spare chan []byte
}

// chunk is an empty buffer for the check on the side: one it gave back, or a new one.
func (o *orderCheck) chunk() []byte {
	select {
	case b := <-o.spare:
		return b[:0]
	default:
		return nil
	}
}

// checkOnTheSide starts the well-formedness check of what is scanned on its own goroutine;
// done gives its answer.
func (o *orderCheck) checkOnTheSide() {
	checked, well, spare := make(chan []byte, 8), make(chan bool, 1), make(chan []byte, 10)
	o.checked, o.well, o.spare = checked, well, spare
	xml := &o.fast.xml
	go func() {
		ok := true
		for part := range checked {
			ok = ok && xml.feed(part)
			select {
			case spare <- part: // for the next chunk (feed keeps none of it)
			default:
			}
		}
		well <- ok && xml.complete()
	}()
}

// stop ends the check on the side, if any, and says whether the XML was well-formed and
// complete; done calls it, and so must whoever gives up on the part before.
func (o *orderCheck) stop() bool {
	if o.checked == nil {
		return o.fast.xml.complete() // checked as scanned, or stopped already
	}
	close(o.checked)
	o.checked = nil
	return <-o.well
}

func (o *orderCheck) Write(p []byte) (int, error) {
	if o.fast.stream != nil && o.fast.stream.stopped {
		return 0, errStopped // nobody reads its rows
	}
	if !o.ok {
		return len(p), nil
	}
	if o.fast.on {
		for _, c := range p {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				o.fast.off("含有控制字符") // not XML: excelize says where it stops
				break
			}
		}
	}
	// The carried tag and p, in a buffer kept from one call to the next (io.Copy's 32 kB
	// at a time: a new one each time was a tenth of reading a roster's garbage).
	buf := append(append(o.buf[:0], o.carry...), p...)
	o.buf = buf
	// Every tag before the last '<' is complete: attribute values cannot hold '<'. A
	// cell is kept whole (from its "<c "), so that its value is seen with its type. Once
	// the last cell has ended, only what follows it is carried: a roster followed by
	// tens of thousands of empty rows (heights set on a block of rows) carried them all
	// from its last cell, and past a megabyte was left to excelize.
	cut := bytes.LastIndex(buf, []byte("<c "))
	if cut >= 0 {
		if end := cellEnd(buf[cut:]); end > 0 {
			cut += end
			if i := bytes.LastIndexByte(buf[cut:], '<'); i >= 0 {
				cut += i
			}
		}
	}
	if cut < 0 || len(buf)-cut > 1<<20 {
		if len(buf) > 1<<20 {
			o.fast.off("单元格超过 1 MB") // a cell may be cut in two
		}
		cut = bytes.LastIndexByte(buf, '<')
	}
	if cut < 0 {
		cut = 0
	}
	o.scan(buf[:cut])
	if o.fast.on && o.checked != nil {
		o.checked <- append(o.chunk(), buf[:cut]...)
	}
	o.carry = append(o.carry[:0], buf[cut:]...)
	return len(p), nil
}

// done checks the rest and reports whether everything was in order.
func (o *orderCheck) done() bool {
	if o.ok {
		o.scan(o.carry)
		if o.fast.on && o.checked != nil {
			o.checked <- o.carry
		}
	}
	if well := o.stop(); o.fast.on && !well {
		o.fast.off("XML 不规范")
	}
	return o.ok
}

// cellEnd is the length of the cell b begins with (at its "<c "), up to the end of its
// end tag or of a start tag that closes itself, or 0 while it has not ended in b. An
// attribute value holding '>' may make a closed cell look open: it is then carried, as
// every cell was.
func cellEnd(b []byte) int {
	gt := bytes.IndexByte(b, '>')
	if gt < 0 {
		return 0
	}
	if b[gt-1] == '/' {
		return gt + 1
	}
	if i := bytes.Index(b[gt:], []byte("</c>")); i >= 0 {
		return gt + i + len("</c>")
	}
	return 0
}

// scan reads complete tags: rows and cells (their order, long numbers) and merged ranges.
// It is a plain scanner, not regular expressions: it reads every byte of the sheet once,
// and a county roster's sheet is tens of megabytes.
func (o *orderCheck) scan(xml []byte) {
	if !o.plainCells && bytes.Contains(xml, []byte("<c ")) {
		o.plainCells = true
	}
	if o.checked == nil && o.fast.on && !o.fast.xml.feed(xml) {
		o.fast.off("XML 不规范") // not well-formed: excelize says where it stops
	}
	for i := 0; o.ok; {
		lt := bytes.IndexByte(xml[i:], '<')
		if lt < 0 {
			return
		}
		i += lt + 1
		name, rest := tagName(xml[i:])
		if name == nil {
			continue
		}
		end := bytes.IndexByte(rest, '>')
		if end < 0 {
			return
		}
		attrs := rest[:end]
		i = len(xml) - len(rest) + end + 1
		switch string(name) {
		case "row":
			r, err := strconv.Atoi(string(attrValue(attrs, "r")))
			if err != nil {
				o.fast.off("行没有行号")
				continue // a row without its number follows the one before
			}
			if r <= o.lastRow {
				o.ok = false
				return
			}
			o.lastRow, o.lastCol = r, 0
			o.fast.row(r)
			if h := attrValue(attrs, "hidden"); len(h) > 0 && (h[0] == '1' || h[0] == 't') {
				switch {
				case o.fast.stream != nil:
					o.fast.stream.hide(r) // with the row's batch
				case len(o.hiddenRows) < maxSheetRows:
					if o.hiddenRows == nil {
						o.hiddenRows = map[int]bool{}
					}
					o.hiddenRows[r] = true
				}
			}
		case "c":
			if !o.cellTag(attrs, xml[i:]) {
				return
			}
		case "autoFilter":
			o.filtered = true
		case "mergeCell":
			if ref := attrValue(attrs, "ref"); len(ref) > 0 && len(o.merges) < maxMergeFill {
				o.merges = append(o.merges, string(ref))
			}
		}
	}
}

// cellTag checks a cell's place (after the one before it in its row), hands it to the
// value scan, and notes a long number. false when the cells are out of order.
func (o *orderCheck) cellTag(attrs, content []byte) bool {
	ref := attrValue(attrs, "r")
	letters := 0
	for letters < len(ref) && ref[letters] >= 'A' && ref[letters] <= 'Z' {
		letters++
	}
	if letters == 0 {
		o.fast.off("单元格没有位置")
		return true
	}
	col, err := excelize.ColumnNameToNumber(string(ref[:letters]))
	if err != nil || col <= o.lastCol {
		o.ok = false
		return false
	}
	o.lastCol = col
	row, err := strconv.Atoi(string(ref[letters:]))
	if err != nil || row != o.lastRow {
		o.fast.off("单元格位置与所在行不符")
	} else {
		o.fast.cell(row, col, attrs, content)
	}
	if len(attrs) > 0 && attrs[len(attrs)-1] == '/' {
		return true // an empty cell
	}
	if t := attrValue(attrs, "t"); len(t) > 0 && string(t) != "n" {
		return true // text, a shared string, a boolean, an error
	}
	if v := cellValue(content); len(v) >= 15 && row > 0 {
		if o.fast.stream != nil {
			o.fast.stream.longNumber(row-1, col-1) // with the row's batch
			return true
		}
		if o.longNumbers == nil {
			o.longNumbers = map[[2]int]bool{}
		}
		o.longNumbers[[2]int{row - 1, col - 1}] = true
	}
	return true
}

// tagName reads the name of the tag that b starts (after its '<'), without a namespace
// prefix, and returns the rest of the tag; nil for an end tag, a comment or the like.
func tagName(b []byte) (name, rest []byte) {
	n := 0
	for n < len(b) && (isNameByte(b[n]) || b[n] == ':') {
		n++
	}
	if n == 0 {
		return nil, nil
	}
	name = b[:n]
	if c := bytes.LastIndexByte(name, ':'); c >= 0 {
		name = name[c+1:]
	}
	return name, b[n:]
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

// attrValue is the value of the attribute name among a tag's attributes (without a
// namespace prefix on name), nil if it has none.
func attrValue(attrs []byte, name string) []byte {
	for i := 0; i < len(attrs); {
		for i < len(attrs) && !isNameByte(attrs[i]) {
			i++
		}
		start := i
		for i < len(attrs) && (isNameByte(attrs[i]) || attrs[i] == ':') {
			i++
		}
		key := attrs[start:i]
		for i < len(attrs) && (attrs[i] == ' ' || attrs[i] == '=' || attrs[i] == '\t' || attrs[i] == '\n' || attrs[i] == '\r') {
			i++
		}
		if i >= len(attrs) || (attrs[i] != '"' && attrs[i] != '\'') {
			continue
		}
		q := attrs[i]
		end := bytes.IndexByte(attrs[i+1:], q)
		if end < 0 {
			return nil
		}
		if string(key) == name {
			return attrs[i+1 : i+1+end]
		}
		i += end + 2
	}
	return nil
}

// cellValue is the text of the <v> of the cell whose content b starts, nil if it has none
// before the cell ends (a formula may come first).
func cellValue(b []byte) []byte {
	for i := 0; ; {
		lt := bytes.IndexByte(b[i:], '<')
		if lt < 0 {
			return nil
		}
		i += lt + 1
		if i < len(b) && b[i] == '/' {
			name, _ := tagName(b[i+1:])
			if string(name) == "c" {
				return nil
			}
			continue
		}
		name, rest := tagName(b[i:])
		if string(name) != "v" {
			continue
		}
		gt := bytes.IndexByte(rest, '>')
		if gt < 0 {
			return nil
		}
		v := rest[gt+1:]
		if end := bytes.IndexByte(v, '<'); end >= 0 {
			return v[:end]
		}
		return nil
	}
}

// readSheet streams a worksheet's raw values (numbers unformatted, so that a date is its
// serial number whatever its display format) and fills merged ranges. Memory follows what
// the sheet holds, not what it declares: rows come one at a time, cells beyond
// maxColumnsUsed are dropped (and reported), texts are cut at Excel's own limit. A sheet
// whose XML breaks half-way is an error, never a partial read.
func readSheet(f *excelize.File, label, name string, part sheetXML) (sheet, error) {
	it, err := f.Rows(name)
	if err != nil {
		return sheet{}, err
	}
	defer it.Close()
	next := func() ([]string, bool, error) {
		if !it.Next() {
			if err := it.Error(); err != nil {
				return nil, false, stoppedError{err}
			}
			return nil, false, nil
		}
		cols, err := it.Columns(excelize.Options{RawCellValue: true})
		return cols, err == nil, err
	}
	return readRows(next, label, name, part, func(rows [][]string) func(r, c int) bool { return numericCells(f, name, rows) })
}

// stoppedError is a row iterator that stopped part-way: it is told with the row it
// stopped after.
type stoppedError struct{ err error }

func (e stoppedError) Error() string { return e.err.Error() }

// readRows takes a sheet's rows from next (excelize's iterator, or the rows the XML scan
// read) and keeps what liushou reads: see readSheet. numbers tells the cells that hold
// numbers where the scan could not.
func readRows(next func() ([]string, bool, error), label, name string, part sheetXML, numbers func([][]string) func(r, c int) bool) (sheet, error) {
	rr := newRowReader(next, name, part.merges)
	var rows [][]string
	for {
		row, ok := rr.read()
		if !ok {
			break
		}
		rows = append(rows, row)
	}
	if rr.err != nil {
		return sheet{}, rr.err
	}
	// excelize's iterator stops quietly at XML it cannot parse: a read that ended before
	// the sheet's last row broke half-way, and is not a roster of fewer children.
	if n := rr.given + rr.empty; n < part.lastRow {
		return sheet{}, fmt.Errorf("工作表在第 %d 行之后无法读取（文件内容有错，可能含有不允许的字符）", n)
	}
	s := sheet{file: label, name: name, grid: rows, hiddenRows: part.hiddenRows, filtered: part.filtered, hidden: part.hidden}
	if part.plainCells {
		// The scan of the XML saw every cell's type: no need for excelize's sheet model,
		// which holds the whole sheet again.
		s.isNumber = func(r, c int) bool { return part.longNumbers[[2]int{r, c}] }
		s.plain = true
	} else {
		s.isNumber = numbers(rows)
	}
	s.wide = rr.wide()
	return s, nil
}

// rowReader turns the rows a sheet's XML gives into the rows liushou reads, one at a
// time, so that a sheet can be read whole or as it streams alike: the columns past
// maxColumnsUsed left (the first such cell kept to report), a text longer than a cell can
// hold cut, empty rows kept only when a row with something follows, merged ranges filled,
// and the sheet's size held to the limits.
type rowReader struct {
	next                    func() ([]string, bool, error)
	name                    string
	merges                  mergeFill
	given, empty, used      int
	cells, wideRow, wideCol int
	pending                 []string // a row with something, after the empty rows before it
	err                     error
}

func newRowReader(next func() ([]string, bool, error), name string, merges []string) *rowReader {
	return &rowReader{next: next, name: name, merges: newMergeFill(merges)}
}

// read gives the next row (nil for an empty row followed by one with something); false
// at the end or at an error (err).
func (rr *rowReader) read() ([]string, bool) {
	if rr.pending == nil && rr.err == nil {
		rr.pending, rr.err = rr.fetch()
	}
	if rr.pending == nil || rr.err != nil {
		return nil, false
	}
	var row []string
	if rr.empty > 0 {
		rr.empty--
	} else {
		row, rr.pending = rr.pending, nil
	}
	rr.given++
	return rr.merges.fill(rr.given-1, row), true
}

// fetch reads up to the next row with something, counting the empty rows before it.
func (rr *rowReader) fetch() ([]string, error) {
	for {
		cols, ok, err := rr.next()
		var stopped stoppedError
		if errors.As(err, &stopped) {
			return nil, fmt.Errorf("工作表在第 %d 行之后无法读取（%v）", rr.given, stopped.err)
		} else if err != nil {
			return nil, err
		}
		if !ok {
			return nil, nil
		}
		if len(cols) == 0 {
			rr.empty++ // kept only if a row with something follows
			continue
		}
		rr.used++
		if len(cols) > maxColumnsUsed {
			for c := len(cols) - 1; c >= maxColumnsUsed; c-- {
				if cols[c] != "" && rr.wideRow == 0 {
					rr.wideRow, rr.wideCol = rr.given+rr.empty+1, c+1
				}
			}
			cols = append([]string(nil), cols[:maxColumnsUsed]...)
		}
		for i, v := range cols {
			if len(v) > maxCellText {
				cols[i] = cutText(v)
			}
		}
		rr.cells += len(cols)
		if rr.used > maxSheetRows || rr.cells > maxGridCells {
			return nil, &limitError{fmt.Sprintf("工作表“%s”太大（超过 %d 行或 %d 个单元格），liushou 读到第 %d 行就停下了，整个文件没有读取。请把它拆成几个文件，每个不超过 %d 行",
				rr.name, maxSheetRows, maxGridCells, rr.given+rr.empty, maxSheetRows)}
		}
		return cols, nil
	}
}

// wide is the first cell past the columns read that holds something, or "".
func (rr *rowReader) wide() string {
	if rr.wideRow == 0 {
		return ""
	}
	return axis(rr.wideRow-1, rr.wideCol-1)
}

// cutText keeps the first maxCellText bytes of a text, at a character boundary, as a copy
// (the rest of a huge shared string is not kept alive).
func cutText(v string) string {
	n := maxCellText
	for n > 0 && !utf8.RuneStart(v[n]) {
		n--
	}
	return strings.Clone(v[:n])
}

// mergeFill gives every cell of a merged range the value of its top-left cell, row by
// row as the rows come: a range's value is taken when its top row comes, and the ranges
// are applied in the sheet's order, as a whole sheet's would be. At most maxMergeFill cells
// are looked at.
type mergeFill struct {
	ranges []mergeRange // by top row
	next   int          // the first range whose top row has not come
	active []mergeRange // ranges whose top row has come, in the sheet's order
	filled int
}

type mergeRange struct {
	order          int // in the sheet's list
	r1, c1, r2, c2 int // 0-based, inclusive
	v              string
}

func newMergeFill(merges []string) mergeFill {
	var m mergeFill
	for i, ref := range merges {
		a, b, _ := strings.Cut(ref, ":")
		c1, r1, err1 := excelize.CellNameToCoordinates(a)
		c2, r2, err2 := excelize.CellNameToCoordinates(b)
		if err1 != nil || err2 != nil || r2 < r1 {
			continue // fills nothing
		}
		m.ranges = append(m.ranges, mergeRange{order: i, r1: r1 - 1, c1: c1 - 1, r2: r2 - 1, c2: c2 - 1})
	}
	slices.SortStableFunc(m.ranges, func(a, b mergeRange) int { return a.r1 - b.r1 })
	return m
}

// fillMerges fills the merged ranges of a whole sheet.
func fillMerges(rows [][]string, merges []string) {
	m := newMergeFill(merges)
	for r := range rows {
		rows[r] = m.fill(r, rows[r])
	}
}

// fill fills row r (0-based) from the ranges over it, and returns it.
func (m *mergeFill) fill(r int, row []string) []string {
	if m.filled > maxMergeFill {
		return row
	}
	starting := m.next
	for m.next < len(m.ranges) && m.ranges[m.next].r1 <= r {
		m.next++
	}
	if starting < m.next {
		// Ranges whose top row this is (or was, for a top row past the sheet's): the
		// ones in effect, kept in the sheet's order.
		for _, g := range m.ranges[starting:m.next] {
			if g.r1 == r {
				m.active = append(m.active, g)
			}
		}
		slices.SortFunc(m.active, func(a, b mergeRange) int { return a.order - b.order })
	}
	if len(m.active) == 0 {
		return row
	}
	kept := m.active[:0]
	for _, g := range m.active {
		if g.r1 == r {
			// The top-left cell, as the ranges before this one have left it.
			if g.c1 >= len(row) || strings.TrimSpace(row[g.c1]) == "" {
				continue
			}
			g.v = row[g.c1]
		}
		for c := g.c1; c <= g.c2 && c < maxColumnsUsed; c++ {
			if m.filled++; m.filled > maxMergeFill {
				return row
			}
			for len(row) <= c {
				row = append(row, "")
			}
			if row[c] == "" {
				row[c] = g.v
			}
		}
		if r < g.r2 {
			kept = append(kept, g)
		}
	}
	m.active = kept
	return row
}

// numericCells tells which long numbers were stored as numbers rather than text: how
// Excel keeps an ID typed without a text format. Only such cells are looked up.
func numericCells(f *excelize.File, name string, rows [][]string) func(r, c int) bool {
	numeric := map[[2]int]bool{}
	for r, row := range rows {
		for c, v := range row {
			if len(v) < 15 || len(v) > 40 || !isDigits(v) && !strings.ContainsAny(v, "Ee") {
				continue // only long numbers matter: IDs that lost digits
			}
			cellName, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				continue
			}
			t, err := f.GetCellType(name, cellName)
			if err == nil && (t == excelize.CellTypeNumber || t == excelize.CellTypeUnset) {
				numeric[[2]int{r, c}] = true
			}
		}
	}
	return func(r, c int) bool { return numeric[[2]int{r, c}] }
}
