//go:build linux

package outdir

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback asks the kernel to start writing the file's data to the disk now,
// without waiting for it (sync_file_range with SYNC_FILE_RANGE_WRITE, as git's batched
// fsync does): the disk works while the next documents are made, and SyncTree's fsync
// at the end finds little left to wait for. Only a hint: errors are SyncTree's to see.
func startWriteback(f *os.File) {
	unix.SyncFileRange(int(f.Fd()), 0, 0, unix.SYNC_FILE_RANGE_WRITE)
}

// localDisks are the file systems (by statfs magic) on which one syncfs makes a staging
// folder durable: ext4, XFS, Btrfs, F2FS, tmpfs. A network file system is synced file by
// file: there each fsync asks the server to flush, which syncfs may not.
var localDisks = map[int64]bool{unix.EXT4_SUPER_MAGIC: true, unix.XFS_SUPER_MAGIC: true, unix.BTRFS_SUPER_MAGIC: true, unix.F2FS_SUPER_MAGIC: true, unix.TMPFS_MAGIC: true}

// syncFileSystem flushes the whole local file system that holds dir with one syncfs, in
// place of an fsync for each of a night's two thousand files and folders. It reports
// false when it did not apply: SyncTree then syncs each path.
func syncFileSystem(dir string) (bool, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil || !localDisks[int64(st.Type)] {
		return false, nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return false, nil
	}
	defer f.Close()
	if err := unix.Syncfs(int(f.Fd())); err != nil {
		if errors.Is(err, unix.ENOSYS) {
			return false, nil
		}
		return true, err
	}
	return true, nil
}
