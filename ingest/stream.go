package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
)

// A county's roster is one sheet of tens of thousands of rows. Read whole, its cells were
// held until the last row was read, beside the children being made of them. Read as it
// streams, a sheet's rows go to parseSheet a batch at a time while its XML is still being
// decompressed, and nothing of the sheet is held but a block of rows.
//
// Two things a row needs come after the rows in the XML: the merged ranges (and the
// autofilter), and, in files Excel saves, the shared strings. So a first, light pass
// (survey) decompresses the workbook once, keeps its small parts (the workbook, its
// relations, the shared strings) and reads each sheet's XML after its rows only. The
// second pass is the scan checkZip makes, with each row handed on as it is complete.
// What the second pass finds wrong, or odd (rows out of order, XML that is not
// well-formed, a cell the scan does not read as excelize would, merged ranges other than
// the survey's), sends the whole file back to the older way (checkZip, then the scan's
// grid or excelize), which gives the same reading and the same messages as before: only
// a file read wholly by the scan keeps what the stream gave.

// survey is what the first pass learnt of a workbook.
type survey struct {
	names   []string // the sheets, in the workbook's order
	parts   map[string]*zip.File
	hidden  map[string]bool
	tails   map[string]sheetTail // by sheet name
	strings []string
}

// sheetTail is what a worksheet's XML says after its rows, and how many rows it has.
type sheetTail struct {
	merges   []string
	filtered bool
	rows     int // row elements: room for the children is made once
}

// surveyZip makes the first pass; false when the file is to be read the older way (it
// is broken, or has something the stream does not read: the older way says what).
func surveyZip(data []byte) (sv survey, ok bool) {
	if isODS(data) {
		return sv, false
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return sv, false
	}
	var total uint64
	var workbook, rels, sst []byte
	tails := map[string]sheetTail{}
	byPath := map[string]*zip.File{}
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > maxUnzipped {
			return sv, false
		}
		worksheet := strings.HasPrefix(zf.Name, "xl/worksheets/") && strings.HasSuffix(zf.Name, ".xml")
		var sink io.Writer = io.Discard
		var small bytes.Buffer
		var tail tailFinder
		switch {
		case worksheet:
			sink = &tail
		case zf.Name == "xl/workbook.xml" || zf.Name == "xl/_rels/workbook.xml.rels" || zf.Name == "xl/sharedStrings.xml":
			sink = &small
		case strings.Contains(strings.ToLower(zf.Name), "sharedstrings"):
			return sv, false // shared strings elsewhere: excelize finds them
		}
		rc, err := zf.Open()
		if err != nil {
			return sv, false
		}
		n, err := copyPart(sink, rc)
		rc.Close()
		if err != nil || n > maxUnzipped {
			return sv, false
		}
		switch {
		case worksheet:
			if _, seen := byPath[zf.Name]; seen {
				return sv, false
			}
			byPath[zf.Name] = zf
			tails[zf.Name] = tail.facts()
		case zf.Name == "xl/workbook.xml":
			workbook = small.Bytes()
		case zf.Name == "xl/sharedStrings.xml":
			sst = small.Bytes()
		case zf.Name == "xl/_rels/workbook.xml.rels":
			rels = small.Bytes()
		}
	}
	names, paths, hidden := sheetParts(workbook, rels)
	if len(names) == 0 {
		return sv, false
	}
	sv = survey{names: names, parts: map[string]*zip.File{}, hidden: hidden, tails: map[string]sheetTail{}}
	for i, name := range names {
		zf := byPath[paths[i]]
		if _, twice := sv.parts[name]; zf == nil || twice {
			return sv, false // not a worksheet, or two sheets of one name
		}
		sv.parts[name], sv.tails[name] = zf, tails[paths[i]]
	}
	if len(byPath) > len(sv.parts) {
		// A sheet's XML the workbook does not list: the older way checks it too.
		listed := map[*zip.File]bool{}
		for _, zf := range sv.parts {
			listed[zf] = true
		}
		if len(listed) < len(byPath) {
			return sv, false
		}
	}
	if sst != nil {
		if sv.strings, ok = sharedStrings(sst); !ok {
			return sv, false
		}
	}
	return sv, true
}

// tailFinder reads a worksheet's XML as it is decompressed, looking only for the end of
// its rows (</sheetData>), and scans the tags after it.
type tailFinder struct {
	carry []byte // the end of the last chunk: the tag may be cut in two
	tail  *orderCheck
	rows  int
}

// countAcross counts tag in p, and once more where carry (what came before p) ends with
// its beginning and p starts with the rest.
func countAcross(carry, p []byte, tag string) int {
	n := bytes.Count(p, []byte(tag))
	for k := 1; k < len(tag); k++ {
		if bytes.HasSuffix(carry, []byte(tag[:k])) && bytes.HasPrefix(p, []byte(tag[k:])) {
			n++ // cut in two
		}
	}
	return n
}

// sheetDataEnd is the index of the '<' of the tag that ends a sheet's rows in b
// (</sheetData>, with any prefix, or <sheetData/>), or -1.
func sheetDataEnd(b []byte) int {
	for from := 0; ; {
		i := bytes.Index(b[from:], []byte("sheetData"))
		if i < 0 {
			return -1
		}
		i += from
		from = i + 1
		j := i
		for j > 0 && (isNameByte(b[j-1]) || b[j-1] == ':') {
			j--
		}
		if j >= 2 && b[j-1] == '/' && b[j-2] == '<' {
			return j - 2
		}
		rest := bytes.TrimLeft(b[i+len("sheetData"):], " \t\r\n")
		if j >= 1 && b[j-1] == '<' && bytes.HasPrefix(rest, []byte("/>")) {
			return j - 1
		}
	}
}

func (t *tailFinder) Write(p []byte) (int, error) {
	if t.tail != nil {
		t.tail.Write(p)
		return len(p), nil
	}
	t.rows += countAcross(t.carry, p, "<row")
	// Only the carried end and the start of p are copied to look across the cut.
	edge := append(t.carry, p[:min(len(p), 64)]...)
	if i := sheetDataEnd(edge); i >= 0 {
		t.tail = &orderCheck{ok: true}
		t.tail.Write(edge[i:])
		t.tail.Write(p[min(len(p), 64):])
	} else if i := sheetDataEnd(p); i >= 0 {
		t.tail = &orderCheck{ok: true}
		t.tail.Write(p[i:])
	} else {
		t.carry = append(t.carry[:0], p[max(0, len(p)-64):]...)
	}
	return len(p), nil
}

// facts are the merged ranges and the autofilter found after the rows.
func (t *tailFinder) facts() sheetTail {
	if t.tail == nil {
		return sheetTail{rows: t.rows}
	}
	t.tail.scan(t.tail.carry)
	return sheetTail{merges: t.tail.merges, filtered: t.tail.filtered, rows: t.rows}
}

// rowBatch is a stretch of a sheet's rows as the scan hands them on: the rows' values,
// and which of them are hidden and which cells hold long numbers.
type rowBatch struct {
	rows   [][]string // nil for a row without values
	hidden []int      // 1-based
	long   [][2]int   // 0-based row and column
	// sound says the scan had, when it sent the batch, read the sheet so far as the
	// older way would: rows in order, cells it reads, well-formed XML (checked as
	// scanned only when counting).
	sound bool
}

// batchRows is how many rows go to parseSheet at a time.
const batchRows = 256

// sheetStream is one sheet read as it streams: the second pass over its XML runs on its
// own goroutine, started by the first pull, and hands rows on in batches.
type sheetStream struct {
	zf      *zip.File
	tail    sheetTail
	strings []string

	ch    chan rowBatch
	stop  chan struct{}
	valid bool // set before ch is closed: the scan read the whole sheet as the older way would
	wide  [2]int

	started bool
	cur     rowBatch
	at      int
	hidden  map[int]bool
	long    map[[2]int]bool
	rr      *rowReader

	// counting is a stream that only counts the sheet's rows against the limits: it
	// does not stop at maxSheetRows row elements, and checks the XML as it scans.
	// counted is a stream whose sheet a count found within the limits: it is read to
	// its end, however many row elements it has.
	counting, counted bool
	unsound           bool // a counting stream gave up on a batch
}

// limitVerdict is what counting a sheet's rows found.
type limitVerdict int

const (
	limitUnknown limitVerdict = iota // the scan could not count it as the older way would
	limitWithin
	limitOver
)

// streams are the survey's sheets, each to be read as it streams. stop, once closed, ends
// every scan still running.
func (sv survey) streams(label string, stop chan struct{}) []sheet {
	var out []sheet
	for _, name := range sv.names {
		ss := &sheetStream{zf: sv.parts[name], tail: sv.tails[name], strings: sv.strings, stop: stop,
			hidden: map[int]bool{}, long: map[[2]int]bool{}}
		ss.rr = newRowReader(ss.raw, name, ss.tail.merges)
		s := sheet{file: label, name: name, hiddenRows: ss.hidden, filtered: ss.tail.filtered, hidden: sv.hidden[name],
			plain: true, stream: ss, rowsHint: ss.tail.rows}
		s.isNumber = func(r, c int) bool { return ss.long[[2]int{r, c}] }
		s.more = ss.rr.read
		out = append(out, s)
	}
	return out
}

// raw gives the scan's rows one at a time, for the rowReader.
func (ss *sheetStream) raw() ([]string, bool, error) {
	if !ss.started {
		ss.started = true
		ss.ch = make(chan rowBatch, 4)
		go ss.scan()
	}
	for ss.at >= len(ss.cur.rows) {
		b, ok := <-ss.ch
		if !ok {
			return nil, false, nil
		}
		if ss.counting {
			if !b.sound {
				ss.unsound = true
				return nil, false, nil // the count is not the older way's: no verdict
			}
			b.hidden, b.long = nil, nil // nothing is made of the rows
		}
		for _, r := range b.hidden {
			ss.hidden[r] = true
		}
		for _, rc := range b.long {
			ss.long[rc] = true
		}
		ss.cur, ss.at = b, 0
	}
	row := ss.cur.rows[ss.at]
	ss.cur.rows[ss.at] = nil
	ss.at++
	return row, true, nil
}

// forget lets go of what the scan said of the rows before row (0-based), read: the
// hidden rows and long numbers a sheet of numeric ID numbers has one of a row.
func (ss *sheetStream) forget(row int) {
	for r := range ss.hidden {
		if r <= row {
			delete(ss.hidden, r)
		}
	}
	for rc := range ss.long {
		if rc[0] < row {
			delete(ss.long, rc)
		}
	}
}

// finish reads what is left of the stream (a sheet parseSheet did not pull to its end)
// and says whether the scan read the sheet as the older way would have.
func (ss *sheetStream) finish() bool {
	if !ss.started {
		return false
	}
	for {
		if _, ok, _ := ss.raw(); !ok {
			break
		}
	}
	return ss.valid
}

// overLimit counts a sheet's rows and cells as the older way does (a rowReader) in a scan
// of its own that keeps nothing, and says whether they are past the limits (with the
// older way's message), within them, or not countable so. It is called for a sheet whose
// XML has more row elements than maxSheetRows (the survey counted them): a province in
// one sheet was otherwise parsed to its 100,001st row and then handed to excelize, which
// read as far again before failing the file (14 s and 282 MB; now 2.5 s and 77 MB). A
// sheet found within the limits is read to its end as it streams (counted), where past
// maxSheetRows+1 row numbers it went to excelize: a roster below which 300,000 rows were
// given a height. Past the cell limit in fewer row elements, a sheet is read as before:
// counting cells in the survey took a fifth of it, and cell elements do not bound the
// cells a row spans.
func (ss *sheetStream) overLimit() (string, limitVerdict) {
	c := &sheetStream{zf: ss.zf, tail: ss.tail, strings: ss.strings, stop: ss.stop, counting: true} // keeps no hidden rows or long numbers
	c.rr = newRowReader(c.raw, ss.rr.name, nil)                                                     // merged cells fill values, not counts
	for {
		if _, ok := c.rr.read(); !ok {
			break
		}
	}
	var limit *limitError
	switch {
	case errors.As(c.rr.err, &limit):
		return limit.msg, limitOver
	case c.rr.err == nil && !c.unsound && c.valid:
		// The scan ended (ch closed after valid was set) and read it all as the older way.
		return "", limitWithin
	}
	return "", limitUnknown
}

// copyBufs are io.Copy's buffers, kept: a district's inbox of class files opened a
// dozen zip parts a file, each with a new 32 kB buffer.
var copyBufs = sync.Pool{New: func() any { return new([32 << 10]byte) }}

// copyPart decompresses a zip part into w, up to one byte past maxUnzipped.
func copyPart(w io.Writer, rc io.Reader) (int64, error) {
	buf := copyBufs.Get().(*[32 << 10]byte)
	defer copyBufs.Put(buf)
	return io.CopyBuffer(w, io.LimitReader(rc, maxUnzipped+1), buf[:])
}

// errStopped ends a scan whose rows nobody will read.
var errStopped = io.ErrClosedPipe

// scan is the second pass: checkZip's scan of the sheet's XML, its rows handed on.
func (ss *sheetStream) scan() {
	defer close(ss.ch)
	defer func() {
		// A panic here would end the program. valid is set last, so the file goes the
		// older way instead, whose reading recovers and says the file is broken.
		recover()
	}()
	rc, err := ss.zf.Open()
	if err != nil {
		return
	}
	defer rc.Close()
	order := &orderCheck{ok: true, fast: fastRows{on: true}}
	order.fast.stream = &rowSender{ss: ss, order: order}
	if !ss.counting {
		order.checkOnTheSide()
	}
	defer order.stop()
	n, err := copyPart(order, rc)
	if err != nil || n > maxUnzipped || !order.done() {
		return
	}
	f := &order.fast
	if !f.on || !f.stream.flush(f, f.last) {
		return
	}
	f.stream.send() // the last rows
	ss.wide = [2]int{f.wideRow, f.wideCol}
	ss.valid = order.plainCells && slices.Equal(order.merges, ss.tail.merges) && order.filtered == ss.tail.filtered
}

// rowSender makes the scan's cells into rows and sends them in batches.
type rowSender struct {
	ss      *sheetStream
	order   *orderCheck
	row     int        // 1-based row of cells, 0 before the first
	cells   []fastCell // of that row
	batch   rowBatch
	sent    int // rows handed on (the next row's 0-based index)
	stopped bool
}

// add takes a cell of row (1-based): rows come in order, each row's cells together. A
// flush that fails has turned the scan off, or the stream is stopped: the cell is not kept.
func (s *rowSender) add(f *fastRows, row int, c fastCell) {
	if row != s.row {
		if !s.flush(f, row-1) {
			return
		}
		s.row = row
	}
	s.cells = append(s.cells, c)
}

// flush hands on every row up to last (1-based), the held cells' row among them.
func (s *rowSender) flush(f *fastRows, last int) bool {
	for s.sent < last && !s.stopped {
		r := s.sent + 1
		var row []string
		if r == s.row {
			var ok bool
			if row, ok = f.rowOf(s.ss.strings, r, s.cells); !ok {
				f.off("引用了不存在的共享字符串")
				return false
			}
			s.cells = s.cells[:0]
		}
		s.batch.rows = append(s.batch.rows, row)
		s.sent++
		if len(s.batch.rows) == batchRows {
			s.send()
		}
	}
	return !s.stopped
}

// hide notes a hidden row (1-based), with the batch its row goes in.
func (s *rowSender) hide(r int) { s.batch.hidden = append(s.batch.hidden, r) }

// longNumber notes a cell (0-based) holding a number of 15 characters or more.
func (s *rowSender) longNumber(r, c int) { s.batch.long = append(s.batch.long, [2]int{r, c}) }

func (s *rowSender) send() {
	if len(s.batch.rows) == 0 && len(s.batch.hidden) == 0 && len(s.batch.long) == 0 {
		return
	}
	o := s.order
	s.batch.sound = o.ok && o.plainCells && o.fast.on
	select {
	case s.ss.ch <- s.batch:
	case <-s.ss.stop:
		s.stopped = true
	}
	s.batch = rowBatch{}
}
