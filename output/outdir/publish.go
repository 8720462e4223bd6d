package outdir

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// StagingPrefix names the folders, inside --out, where a run builds its files before
// they are moved into place.
const StagingPrefix = ".liushou/staging-"

// CleanStaging removes staging folders left by runs that were killed. Call it while
// holding the lock: no other run is using them.
func CleanStaging(dir string) {
	leftovers, _ := filepath.Glob(filepath.Join(dir, StagingPrefix+"*"))
	for _, l := range leftovers {
		RemoveAll(l)
	}
}

// Publish moves a complete run's files from the staging folder into the output folder,
// each by one rename (a reader sees the old file or the new one, never half of one), then
// removes the files of the previous run that this run no longer makes (a class that left
// the roster) and the folders they leave empty. Letter batches are never removed.
// stage, if not nil, is called half-way (see Options.Stage). The staging folder, then
// empty folders only, is the caller's to remove (RemoveTree), while it goes on.
//
// A new letter batch (信件/<batch>/) is moved first, as one folder by one rename: it is
// on disk whole or not at all, and RecordPending has recorded it before.
func Publish(staging, dir string, files, previous []string, batch string, stage func(string) error) error {
	if batch != "" {
		from := filepath.Join(staging, LettersDir, batch)
		if _, err := os.Stat(from); err == nil {
			to := filepath.Join(dir, LettersDir, batch)
			if err := os.MkdirAll(filepath.Dir(to), dirPerm); err != nil {
				return fmt.Errorf("无法创建文件夹 %s：%w", filepath.Dir(to), err)
			}
			if err := os.Rename(from, to); err != nil {
				return fmt.Errorf("无法放入新一批家长信 %s：%w。其他文件都没有替换", to, err)
			}
			if stage != nil {
				if err := stage("batch"); err != nil {
					return err
				}
			}
		}
	}
	// A folder the outputs do not have yet (a first night's, a new school's or class's) is
	// moved whole, with everything in it, by one rename: a first county night made 400
	// folders and 840 renames for what some 35 renames do (a school folder each, and the
	// top files).
	var rest []string
	whole := map[string]bool{} // folders moved whole
	there := map[string]bool{} // folders found in the outputs
	for _, f := range files {
		if batch != "" && strings.HasPrefix(f, LettersDir+"/"+batch+"/") {
			continue // moved with its batch
		}
		missing := ""
		for i := strings.IndexByte(f, '/'); i >= 0; i = nextSlash(f, i) {
			d := f[:i]
			if whole[d] {
				missing = d
				break
			}
			if there[d] {
				continue
			}
			if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(d))); err == nil {
				there[d] = true
				continue
			}
			if err := os.Rename(filepath.Join(staging, filepath.FromSlash(d)), filepath.Join(dir, filepath.FromSlash(d))); err != nil {
				return fmt.Errorf("无法放入文件夹 %s：%w。其他文件都没有替换", filepath.Join(dir, filepath.FromSlash(d)), err)
			}
			whole[d] = true
			missing = d
			break
		}
		if missing == "" {
			rest = append(rest, f)
		}
	}
	m := mover{staging: staging, dir: dir, made: map[string]bool{}}
	half := len(rest) / 2
	if err := m.moveAll(rest[:half], len(rest)); err != nil {
		return err
	}
	if stage != nil {
		if err := stage("publish"); err != nil {
			return err
		}
	}
	if err := m.moveAll(rest[half:], len(rest)); err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, f := range files {
		keep[f] = true
	}
	for _, f := range previous {
		if keep[f] || isBatchFile(f) || strings.HasPrefix(f, ".liushou/") || strings.Contains(f, "..") {
			continue
		}
		path := filepath.Join(dir, filepath.FromSlash(f))
		os.Remove(path)
		// Remove the folders it leaves empty, up to the output folder.
		for d := filepath.Dir(path); d != dir && strings.HasPrefix(d, dir); d = filepath.Dir(d) {
			if os.Remove(d) != nil {
				break
			}
		}
	}
	return nil
}

// RemoveTree removes a folder and everything in it, its top-level entries four at a time:
// a staging folder once published is some 400 empty folders, slow to remove one by one.
func RemoveTree(dir string) error {
	entries, _ := os.ReadDir(dir)
	next := make(chan string)
	var wg sync.WaitGroup
	for range min(4, len(entries)) {
		wg.Go(func() {
			for p := range next {
				RemoveAll(p)
			}
		})
	}
	for _, e := range entries {
		next <- filepath.Join(dir, e.Name())
	}
	close(next)
	wg.Wait()
	return RemoveAll(dir)
}

// RemoveAll is os.RemoveAll with a second way: on Windows, Go removes a folder's entries
// with FileDispositionInformationEx, which some file systems (and wine) refuse with
// "Invalid function"; then each entry is removed by name, deepest first, as DeleteFile and
// RemoveDirectory do it.
func RemoveAll(dir string) error {
	err := os.RemoveAll(dir)
	if err == nil {
		return nil
	}
	var paths []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, werr error) error {
		if werr == nil || p != dir {
			paths = append(paths, p)
		}
		return nil
	})
	for i := len(paths) - 1; i >= 0; i-- {
		os.Remove(paths[i])
	}
	if _, serr := os.Lstat(dir); os.IsNotExist(serr) {
		return nil
	}
	return err
}

// nextSlash is the index of the next "/" in f after the one at i, or -1.
func nextSlash(f string, i int) int {
	if j := strings.IndexByte(f[i+1:], '/'); j >= 0 {
		return i + 1 + j
	}
	return -1
}

// mover moves staged files into place, a few at a time: a county's night moves some 800,
// and a rename waits on the file system's journal more than on the processor.
type mover struct {
	staging, dir string
	mu           sync.Mutex
	made         map[string]bool // folders known to exist
	done         int
}

func (m *mover) moveAll(files []string, total int) error {
	next := make(chan string)
	var wg sync.WaitGroup
	var first error
	for range min(4, len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				if err := m.move(f, total); err != nil {
					m.mu.Lock()
					if first == nil {
						first = err
					}
					m.mu.Unlock()
				}
			}
		}()
	}
	for _, f := range files {
		m.mu.Lock()
		failed := first != nil
		m.mu.Unlock()
		if failed {
			break
		}
		next <- f
	}
	close(next)
	wg.Wait()
	return first
}

func (m *mover) move(f string, total int) error {
	from, to := filepath.Join(m.staging, filepath.FromSlash(f)), filepath.Join(m.dir, filepath.FromSlash(f))
	parent := filepath.Dir(to)
	m.mu.Lock()
	made := m.made[parent]
	m.mu.Unlock()
	if !made {
		if err := os.MkdirAll(parent, dirPerm); err != nil {
			return fmt.Errorf("无法创建文件夹 %s：%w", parent, err)
		}
		m.mu.Lock()
		m.made[parent] = true
		m.mu.Unlock()
	}
	if err := os.Rename(from, to); err != nil {
		m.mu.Lock()
		defer m.mu.Unlock()
		return fmt.Errorf("无法替换 %s（文件是否正在被打开？）：%w。已替换 %d 个文件，其余 %d 个还是上次的，下次运行会补齐", to, err, m.done, total-m.done)
	}
	m.mu.Lock()
	m.done++
	m.mu.Unlock()
	return nil
}

// PendingFile records a letter batch between its publishing and the commit of the state:
// a run killed in between leaves it, and the next run adopts the batch into the ledger
// (if it reached its place) instead of making a second batch for the same families.
const PendingFile = ".liushou/pending.json"

type pending struct {
	Batch   string         `json:"batch"`
	Entries Ledger         `json:"entries"`
	Schools map[string]int `json:"schools,omitempty"`
}

// RecordPending records the batch about to be published, with its letters per school.
func RecordPending(dir, batch string, entries Ledger, schools map[string]int) error {
	return WriteFile(filepath.Join(dir, PendingFile), func(w io.Writer) error {
		return StreamJSON(w, pending{Batch: batch, Entries: entries, Schools: schools}, " ", true)
	})
}

// ClearPending removes the record once the state holds the batch.
func ClearPending(dir string) { os.Remove(filepath.Join(dir, PendingFile)) }

// AdoptPending finishes the bookkeeping of a run killed between publishing a batch and
// committing: a batch that is in place joins the ledger (and the state is saved); one that
// never reached its place is forgotten. It says what it did, or "".
func AdoptPending(dir string, st *State) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, PendingFile))
	if os.IsNotExist(err) {
		return "", nil
	}
	var p pending
	if err != nil || json.Unmarshal(b, &p) != nil || p.Batch == "" {
		ClearPending(dir)
		return "", nil
	}
	if _, err := os.Stat(filepath.Join(dir, LettersDir, p.Batch)); err != nil {
		ClearPending(dir)
		return "", nil
	}
	known := map[string]bool{}
	batches := map[string]bool{} // the pending letters' batches: only their entries can be the same
	for i := range p.Entries.Len() {
		batches[p.Entries.Batch(i)] = true
	}
	for i := range st.Letters.Len() {
		if batches[st.Letters.Batch(i)] {
			e := st.Letters.Entry(i)
			known[e.Batch+"\x00"+e.Child+"\x00"+e.Kind] = true
		}
	}
	for i := range p.Entries.Len() {
		if e := p.Entries.Entry(i); !known[e.Batch+"\x00"+e.Child+"\x00"+e.Kind] {
			st.Letters.Add(e)
		}
	}
	if n := p.Entries.Len(); n > 0 {
		st.RecordBatch(p.Batch, p.Entries.Entry(0).Date, n, p.Schools)
	}
	st.Key = "" // the rest of that run may be incomplete: the next run does it in full
	if err := SaveState(dir, *st); err != nil {
		return "", err
	}
	ClearPending(dir)
	return fmt.Sprintf("上次运行在放好新一批家长信（%s/%s，%d 封）之后被中断，这一批已记入寄信记录，不会重复生成", LettersDir, p.Batch, p.Entries.Len()), nil
}

// FreeBatch names the batch of a run on the date that neither the ledger nor the folder
// already has (a batch left by a run that was never recorded keeps its name).
func FreeBatch(dir string, l Ledger, asOf time.Time) string {
	name := l.NextBatch(asOf)
	for n := 2; ; n++ {
		if _, err := os.Stat(filepath.Join(dir, LettersDir, name)); os.IsNotExist(err) {
			return name
		}
		name = asOf.Format("2006-01-02") + "-" + strconv.Itoa(n)
		if l.usesBatch(name) {
			continue
		}
	}
}
