//go:build !linux

package outdir

import "os"

// startWriteback is a hint that only Linux takes (see writeback_linux.go); elsewhere
// SyncTree does all the syncing.
func startWriteback(*os.File) {}

// syncFileSystem applies on Linux only (see writeback_linux.go): elsewhere SyncTree
// syncs each file and folder.
func syncFileSystem(string) (bool, error) { return false, nil }
