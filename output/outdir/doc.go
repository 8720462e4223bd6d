// Package outdir keeps the books of an output folder: one run at a time (the lock), what
// the last run was made from and wrote (the state), which families have which letters
// (the ledger), files put in place whole (staging, publishing, the pending batch), and
// the run log. The documents themselves are output's; this package knows nothing of PDF
// or spreadsheets.
package outdir
