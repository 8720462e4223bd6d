package outdir

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"liushou/output/shelf"
	"os"
	"path/filepath"
	"sync"
)

// File permissions: outputs hold children's personal data, so nobody outside the
// owner's group may read them where the file system keeps permissions.
const (
	filePerm = 0o640
	dirPerm  = 0o750
)

// WriteFile writes a file by way of a temporary file in the same folder, renamed into
// place once complete: a reader never sees half a file, and a failure leaves the
// previous version as it was.
func WriteFile(path string, write func(io.Writer) error) error {
	tmp, err := stageFile(path, write, true)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("无法替换 %s（文件是否正在被打开？）：%w", path, err)
	}
	return nil
}

// WriteStaged writes a file into a staging folder as WriteFile does, but leaves it to
// SyncTree to reach the disk: syncing each of a night's thousand files as it is written
// held the writers up for a second and a half, waiting on the disk one file at a time.
// The staging folder is the run's own and is never published half-made, so a file goes
// straight to its name there, with no temporary file to rename.
func WriteStaged(path string, write func(io.Writer) error) (err error) {
	open := func() (*os.File, error) { return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, filePerm) }
	f, err := open()
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(path), dirPerm); err != nil {
			return fmt.Errorf("无法创建文件夹 %s：%w", filepath.Dir(path), err)
		}
		f, err = open()
	}
	if err != nil {
		return fmt.Errorf("无法写入 %s：%w", path, err)
	}
	bw := writers.Get()
	bw.Reset(f)
	if err = write(bw); err == nil {
		err = bw.Flush()
	}
	bw.Reset(nil)
	writers.Put(bw)
	if err == nil {
		startWriteback(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("写入 %s 失败：%w", path, err)
	}
	return nil
}

// writers are the buffers of staged files, kept from one file to the next.
var writers = shelf.New(16, func() *bufio.Writer { return bufio.NewWriterSize(nil, 32<<10) })

// SyncTree makes every file and folder under dir reach the disk, before they are moved
// into place: a power cut after the move cannot leave an empty or half-written output.
// On a local Linux disk one syncfs does it; elsewhere each is synced, many at a time (the
// file system commits them together).
func SyncTree(dir string) error {
	if done, err := syncFileSystem(dir); done {
		if err != nil {
			return fmt.Errorf("无法写入 %s：%w", dir, err)
		}
		return nil
	}
	return syncEach(dir)
}

// StartSync begins flushing the file system that holds dir in the background, where one
// syncfs flushes it (see SyncTree): called once a run's documents are written, the disk
// works while the summaries are written, and the SyncTree before they are moved into
// place waits for little more than those. Elsewhere it does nothing.
func StartSync(dir string) {
	go syncFileSystem(dir)
}

// syncEach syncs every file and folder under dir, 32 at a time.
func syncEach(dir string) error {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		return fmt.Errorf("无法写入 %s：%w", dir, err)
	}
	next := make(chan string)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range min(32, len(paths)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				if err := syncPath(p); err != nil {
					select {
					case errs <- fmt.Errorf("写入 %s 失败：%w", p, err):
					default:
					}
				}
			}
		}()
	}
	for _, p := range paths {
		next <- p
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

// syncPath flushes one file or folder. A file is opened for writing: Windows'
// FlushFileBuffers refuses a read-only handle ("Access denied"). A folder is opened
// read-only, and one that cannot be synced (as on Windows) is left to the file system.
func syncPath(p string) error {
	st, err := os.Lstat(p)
	if err != nil {
		return err
	}
	flag := os.O_RDONLY
	if st.Mode().IsRegular() {
		flag = os.O_RDWR
	}
	f, err := os.OpenFile(p, flag, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		if st, serr := f.Stat(); serr == nil && st.IsDir() {
			return nil
		}
		return err
	}
	return nil
}

// WriteNewFile writes a file that must not exist yet, such as a template the user asked
// for: it never overwrites, and never leaves half a file.
func WriteNewFile(path string, write func(io.Writer) error) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s 已经存在，没有覆盖它；请换一个文件名", path)
	}
	tmp, err := stageFile(path, write, true)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	// A hard link fails when the file exists; where links are not supported (FAT, some
	// network drives) the check above has to do.
	if err := os.Link(tmp, path); err != nil {
		if os.IsExist(err) {
			return fmt.Errorf("%s 已经存在，没有覆盖它；请换一个文件名", path)
		}
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("无法写入 %s：%w", path, err)
		}
	}
	return nil
}

// stageFile writes the content into a complete, synced temporary file beside path and
// returns its name.
func stageFile(path string, write func(io.Writer) error, sync bool) (name string, err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".liushou-*.tmp")
	if errors.Is(err, fs.ErrNotExist) {
		// The folder's first file (a run writes some thousand files into a few hundred
		// folders: trying first saves a look-up per file).
		if err := os.MkdirAll(dir, dirPerm); err != nil {
			return "", fmt.Errorf("无法创建文件夹 %s：%w", dir, err)
		}
		tmp, err = os.CreateTemp(dir, ".liushou-*.tmp")
	}
	if err != nil {
		return "", fmt.Errorf("无法在 %s 中写入文件：%w", dir, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 32<<10)
	if err = write(bw); err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Chmod(filePerm)
	}
	if err == nil && sync {
		err = tmp.Sync()
	}
	if err == nil {
		err = tmp.Close()
	}
	if err != nil {
		return "", fmt.Errorf("写入 %s 失败：%w", path, err)
	}
	return tmp.Name(), nil
}
