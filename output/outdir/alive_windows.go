//go:build windows

package outdir

import (
	"errors"
	"strconv"

	"golang.org/x/sys/windows"
)

// stillActive is what GetExitCodeProcess reports for a process that has not ended.
const stillActive = 259

// alive reports whether the process pid of this host still runs and is the one that wrote
// the lock. Signal 0 does not exist on Windows (os.Process.Signal cannot ask), so the
// process is opened: gone, ended (an exit code other than STILL_ACTIVE), or started at
// another time than the lock's owner (Windows reuses PIDs quickly), it is not the owner.
func alive(pid int, born string) bool {
	if pid <= 0 {
		return false
	}
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		// Access denied: a process runs there, under an account we may not inspect.
		return errors.Is(err, windows.ERROR_ACCESS_DENIED)
	}
	defer windows.CloseHandle(h)
	var code uint32
	if err := windows.GetExitCodeProcess(h, &code); err == nil && code != stillActive {
		return false
	}
	if s := stampOf(h); born != "" && s != "" && s != born {
		return false
	}
	return true
}

// processStamp is when the process started, as Windows counts it (its creation time in
// 100 ns units), or "" where it cannot be read.
func processStamp(pid int) string {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		return ""
	}
	defer windows.CloseHandle(h)
	return stampOf(h)
}

func stampOf(h windows.Handle) string {
	var created, exited, kernel, user windows.Filetime
	if windows.GetProcessTimes(h, &created, &exited, &kernel, &user) != nil {
		return ""
	}
	return strconv.FormatInt(created.Nanoseconds(), 10)
}
