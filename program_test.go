package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"liushou/output"
	"liushou/rules"
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

// TestRunKeyIsADigest: the key kept in the state is a digest that changes with the date,
// the policy and the letters, and holds none of the policy's names or telephones.
func TestRunKeyIsADigest(t *testing.T) {
	dir := t.TempDir()
	writeRoster(t, filepath.Join(dir, "a.xlsx"), [][]any{{"班级", "学生姓名"}, {"三年级1班", "王芳"}})
	p := rules.DefaultPolicy()
	p.ClassTeachers = map[string]rules.Contact{"三年级(1)班": {Name: "杨秀梅", Phone: "13908551201"}}
	asOf := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	key := func(p rules.Policy, letters string, asOf time.Time) string {
		k, err := runKey([]string{dir}, filepath.Join(dir, "out"), p, letters, asOf)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k := key(p, "", asOf)
	if len(k) != 64 || strings.Contains(k, "杨秀梅") || strings.Contains(k, "13908551201") {
		t.Fatalf("key %q", k)
	}
	if k != key(p, "", asOf) {
		t.Error("the same run has another key")
	}
	other := p
	other.VisitEvery = 14
	for name, k2 := range map[string]string{"date": key(p, "", asOf.AddDate(0, 0, 1)), "policy": key(other, "", asOf), "letters": key(p, "# 信", asOf)} {
		if k2 == k {
			t.Errorf("another %s, the same key", name)
		}
	}
}
