//go:build linux && (amd64 || arm64)

package outdir

import (
	"os"
	"syscall"
)

// startWriteback asks the kernel to start writing the file's data to the disk now,
// without waiting for it (sync_file_range with SYNC_FILE_RANGE_WRITE, as git's batched
// fsync does): the disk works while the next documents are made, and SyncTree's fsync
// at the end finds little left to wait for. Only a hint: errors are SyncTree's to see.
func startWriteback(f *os.File) {
	const syncFileRangeWrite = 2
	syscall.Syscall6(syscall.SYS_SYNC_FILE_RANGE, f.Fd(), 0, 0, syncFileRangeWrite, 0, 0)
}

// localDisks are the file systems (by statfs magic) on which one syncfs makes a staging
// folder durable: ext4, XFS, Btrfs, F2FS, tmpfs. A network file system is synced file by
// file: there each fsync asks the server to flush, which syncfs may not.
var localDisks = map[int64]bool{0xEF53: true, 0x58465342: true, 0x9123683E: true, 0xF2F52010: true, 0x01021994: true}

// syncFileSystem flushes the whole local file system that holds dir with one syncfs, in
// place of an fsync for each of a night's two thousand files and folders (0.2 s of the
// county's run). It reports false when it did not apply: SyncTree then syncs each path.
func syncFileSystem(dir string) (bool, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil || !localDisks[int64(st.Type)] {
		return false, nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return false, nil
	}
	defer f.Close()
	if _, _, errno := syscall.Syscall(sysSyncfs, f.Fd(), 0, 0); errno != 0 {
		if errno == syscall.ENOSYS {
			return false, nil
		}
		return true, errno
	}
	return true, nil
}
