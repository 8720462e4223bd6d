package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"liushou/output"
)

// TestHostileRoster runs the tool on a roster full of hostile names: path tricks, device
// names, characters Windows forbids, control and direction marks, emoji and rare
// characters, formulas, and 10,000-character cells. Every path written stays under --out
// and is valid on Windows and Linux, distinct names stay distinct, nothing personal
// reaches the terminal, no text becomes a formula, and no file is readable by others.
func TestHostileRoster(t *testing.T) {
	long := strings.Repeat("长", 10000)
	schools := []string{"../../逃逸学校", "CON", `a<b>c:d"e/f\g|h?i*`, "学校. ", "\u202e学校\u200b", long}
	classes := []string{"ABC班", "abc班", "../班", "NUL", "COM1.txt", "三年级(2)班"}
	names := []string{"𠮷田", "😀小明", "王\x07芳\x1b", `=HYPERLINK("http://x","点我")`, "+SUM(1,2)", "-1王", "@cmd", "\t张三", long + "名"}
	var rows [][]any
	rows = append(rows, []any{"学校", "班级", "学生姓名", "身份证号", "父亲姓名", "父亲务工地点", "父亲电话", "最近家访日期"})
	n := 0
	for i, s := range schools {
		for j, c := range classes {
			name := names[(i+j)%len(names)] + strings.Repeat("甲", n%3)
			n++
			rows = append(rows, []any{s, c, name, "", "=1+1", long, "13812345678", "2026-11-01"})
		}
	}
	parent := t.TempDir()
	in := filepath.Join(parent, "in")
	os.Mkdir(in, 0o755)
	writeRoster(t, filepath.Join(in, "hostile.xlsx"), rows)
	out := filepath.Join(parent, "out")
	code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", in)
	if code != exitOK && code != exitDataErrors {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}

	// Nothing outside --out: the parent holds only the input folder and the output folder.
	entries, _ := os.ReadDir(parent)
	if len(entries) != 2 {
		t.Errorf("the parent folder holds %d entries, want in/ and out/", len(entries))
	}
	classDirs := map[string]bool{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		if strings.HasPrefix(rel, "..") {
			t.Errorf("%s is outside --out", p)
		}
		for _, part := range strings.Split(filepath.ToSlash(rel), "/") {
			if msg := badWindowsName(part); msg != "" {
				t.Errorf("%q %s", part, msg)
			}
		}
		if d.IsDir() {
			return nil
		}
		if strings.HasSuffix(p, output.ChecklistFile) {
			classDirs[strings.ToLower(filepath.Dir(rel))] = true
		}
		st, _ := d.Info()
		if st.Mode().Perm()&0o007 != 0 {
			t.Errorf("%s is readable by others: %v", rel, st.Mode().Perm())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(schools) * len(classes); len(classDirs) != want {
		t.Errorf("%d class folders (case-insensitively distinct), want %d", len(classDirs), want)
	}
	for _, nm := range names {
		for _, part := range []string{strings.TrimSpace(nm), "逃逸学校", "HYPERLINK", "13812345678"} {
			if part != "" && strings.Contains(stdout+stderr, part) {
				t.Errorf("%q reached the terminal", part)
			}
		}
	}

	// Text that looks like a formula is stored as text in the workbooks liushou writes.
	noFormulas(t, filepath.Join(out, output.ProblemsFile))
	if _, err := os.Stat(filepath.Join(out, output.AnnotatedDir, "hostile（问题标注）.xlsx")); err != nil {
		t.Error(err)
	}
}

// badWindowsName says why a path part cannot be a file name on Windows, or "".
func badWindowsName(part string) string {
	if part == "." {
		return ""
	}
	if strings.ContainsAny(part, `<>:"\|?*`) || strings.HasSuffix(part, ".") || strings.HasSuffix(part, " ") {
		return "is not a valid Windows name"
	}
	base := strings.ToUpper(strings.SplitN(part, ".", 2)[0])
	for _, r := range []string{"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"} {
		if base == r {
			return "is a reserved device name"
		}
	}
	for _, r := range part {
		if r < 0x20 || r == 0x7f || r == '\u202e' || r == '\u200b' {
			return "holds a control or format character"
		}
	}
	return ""
}

// noFormulas wants no cell of a workbook to hold a formula.
func noFormulas(t *testing.T, book string) {
	t.Helper()
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatalf("%s: %v", book, err)
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for r, row := range rows {
			for c := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sh, cell); formula != "" {
					t.Errorf("%s %s!%s holds a formula %q", book, sh, cell, formula)
				}
			}
		}
	}
}

// hostileBook writes a roster of n children whose sheet also holds what extra adds.
func hostileBook(t *testing.T, path string, n int, extra func(f *excelize.File)) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"班级", "学生姓名", "父亲电话", "最近家访日期", "备注"})
	for i := 0; i < n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, []any{fmt.Sprintf("三年级%d班", i%9+1), fmt.Sprintf("学生%05d", i), "13812345678", "2026-11-20", ""})
	}
	sw.Flush()
	if extra != nil {
		extra(f)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// rewriteSheet rewrites the first worksheet's XML of an .xlsx with edit.
func rewriteSheet(t *testing.T, path string, edit func(string) string) {
	t.Helper()
	rewriteZip(t, path, func(name string, b []byte) []byte {
		if name == "xl/worksheets/sheet1.xml" {
			return []byte(edit(string(b)))
		}
		return b
	}, nil)
}

// rewriteZip rewrites every part of a zip file through edit, and adds the parts of add.
func rewriteZip(t *testing.T, path string, edit func(name string, b []byte) []byte, add map[string][]byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	write := func(name string, b []byte) {
		w, _ := zw.Create(name)
		w.Write(b)
	}
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		write(zf.Name, edit(zf.Name, b))
	}
	for _, name := range slices.Sorted(maps.Keys(add)) {
		write(name, add[name])
	}
	zr.Close()
	zw.Close()
	os.WriteFile(path, buf.Bytes(), 0o644)
}

// TestHostileFilesBounded: files that declare far more than they hold, a sheet that
// breaks half-way, a sheet too long for a silent limit. Each is checked by the real
// process beside a good roster: the good one is read, the bad one gets its own message,
// and peak memory stays under 300 MB.
func TestHostileFilesBounded(t *testing.T) {
	skipIfShort(t)
	if testing.Short() {
		t.Skip("builds large files")
	}
	exe, _ := os.Executable()
	tests := []struct {
		name  string
		make  func(t *testing.T, path string)
		wants []string
	}{
		{"sparse-xfd.xlsx", func(t *testing.T, path string) {
			hostileBook(t, path, 3, nil)
			rewriteSheet(t, path, func(x string) string {
				var b strings.Builder
				for r := 10; r < 1510; r++ {
					fmt.Fprintf(&b, `<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>`, r, r)
				}
				return strings.Replace(x, "</sheetData>", b.String()+"</sheetData>", 1)
			})
		}, []string{"sparse-xfd.xlsx：留守儿童 3 名", "超出了 liushou 读取的前 200 列"}},
		{"huge-string.xlsx", func(t *testing.T, path string) {
			// One shared string of 1,000,000 characters, used by the 备注 of 50 children.
			f := excelize.NewFile()
			f.SetSheetRow("Sheet1", "A1", &[]any{"班级", "学生姓名", "父亲电话", "备注"})
			big := strings.Repeat("很长的备注", 200_000)
			for r := 2; r < 52; r++ {
				f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", r), &[]any{"三年级1班", fmt.Sprintf("学生%02d", r), "13812345678", big})
			}
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			if st, _ := os.Stat(path); st.Size() > 200_000 {
				t.Fatalf("%d bytes: the string is not shared", st.Size())
			}
		}, []string{"huge-string.xlsx：留守儿童 50 名"}},
		{"broken-row-10.xlsx", func(t *testing.T, path string) {
			hostileBook(t, path, 30, nil)
			rewriteSheet(t, path, func(x string) string { return strings.Replace(x, `<row r="10"`, "<row r=\"10\"\x01", 1) })
		}, []string{"broken-row-10.xlsx：无法读取", "第 9 行之后无法读取"}},
		{"thirty-thousand.xlsx", func(t *testing.T, path string) { hostileBook(t, path, 30_000, nil) },
			[]string{"thirty-thousand.xlsx：留守儿童 30000 名"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.make(t, filepath.Join(dir, tt.name))
			writeRoster(t, filepath.Join(dir, "good.xlsx"), [][]any{{"班级", "学生姓名", "父亲电话"}, {"四年级1班", "王芳", "13812345678"}})
			cmd := exec.Command(exe, "check", "--as-of", "2026-11-28", dir)
			peakFile := filepath.Join(t.TempDir(), "status")
			cmd.Env = append(os.Environ(), "LIUSHOU_TEST_MAIN=1", "LIUSHOU_TEST_PEAK="+peakFile)
			var stdout bytes.Buffer
			cmd.Stdout = &stdout
			cmd.Run()
			out := stdout.String()
			for _, want := range append(tt.wants, "good.xlsx：留守儿童 1 名") {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%.3000s", want, out)
				}
			}
			if len(out) > 2<<20 {
				t.Errorf("check printed %d bytes", len(out))
			}
			peak := peakRSS(t, peakFile)
			t.Logf("%s: peak RSS %d MB", tt.name, peak)
			if peak > 300 {
				t.Errorf("peak RSS %d MB, want under 300", peak)
			}

			// The whole night beside the sample roster: the hostile file affects only
			// itself, the marked-up copies included (a wide sheet's copy once took 4.95 GB).
			for _, f := range []string{"roster.xlsx", "liushou.toml"} {
				b, _ := os.ReadFile(filepath.Join("samples", f))
				os.WriteFile(filepath.Join(dir, f), b, 0o644)
			}
			outDir := filepath.Join(t.TempDir(), "out")
			night := exec.Command(exe, "run", "--quiet", "--out", outDir, "--as-of", "2026-11-28", dir)
			night.Env = append(os.Environ(), "LIUSHOU_TEST_MAIN=1", "LIUSHOU_TEST_PEAK="+peakFile)
			var stderr bytes.Buffer
			night.Stderr = &stderr
			err := night.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitDataErrors {
				t.Fatalf("run: %v\n%.3000s", err, stderr.String())
			}
			for _, class := range sampleClasses {
				for _, f := range []string{"青石镇中心小学/" + class + "/" + output.ChecklistFile, "信件/2026-11-28/青石镇中心小学/" + class + "/" + output.LettersFile} {
					if _, err := os.Stat(filepath.Join(outDir, f)); err != nil {
						t.Errorf("the sample's %s is missing: %v", f, err)
					}
				}
			}
			peak = peakRSS(t, peakFile)
			t.Logf("%s, run beside the sample: peak RSS %d MB", tt.name, peak)
			if peak > 300 {
				t.Errorf("run: peak RSS %d MB, want under 300", peak)
			}
		})
	}
}

// peakRSS reads VmHWM (kB) from a copy of /proc/self/status, in MB.
func peakRSS(t *testing.T, statusFile string) int {
	t.Helper()
	b, err := os.ReadFile(statusFile)
	if err != nil {
		t.Fatalf("no status from the process: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.Atoi(f[1])
			return kb / 1024
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}
