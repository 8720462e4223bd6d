package outdir

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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
	tmp, err := stageFile(path, write)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("无法替换 %s（文件是否正在被打开？）：%w", path, err)
	}
	return nil
}

// WriteNewFile writes a file that must not exist yet, such as a template the user asked
// for: it never overwrites, and never leaves half a file.
func WriteNewFile(path string, write func(io.Writer) error) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s 已经存在，没有覆盖它；请换一个文件名", path)
	}
	tmp, err := stageFile(path, write)
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
func stageFile(path string, write func(io.Writer) error) (name string, err error) {
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
	if err == nil {
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
