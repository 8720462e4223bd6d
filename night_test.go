package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"liushou/output"
	"liushou/output/outdir"
)

// TestOutputFolderUnwritable: the output path is a file; the run says so and fails.
func TestOutputFolderUnwritable(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "out")
	os.WriteFile(blocker, []byte("not a folder"), 0o644)
	code, _, stderr := runCmd(t, "run", "--out", blocker, "--as-of", "2026-11-28", "samples/")
	if code != exitFailed || !strings.Contains(stderr, "无法创建输出文件夹") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if b, _ := os.ReadFile(blocker); string(b) != "not a folder" {
		t.Error("the file in the way was changed")
	}
}

// TestOneRunAtATime: while a run holds the output folder, a second one says so, exits
// with its own code and writes nothing; once the first is done, the next run works.
func TestOneRunAtATime(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	held, err := outdir.Acquire(out, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", "samples/")
	if code != exitBusy || !strings.Contains(stderr, "另一个 liushou 正在处理这个输出文件夹") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "summary.json")); !os.IsNotExist(err) {
		t.Error("the second run wrote files")
	}
	held.Release()
	if code, _, stderr := runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-28", "samples/"); code != exitDataErrors {
		t.Errorf("after release: exit %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, outdir.LockFile)); !os.IsNotExist(err) {
		t.Error("the lock was left behind")
	}
}

// TestKilledAtEachStage kills the real process (SIGKILL) at each stage of a run: reading,
// evaluating, each kind of document, moving files into place, the commit. No file at a
// final path is ever partial (each equals the clean run's), and a rerun gives exactly the
// clean run's files.
func TestKilledAtEachStage(t *testing.T) {
	skipIfShort(t)
	cleanOut := filepath.Join(t.TempDir(), "clean")
	if code, _, stderr := runCmd(t, "run", "-q", "--out", cleanOut, "--as-of", "2026-11-28", "samples/"); code != exitDataErrors {
		t.Fatalf("clean run: exit %d %s", code, stderr)
	}
	clean := tree(t, cleanOut)
	stages := []string{"ingest", "rules", "checklist", "letters", "envelopes", "mailing", "overview", "problems", "summary", "batch", "publish", "commit"}
	for _, stage := range stages {
		t.Run(stage, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			cmd := exec.Command(os.Args[0], "run", "-q", "--out", out, "--as-of", "2026-11-28", "samples/")
			cmd.Env = append(os.Environ(), "LIUSHOU_TEST_MAIN=1", "LIUSHOU_TEST_KILL_AT="+stage)
			err := cmd.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != -1 {
				t.Fatalf("the run was not killed at %s: %v", stage, err)
			}
			for p, h := range tree(t, out) {
				if strings.HasPrefix(p, ".liushou/") {
					continue
				}
				if clean[p] != h {
					t.Errorf("killed at %s: %s is at its final path but is not the complete file", stage, p)
				}
			}
			if code, _, stderr := runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-28", "samples/"); code != exitDataErrors {
				t.Fatalf("rerun: exit %d %s", code, stderr)
			}
			again := tree(t, out)
			adopted := stage == "batch" || stage == "publish" || stage == "commit"
			for p, h := range clean {
				if adopted && (p == output.SummaryFile || p == outdir.StateFile) {
					// The batch in place was adopted: the rerun issues no new letter and
					// says so; the state records the batch without its files.
					continue
				}
				if again[p] != h {
					t.Errorf("after the rerun %s differs from the clean run", p)
				}
			}
			for p := range again {
				if _, ok := clean[p]; !ok {
					t.Errorf("after the rerun %s is extra", p)
				}
			}
		})
		// Killed, then run on the next day's date: exactly one batch of letters.
		t.Run(stage+"-next-day", func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			cmd := exec.Command(os.Args[0], "run", "-q", "--out", out, "--as-of", "2026-11-28", "samples/")
			cmd.Env = append(os.Environ(), "LIUSHOU_TEST_MAIN=1", "LIUSHOU_TEST_KILL_AT="+stage)
			cmd.Run()
			if code, _, stderr := runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-29", "samples/"); code != exitDataErrors {
				t.Fatalf("next day: exit %d %s", code, stderr)
			}
			batches, _ := os.ReadDir(filepath.Join(out, outdir.LettersDir))
			if len(batches) != 1 {
				var names []string
				for _, b := range batches {
					names = append(names, b.Name())
				}
				t.Errorf("killed at %s, then the next day: batches %v, want exactly one", stage, names)
			}
			st, _ := outdir.LoadState(out)
			if st.Letters.Len() != 60 {
				t.Errorf("ledger holds %d letters, want 60", st.Letters.Len())
			}
			if _, err := os.Stat(filepath.Join(out, outdir.PendingFile)); err == nil {
				t.Error("the pending record was left")
			}
		})
	}
}

// TestDiskFullAtEachStage: writing fails (as on a full disk) while each kind of document
// is being made: the run says so, exits 1, and the previous run's files are untouched.
func TestDiskFullAtEachStage(t *testing.T) {
	for _, stage := range []string{"checklist", "letters", "envelopes", "mailing", "overview", "problems", "summary"} {
		t.Run(stage, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			if code, _, stderr := runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-27", "samples/"); code != exitDataErrors {
				t.Fatalf("first run: exit %d %s", code, stderr)
			}
			before := tree(t, out)
			t.Setenv("LIUSHOU_TEST_FULL_AT", stage)
			// A reissue, so that the letters, envelopes and mailing lists are made too.
			code, _, stderr := runCmd(t, "letters", "--reissue", "-q", "--out", out, "--as-of", "2026-11-28", "samples/")
			if code != exitFailed || !strings.Contains(stderr, "no space left on device") || !strings.Contains(stderr, "上次生成的文件没有改动") {
				t.Errorf("exit %d, %q", code, stderr)
			}
			after := tree(t, out)
			if len(after) != len(before) {
				t.Errorf("%d files before, %d after", len(before), len(after))
			}
			for p, h := range before {
				if after[p] != h {
					t.Errorf("%s changed although the run failed", p)
				}
			}
		})
	}
}

// lockRacer is one of the processes of TestStaleLockRace: it takes the lock, holds it a
// moment and says whether it got it.
func lockRacer(dir string) {
	l, err := outdir.Acquire(dir, time.Now())
	if err != nil {
		fmt.Println("busy")
		os.Exit(0)
	}
	start := time.Now().UnixNano()
	time.Sleep(500 * time.Millisecond)
	fmt.Printf("got %d %d\n", start, time.Now().UnixNano())
	l.Release()
	os.Exit(0)
}

// TestStaleLockRace: four real processes find the same stale lock at once; in each of 30
// trials exactly one of them proceeds.
func TestStaleLockRace(t *testing.T) {
	skipIfShort(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for trial := 0; trial < 30; trial++ {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, ".liushou"), 0o750)
		stale := fmt.Sprintf(`{"host":"elsewhere","pid":1,"start":"%s"}`, time.Now().Add(-7*time.Hour).Format(time.RFC3339))
		os.WriteFile(filepath.Join(dir, outdir.LockFile), []byte(stale), 0o640)
		var cmds []*exec.Cmd
		var outs []*bytes.Buffer
		for i := 0; i < 4; i++ {
			c := exec.Command(exe, "-test.run=^$")
			c.Env = append(os.Environ(), "LIUSHOU_TEST_LOCK="+dir)
			var b bytes.Buffer
			c.Stdout = &b
			cmds, outs = append(cmds, c), append(outs, &b)
		}
		for _, c := range cmds {
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
		}
		// Each run that went ahead says when it held the lock; no two may overlap (a run
		// that starts after another has finished, on a loaded machine, may go ahead too).
		var held [][2]int64
		for i, c := range cmds {
			if err := c.Wait(); err != nil {
				t.Fatal(err)
			}
			var a, b int64
			if n, _ := fmt.Sscanf(outs[i].String(), "got %d %d", &a, &b); n == 2 {
				held = append(held, [2]int64{a, b})
			}
		}
		if len(held) == 0 {
			t.Fatalf("trial %d: no run took over the stale lock", trial)
		}
		sort.Slice(held, func(i, j int) bool { return held[i][0] < held[j][0] })
		for i := 1; i < len(held); i++ {
			if held[i][0] < held[i-1][1] {
				t.Fatalf("trial %d: two runs held the lock at once: %v", trial, held)
			}
		}
	}
}

// TestNothingLostOvernight: what a shared drive does to an inbox never empties the outputs.
func TestNothingLostOvernight(t *testing.T) {
	dir := t.TempDir()
	inbox, out := filepath.Join(dir, "花名册"), filepath.Join(dir, "out")
	os.MkdirAll(inbox, 0o755)
	var rows [][]any
	rows = append(rows, []any{"学校", "班级", "学生姓名", "父亲电话", "最近家访日期"})
	for i := 0; i < 12; i++ {
		rows = append(rows, []any{"红星小学", "三年级2班", fmt.Sprintf("学生%02d", i), "13812345678", "2026-11-20"})
	}
	writeRoster(t, filepath.Join(inbox, "三年级.xlsx"), rows)
	writeRoster(t, filepath.Join(inbox, "四年级.xlsx"), [][]any{{"学校", "班级", "学生姓名"}, {"红星小学", "四年级1班", "王芳"}})
	checklist := filepath.Join(out, "红星小学", "三年级(2)班", output.ChecklistFile)
	if code, so, se := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", inbox); code != exitOK {
		t.Fatalf("first night: exit %d\n%s%s", code, so, se)
	}

	// A roster open in Excel (its owner file beside it, left by a crash) is read.
	os.WriteFile(filepath.Join(inbox, "~$三年级.xlsx"), []byte("owner"), 0o644)
	code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-29", inbox)
	if code != exitOK || readSummary(t, out).Totals.Children != 13 {
		t.Fatalf("open roster: exit %d\n%s%s", code, stdout, stderr)
	}
	if s := readSummary(t, out); !strings.Contains(s.Inputs[0].Reason, "最后保存的版本") {
		t.Errorf("open roster not said: %+v", s.Inputs[0])
	}

	// A roster broken by a bad copy keeps its last good reading: its classes keep their
	// checklists, the summary and the run say so.
	os.WriteFile(filepath.Join(inbox, "三年级.xlsx"), []byte("PK\x03\x04broken"), 0o644)
	hourAgo := time.Now().Add(-time.Hour) // not a copy in progress: broken
	os.Chtimes(filepath.Join(inbox, "三年级.xlsx"), hourAgo, hourAgo)
	code, stdout, stderr = runCmd(t, "run", "--out", out, "--as-of", "2026-11-30", inbox)
	s := readSummary(t, out)
	if code != exitDataErrors || s.Totals.Children != 13 || !strings.Contains(stdout, "沿用上次成功读取时的内容") {
		t.Errorf("broken roster: exit %d, %d children\n%s%s", code, s.Totals.Children, stdout, stderr)
	}
	if _, err := os.Stat(checklist); err != nil {
		t.Errorf("the broken roster's checklist was removed: %v", err)
	}
	writeRoster(t, filepath.Join(inbox, "三年级.xlsx"), rows)

	// An empty inbox (an unmounted share) publishes nothing: exit 1, outputs as they were.
	before := tree(t, out)
	empty := filepath.Join(dir, "空")
	os.MkdirAll(empty, 0o755)
	code, _, stderr = runCmd(t, "run", "--out", out, "--as-of", "2026-12-01", empty)
	if code != exitFailed || !strings.Contains(stderr, "没有找到任何花名册") {
		t.Errorf("empty inbox: exit %d: %s", code, stderr)
	}
	// --out given as the inbox itself: liushou's own folder is never read, so the same.
	code, _, stderr = runCmd(t, "run", "--out", out, "--as-of", "2026-12-01", out)
	if code != exitFailed || !strings.Contains(stderr, "没有找到任何花名册") {
		t.Errorf("--out as inbox: exit %d: %s", code, stderr)
	}
	// Most children gone at once: nothing published unless confirmed.
	moved := filepath.Join(dir, "三年级.xlsx")
	os.Rename(filepath.Join(inbox, "三年级.xlsx"), moved)
	code, _, stderr = runCmd(t, "run", "--out", out, "--as-of", "2026-12-01", inbox)
	if code != exitFailed || !strings.Contains(stderr, "--accept-fewer") {
		t.Errorf("most children gone: exit %d: %s", code, stderr)
	}
	after := tree(t, out)
	delete(before, "liushou.log")
	delete(after, "liushou.log")
	if !reflect.DeepEqual(before, after) {
		t.Error("a run that published nothing changed the outputs")
	}
	if code, _, se := runCmd(t, "run", "--accept-fewer", "--out", out, "--as-of", "2026-12-01", inbox); code != exitOK || readSummary(t, out).Totals.Children != 1 {
		t.Errorf("--accept-fewer: exit %d: %s", code, se)
	}
}
