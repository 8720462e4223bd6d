package ingest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"liushou/rules"
)

// TestDeferralEnds: a truncated roster is "still being copied" for one night at most,
// even if it is touched again before the next; one dated in the future is never: it is a
// warning, and the file fails on its own merits on the first night.
func TestDeferralEnds(t *testing.T) {
	truncated, err := os.ReadFile(filepath.Join(craftedDir, "truncated.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	status := func(roster Loaded) string {
		for _, in := range roster.Inputs {
			return in.Status
		}
		return ""
	}
	night := time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)
	t.Run("touched every night", func(t *testing.T) {
		dir, cache := t.TempDir(), t.TempDir()
		path := filepath.Join(dir, "花名册.xlsx")
		os.WriteFile(path, truncated, 0o644)
		for i, want := range []string{rules.InputDeferred, rules.InputFailed, rules.InputFailed} {
			now := night.AddDate(0, 0, i)
			os.Chtimes(path, now.Add(-30*time.Second), now.Add(-30*time.Second)) // "just saved" again
			roster, err := Load([]string{dir}, Options{Now: now, Recent: 2 * time.Minute, CacheDir: cache})
			if err != nil {
				t.Fatal(err)
			}
			if got := status(roster); got != want {
				t.Errorf("night %d: %s, want %s: %+v", i+1, got, want, roster.Inputs)
			}
		}
	})
	t.Run("dated tomorrow", func(t *testing.T) {
		dir, cache := t.TempDir(), t.TempDir()
		path := filepath.Join(dir, "花名册.xlsx")
		os.WriteFile(path, truncated, 0o644)
		tomorrow := night.AddDate(0, 0, 1)
		os.Chtimes(path, tomorrow, tomorrow)
		roster, err := Load([]string{dir}, Options{Now: night, Recent: 2 * time.Minute, CacheDir: cache})
		if err != nil {
			t.Fatal(err)
		}
		if got := status(roster); got != rules.InputFailed {
			t.Errorf("first night: %s, want failed: %+v", got, roster.Inputs)
		}
		warned := false
		for _, p := range roster.Problems {
			warned = warned || p.Code == "file_future_time"
		}
		if !warned {
			t.Errorf("the future time is not said: %+v", roster.Problems)
		}
	})
}
