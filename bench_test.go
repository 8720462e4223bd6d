package main

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"liushou/ingest"
	"liushou/rules"
	"liushou/samples"
)

var (
	countyOnce sync.Once
	countyDir  string
	countyErr  error
)

// countyRoster writes the county workbook once per test binary, with the school settings
// beside it (so that the letters are real, with envelopes and mailing lists).
// LIUSHOU_BENCH_ROSTER names another county workbook to use instead (samples/bench.sh
// passes the one the Python pipeline reads).
func countyRoster(b *testing.B) string {
	b.Helper()
	countyOnce.Do(func() {
		countyDir, countyErr = os.MkdirTemp("", "liushou-bench-")
		if countyErr != nil {
			return
		}
		roster := filepath.Join(countyDir, "county.xlsx")
		if given := os.Getenv("LIUSHOU_BENCH_ROSTER"); given != "" {
			var data []byte
			if data, countyErr = os.ReadFile(given); countyErr == nil {
				countyErr = os.WriteFile(roster, data, 0o644)
			}
		} else {
			countyErr = samples.WriteCounty(roster, 20261128)
		}
		if countyErr == nil {
			countyErr = os.WriteFile(filepath.Join(countyDir, "liushou.toml"), []byte(benchSettings), 0o644)
		}
	})
	if countyErr != nil {
		b.Fatal(countyErr)
	}
	return filepath.Join(countyDir, "county.xlsx")
}

// BenchmarkCountyFloor is the floor: excelize reading every cell of the county workbook
// (raw values, as liushou reads them) and nothing else.
func BenchmarkCountyFloor(b *testing.B) {
	data, err := os.ReadFile(countyRoster(b))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		cells := 0
		for _, sh := range f.GetSheetList() {
			rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range rows {
				cells += len(r)
			}
		}
		f.Close()
		if cells < 10000 {
			b.Fatalf("read %d cells", cells)
		}
	}
}

// BenchmarkCountyRead is liushou reading the county workbook: every cell checked, every
// child validated (no cache), to set beside the floor.
func BenchmarkCountyRead(b *testing.B) {
	roster := countyRoster(b)
	for b.Loop() {
		loaded, err := ingest.Load([]string{roster}, ingest.Options{Now: today})
		if err != nil {
			b.Fatal(err)
		}
		if in := loaded.Inputs[0]; in.Status != rules.InputOK || len(loaded.Children) < 10000 {
			b.Fatalf("read %s, %d children: %s", in.Status, len(loaded.Children), in.Reason)
		}
	}
}

// BenchmarkCountyRun is liushou run on the county, end to end, every document, into a
// new output folder each time.
func BenchmarkCountyRun(b *testing.B) {
	roster := countyRoster(b)
	for b.Loop() {
		out := b.TempDir()
		if code, _, stderr := runQuiet(roster, out); code != exitOK && code != exitDataErrors {
			b.Fatalf("exit %d: %s", code, stderr)
		}
	}
	b.ReportMetric(float64(samples.CountyChildren)*float64(b.N)/b.Elapsed().Seconds(), "children/s")
}

// BenchmarkCountyRerun is the nightly run with nothing changed since the last one.
func BenchmarkCountyRerun(b *testing.B) {
	roster := countyRoster(b)
	out := b.TempDir()
	if code, _, stderr := runQuiet(roster, out); code != exitOK && code != exitDataErrors {
		b.Fatalf("exit %d: %s", code, stderr)
	}
	for b.Loop() {
		if code, _, stderr := runQuiet(roster, out); code != exitOK && code != exitDataErrors {
			b.Fatalf("exit %d: %s", code, stderr)
		}
	}
}

func runQuiet(roster, out string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"run", "--quiet", "--out", out, "--as-of", "2026-11-28", roster}, &stdout, &stderr, today)
	return code, stdout.String(), stderr.String()
}

// benchSettings are a county's settings: with the school's details set, letters are real.
const benchSettings = "[school]\nname = \"台江县教育局\"\naddress = \"贵州省台江县文化路 1 号\"\npostcode = \"556400\"\nphone = \"0855-5312345\"\n"

// BenchmarkInboxRun runs the night on the inbox named by LIUSHOU_BENCH_INBOX (a folder of
// many rosters, such as a county's 10,000 class files): what a run costs per file.
func BenchmarkInboxRun(b *testing.B) {
	inbox := os.Getenv("LIUSHOU_BENCH_INBOX")
	if inbox == "" {
		b.Skip("LIUSHOU_BENCH_INBOX names no folder of rosters")
	}
	for b.Loop() {
		out := b.TempDir()
		if code, _, stderr := runQuiet(inbox, out); code != exitOK && code != exitDataErrors {
			b.Fatalf("exit %d: %s", code, stderr)
		}
	}
}
