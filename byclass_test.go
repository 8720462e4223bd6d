package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"liushou/ingest"
	"liushou/output"
	"liushou/output/outdir"
	"liushou/rules"
)

// TestNightByClassAsWhole: a night, which evaluates its children a class at a time from
// a spill on disk, writes the documents, workbooks and summary.json byte for byte as the
// whole report evaluated in memory and given to output.Write does: on an inbox of the
// sample school, four of the test forms (a 学籍 export among them), an older copy of the
// sample roster, and a school folder with its own settings whose roster names no school.
func TestNightByClassAsWhole(t *testing.T) {
	in := byClassInbox(t)
	out := filepath.Join(filepath.Dir(in), "out")
	code, _, stderr := runCmd(t, "run", "--quiet", "--out", out, "--as-of", "2026-11-28", in)
	if code != exitDataErrors {
		t.Fatalf("exit %d: %s", code, stderr)
	}

	// The same inbox, read and evaluated whole, written by output.Write with the night's
	// secret and no letters before.
	asOf := time.Date(2026, 11, 28, 0, 0, 0, 0, time.Local) // as --as-of gives it
	set, err := loadSettings("", []string{in})
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	loaded, rep, err := readRosters([]string{in}, &set, asOf, ingest.Options{TmpDir: tmp, Skip: out}, nil)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := outdir.Secret(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	none := func(rules.Child) []rules.IssuedLetter { return nil }
	letters := rules.DecideLetters(rep.Results, set.policy, asOf, none, false)
	due := 0
	for _, r := range rep.Results {
		if letters.Due.Has(*r.Child) && !letters.DraftFor(r.Child.School) {
			due++
		}
	}
	if due == 0 || len(letters.Drafts) == 0 {
		t.Fatalf("%d letters due, drafts %v: the inbox does not test the letters", due, letters.Drafts)
	}
	whole := filepath.Join(filepath.Dir(in), "whole")
	batch := "2026-11-28"
	written, err := output.Write(loaded.Roster, rep, output.Options{Dir: whole, Policy: set.policy, AsOf: asOf, Batch: batch,
		Sources: sources(loaded, rep.Problems), Templates: set.letters, Secret: secret, Spill: tmp, Letters: letters,
		Waiting: waitingNotes(nil, batch, letters, due)})
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, f := range written.Files {
		want, err := os.ReadFile(filepath.Join(whole, f))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Errorf("%s: written whole, not by the night: %v", f, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs: %d bytes by the night, %d whole", f, len(got), len(want))
		}
		compared++
	}
	if compared < 40 || !strings.Contains(fmt.Sprint(written.Files), "白沙小学/") {
		t.Fatalf("%d files compared (%v): the inbox tests too little", compared, written.Files)
	}
}

// byClassInbox is the inbox of the by-class tests: the sample school, four of the test
// forms (a 学籍 export among them), an older copy of the sample roster, and a school
// folder with its own settings whose roster names no school.
func byClassInbox(t *testing.T) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "in")
	os.MkdirAll(filepath.Join(in, "白沙小学"), 0o755)
	copyFile := func(from, to string) {
		t.Helper()
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFile("samples/roster.xlsx", "roster.xlsx")
	copyFile("samples/liushou.toml", "liushou.toml")
	copyFile("samples/roster.xlsx", "roster - 副本.xlsx")
	for _, f := range []string{"county-tongji.xlsx", "taizhang-guanai.xlsx", "七年级关爱台账.xlsx", "xueji-jibenxinxi.xlsx"} {
		copyFile(filepath.Join("ingest/testdata/forms", f), f)
	}
	copyFile("ingest/testdata/forms/fenban-dengjibiao.xlsx", "白沙小学/名单.xlsx")
	os.WriteFile(filepath.Join(in, "白沙小学", "liushou.toml"),
		[]byte("[school]\nname = \"白沙小学\"\naddress = \"贵州省台江县白沙路 1 号\"\npostcode = \"556400\"\nphone = \"0855-5310000\"\n"), 0o644)
	old := time.Now().Add(-time.Hour)
	filepath.Walk(in, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			os.Chtimes(p, old, old)
		}
		return nil
	})
	older := time.Now().Add(-72 * time.Hour)
	os.Chtimes(filepath.Join(in, "roster - 副本.xlsx"), older, older)

	return in
}

// TestCheckByClassAsWhole: liushou check, which evaluates the rosters a class at a time
// from a spill, prints what it printed reading them whole (the settings line, the class
// teachers' warnings, every problem by file, the totals), with the same exit code, on the
// by-class inbox with a class teacher set for a class no roster has.
func TestCheckByClassAsWhole(t *testing.T) {
	in := byClassInbox(t)
	f, err := os.OpenFile(filepath.Join(in, "liushou.toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = f.WriteString("\n[class_teachers.\"九年级(9)班\"]\nname = \"吴老师\"\nphone = \"13908551299\"\n")
		f.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, verbose := range []bool{false, true} {
		args := []string{"check", "--as-of", "2026-11-28", in}
		if verbose {
			args = append(args, "--verbose")
		}
		code, stdout, stderr := runCmd(t, args...)

		asOf := time.Date(2026, 11, 28, 0, 0, 0, 0, time.Local)
		set, err := loadSettings("", []string{in})
		if err != nil {
			t.Fatal(err)
		}
		loaded, rep, err := readRosters([]string{in}, &set, asOf, ingest.Options{TmpDir: t.TempDir()}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		fmt.Fprintln(&want, settingsLine(set.configPath, set.policy))
		warnings := settingsWarnings(set, set.configPath, rep.Results)
		for _, w := range warnings {
			fmt.Fprintf(&want, "提醒：%s\n\n", w)
		}
		sum := output.NewSummary(loaded.Roster, rep, asOf)
		printProblems(&want, sum, verbose)
		if code != exitCode(sum) || stdout != want.String() {
			t.Errorf("verbose %v: exit %d (want %d), stderr %s; printed:\n%s\nwant:\n%s", verbose, code, exitCode(sum), stderr, stdout, want.String())
		}
		if len(warnings) == 0 || sum.Totals.Errors == 0 || sum.Totals.Warnings == 0 || !strings.Contains(stdout, "九年级(9)班") {
			t.Fatalf("%d warnings, %d errors and %d warnings in the data: the inbox tests too little", len(warnings), sum.Totals.Errors, sum.Totals.Warnings)
		}
	}
}

// TestReportByClassAsWhole: liushou report, which reads and counts the rosters a class at
// a time, writes the month's workbook and PDF byte for byte as the whole report read in
// memory and given to output.BuildMonthly does: on the by-class inbox after a night (the
// nights' record gives the children a month before, and the letters posted), and on its
// one school folder alone (a school's report has its classes, with their problems).
func TestReportByClassAsWhole(t *testing.T) {
	in := byClassInbox(t)
	out := filepath.Join(filepath.Dir(in), "out")
	if code, _, stderr := runCmd(t, "run", "--quiet", "--out", out, "--as-of", "2026-11-28", in); code != exitDataErrors {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "letters", "--posted", "2026-11-28", "--out", out); code != exitOK {
		t.Fatalf("letters --posted: exit %d: %s", code, stderr)
	}
	// A visit dated after the month: a problem the evaluation finds, counted to its class.
	added := filepath.Join(in, "白沙小学", "补充.xlsx")
	writeRoster(t, added, [][]any{{"班级", "学生姓名", "监护人姓名", "监护人电话", "父亲电话", "最近家访日期", "最近通话日期"},
		{"三(1)班", "韦小宝", "韦奶奶", "13800138011", "13900139011", "2026-12-20", "2026-11-02"}})
	old := time.Now().Add(-time.Hour)
	os.Chtimes(added, old, old)
	from, err := parseMonth("2026-11", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	to := from.AddDate(0, 1, -1) // past: the report is as of the month's last day
	for _, tc := range []struct {
		name, in, out string
		nights        bool
	}{
		{"the inbox", in, out, true},
		{"a school folder", filepath.Join(in, "白沙小学"), filepath.Join(filepath.Dir(in), "out-school"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, stdout, stderr := runCmd(t, "report", "--month", "2026-11", "--out", tc.out, tc.in); code != exitOK {
				t.Fatalf("report: exit %d: %s%s", code, stdout, stderr)
			}
			set, err := loadSettings("", []string{tc.in})
			if err != nil {
				t.Fatal(err)
			}
			loaded, rep, err := readRosters([]string{tc.in}, &set, to, ingest.Options{TmpDir: t.TempDir(), Skip: tc.out}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(rep.Problems, func(p rules.Problem) bool { return p.Code == "date_future" }) {
				t.Fatal("no problem found by the evaluation: the test tests too little")
			}
			history, posted := nightsOfMonth(tc.out, from, to)
			m := output.BuildMonthly(loaded.Roster, rep, from, to, to, history, posted, set.policy.School.Name)
			classErrors := 0
			for _, c := range m.Classes {
				classErrors += c.Errors
			}
			switch {
			case tc.nights && (posted.Total < 0 || len(history) == 0 || len(m.Schools) < 2):
				t.Fatalf("posted %d, %d nights' counts, %d schools: the inbox tests too little", posted.Total, len(history), len(m.Schools))
			case !tc.nights && (len(m.Schools) != 1 || classErrors == 0):
				t.Fatalf("%d schools, %d errors in classes: the school tests too little", len(m.Schools), classErrors)
			case m.Total.Errors == 0 || m.Total.Children == 0:
				t.Fatalf("%d errors, %d children: too little", m.Total.Errors, m.Total.Children)
			}
			for ext, write := range map[string]func(io.Writer, output.Monthly) error{".xlsx": output.WriteMonthlyXLSX, ".pdf": output.WriteMonthlyPDF} {
				var want bytes.Buffer
				if err := write(&want, m); err != nil {
					t.Fatal(err)
				}
				got, err := os.ReadFile(filepath.Join(tc.out, output.MonthlyName(from)+ext))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want.Bytes()) {
					t.Errorf("%s differs: %d bytes by class, %d whole", ext, len(got), len(want.Bytes()))
				}
			}
		})
	}
}
