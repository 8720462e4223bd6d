package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// fixtures are every workbook the tests keep: the sample, the shared rosters of other
// office software, the official forms, LibreOffice's saves and the crafted broken files.
func fixtures(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, dir := range []string{"../samples", "testdata/rosters", "testdata/forms", "testdata/libreoffice", "testdata/crafted"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			switch strings.ToLower(filepath.Ext(e.Name())) {
			case ".xlsx", ".xls", ".csv", ".ods":
				out = append(out, filepath.Join(dir, e.Name()))
			}
		}
	}
	return out
}

// TestRowAccountAddsUp: for every fixture, every sheet's rows are each a child, a log
// entry or a row not counted with a reason, and (for .xlsx, counted independently with
// excelize, merged ranges included) the rows the account knows are the rows the sheet
// holds.
func TestRowAccountAddsUp(t *testing.T) {
	for _, path := range fixtures(t) {
		t.Run(path, func(t *testing.T) {
			roster, err := Load([]string{path}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			children := 0
			for _, in := range roster.Inputs {
				for _, a := range in.Sheets {
					if !a.Balanced() {
						t.Errorf("%s: %d rows, %d children + %d logs + %d not counted: %+v", a.Sheet, a.Rows, a.Children, a.Logs, a.SkippedRows(), a.Skipped)
					}
					for _, s := range a.Skipped {
						if s.Reason == "" || s.Count <= 0 || s.To < s.From {
							t.Errorf("%s: a skip without its reason or rows: %+v", a.Sheet, s)
						}
					}
					children += a.Children
				}
				if in.Status == "ok" && children != in.Children {
					t.Errorf("%s: the sheets count %d children, the file %d", in.File, children, in.Children)
				}
			}
			if children != len(roster.Children) {
				t.Errorf("the accounts count %d children, the roster holds %d", children, len(roster.Children))
			}
			data, _ := os.ReadFile(path)
			if sniff(data) == kindZip && len(roster.Inputs) == 1 && roster.Inputs[0].Status == "ok" {
				want := filledRowsOf(t, path)
				for _, a := range roster.Inputs[0].Sheets {
					if a.Rows != want[a.Sheet] {
						t.Errorf("%s: the account knows %d rows, the sheet holds %d", a.Sheet, a.Rows, want[a.Sheet])
					}
				}
			}
		})
	}
}

// filledRowsOf counts, with excelize, the rows of each sheet that hold something, a row
// covered by a merged range whose first cell holds something included.
func filledRowsOf(t *testing.T, path string) map[string]int {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]int{}
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		filled := map[int]bool{}
		for r, row := range rows {
			for _, v := range row {
				if strings.TrimSpace(v) != "" {
					filled[r+1] = true
					break
				}
			}
		}
		merges, _ := f.GetMergeCells(sh)
		for _, m := range merges {
			if strings.TrimSpace(m.GetCellValue()) == "" {
				continue
			}
			_, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
			_, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
			for r := r1; r <= r2; r++ {
				filled[r] = true
			}
		}
		out[sh] = len(filled)
	}
	return out
}
