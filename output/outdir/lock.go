package outdir

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// LockFile keeps one run at a time in an output folder. flock is unreliable on SMB and
// NFS shares; a file created exclusively, holding who made it, works everywhere.
const LockFile = ".liushou/lock"

// staleAfter is how old a lock may be before it is taken to belong to a dead run.
const staleAfter = 6 * time.Hour

// Lock is a held lock; Release removes it.
type Lock struct {
	path string
	me   []byte // the lock's contents as this run wrote them
	// TookOver describes a stale lock that was removed to take this one.
	TookOver string
}

type lockInfo struct {
	Host  string    `json:"host"`
	PID   int       `json:"pid"`
	Start time.Time `json:"start"`
	Nonce string    `json:"nonce"` // two locks never have the same contents
	// Born is when the process started, as the system counts it (processStamp): a PID
	// reused by another process is not taken for the owner.
	Born string `json:"born,omitempty"`
}

// ErrLocked is returned when another run holds the folder.
var ErrLocked = errors.New("输出文件夹正被占用")

// Acquire takes the lock of the output folder dir for this process, started at now.
// Another live run's lock gives an error wrapping ErrLocked that says whose it is; a
// lock left by a dead process on this host, or older than staleAfter, is taken over.
//
// Of any number of runs that find the same stale lock, exactly one takes it over: each
// tries to create a claim named after that lock's contents, exclusively; the one that
// succeeds removes the stale lock and creates its own, exclusively too. The others see
// the claim, or the new lock, and stop as busy.
func Acquire(dir string, now time.Time) (*Lock, error) {
	path := filepath.Join(dir, LockFile)
	if err := os.MkdirAll(filepath.Dir(path), dirPerm); err != nil {
		return nil, fmt.Errorf("无法创建输出文件夹 %s：%w", dir, err)
	}
	host, _ := os.Hostname()
	var nonce [8]byte
	rand.Read(nonce[:])
	me, _ := json.Marshal(lockInfo{Host: host, PID: os.Getpid(), Start: now, Nonce: hex.EncodeToString(nonce[:]), Born: processStamp(os.Getpid())})
	l := &Lock{path: path, me: me}
	for attempt := 0; attempt < 3; attempt++ {
		err := createLock(path, me)
		if err == nil {
			return l, nil
		}
		if !os.IsExist(err) {
			return nil, fmt.Errorf("无法创建锁文件 %s：%w", path, err)
		}
		b, rerr := os.ReadFile(path)
		if rerr != nil {
			continue // removed meanwhile: try again
		}
		var other lockInfo
		if json.Unmarshal(b, &other) != nil {
			// A lock being written by a run that has no link support: busy while young.
			if st, err := os.Stat(path); err == nil && now.Sub(st.ModTime()) < time.Minute {
				return nil, fmt.Errorf("%w：另一个 liushou 正在启动", ErrLocked)
			}
		}
		stale := ""
		switch {
		case other.Start.IsZero() || now.Sub(other.Start) > staleAfter:
			stale = fmt.Sprintf("锁文件是 %s 留下的，已超过 %d 小时", other.Start.Format("2006-01-02 15:04"), int(staleAfter.Hours()))
		case other.Host == host && !alive(other.PID, other.Born):
			stale = fmt.Sprintf("锁文件属于本机已经结束的进程 %d", other.PID)
		}
		busy := fmt.Errorf("%w：另一个 liushou 正在处理这个输出文件夹（主机 %s，进程 %d，%s 开始）", ErrLocked, other.Host, other.PID, other.Start.Format("2006-01-02 15:04"))
		if stale == "" {
			return nil, busy
		}
		if !claim(path, b, now) {
			return nil, fmt.Errorf("%w：另一个 liushou 正在接管这个输出文件夹的旧锁", ErrLocked)
		}
		l.TookOver = stale
	}
	return nil, fmt.Errorf("%w：无法取得 %s", ErrLocked, path)
}

// claim takes over the stale lock whose contents are old: it creates the claim file named
// by their digest exclusively, checks that the lock still holds them, and removes it. A
// claim left by a run killed half-way is itself stale after a minute.
func claim(path string, old []byte, now time.Time) bool {
	sum := sha256.Sum256(old)
	c := path + ".claim-" + hex.EncodeToString(sum[:8])
	if st, err := os.Stat(c); err == nil && now.Sub(st.ModTime()) > time.Minute {
		aside := fmt.Sprintf("%s.old-%d", c, os.Getpid())
		if os.Rename(c, aside) == nil {
			os.Remove(aside)
		}
	}
	f, err := os.OpenFile(c, os.O_CREATE|os.O_EXCL|os.O_WRONLY, filePerm)
	if err != nil {
		return false
	}
	f.Close()
	defer os.Remove(c)
	if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, old) {
		return err != nil && os.IsNotExist(err) // gone: the next attempt creates it
	}
	return os.Remove(path) == nil
}

// createLock creates the lock with its contents in one step: written to a file of its own,
// then linked to the lock's name (which fails if a lock is there), so that no run ever
// reads a lock half-written. Where links are not supported it creates the file exclusively.
func createLock(path string, me []byte) error {
	tmp := fmt.Sprintf("%s.new-%d", path, os.Getpid())
	if err := os.WriteFile(tmp, me, filePerm); err == nil {
		err = os.Link(tmp, path)
		os.Remove(tmp)
		if err == nil || os.IsExist(err) {
			return err
		}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, filePerm)
	if err != nil {
		return err
	}
	_, werr := f.Write(me)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		os.Remove(path)
		return fmt.Errorf("无法写入锁文件 %s", path)
	}
	return nil
}

// Release removes the lock if it is still this run's: a run that outlived staleAfter and
// lost its lock to another never removes the other's.
func (l *Lock) Release() {
	if l == nil {
		return
	}
	if b, err := os.ReadFile(l.path); err == nil && bytes.Equal(b, l.me) {
		os.Remove(l.path)
	}
}
