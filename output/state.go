package output

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
)

// FormatVersion changes whenever the documents liushou writes change for the same input,
// so that a new program does not take the last run's files for up to date.
const FormatVersion = "2026-11-28.1"

// StateFile keeps what the last complete run was made from, inside --out.
const StateFile = ".liushou/state.json"

// State is the record of the last complete run: the key of its inputs (the rosters'
// fingerprint, the as-of date, the policy and the program), its exit code and the files
// it wrote. A run with the same key, whose files are all still there, has nothing to do.
type State struct {
	Key   string   `json:"key"`
	Exit  int      `json:"exit"`
	Files []string `json:"files"`
}

// LoadState reads the state of the last complete run; a missing or unreadable state is
// an empty one (the run then does everything).
func LoadState(dir string) State {
	var s State
	b, err := os.ReadFile(filepath.Join(dir, StateFile))
	if err == nil {
		json.Unmarshal(b, &s)
	}
	return s
}

// UpToDate reports whether the last run had this key and all its files are in place.
func (s State) UpToDate(dir, key string) bool {
	if s.Key == "" || s.Key != key || len(s.Files) == 0 {
		return false
	}
	for _, f := range s.Files {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
			return false
		}
	}
	return true
}

// SaveState records a complete run. It is written last, so that a run that stopped
// half-way is never taken for a complete one.
func SaveState(dir string, s State) error {
	return writeFile(filepath.Join(dir, StateFile), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	})
}
