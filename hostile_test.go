package main

import (
	"io/fs"
	"os"
	"path/filepath"
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
