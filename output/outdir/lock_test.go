package outdir

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLock(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)
	first, err := Acquire(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Acquire(dir, now.Add(time.Minute)); !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "另一个 liushou 正在处理") {
		t.Errorf("second run: %v", err)
	}
	first.Release()
	second, err := Acquire(dir, now)
	if err != nil || second.TookOver != "" {
		t.Fatalf("after release: %v %q", err, second.TookOver)
	}
	second.Release()

	host, _ := os.Hostname()
	write := func(info lockInfo) {
		b, _ := json.Marshal(info)
		os.WriteFile(filepath.Join(dir, LockFile), b, 0o640)
	}
	// A dead process on this host.
	write(lockInfo{Host: host, PID: 1 << 30, Start: now})
	l, err := Acquire(dir, now)
	if err != nil || !strings.Contains(l.TookOver, "已经结束的进程") {
		t.Errorf("dead process: %v %q", err, l.TookOver)
	}
	l.Release()
	// Another host, too old.
	write(lockInfo{Host: "other-host", PID: 1, Start: now.Add(-7 * time.Hour)})
	l, err = Acquire(dir, now)
	if err != nil || !strings.Contains(l.TookOver, "已超过 6 小时") {
		t.Errorf("old lock: %v %q", err, l.TookOver)
	}
	l.Release()
	// Another host, recent: it may well be running.
	write(lockInfo{Host: "other-host", PID: 1, Start: now.Add(-time.Hour)})
	if _, err := Acquire(dir, now); !errors.Is(err, ErrLocked) {
		t.Errorf("recent lock of another host: %v", err)
	}
}
