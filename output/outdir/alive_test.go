package outdir

import (
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"
)

// TestAlive asks the owner check of this OS (alive_unix.go, alive_windows.go) about this
// process, which runs, and about a child that has ended.
func TestAlive(t *testing.T) {
	me := processStamp(os.Getpid())
	if !alive(os.Getpid(), me) || !alive(os.Getpid(), "") {
		t.Error("this process is said to have ended")
	}
	if alive(0, "") || alive(-1, "") {
		t.Error("PID 0 or -1 is said to run")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	if alive(cmd.Process.Pid, "") {
		t.Errorf("a child that ended (PID %d) is said to run", cmd.Process.Pid)
	}
	switch runtime.GOOS {
	case "linux", "windows":
		if me == "" {
			t.Fatal("no start stamp for this process")
		}
		// The PID reused by another process: not the lock's owner.
		if alive(os.Getpid(), me+"1") {
			t.Error("a process with another start is taken for the lock's owner")
		}
	}
}

// TestReleaseOnlyOurs: a run whose lock was taken over (it outlived staleAfter) leaves
// the new owner's lock in place.
func TestReleaseOnlyOurs(t *testing.T) {
	dir := t.TempDir()
	l, err := Acquire(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	other := []byte(`{"host":"other","pid":1,"start":"2026-11-28T02:00:00Z","nonce":"x"}`)
	if err := os.WriteFile(l.path, other, 0o640); err != nil {
		t.Fatal(err)
	}
	l.Release()
	if b, err := os.ReadFile(l.path); err != nil || string(b) != string(other) {
		t.Errorf("Release removed or changed another run's lock: %v %q", err, b)
	}
	os.WriteFile(l.path, l.me, 0o640)
	l.Release()
	if _, err := os.Stat(l.path); !os.IsNotExist(err) {
		t.Errorf("Release left our own lock: %v", err)
	}
}
