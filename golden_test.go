package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"liushou/output/outdir"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenCases are the inputs whose every printed word is pinned: the sample school, the
// rosters other office software wrote, and the official forms.
var goldenCases = []struct {
	name  string
	paths []string
}{
	{"samples", []string{"samples/"}},
	{"rosters", []string{"ingest/testdata/rosters/"}},
	{"forms", []string{"ingest/testdata/forms/minzheng-dengjibiao.xls", "ingest/testdata/forms/xueji-jibenxinxi.xlsx", "ingest/testdata/forms/fenban-dengjibiao.xlsx"}},
}

// TestGolden pins what liushou prints: summary.json, the text of `check` and `run`, the text of
// every PDF (read back with pdftotext) and the cell values of every workbook. A change to
// any wording, order or figure fails here with a diff; `go test -run TestGolden -update`
// rewrites the files once the change is meant.
func TestGolden(t *testing.T) {
	needPdftotext(t)
	for _, gc := range goldenCases {
		t.Run(gc.name, func(t *testing.T) {
			dir := filepath.Join("testdata", "golden", gc.name)
			got := map[string]string{}
			// The inputs are copied with one modification time: which of two copies of a
			// roster is read depends on it, and a checkout's times are anyone's.
			paths := copyInputs(t, gc.paths)
			_, stdout, _ := runCmd(t, append([]string{"check", "--as-of", "2026-11-28"}, paths...)...)
			got["check.txt"] = strings.ReplaceAll(stdout, filepath.Dir(paths[0]), "<in>")
			out := t.TempDir()
			_, runOut, runErr := runCmd(t, append([]string{"run", "--out", out, "--as-of", "2026-11-28"}, paths...)...)
			got["run.txt"] = strings.ReplaceAll(strings.ReplaceAll(runOut+runErr, out, "<out>"), filepath.Dir(paths[0]), "<in>")
			filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(out, p)
				rel = filepath.ToSlash(rel)
				switch {
				case strings.HasPrefix(rel, ".liushou/") || rel == "liushou.log" || path.Base(rel) == outdir.ManifestName:
					// the program's own bookkeeping (its revision, the wall clock)
				case strings.HasSuffix(rel, ".pdf"):
					text, err := exec.Command("pdftotext", p, "-").Output()
					if err != nil {
						t.Fatalf("pdftotext %s: %v", rel, err)
					}
					got[rel+".txt"] = string(text)
				case strings.HasSuffix(rel, ".xlsx"):
					got[rel+".txt"] = workbookText(t, p)
				default:
					b, _ := os.ReadFile(p)
					got[rel] = string(b)
				}
				return nil
			})
			if *update {
				os.RemoveAll(dir)
				for name, text := range got {
					path := filepath.Join(dir, filepath.FromSlash(name))
					os.MkdirAll(filepath.Dir(path), 0o755)
					if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			want := map[string]string{}
			filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(dir, p)
					b, _ := os.ReadFile(p)
					want[filepath.ToSlash(rel)] = string(b)
				}
				return nil
			})
			if len(want) == 0 {
				t.Fatalf("no golden files in %s: run go test -run TestGolden -update", dir)
			}
			for _, name := range sortedNames(want, got) {
				w, okW := want[name]
				g, okG := got[name]
				switch {
				case !okG:
					t.Errorf("%s: no longer written", name)
				case !okW:
					t.Errorf("%s: new file, not in the golden files", name)
				case w != g:
					t.Errorf("%s differs from the golden file (go test -run TestGolden -update if meant):\n%s", name, diffLines(w, g))
				}
			}
		})
	}
}

// workbookText is every sheet's cell values, a line per row, cells separated by tabs.
func workbookText(t *testing.T, path string) string {
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		fmt.Fprintf(&b, "== %s\n", sh)
		rows, _ := f.GetRows(sh)
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return b.String()
}

func sortedNames(a, b map[string]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]string{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// diffLines shows the first lines where two texts differ, with a little context.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b bytes.Buffer
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var lw, lg string
		if i < len(w) {
			lw = w[i]
		}
		if i < len(g) {
			lg = g[i]
		}
		if lw == lg {
			continue
		}
		fmt.Fprintf(&b, "line %d\n- %s\n+ %s\n", i+1, lw, lg)
		if shown++; shown == 5 {
			b.WriteString("…\n")
			break
		}
	}
	return b.String()
}

// copyInputs copies the given files and folders into a temporary folder, every file with
// the same modification time, and returns the paths of the copies.
func copyInputs(t *testing.T, paths []string) []string {
	t.Helper()
	root := t.TempDir()
	stamp := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	var out []string
	for _, p := range paths {
		dst := filepath.Join(root, filepath.Base(filepath.Clean(p)))
		err := filepath.WalkDir(p, func(src string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(p, src)
			to := filepath.Join(dst, rel)
			if d.IsDir() {
				return os.MkdirAll(to, 0o755)
			}
			b, err := os.ReadFile(src)
			if err == nil {
				err = os.WriteFile(to, b, 0o644)
			}
			if err == nil {
				err = os.Chtimes(to, stamp, stamp)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if st, _ := os.Stat(p); st.IsDir() {
			dst += string(filepath.Separator)
		}
		out = append(out, dst)
	}
	return out
}
