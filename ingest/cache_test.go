package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestCacheChunks: a roster of more children than a chunk comes back from the cache as
// parsed, and an entry cut short or overwritten is not used (the roster is parsed again).
func TestCacheChunks(t *testing.T) {
	dir, cache := t.TempDir(), filepath.Join(t.TempDir(), "cache")
	rows := [][]any{{"班级", "学生姓名", "家访日期"}}
	for i := range 2*cacheChunk + 7 {
		rows = append(rows, []any{fmt.Sprintf("三年级(%d)班", i%3+1), fmt.Sprintf("学生%d", i), "2026-11-03"})
	}
	writeBook(t, dir, "a.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: rows}}})
	opt := Options{CacheDir: cache, CacheSalt: "test"}
	first, err := Load([]string{dir}, opt)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := filepath.Glob(filepath.Join(cache, "*"+cacheExt))
	if len(entries) != 1 {
		t.Fatalf("%d cache entries, want 1", len(entries))
	}
	key := filepath.Base(entries[0][:len(entries[0])-len(cacheExt)])
	res, ok := loadCached(cache, key)
	if !ok || len(res.Children) != len(rows)-1 {
		t.Fatalf("read back %v with %d children, want %d", ok, len(res.Children), len(rows)-1)
	}
	if fmt.Sprintf("%+v", res.Children) != fmt.Sprintf("%+v", first.Children) {
		t.Error("children from the cache differ from the children parsed")
	}
	whole, err := os.ReadFile(entries[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, damaged := range [][]byte{whole[:len(whole)/2], whole[:len(whole)-1], []byte("{\"Input\":{}}"), nil} {
		if err := os.WriteFile(entries[0], damaged, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, ok := loadCached(cache, key); ok {
			t.Errorf("an entry of %d bytes out of %d was used", len(damaged), len(whole))
		}
		again, err := Load([]string{dir}, opt)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprintf("%+v", again.Children) != fmt.Sprintf("%+v", first.Children) {
			t.Errorf("with a damaged entry (%d bytes) the roster did not read as before", len(damaged))
		}
	}
}
