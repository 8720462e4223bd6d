package outdir

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stageTree writes files into a staging folder, each holding its own name.
func stageTree(t *testing.T, staging string, files []string) {
	t.Helper()
	for _, f := range files {
		if err := WriteStaged(filepath.Join(staging, filepath.FromSlash(f)), func(w io.Writer) error {
			_, err := io.WriteString(w, f)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPublish: staged files replace the outputs of the same names, new folders are made,
// files of the last run no longer made are removed with the folders they leave empty,
// the batch moves whole, and the stage half-way finds half the files in place.
func TestPublish(t *testing.T) {
	dir := t.TempDir()
	staging := filepath.Join(dir, StagingPrefix+"1")
	var files []string
	for s := range 3 {
		for c := range 20 {
			files = append(files, fmt.Sprintf("学校%d/%d班/检查清单.pdf", s, c))
		}
	}
	files = append(files, "汇总.pdf", LettersDir+"/2026-11-28/学校0/0班/家长信.pdf")
	stageTree(t, staging, files)
	// Last night's outputs: schools 0 and 1 with all their classes, and a school gone since.
	old := []string{"学校9/1班/检查清单.pdf"}
	for s := range 2 {
		for c := range 20 {
			old = append(old, fmt.Sprintf("学校%d/%d班/检查清单.pdf", s, c))
		}
	}
	for _, f := range old {
		p := filepath.Join(dir, filepath.FromSlash(f))
		os.MkdirAll(filepath.Dir(p), 0o750)
		os.WriteFile(p, []byte("old"), 0o640)
	}
	newSchool, err := os.Stat(filepath.Join(staging, "学校2"))
	if err != nil {
		t.Fatal(err)
	}
	halfway := -1
	stage := func(name string) error {
		if name == "publish" {
			halfway = 0
			for _, f := range files {
				if b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f))); err == nil && string(b) == f {
					halfway++
				}
			}
		}
		return nil
	}
	if err := Publish(staging, dir, files, old, "2026-11-28", stage); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f))); err != nil || string(b) != f {
			t.Errorf("%s: %q, %v", f, b, err)
		}
	}
	// The batch (1 file) and the new school (20, moved whole) before the stage, then half
	// of the other 41.
	if halfway != 1+20+20 {
		t.Errorf("%d files in place half-way, want 41", halfway)
	}
	if st, err := os.Stat(filepath.Join(dir, "学校2")); err != nil || !os.SameFile(st, newSchool) {
		t.Errorf("the new school's folder was not moved whole: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "学校9")); err == nil {
		t.Error("a folder the last run left is still there, empty")
	}
	if err := RemoveTree(staging); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(staging); err == nil {
		t.Error("the staging folder is left")
	}
}

// TestPublishStopsAtAFileItCannotReplace: a name that cannot be replaced (here a folder
// with something in it) stops the publishing with a message that names it and says the
// next run completes the rest.
func TestPublishStopsAtAFileItCannotReplace(t *testing.T) {
	dir := t.TempDir()
	staging := filepath.Join(dir, StagingPrefix+"1")
	files := []string{"a/1.pdf", "a/2.pdf", "b/3.pdf", "b/4.pdf"}
	stageTree(t, staging, files)
	blocked := filepath.Join(dir, "b", "3.pdf")
	os.MkdirAll(filepath.Join(blocked, "x"), 0o750)
	err := Publish(staging, dir, files, nil, "", nil)
	if err == nil {
		t.Fatal("a blocked name was replaced")
	}
	for _, want := range []string{blocked, "下次运行会补齐", "已替换"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
}

// TestUpToDateNow: the quick look at the state agrees with reading it whole, and says
// no whenever it cannot be sure.
func TestUpToDateNow(t *testing.T) {
	dir := t.TempDir()
	stageTree(t, dir, []string{"a/检查清单.pdf", "汇总.pdf"})
	st := State{Key: "k1", Exit: 3, Files: []string{"a/检查清单.pdf", "汇总.pdf"}, Children: 2,
		Batches: []BatchRecord{{Name: "2026-11-28", Made: "2026-11-28", Letters: 1}},
		Letters: LedgerOf(LedgerEntry{Child: "c1", Term: "2026年秋季学期", Kind: "term_start", Date: "2026-11-28", Batch: "2026-11-28"})}
	if err := SaveState(dir, st); err != nil {
		t.Fatal(err)
	}
	if head, ok := UpToDateNow(dir, "k1"); !ok || head.Exit != 3 || len(Waiting(head.Batches)) != 1 {
		t.Fatalf("up to date: %+v, %v; want exit 3 and a batch waiting, true", head, ok)
	}
	if _, ok := UpToDateNow(dir, "k2"); ok {
		t.Error("another key taken for up to date")
	}
	path := filepath.Join(dir, StateFile)
	whole, _ := os.ReadFile(path)
	for name, change := range map[string]func(){
		"a file gone":     func() { os.Remove(filepath.Join(dir, "汇总.pdf")) },
		"a batch pending": func() { os.WriteFile(filepath.Join(dir, PendingFile), []byte("{}"), 0o600) },
		"no state":        func() { os.Remove(path) },
		"a broken state":  func() { os.WriteFile(path, whole[:len(whole)/3], 0o600) },
		"letters first": func() {
			os.WriteFile(path, []byte(`{"letters": [], "key": "k1", "exit": 3, "files": ["汇总.pdf"]}`+"\n"), 0o600)
		},
		"files not a list": func() { os.WriteFile(path, []byte(`{"key": "k1", "exit": 3, "files": "汇总.pdf"}`+"\n"), 0o600) },
	} {
		stageTree(t, dir, []string{"a/检查清单.pdf", "汇总.pdf"})
		os.Remove(filepath.Join(dir, PendingFile))
		os.WriteFile(path, whole, 0o600)
		if _, ok := UpToDateNow(dir, "k1"); !ok {
			t.Fatalf("%s: not up to date before the change", name)
		}
		change()
		if _, ok := UpToDateNow(dir, "k1"); ok {
			t.Errorf("%s: taken for up to date", name)
		}
	}
}
