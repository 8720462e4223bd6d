package outdir

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The run log, in --out: one block of lines per run, for the school IT person. It holds
// counts, file names and errors, never a child's name, ID number or phone.
const (
	LogFile     = "liushou.log"
	logMaxBytes = 1 << 20 // rotate past this
	logKeep     = 3       // liushou.log.1 … .3
)

// RunLog collects one run's lines and appends them to the log when the run ends.
type RunLog struct {
	start   time.Time
	lines   []string
	partial string // a line written in pieces, not yet ended
}

// NewRunLog starts the log of a run that began at start.
func NewRunLog(start time.Time) *RunLog {
	return &RunLog{start: start}
}

// Printf adds a line.
func (l *RunLog) Printf(format string, args ...any) {
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

// Close appends the run's lines, with its start and end time and exit code, to the log
// in dir, rotating it when it has grown past logMaxBytes. A log that cannot be written does
// not fail the run.
func (l *RunLog) Close(dir string, end time.Time, exit int) error {
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return err
	}
	path := filepath.Join(dir, LogFile)
	if st, err := os.Stat(path); err == nil && st.Size() > logMaxBytes {
		for i := logKeep - 1; i >= 1; i-- {
			os.Rename(fmt.Sprintf("%s.%d", path, i), fmt.Sprintf("%s.%d", path, i+1))
		}
		os.Rename(path, path+".1")
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, filePerm)
	if err != nil {
		return err
	}
	defer f.Close()
	if l.partial != "" {
		l.lines, l.partial = append(l.lines, l.partial), ""
	}
	// The school's IT person opens the log in Notepad: lines end in CRLF, and a new log
	// begins with the UTF-8 mark, without which the Notepad of older Chinese Windows
	// reads it as GBK.
	var b strings.Builder
	if st, err := f.Stat(); err == nil && st.Size() == 0 {
		b.WriteString("\ufeff")
	}
	fmt.Fprintf(&b, "%s 开始运行\r\n", l.start.Format("2006-01-02 15:04:05"))
	for _, line := range l.lines {
		fmt.Fprintf(&b, "  %s\r\n", line)
	}
	fmt.Fprintf(&b, "%s 结束，用时 %.1f 秒，退出码 %d\r\n", end.Format("2006-01-02 15:04:05"), end.Sub(l.start).Seconds(), exit)
	_, err = f.WriteString(b.String())
	return err
}

// Write adds the lines of p: a RunLog is an io.Writer, so that what a run says on the
// terminal (counts and file names only) goes to the log too.
func (l *RunLog) Write(p []byte) (int, error) {
	text := l.partial + string(p)
	lines := strings.Split(text, "\n")
	l.partial = lines[len(lines)-1]
	for _, line := range lines[:len(lines)-1] {
		if line != "" {
			l.lines = append(l.lines, line)
		}
	}
	return len(p), nil
}
