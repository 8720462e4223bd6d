package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
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
