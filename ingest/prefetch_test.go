package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestReadAheadSameAsInTurn: a folder of every fixture roster (well formed, broken,
// crafted, other programs', a copy of one, a Word file beside them) loads the same read
// several at a time as one after another, from the files and again from the cache.
func TestReadAheadSameAsInTurn(t *testing.T) {
	dir := t.TempDir()
	for i, path := range fixtures(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("%03d-%s", i, filepath.Base(path))
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if i == 3 { // the same roster twice: copies are merged across files
			os.WriteFile(filepath.Join(dir, "copy-"+name), data, 0o644)
		}
	}
	os.WriteFile(filepath.Join(dir, "说明.docx"), []byte("not a roster"), 0o644)
	asOf := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	load := func(procs int, cache string) Loaded {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		got, err := Load([]string{dir}, Options{AsOf: asOf, CacheDir: cache, CacheSalt: "test"})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	cache := t.TempDir()
	inTurn := load(1, "")
	if len(inTurn.Inputs) < 20 || len(inTurn.Children) < 100 {
		t.Fatalf("only %d inputs, %d children", len(inTurn.Inputs), len(inTurn.Children))
	}
	for _, tc := range []struct {
		name  string
		procs int
		cache string
	}{{"two cores", 2, ""}, {"four cores, filling the cache", 4, cache}, {"four cores, from the cache", 4, cache}} {
		got := load(tc.procs, tc.cache)
		for _, part := range []struct {
			name      string
			got, want any
		}{
			{"inputs", got.Inputs, inTurn.Inputs}, {"children", got.Children, inTurn.Children},
			{"problems", got.Problems, inTurn.Problems}, {"columns", got.Columns, inTurn.Columns},
			{"files", got.Files, inTurn.Files},
		} {
			if !reflect.DeepEqual(part.got, part.want) {
				t.Errorf("%s: %s differ from reading one file after another", tc.name, part.name)
			}
		}
	}
}

// TestReadAheadBounded: files are read ahead at most one per reader, and never more
// bytes of them than the budget unless a file is read alone; Load taking its readings
// slowly lets the readers run ahead as far as they may.
func TestReadAheadBounded(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	defer func(b int64) { aheadBytes = b }(aheadBytes)
	aheadBytes = 1000
	for _, tc := range []struct {
		name  string
		sizes []int
		most  int // the most readings that may be held at once
	}{
		{"small files, four readers", []int{100, 100, 100, 100, 100, 100, 100, 100}, 4},
		{"a large file is read alone", []int{100, 100, 3000, 100, 100, 900, 200}, 2},
		{"files that fill the budget two at a time", []int{400, 400, 400, 400, 400}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var files []found
			for i, n := range tc.sizes {
				path := filepath.Join(dir, fmt.Sprintf("%02d.csv", i))
				os.WriteFile(path, []byte(strings.Repeat("x", n)), 0o644)
				files = append(files, found{path: path, label: filepath.Base(path)})
			}
			p := prefetch(files, func(found) bool { return true }, Options{AsOf: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)})
			for i := range files {
				time.Sleep(30 * time.Millisecond) // Load busy with the reading before
				if r := p.take(i); !r.done || r.res.Input.File != files[i].label {
					t.Fatalf("file %d: reading %+v", i, r.res.Input)
				}
			}
			p.close()
			if p.crowded {
				t.Error("more than the budget was read ahead beside another file")
			}
			// At least two: Load taking slowly, the readers ran ahead (else nothing was
			// tested); never more than the bound.
			if p.most < 2 || p.most > tc.most {
				t.Errorf("%d readings held at once, want 2 to %d", p.most, tc.most)
			}
		})
	}
}
