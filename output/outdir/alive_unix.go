//go:build unix

package outdir

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"syscall"
)

// alive reports whether the process pid of this host still runs and is the one that wrote
// the lock: signal 0 asks without touching it (EPERM: it runs as another user), and where
// the system tells a process's start (Linux), a different start means the PID was reused.
func alive(pid int, born string) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	if err := p.Signal(syscall.Signal(0)); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	if s := processStamp(pid); born != "" && s != "" && s != born {
		return false
	}
	return true
}

// processStamp is when the process started, as the system counts it (Linux: clock ticks
// since boot, /proc/PID/stat field 22), or "" where it cannot be read.
func processStamp(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	// The command name (field 2) may hold spaces and parentheses: count after the last ")".
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return ""
	}
	fields := bytes.Fields(b[i+1:])
	if len(fields) < 20 {
		return ""
	}
	return string(fields[19])
}
