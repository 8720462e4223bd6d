package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// LockFile keeps one run at a time in an output folder. flock is unreliable on SMB and
// NFS shares; a file created exclusively, holding who made it, works everywhere.
const LockFile = ".liushou/lock"

// StaleAfter is how old a lock may be before it is taken to belong to a dead run.
const StaleAfter = 6 * time.Hour

// Lock is a held lock; Release removes it.
type Lock struct {
	path string
	// TookOver describes a stale lock that was removed to take this one.
	TookOver string
}

type lockInfo struct {
	Host  string    `json:"host"`
	PID   int       `json:"pid"`
	Start time.Time `json:"start"`
}

// ErrLocked is returned when another run holds the folder.
var ErrLocked = errors.New("locked")

// Acquire takes the lock of the output folder dir for this process, started at now.
// Another live run's lock gives an error wrapping ErrLocked that says whose it is; a
// lock left by a dead process on this host, or older than StaleAfter, is taken over.
func Acquire(dir string, now time.Time) (*Lock, error) {
	path := filepath.Join(dir, LockFile)
	if err := os.MkdirAll(filepath.Dir(path), dirPerm); err != nil {
		return nil, fmt.Errorf("无法创建输出文件夹 %s：%w", dir, err)
	}
	host, _ := os.Hostname()
	me, _ := json.Marshal(lockInfo{Host: host, PID: os.Getpid(), Start: now})
	l := &Lock{path: path}
	for attempt := 0; attempt < 2; attempt++ {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, filePerm)
		if err == nil {
			_, werr := f.Write(me)
			cerr := f.Close()
			if werr != nil || cerr != nil {
				os.Remove(path)
				return nil, fmt.Errorf("无法写入锁文件 %s", path)
			}
			return l, nil
		}
		if !os.IsExist(err) {
			return nil, fmt.Errorf("无法创建锁文件 %s：%w", path, err)
		}
		var other lockInfo
		b, _ := os.ReadFile(path)
		_ = json.Unmarshal(b, &other)
		stale := ""
		switch {
		case other.Start.IsZero() || now.Sub(other.Start) > StaleAfter:
			stale = fmt.Sprintf("锁文件是 %s 留下的，已超过 %d 小时", other.Start.Format("2006-01-02 15:04"), int(StaleAfter.Hours()))
		case other.Host == host && !alive(other.PID):
			stale = fmt.Sprintf("锁文件属于本机已经结束的进程 %d", other.PID)
		}
		if stale == "" {
			return nil, fmt.Errorf("%w：另一个 liushou 正在处理这个输出文件夹（主机 %s，进程 %d，%s 开始）", ErrLocked, other.Host, other.PID, other.Start.Format("2006-01-02 15:04"))
		}
		l.TookOver = stale
		os.Remove(path)
	}
	return nil, fmt.Errorf("%w：无法取得 %s", ErrLocked, path)
}

// Release removes the lock.
func (l *Lock) Release() {
	if l != nil {
		os.Remove(l.path)
	}
}

// alive reports whether a process of this host is still running. Where that cannot be
// asked (Windows), it says yes: the lock then ages out after StaleAfter.
func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM) || errors.Is(err, errors.ErrUnsupported)
}
