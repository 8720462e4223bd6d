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
