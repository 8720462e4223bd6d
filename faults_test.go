package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"liushou/output"
)

// The fault hooks live in the test binary only: LIUSHOU_TEST_KILL_AT=stage makes the
// process kill itself (SIGKILL, as a power cut or a killed scheduled task would) when it
// reaches that stage; LIUSHOU_TEST_FULL_AT=stage makes writing fail there as on a full
// disk. The tests run the test binary as the command (LIUSHOU_TEST_MAIN=1).
func init() {
	testStages = func() func(string) error {
		kill, full := os.Getenv("LIUSHOU_TEST_KILL_AT"), os.Getenv("LIUSHOU_TEST_FULL_AT")
		return func(stage string) error {
			switch stage {
			case kill:
				p, _ := os.FindProcess(os.Getpid())
				p.Kill()
				select {} // the kill arrives; nothing more runs
			case full:
				return fmt.Errorf("写入失败：%w", syscall.ENOSPC)
			}
			return nil
		}
	}
}

// TestReleaseHasNoFaultHooks: the program as built for a school ignores the fault
// variables: asked to kill itself at the checklists, it runs the sample to the end.
func TestReleaseHasNoFaultHooks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	bin := filepath.Join(t.TempDir(), "liushou")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	b, _ := os.ReadFile(bin)
	if bytes.Contains(b, []byte("LIUSHOU_TEST")) {
		t.Error("the release binary names a test variable")
	}
	out := filepath.Join(t.TempDir(), "out")
	cmd := exec.Command(bin, "run", "--quiet", "--out", out, "--as-of", "2026-11-28", "samples/")
	cmd.Env = append(os.Environ(), "LIUSHOU_TEST_KILL_AT=checklist", "LIUSHOU_TEST_FULL_AT=letters")
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitDataErrors {
		t.Fatalf("run: %v, want exit %d", err, exitDataErrors)
	}
	if _, err := os.Stat(filepath.Join(out, output.SummaryFile)); err != nil {
		t.Errorf("the run did not finish: %v", err)
	}
}
