package outdir

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteStagedThenSync: staged files are complete at their names, with the outputs'
// permissions and no temporary file left; SyncTree goes through a tree of them, and
// names the folder it cannot read.
func TestWriteStagedThenSync(t *testing.T) {
	dir := t.TempDir()
	for i, name := range []string{"a.pdf", "学校/一年级(1)班/检查清单.pdf", "学校/一年级(1)班/邮寄清单.xlsx"} {
		content := strings.Repeat("x", 1000*(i+1))
		if err := WriteStaged(filepath.Join(dir, name), func(w io.Writer) error {
			_, err := io.WriteString(w, content)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(b) != content {
			t.Fatalf("%s: %d bytes, %v", name, len(b), err)
		}
		if st, _ := os.Stat(filepath.Join(dir, name)); st.Mode().Perm() != filePerm {
			t.Errorf("%s: permissions %v", name, st.Mode().Perm())
		}
	}
	tmps, _ := filepath.Glob(filepath.Join(dir, "学校", "一年级(1)班", ".liushou-*"))
	if len(tmps) > 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
	// Both ways: one syncfs where the disk is local (Linux), each path elsewhere.
	for name, sync := range map[string]func(string) error{"SyncTree": SyncTree, "syncEach": syncEach} {
		if err := sync(dir); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		missing := filepath.Join(dir, "不存在")
		if err := sync(missing); err == nil || !strings.Contains(err.Error(), missing) {
			t.Errorf("%s of a missing folder: %v", name, err)
		}
	}
	// A failed write leaves nothing at the name.
	bad := filepath.Join(dir, "b.pdf")
	if err := WriteStaged(bad, func(w io.Writer) error { return io.ErrShortWrite }); err == nil {
		t.Fatal("a failed write reported success")
	}
	if _, err := os.Stat(bad); err == nil {
		t.Error("a failed write left a file")
	}
}
