//go:build unix

package main

// Tests that need Unix facilities (FIFOs, running as another user): they are kept out of
// the Windows build so that GOOS=windows go vet and go test -c pass for this package.

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFIFOAndControlCharacters: a FIFO named as a roster fails alone without hanging;
// a file name with terminal control characters is shown escaped.
func TestFIFOAndControlCharacters(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "花名册.xlsx")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	evil := filepath.Join(dir, "a\x1b[2J\nforged.xlsx")
	writeRoster(t, evil, [][]any{{"班级", "学生姓名", "父亲电话"}, {"三年级2班", "王芳", "13812345678"}})
	done := make(chan struct{})
	var code int
	var stdout, stderr string
	go func() {
		code, stdout, stderr = runCmd(t, "check", "--as-of", "2026-11-28", fifo, evil)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("check hung on a FIFO")
	}
	if code != exitDataErrors || !strings.Contains(stdout, "花名册.xlsx：无法读取。这不是普通文件") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
	if strings.ContainsAny(stdout+stderr, "\x1b") || !strings.Contains(stdout, `a\x1b[2J\x0aforged.xlsx：留守儿童 1 名`) {
		t.Errorf("control characters reached the terminal:\n%q", stdout)
	}
}

// TestUnreadableSubfolder: a subfolder that cannot be listed is one failed input, named
// as itself; the rosters beside it are read. Root reads every folder, so the check runs
// as the unprivileged user nobody.
func TestUnreadableSubfolder(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to run the check as nobody")
	}
	exe, _ := os.Executable()
	dir, err := os.MkdirTemp("", "liushou-perm-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o777) // check makes its temporary folder here (TMPDIR)
	in := filepath.Join(dir, "in")
	os.MkdirAll(filepath.Join(in, "锁住的"), 0o755)
	writeRoster(t, filepath.Join(in, "a.xlsx"), [][]any{{"班级", "学生姓名"}, {"三年级1班", "王芳"}})
	writeRoster(t, filepath.Join(in, "锁住的", "b.xlsx"), [][]any{{"班级", "学生姓名"}, {"三年级2班", "李明"}})
	for _, p := range []string{in, filepath.Join(in, "a.xlsx")} {
		os.Chmod(p, 0o755)
	}
	os.Chmod(filepath.Join(in, "锁住的"), 0o000)
	// The test binary must be reachable by nobody: copy it beside the rosters.
	bin := filepath.Join(dir, "liushou.test")
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(bin, data, 0o755)
	cmd := exec.Command(bin, "check", "--as-of", "2026-11-28", in)
	cmd.Env = append(os.Environ(), "LIUSHOU_TEST_MAIN=1", "HOME="+dir, "TMPDIR="+dir)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitDataErrors {
		t.Fatalf("exit %v\n%s%s", err, stdout.String(), stderr.String())
	}
	for _, want := range []string{"锁住的/：无法读取。无法打开这个文件夹：没有读取权限", "a.xlsx：留守儿童 1 名"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
}

// TestSpecialFilesInAFolderAreListed: a pipe and a link inside the inbox are listed as
// not read, with their reason; the roster beside them is read.
func TestSpecialFilesInAFolderAreListed(t *testing.T) {
	dir := t.TempDir()
	writeRoster(t, filepath.Join(dir, "a.xlsx"), [][]any{{"班级", "学生姓名"}, {"三年级1班", "王芳"}})
	if err := syscall.Mkfifo(filepath.Join(dir, "管道.xlsx"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "链接.xlsx")); err != nil {
		t.Skip("no links here:", err)
	}
	code, stdout, _ := runCmd(t, "check", "--as-of", "2026-11-28", dir)
	for _, want := range []string{"管道.xlsx：无法读取。这是一个管道", "链接.xlsx：无法读取。这是一个链接（快捷方式）", "a.xlsx：留守儿童 1 名"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check lacks %q:\n%s", want, stdout)
		}
	}
	if code != exitDataErrors {
		t.Errorf("exit %d, want %d", code, exitDataErrors)
	}
}
