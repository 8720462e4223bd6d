//go:build !(linux && (amd64 || arm64))

package outdir

import "os"

// startWriteback is a hint that only Linux takes (see writeback_linux.go); elsewhere
// SyncTree does all the syncing.
func startWriteback(*os.File) {}
