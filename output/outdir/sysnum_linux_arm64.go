//go:build linux

package outdir

// sysSyncfs is syncfs(2), which package syscall does not name.
const sysSyncfs = 267
