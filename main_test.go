package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"io/fs"
	"liushou/internal/testtool"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"liushou/output"
	"liushou/output/outdir"
	"liushou/rules"
)

var today = time.Date(2026, 11, 28, 15, 0, 0, 0, time.Local)

func TestMain(m *testing.M) {
	if os.Getenv("LIUSHOU_TEST_MAIN") == "1" {
		if peak := os.Getenv("LIUSHOU_TEST_PEAK"); peak != "" {
			// The process's own high-water mark, after the run: what it needed itself,
			// with the memory limit main sets for the program as shipped.
			if os.Getenv("GOMEMLIMIT") == "" {
				debug.SetMemoryLimit(memoryLimit)
			}
			code := run(os.Args[1:], os.Stdout, os.Stderr, time.Now())
			status, _ := os.ReadFile("/proc/self/status")
			os.WriteFile(peak, status, 0o644)
			os.Exit(code)
		}
		main() // the test binary as the real command, for tests that kill it
	}
	if dir := os.Getenv("LIUSHOU_TEST_LOCK"); dir != "" {
		lockRacer(dir)
	}
	settleTime = 0 // every roster here was written a moment ago
	code := m.Run()
	if countyDir != "" {
		os.RemoveAll(countyDir) // the benchmarks' county workbook (countyRoster)
	}
	os.Exit(code)
}

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	// The wall clock: it tells rosters written a moment ago (still being copied) apart.
	code := run(args, &stdout, &stderr, time.Now())
	return code, stdout.String(), stderr.String()
}

// keysBlanked is a state with its ledger's family keys left out: they depend on the
// output folder's secret, which is made at random.
func keysBlanked(t *testing.T, b []byte) []byte {
	t.Helper()
	var st outdir.State
	if err := json.Unmarshal(b, &st); err != nil {
		return b // a broken state is compared as it is
	}
	letters := st.Letters.Entries()
	for i := range letters {
		letters[i].Child, letters[i].Keys = "", nil
	}
	// Signs are kept by keyed digests too: compared by their dates alone.
	var dates []string
	for _, d := range st.SignsSeen {
		dates = append(dates, d)
	}
	sort.Strings(dates)
	st.SignsSeen = map[string]string{}
	for i, d := range dates {
		st.SignsSeen[strconv.Itoa(i)] = d
	}
	// The roll is keyed digests too: compared by its counts per school.
	for school, keys := range st.Roll {
		st.Roll[school] = make([]rules.RollKey, len(keys))
	}
	// The ledger is sorted by those keys: compared in an order of its own.
	sort.SliceStable(letters, func(i, j int) bool {
		a, b := letters[i], letters[j]
		return a.Batch+a.Hash+a.Kind+a.Date < b.Batch+b.Hash+b.Kind+b.Date
	})
	st.Letters = outdir.LedgerOf(letters...)
	out, _ := json.Marshal(st)
	return out
}

// manifestBlanked is a batch's manifest without the secret and the keys made with it.
func manifestBlanked(t *testing.T, b []byte) []byte {
	t.Helper()
	var m struct {
		Batch   outdir.BatchRecord   `json:"batch"`
		Entries []outdir.LedgerEntry `json:"entries"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return b
	}
	st, _ := json.Marshal(outdir.State{Letters: outdir.LedgerOf(m.Entries...)})
	return append(keysBlanked(t, st), []byte(m.Batch.Name+m.Batch.Made)...)
}

// tree hashes every file below dir, by path relative to it; the output folder's secret is
// left out, and the state is hashed without the family keys that depend on it.
func tree(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == outdir.LogFile || strings.HasPrefix(filepath.ToSlash(rel), ".liushou/cache/") {
			return nil // the run log has wall-clock times; the parse cache is internal
		}
		switch filepath.ToSlash(rel) {
		case outdir.SecretFile:
			return nil // made at random, once per output folder
		case outdir.StateFile:
			b = keysBlanked(t, b) // the ledger's keys are keyed by that secret
		}
		if d.Name() == outdir.ManifestName {
			b = manifestBlanked(t, b)
		}
		out[filepath.ToSlash(rel)] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func writeRoster(t *testing.T, path string, rows [][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &row)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// logSheet is a sheet to add beside a roster: its name and rows.
type logSheet struct {
	name string
	rows [][]any
}

// addSheets adds sheets to the workbook at path and dates it an hour back, as a roster
// saved earlier in the day (one saved moments ago is read twice, in case it is copied).
func addSheets(t *testing.T, path string, sheets ...logSheet) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range sheets {
		f.NewSheet(sh.name)
		for i, row := range sh.rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			f.SetSheetRow(sh.name, cell, &row)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	old := time.Now().Add(-time.Hour)
	os.Chtimes(path, old, old)
}

func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}

func readSummary(t *testing.T, out string) output.Summary {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, output.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var s output.Summary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// addPart adds a part to an .xlsx and marks the workbook as one with macros.
func addPart(t *testing.T, path, name string, data []byte) {
	t.Helper()
	rewriteZip(t, path, func(part string, b []byte) []byte {
		if part == "[Content_Types].xml" {
			return bytes.Replace(b, []byte("spreadsheetml.sheet.main+xml"), []byte("sheet.macroEnabled.main+xml"), 1)
		}
		return b
	}, map[string][]byte{name: data})
}

// openpyxl finds a Python that has openpyxl (bash .ci/test installs python3-openpyxl).
func openpyxl(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import openpyxl").Run() == nil {
			return py
		}
	}
	toolMissing(t, "python3 with openpyxl is needed to check the workbooks: apt-get install python3-openpyxl")
	return ""
}

func toolMissing(t testing.TB, msg string) { t.Helper(); testtool.Missing(t, msg) }

// needPdftotext skips a test that reads PDFs back where poppler's pdftotext is missing.
func needPdftotext(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		toolMissing(t, "pdftotext is needed to read the PDFs back: install poppler-utils")
	}
}

// skipIfShort skips a test that takes seconds (whole nights under a memory limit, lock
// races, kills at every stage) when go test runs with -short.
func skipIfShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("slow: runs without -short")
	}
}
