package ingest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"liushou/rules"
)

// TestStreamedSheetsAsWhole parses every sheet of every workbook in the tests twice: given
// whole, and pulled row by row as a sheet read while it streams is. The results must be
// the same to the last field. Each sheet is also grown past the header's rows and several
// blocks (its data rows repeated), so that the pulls, the blocks read in parts on all
// cores, and the left-behind codes decided on the whole column are all gone through.
func TestStreamedSheetsAsWhole(t *testing.T) {
	var files []string
	for _, root := range []string{"testdata", "../samples", "../../shared/rosters"} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			switch filepath.Ext(p) {
			case ".xlsx", ".xlsm", ".xls", ".csv", ".ods", ".et":
				if err == nil && !d.IsDir() {
					files = append(files, p)
				}
			}
			return nil
		})
	}
	if len(files) < 30 {
		t.Fatalf("found %d workbooks", len(files))
	}
	defer func(was int) { blockRows = was }(blockRows)
	ro := readOptions{asOf: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}
	sheets, grown, lbGrown := 0, 0, 0
	seen := map[string]bool{}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		read, _, code, _ := readSheets(p, data, t.TempDir())
		if code != "" {
			continue
		}
		for _, s := range read {
			if s.err != nil || len(s.grid) == 0 {
				continue
			}
			sheets++
			for _, block := range []int{8192, 4500, 5} {
				blockRows = block
				compareStreamed(t, p, s, s.grid, s.isNumber, ro)
			}
			if testing.Short() {
				continue // the grown sheets take seconds
			}
			// Grown to about 5,000 rows: the rows below the header (or the first row)
			// repeated.
			base := 1
			if h := findHeader(s.grid, headerSearchRows, nil); h != nil {
				base = h.first + h.rows
			}
			base = min(base, len(s.grid))
			data := s.grid[base:]
			key := fmt.Sprint(s.grid)
			if len(data) == 0 || seen[key] {
				continue // the same form in another format is grown once
			}
			seen[key] = true
			big := slices.Clone(s.grid[:base])
			from := make([]int, base)
			for i := range from {
				from[i] = i
			}
			for len(big) < 5000 {
				for i, row := range data {
					big = append(big, row)
					from = append(from, base+i)
				}
			}
			isNumber := s.isNumber
			if isNumber != nil {
				isNumber = func(r, c int) bool { return s.isNumber(from[r], c) }
			}
			grown++
			if hasLeftBehindColumn(s) {
				lbGrown++
			}
			for _, block := range []int{4100} {
				blockRows = block
				compareStreamed(t, p, s, big, isNumber, ro)
			}
		}
	}
	if sheets < 40 || !testing.Short() && (grown < 20 || lbGrown == 0) {
		t.Fatalf("compared %d sheets, %d grown, %d of them with a 是否留守 column", sheets, grown, lbGrown)
	}
	t.Logf("%d sheets compared whole and streamed, %d also grown (%d with a 是否留守 column)", sheets, grown, lbGrown)
}

// hasLeftBehindColumn says whether the sheet's header has a 是否留守 column.
func hasLeftBehindColumn(s sheet) bool {
	h := findHeader(s.grid, headerSearchRows, nil)
	if h == nil {
		return false
	}
	_, ok := h.col(fLeftBehind)
	return ok
}

// compareStreamed parses grid given whole and pulled row by row, and reports a difference.
func compareStreamed(t *testing.T, label string, s sheet, grid [][]string, isNumber func(r, c int) bool, ro readOptions) {
	t.Helper()
	clone := func() [][]string {
		out := make([][]string, len(grid))
		for i, row := range grid {
			out[i] = slices.Clone(row)
		}
		return out
	}
	whole := s
	whole.grid, whole.isNumber = clone(), isNumber
	streamed := s
	rows, next := clone(), 0
	streamed.grid, streamed.isNumber = nil, isNumber
	streamed.more = func() ([]string, bool) {
		if next == len(rows) {
			return nil, false
		}
		next++
		return rows[next-1], true
	}
	a, b := parseSheet(whole, ro), parseSheet(streamed, ro)
	if next != len(rows) {
		t.Errorf("%s %s (%d rows, blocks of %d): %d rows pulled", label, s.name, len(grid), blockRows, next)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("%s %s (%d rows, blocks of %d): streamed differs: %d children, %d problems, account %+v; whole %d children, %d problems, account %+v",
			label, s.name, len(grid), blockRows, len(b.children), len(b.problems), b.account, len(a.children), len(a.problems), a.account)
	}
}

// TestMergeFillAsWhole fills random merged ranges (overlapping, reversed, past the sheet,
// over empty rows) row by row and compares with filling the whole sheet range by range,
// as liushou did before it read sheets as they stream.
func TestMergeFillAsWhole(t *testing.T) {
	rnd := rand.New(rand.NewPCG(25, 6))
	for round := range 3000 {
		rows := make([][]string, 1+rnd.IntN(12))
		for r := range rows {
			if rnd.IntN(4) == 0 {
				continue // an empty row
			}
			rows[r] = make([]string, rnd.IntN(6))
			for c := range rows[r] {
				if rnd.IntN(3) > 0 {
					rows[r][c] = fmt.Sprintf("v%d.%d", r, c)
				} else if rnd.IntN(2) == 0 {
					rows[r][c] = " "
				}
			}
		}
		var merges []string
		for range rnd.IntN(5) {
			merges = append(merges, axis(rnd.IntN(14), rnd.IntN(7))+":"+axis(rnd.IntN(14), rnd.IntN(7)))
		}
		if rnd.IntN(10) == 0 {
			merges = append(merges, "A1", "B2:ZZ", "")
		}
		want := make([][]string, len(rows))
		got := make([][]string, len(rows))
		for r := range rows {
			want[r], got[r] = slices.Clone(rows[r]), slices.Clone(rows[r])
		}
		wholeFill(want, merges)
		fillMerges(got, merges)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: merges %q on %q:\n got %q\nwant %q", round, merges, rows, got, want)
		}
	}
}

// wholeFill is how liushou filled merged ranges on a whole sheet before it read sheets as
// they stream: range by range, each over all its rows.
func wholeFill(rows [][]string, merges []string) {
	for _, m := range merges {
		a, b, _ := strings.Cut(m, ":")
		c1, r1, err1 := excelize.CellNameToCoordinates(a)
		c2, r2, err2 := excelize.CellNameToCoordinates(b)
		if err1 != nil || err2 != nil || r1 > len(rows) || c1 > len(rows[r1-1]) {
			continue
		}
		v := rows[r1-1][c1-1]
		if strings.TrimSpace(v) == "" {
			continue
		}
		for r := r1 - 1; r < r2 && r < len(rows); r++ {
			for c := c1 - 1; c < c2 && c < maxColumnsUsed; c++ {
				for len(rows[r]) <= c {
					rows[r] = append(rows[r], "")
				}
				if rows[r][c] == "" {
					rows[r][c] = v
				}
			}
		}
	}
}

// TestStreamedFilesAsWhole reads every workbook of the tests as it streams and the older
// way (every sheet whole: the scan's grid, or excelize), and compares the two results
// field by field. Every ordinary workbook must be read as it streams; the broken and odd
// ones (crafted) may be sent back to the older way, and then must give what it gives.
func TestStreamedFilesAsWhole(t *testing.T) {
	var files []string
	for _, root := range []string{"testdata", "../samples", "../../shared/rosters"} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".xlsx") || strings.HasSuffix(p, ".xlsm")) {
				files = append(files, p)
			}
			return nil
		})
	}
	ro := readOptions{asOf: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}
	streamed := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ro.tmpDir = t.TempDir()
		got, kept := readStreamed(p, data, ro)
		var want fileResult
		if sheets, reader, code, _ := readSheets(p, data, ro.tmpDir); code == "" {
			want, _ = readFrom(p, data, ro, sheets, reader)
		} else {
			want = readBytes(p, data, ro)
		}
		if !kept {
			if !strings.Contains(filepath.ToSlash(p), "/crafted/") && want.Input.Reader == readByScan {
				t.Errorf("%s: read by the scan the older way, not as it streams", p)
			}
			if got := readBytes(p, data, ro); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: sent back to the older way, but read otherwise", p)
			}
			continue
		}
		streamed++
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: streamed differs: %d children, %d problems, %+v; whole %d children, %d problems, %+v",
				p, len(got.Children), len(got.Problems), got.Input, len(want.Children), len(want.Problems), want.Input)
		}
	}
	if streamed < 10 {
		t.Fatalf("%d of %d workbooks read as they stream", streamed, len(files))
	}
	t.Logf("%d of %d workbooks read as they stream", streamed, len(files))
}

// FuzzStreamedAsWhole puts a fuzzed sheet XML into a workbook and reads it as it streams
// and the older way: a file the stream keeps must read exactly as the older way reads it.
func FuzzStreamedAsWhole(f *testing.F) {
	base, err := os.ReadFile("../samples/roster.xlsx")
	if err != nil {
		f.Fatal(err)
	}
	seed := zipPart(f, base, "xl/worksheets/sheet1.xml")
	f.Add(seed)
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>班级</t></is></c></row>` +
		`<row r="3" hidden="1"><c r="A3" t="inlineStr"><is><t>王小明</t></is></c><c r="B3" t="inlineStr"><is><t>三年级2班</t></is></c><c r="C3"><v>522426201905093492</v></c></row>` +
		`<row r="4"><c r="A4" t="inlineStr"><is><t>李四</t></is></c></row></sheetData><autoFilter ref="A1:B4"/><mergeCells><mergeCell ref="B3:B4"/></mergeCells></worksheet>`))
	ro := readOptions{asOf: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}
	f.Fuzz(func(t *testing.T, sheetXML []byte) {
		data := replacePart(t, base, "xl/worksheets/sheet1.xml", sheetXML)
		got, kept := readStreamed("a.xlsx", data, ro)
		if !kept {
			return
		}
		var want fileResult
		if sheets, reader, code, _ := readSheets("a.xlsx", data, ""); code == "" {
			want, _ = readFrom("a.xlsx", data, ro, sheets, reader)
		} else {
			t.Fatalf("kept as it streams, but the older way refuses it (%s)", code)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("streamed differs: %d children, %d problems, %+v; whole %d children, %d problems, %+v",
				len(got.Children), len(got.Problems), got.Input, len(want.Children), len(want.Problems), want.Input)
		}
	})
}

// zipPart is one part of a zip.
func zipPart(t testing.TB, data []byte, name string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("no %s", name)
	return nil
}

// replacePart is the zip with one part's content replaced.
func replacePart(t testing.TB, data []byte, name string, content []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == name {
			w.Write(content)
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(w, rc)
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestStreamedLargeWorkbook reads a workbook of 10,000 children written by excelize, with
// ID numbers typed as numbers (some rounded by Excel's 15 digits), hidden rows, a class
// column merged over runs of rows, a title merged across, and a blank row now and then,
// as it streams and the older way: more rows than a block, batches cut anywhere.
func TestStreamedLargeWorkbook(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	f.SetSheetRow(sh, "A1", &[]any{"七年级留守儿童花名册"})
	f.MergeCell(sh, "A1", "F1")
	f.SetSheetRow(sh, "A2", &[]any{"班级", "姓名", "身份证号", "监护人", "监护人电话", "最近家访日期"})
	row := 3
	for i := range 10000 {
		if i%997 == 0 {
			row++ // a blank row
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		class := any(nil)
		if i%40 == 0 {
			class = fmt.Sprintf("七年级(%d)班", i/40%9+1)
			end, _ := excelize.CoordinatesToCellName(1, row+39)
			f.MergeCell(sh, cell, end)
		}
		var id any = fmt.Sprintf("52242620%02d0509%04d", 10+i%9, i%10000)
		if i%3 == 0 {
			id = 522426201005090000 + i // a number: Excel keeps 15 digits
		}
		// From column B: excelize writes a cell of a merged range into its top-left one.
		b, _ := excelize.CoordinatesToCellName(2, row)
		f.SetSheetRow(sh, b, &[]any{fmt.Sprintf("学生%d", i), id, "祖母", fmt.Sprintf("1381234%04d", i), "2026-10-0" + fmt.Sprint(1+i%9)})
		if class != nil {
			f.SetCellValue(sh, cell, class)
		}
		if i%501 == 0 {
			f.SetRowVisible(sh, row, false)
		}
		row++
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	ro := readOptions{asOf: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), tmpDir: t.TempDir()}
	sheets, reader, code, _ := readSheets("大.xlsx", data, ro.tmpDir)
	if code != "" {
		t.Fatal(code)
	}
	want, _ := readFrom("大.xlsx", data, ro, sheets, reader)
	if len(want.Children) != 10000 {
		t.Fatalf("the older way read %d children", len(want.Children))
	}
	hidden, classless, numbers := 0, 0, 0
	for _, c := range want.Children {
		if c.Class == "未填班级" || c.Class == "" {
			classless++ // the child after a blank row, past its class's merged range
		}
	}
	for _, p := range want.Problems {
		if strings.Contains(p.Message, "数字") || strings.Contains(p.Code, "id_") {
			numbers++
		}
		if p.Code == "hidden_rows" {
			hidden++
		}
	}
	if hidden == 0 || classless > 20 || numbers == 0 {
		t.Fatalf("the workbook is not what the test needs: %d hidden-row warnings, %d children without a class, %d problems of ID numbers", hidden, classless, numbers)
	}
	// Blocks that end inside a batch of the scan's, and one that ends with one.
	defer func(was int) { blockRows = was }(blockRows)
	for _, blockRows = range []int{8192, 4000, 999} {
		got, kept := readStreamed("大.xlsx", data, ro)
		if !kept {
			t.Fatal("not read as it streams")
		}
		if !reflect.DeepEqual(got, want) {
			for i := range min(len(got.Children), len(want.Children)) {
				if !reflect.DeepEqual(got.Children[i], want.Children[i]) {
					t.Fatalf("blocks of %d: child %d differs:\n got %+v\nwant %+v", blockRows, i, got.Children[i], want.Children[i])
				}
			}
			t.Fatalf("blocks of %d: streamed differs: %d children, %d problems; whole %d children, %d problems",
				blockRows, len(got.Children), len(got.Problems), len(want.Children), len(want.Problems))
		}
	}
}

// TestStreamedMutatedXML breaks the sample roster's sheet and shared strings at random:
// a copy the stream keeps reads exactly as the older way reads it, and every copy the
// older way reads with its scan (not excelize) is kept.
func TestStreamedMutatedXML(t *testing.T) {
	ro := readOptions{asOf: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}
	kept, back, copies := 0, 0, 800
	if testing.Short() {
		copies = 200
	}
	mutatedCopies(t, 7, copies, func(data []byte) {
		got, ok := readStreamed("m.xlsx", data, ro)
		var want fileResult
		if sheets, reader, code, _ := readSheets("m.xlsx", data, t.TempDir()); code == "" {
			want, _ = readFrom("m.xlsx", data, ro, sheets, reader)
		} else if ok {
			t.Fatalf("kept as it streams, but the older way refuses it (%s)", code)
		}
		if !ok {
			back++
			if want.Input.Reader == readByScan {
				t.Fatalf("the older way's scan reads it, the stream sent it back")
			}
			return
		}
		kept++
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("streamed differs: %d children, %d problems, %+v; whole %d children, %d problems, %+v",
				len(got.Children), len(got.Problems), got.Input, len(want.Children), len(want.Problems), want.Input)
		}
	})
	if kept < copies/160 || back < copies/8 {
		t.Fatalf("%d copies kept as they stream, %d sent back", kept, back)
	}
	t.Logf("%d broken copies read as they stream, as the older way reads them; %d sent back to it", kept, back)
}

// TestStreamedUnlistedSheet: a sheet's XML in the zip that the workbook does not list is
// checked by the older way (its rows out of order refuse the file), so such a file is not
// read as it streams.
func TestStreamedUnlistedSheet(t *testing.T) {
	base, err := os.ReadFile("../samples/roster.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zr, _ := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		w, _ := zw.Create(zf.Name)
		rc, _ := zf.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	w, _ := zw.Create("xl/worksheets/sheet9.xml")
	w.Write([]byte(`<worksheet><sheetData><row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row></sheetData></worksheet>`))
	zw.Close()
	data := out.Bytes()
	ro := readOptions{asOf: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}
	if _, kept := readStreamed("a.xlsx", data, ro); kept {
		t.Error("read as it streams")
	}
	if res := readBytes("a.xlsx", data, ro); res.Input.Status != rules.InputFailed || !strings.Contains(res.Input.Reason, "顺序错乱") {
		t.Errorf("read as %s: %s", res.Input.Status, res.Input.Reason)
	}
	if _, kept := readStreamed("a.xlsx", base, ro); !kept {
		t.Error("the sample itself is not read as it streams")
	}
}

// TestStreamedEmptyRowsRoom: a sheet of 60,000 empty row elements and three children (a
// few kilobytes zipped) is not given room for 60,000 children.
func TestStreamedEmptyRowsRoom(t *testing.T) {
	base, err := os.ReadFile("../samples/roster.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	var x bytes.Buffer
	x.WriteString(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>班级</t></is></c><c r="C1" t="inlineStr"><is><t>监护人</t></is></c></row>`)
	for i, name := range []string{"王小明", "李四", "张三"} {
		fmt.Fprintf(&x, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c><c r="B%d" t="inlineStr"><is><t>三年级2班</t></is></c><c r="C%d" t="inlineStr"><is><t>祖母</t></is></c></row>`, i+2, i+2, name, i+2, i+2)
	}
	for r := 5; r < 60005; r++ {
		fmt.Fprintf(&x, `<row r="%d"/>`, r)
	}
	x.WriteString(`</sheetData></worksheet>`)
	data := replacePart(t, base, "xl/worksheets/sheet1.xml", x.Bytes())
	ro := readOptions{asOf: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}
	got, kept := readStreamed("a.xlsx", data, ro)
	if !kept || len(got.Children) != 3 {
		t.Fatalf("kept %v, %d children", kept, len(got.Children))
	}
	if c := cap(got.Children); c > 1000 {
		t.Errorf("room for %d children", c)
	}
}

// TestStreamedOverLimit reads workbooks past the row limit (lowered here) as they
// stream and the older way: a sheet whose XML has more rows than the limit is counted
// first: one past the limit fails the file with the older way's message, without being
// parsed or handed to excelize; one within them is read to its end as it streams, as the
// older way (excelize) reads it.
func TestStreamedOverLimit(t *testing.T) {
	defer func(rows, cells int) { maxSheetRows, maxGridCells = rows, cells }(maxSheetRows, maxGridCells)
	maxSheetRows, maxGridCells = 3000, 40_000
	notes := 0 // columns of notes after the roster's own
	roster := func(f *excelize.File, sh string, children, gapEvery int) {
		f.SetSheetRow(sh, "A1", &[]any{"留守儿童花名册"})
		head := []any{"班级", "姓名", "身份证号", "监护人", "监护人电话", "最近家访日期"}
		for k := range notes {
			head = append(head, fmt.Sprintf("备注%d", k+1))
		}
		f.SetSheetRow(sh, "A2", &head)
		row := 3
		for i := range children {
			if gapEvery > 0 && i%gapEvery == gapEvery-1 {
				row++ // a blank row
			}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			vals := []any{fmt.Sprintf("三年级(%d)班", i%4+1), fmt.Sprintf("学生%d", i),
				fmt.Sprintf("52242620%02d0509%04d", 10+i%9, i%10000), "祖母", fmt.Sprintf("1381234%04d", i%10000), "2026-10-08"}
			for k := range notes {
				vals = append(vals, fmt.Sprintf("第%d条", k))
			}
			f.SetSheetRow(sh, cell, &vals)
			row++
		}
	}
	cases := []struct {
		name string
		make func(f *excelize.File)
		over bool
	}{
		{"dense", func(f *excelize.File) { roster(f, "Sheet1", 3200, 0) }, true},
		{"gaps", func(f *excelize.File) { roster(f, "Sheet1", 3100, 7) }, true},
		{"notes after the roster", func(f *excelize.File) {
			// Past the limit in a sheet that is not a roster, with gaps: the parse pulls it
			// only so far, and the rest was once drained without being counted.
			roster(f, "Sheet1", 40, 0)
			f.NewSheet("说明")
			for r := 1; r <= 4800; r++ {
				if r%3 != 0 {
					cell, _ := excelize.CoordinatesToCellName(1, r)
					f.SetCellValue("说明", cell, fmt.Sprintf("第 %d 条说明", r))
				}
			}
		}, true},
		{"cells past the limit", func(f *excelize.File) {
			// The count is the older way's: cells past the limit in a sheet of many rows.
			notes = 12
			defer func() { notes = 0 }()
			roster(f, "Sheet1", 2990, 0)
			for r := 3100; r < 3300; r++ {
				f.SetRowHeight("Sheet1", r, 20)
			}
		}, true},
		{"empty rows under the limit", func(f *excelize.File) {
			roster(f, "Sheet1", 100, 0)
			for r := 200; r < 3500; r++ {
				f.SetRowHeight("Sheet1", r, 20) // a row element with nothing in it
			}
		}, false},
		{"notes past the limit's row numbers", func(f *excelize.File) {
			// Within the limits, but its last note is past maxSheetRows+1 row numbers: it
			// is counted in the sheet's account as the older way counts it.
			roster(f, "Sheet1", 40, 0)
			f.NewSheet("说明")
			for r := 1; r <= 5; r++ {
				f.SetCellValue("说明", fmt.Sprintf("A%d", r), fmt.Sprintf("第 %d 条说明", r))
			}
			for r := 6; r < 3400; r++ {
				f.SetRowHeight("说明", r, 20)
			}
			f.SetCellValue("说明", "A3450", "最后一条说明")
		}, false},
		{"left-behind codes decided past the limit's row numbers", func(f *excelize.File) {
			// A 学籍 export codes 是否留守儿童 0/1/2 or 1/2/3: the whole column says which,
			// and its only 0 is past maxSheetRows+1 rows (without it, its 3s would make
			// every 1 a child not left behind).
			f.SetSheetRow("Sheet1", "A1", &[]any{"班级", "姓名", "身份证号", "监护人", "监护人电话", "是否留守儿童"})
			for i := range 40 {
				f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &[]any{"三年级(1)班", fmt.Sprintf("学生%d", i),
					fmt.Sprintf("5224262010050900%02d", i), "祖母", fmt.Sprintf("138123400%02d", i), fmt.Sprint(1 + i%3)})
			}
			for r := 50; r < 3400; r++ {
				f.SetRowHeight("Sheet1", r, 20)
			}
			f.SetSheetRow("Sheet1", "A3450", &[]any{"三年级(1)班", "学生末", "522426201005090099", "祖母", "13812340099", "0"})
		}, false},
	}
	ro := readOptions{asOf: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}
	for _, tc := range cases {
		f := excelize.NewFile()
		tc.make(f)
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		f.Close()
		data := buf.Bytes()
		sv, ok := surveyZip(data)
		if !ok || sv.tails[sv.names[len(sv.names)-1]].rows <= maxSheetRows {
			t.Fatalf("%s: the workbook is not what the test needs (survey %v)", tc.name, ok)
		}
		ro.tmpDir = t.TempDir()
		got, kept := readStreamed("大.xlsx", data, ro)
		sheets, reader, code, _ := readSheets("大.xlsx", data, ro.tmpDir)
		if code != "" {
			t.Fatalf("%s: the older way refuses it (%s)", tc.name, code)
		}
		want, _ := readFrom("大.xlsx", data, ro, sheets, reader)
		failed := want.Input.Status == rules.InputFailed && strings.Contains(want.Input.Reason, "太大")
		if failed != tc.over {
			t.Fatalf("%s: the older way: %s %q", tc.name, want.Input.Status, want.Input.Reason)
		}
		if !tc.over {
			// Counted within the limits: read to its end as it streams, as the older way
			// (excelize, past maxSheetRows+1 row numbers) reads it.
			if !kept {
				t.Errorf("%s: within the limits, but sent back to the older way", tc.name)
			} else if got.Input.Reader = want.Input.Reader; !reflect.DeepEqual(got, want) {
				t.Errorf("%s: streamed differs:\n got %+v\nwant %+v", tc.name, got.Input, want.Input)
			}
			continue
		}
		if !kept {
			t.Errorf("%s: past the limit, but sent back to the older way", tc.name)
			continue
		}
		if got.Input.Reader != readByScan || len(got.Children) != 0 {
			t.Errorf("%s: read by %q, %d children", tc.name, got.Input.Reader, len(got.Children))
		}
		got.Input.Reader = want.Input.Reader // the older way says excelize read it
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: streamed differs:\n got %+v %+v\nwant %+v %+v", tc.name, got.Input, got.Problems, want.Input, want.Problems)
		}
	}
}

// TestCountAcross counts a tag in chunks cut anywhere, as the survey reads a sheet.
func TestCountAcross(t *testing.T) {
	xml := `<row r="1"><c r="A1"><v>1</v></c><c><v>2</v></c></row><row r="2"><c r="A2" t="s"><v>0</v></c></row><cols/>`
	for _, tc := range []struct {
		tag  string
		want int
	}{{"<row", 2}, {"<c ", 2}, {"<c>", 1}, {"<c", 4}, {"</row>", 2}} {
		for cut := 0; cut <= len(xml); cut++ {
			a, b := []byte(xml[:cut]), []byte(xml[cut:])
			if got := countAcross(nil, a, tc.tag) + countAcross(a, b, tc.tag); got != tc.want {
				t.Errorf("%q cut at %d: %d, want %d", tc.tag, cut, got, tc.want)
			}
		}
	}
}
