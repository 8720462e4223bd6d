package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"liushou/rules"
)

// testID makes a valid 18-digit ID number for child n (born 2018, checksum right).
func testID(n int) string {
	s := fmt.Sprintf("52242620180%03d%03d", 101+n%28, n)
	s = s[:17]
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(s[i]-'0') * idWeights[i]
	}
	return s + string(idChecks[sum%11])
}

// rosterRows is a header and n children of 三年级(2)班, from child `from` on.
func rosterRows(from, n int) [][]any {
	rows := [][]any{{"班级", "学生姓名", "身份证号", "监护人", "监护人电话"}}
	for i := from; i < from+n; i++ {
		rows = append(rows, []any{"三年级(2)班", fmt.Sprintf("学生%c%c", '甲'+rune(i/10), '子'+rune(i%10)), testID(i), "祖母", "13812345678"})
	}
	return rows
}

func accountsBalance(t *testing.T, roster Loaded) {
	t.Helper()
	for _, in := range roster.Inputs {
		for _, a := range in.Sheets {
			if !a.Balanced() {
				t.Errorf("%s %s: the row account does not add up: %+v", in.File, a.Sheet, a)
			}
		}
	}
}

// TestNewerSmallFileSharesChildren: a teacher's newer 5-child 补充 file beside the
// school's 60-child roster: 60 children, both files read, the 5 counted once.
func TestNewerSmallFileSharesChildren(t *testing.T) {
	for _, newerSmall := range []bool{true, false} {
		t.Run(fmt.Sprint("newer small file: ", newerSmall), func(t *testing.T) {
			dir := t.TempDir()
			writeBook(t, dir, "花名册.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: rosterRows(0, 60)}}})
			writeBook(t, dir, "三年级2班补充.xlsx", book{sheets: []bookSheet{{name: "Sheet1", rows: rosterRows(20, 5)}}})
			old := time.Now().Add(-48 * time.Hour)
			older := "花名册.xlsx"
			if !newerSmall {
				older = "三年级2班补充.xlsx"
			}
			os.Chtimes(filepath.Join(dir, older), old, old)
			roster, err := Load([]string{dir}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(roster.Children) != 60 {
				t.Fatalf("%d children, want 60", len(roster.Children))
			}
			ids := map[string]bool{}
			for _, c := range roster.Children {
				if ids[c.ID] {
					t.Errorf("child %s counted twice", c.ID)
				}
				ids[c.ID] = true
			}
			accountsBalance(t, roster)
			big := roster.Inputs[1]
			if big.File != "花名册.xlsx" || big.Status != rules.InputOK {
				t.Errorf("the 60-child roster was not read: %+v", big)
			}
			if newerSmall {
				// Both read: the shared children come from the newer file.
				if roster.Inputs[0].Status != rules.InputOK || roster.Inputs[0].Children != 5 || big.Children != 55 {
					t.Errorf("inputs %+v", roster.Inputs)
				}
				found := false
				for _, p := range roster.Problems {
					found = found || p.Code == "duplicate_file_shared"
				}
				if !found {
					t.Error("no warning that the files share children")
				}
			} else if roster.Inputs[0].Status != rules.InputIgnored || big.Children != 60 {
				// The older small file is a copy of part of the roster.
				t.Errorf("inputs %+v", roster.Inputs)
			}
		})
	}
}

// TestCopyAfterSharedChildren: a roster that first shares some children with a newer
// file, then turns out to be a copy of a newer roster. Each of its rows leaves the count
// once: the shared ones as the same child, the rest as a copy's.
func TestCopyAfterSharedChildren(t *testing.T) {
	dir := t.TempDir()
	writeBook(t, dir, "a.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: rosterRows(0, 10)}}})
	writeBook(t, dir, "b.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: append(rosterRows(0, 3), rosterRows(40, 5)[1:]...)}}})
	writeBook(t, dir, "c.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: rosterRows(0, 10)}}})
	now := time.Now()
	for i, name := range []string{"a.xlsx", "b.xlsx", "c.xlsx"} {
		at := now.Add(time.Duration(i-3) * time.Hour)
		os.Chtimes(filepath.Join(dir, name), at, at)
	}
	roster, err := Load([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	accountsBalance(t, roster)
	if len(roster.Children) != 15 {
		t.Errorf("%d children, want 15 (c's 10 and b's 5 of its own)", len(roster.Children))
	}
	a := roster.Inputs[0]
	if a.File != "a.xlsx" || a.Status != rules.InputIgnored {
		t.Fatalf("a.xlsx not set aside as a copy: %+v", a)
	}
	if n := a.Sheets[0].Children; n != 0 {
		t.Errorf("a.xlsx's sheet counts %d children, want 0", n)
	}
	reasons := map[string]int{}
	for _, s := range a.Sheets[0].Skipped {
		reasons[strings.SplitN(s.Reason, "：", 2)[0]] += s.Count
	}
	if reasons["同一个学生"] != 3 || reasons["副本"] != 7 {
		t.Errorf("a.xlsx's rows not counted: %v, want 3 as the same child and 7 as a copy's", reasons)
	}
}

// TestSameNameDifferentChildren: 一人一档, two children of the same name in the same
// class, each in a file of their own: two children when their IDs differ, or (without
// IDs) when their guardians differ.
func TestSameNameDifferentChildren(t *testing.T) {
	for _, tc := range []struct {
		name     string
		a, b     []any
		children int
	}{
		{"different IDs", []any{"三年级(2)班", "王芳", testID(1), "祖母", "13812345678"}, []any{"三年级(2)班", "王芳", testID(2), "祖母", "13812345678"}, 2},
		{"no IDs, different guardians", []any{"三年级(2)班", "王芳", "", "王大山", "13812345678"}, []any{"三年级(2)班", "王芳", "", "李秀英", "13987654321"}, 2},
		{"no IDs, same guardian", []any{"三年级(2)班", "王芳", "", "王大山", "13812345678"}, []any{"三年级(2)班", "王芳", "", "王大山", "13812345678"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			head := []any{"班级", "学生姓名", "身份证号", "监护人", "监护人电话"}
			writeBook(t, dir, "王芳1.xlsx", book{sheets: []bookSheet{{name: "档案", rows: [][]any{head, tc.a}}}})
			writeBook(t, dir, "王芳2.xlsx", book{sheets: []bookSheet{{name: "档案", rows: [][]any{head, tc.b}}}})
			roster, err := Load([]string{dir}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(roster.Children) != tc.children {
				t.Errorf("%d children, want %d: %+v", len(roster.Children), tc.children, roster.Inputs)
			}
			accountsBalance(t, roster)
		})
	}
}

// TestLeftBehindColumnNeverDropsByGuess: a 是否留守 column of codes and words: clear
// "no"s set a pupil aside with the cell named in the account; anything unclear keeps the
// child with a warning at its cell.
func TestLeftBehindColumnNeverDropsByGuess(t *testing.T) {
	values := []struct {
		v    string
		kept bool
		warn bool
	}{
		{"是", true, false}, {"√", true, false}, {"双留守", true, false}, {"单留守", true, false},
		{"父母均外出", true, false}, {"父亲外出务工", true, false}, {"1", true, false}, {"Y", true, false},
		{"否", false, false}, {"×", false, false}, {"非留守", false, false}, {"0", false, false},
		{"父母在家", false, false}, {"待核实", true, true}, {"A", true, true}, {"", true, false},
	}
	rows := [][]any{{"班级", "学生姓名", "是否留守儿童"}}
	for i, v := range values {
		rows = append(rows, []any{"三年级(2)班", fmt.Sprintf("学生%c", '甲'+rune(i)), v.v})
	}
	dir := t.TempDir()
	writeBook(t, dir, "学籍.xlsx", book{sheets: []bookSheet{{name: "学生", rows: rows}}})
	roster, err := Load([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]bool{}
	for _, c := range roster.Children {
		kept[c.Name] = true
	}
	warned := map[string]bool{}
	for _, p := range roster.Problems {
		if p.Code == "left_behind_unclear" {
			warned[p.Cell] = true
		}
	}
	for i, v := range values {
		name := fmt.Sprintf("学生%c", '甲'+rune(i))
		if kept[name] != v.kept {
			t.Errorf("%q: kept %v, want %v", v.v, kept[name], v.kept)
		}
		if cell := fmt.Sprintf("C%d", i+2); warned[cell] != v.warn {
			t.Errorf("%q: warning at %s %v, want %v", v.v, cell, warned[cell], v.warn)
		}
	}
	accountsBalance(t, roster)
	a := roster.Inputs[0].Sheets[0]
	notLB := 0
	for _, s := range a.Skipped {
		if s.Kind() == "不是留守儿童" {
			notLB += s.Count
			if s.Cell == "" {
				t.Errorf("a row set aside without its cell: %+v", s)
			}
		}
	}
	if notLB != 5 {
		t.Errorf("%d rows set aside as not left behind, want 5: %+v", notLB, a.Skipped)
	}
}
