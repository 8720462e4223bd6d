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
	old := []string{"学校0/0班/检查清单.pdf", "学校9/1班/检查清单.pdf"}
	for _, f := range old {
		p := filepath.Join(dir, filepath.FromSlash(f))
		os.MkdirAll(filepath.Dir(p), 0o750)
		os.WriteFile(p, []byte("old"), 0o640)
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
	// The batch (1 file) before the stage, then half of the other 61.
	if halfway != 1+30 {
		t.Errorf("%d files in place half-way, want 31", halfway)
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
