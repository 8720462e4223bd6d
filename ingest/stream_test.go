package ingest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"
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
	if sheets < 40 || grown < 20 || lbGrown == 0 {
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
