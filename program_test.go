package main

import (
	"liushou/output"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestProgramNamesTheBuild: the name a run's key and parse cache are salted with changes
// with the executable (size and time), stays the same for the same one, and holds the
// document format.
func TestProgramNamesTheBuild(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.exe"), filepath.Join(dir, "b.exe")
	os.WriteFile(a, []byte("one build"), 0o755)
	os.WriteFile(b, []byte("one build"), 0o755)
	when := time.Date(2026, 11, 28, 20, 0, 0, 0, time.UTC)
	os.Chtimes(a, when, when)
	os.Chtimes(b, when, when.Add(time.Second))
	if fileStamp(a) == "" || fileStamp(a) != fileStamp(a) {
		t.Fatalf("stamp of a file: %q", fileStamp(a))
	}
	if fileStamp(a) == fileStamp(b) {
		t.Error("two builds at different times have the same stamp")
	}
	os.WriteFile(b, []byte("another build"), 0o755)
	os.Chtimes(b, when, when)
	if fileStamp(a) == fileStamp(b) {
		t.Error("two builds of different sizes have the same stamp")
	}
	if fileStamp(filepath.Join(dir, "missing")) != "" {
		t.Error("a missing file has a stamp")
	}
	exe, _ := os.Executable()
	if p := program(); p != program() || !strings.Contains(p, fileStamp(exe)) || !strings.Contains(p, output.FormatVersion) {
		t.Errorf("program() = %q", p)
	}
}
