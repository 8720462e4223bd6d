package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"time"

	"liushou/rules"
)

// A roster whose bytes did not change since the last run is not parsed again: what it
// gave is kept in Options.CacheDir under the hash of its name and bytes (and the
// program's CacheSalt, so that a new program parses afresh). Parsing does not depend on
// the date, except for dates typed without a year: such a result records the date it was
// read against and is read again on another night.

type cachedFile struct {
	Input    rules.Input
	Format   string // not part of Input's JSON
	Children []rules.Child
	Problems []rules.Problem
	Refs     []cachedRef
	Logs     []cachedLog
	Columns  []rules.SheetColumns
	AsOf     time.Time // see fileResult.asOf
}

type cachedRef struct{ IDCell, NameCell string }

type cachedLog struct {
	Call                    bool
	File, Sheet             string
	Row                     int
	NameCell                string
	School, Class, Name, ID string
	Date                    rules.Date
}

func cacheKey(label string, data []byte, salt string) string {
	h := sha256.New()
	h.Write([]byte(salt + "\x00" + label + "\x00"))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

func loadCached(dir, key string) (fileResult, bool) {
	if dir == "" {
		return fileResult{}, false
	}
	b, err := os.ReadFile(filepath.Join(dir, key+".json"))
	if err != nil {
		return fileResult{}, false
	}
	var c cachedFile
	if json.Unmarshal(b, &c) != nil {
		return fileResult{}, false
	}
	res := fileResult{Input: c.Input, Children: c.Children, Problems: c.Problems, Columns: c.Columns, asOf: c.AsOf}
	res.format = c.Format
	for _, r := range c.Refs {
		res.refs = append(res.refs, childRef{idCell: r.IDCell, nameCell: r.NameCell})
	}
	for _, l := range c.Logs {
		res.logs = append(res.logs, logEntry{call: l.Call, file: l.File, sheet: l.Sheet, row: l.Row, nameCell: l.NameCell,
			school: l.School, class: l.Class, name: l.Name, id: l.ID, date: l.Date})
	}
	return res, true
}

// storeCached keeps a roster's result; a cache that cannot be written only costs time.
func storeCached(dir, key string, res fileResult) {
	if dir == "" {
		return
	}
	c := cachedFile{Input: res.Input, Format: res.format, Children: res.Children, Problems: res.Problems,
		Columns: res.Columns, AsOf: res.asOf}
	for _, r := range res.refs {
		c.Refs = append(c.Refs, cachedRef{r.idCell, r.nameCell})
	}
	for _, l := range res.logs {
		c.Logs = append(c.Logs, cachedLog{l.call, l.file, l.sheet, l.row, l.nameCell, l.school, l.class, l.name, l.id, l.date})
	}
	b, err := json.Marshal(c)
	if err != nil || os.MkdirAll(dir, 0o700) != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	if cerr := tmp.Close(); werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return
	}
	if os.Rename(tmp.Name(), filepath.Join(dir, key+".json")) != nil {
		os.Remove(tmp.Name())
	}
}

// pruneCache removes the entries of rosters that this run did not see.
func pruneCache(dir string, used map[string]bool) {
	if dir == "" {
		return
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "last-") {
			continue // the index of last good readings: a few bytes per roster name
		}
		if !used[strings.TrimSuffix(e.Name(), ".json")] {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// The last good reading of each roster, by its name: a roster that cannot be read tonight
// (still being saved, or broken) keeps its children from it. The index holds the cache key
// of that reading, under a digest of the roster's name.
func lastGoodPath(dir, label string) string {
	sum := sha256.Sum256([]byte(label))
	return filepath.Join(dir, "last-"+hex.EncodeToString(sum[:12]))
}

func rememberLastGood(dir, label, key string) {
	if dir == "" {
		return
	}
	os.MkdirAll(dir, 0o700)
	p := lastGoodPath(dir, label)
	if b, err := os.ReadFile(p); err == nil && string(b) == key {
		return
	}
	tmp := p + ".tmp"
	if os.WriteFile(tmp, []byte(key), 0o600) == nil {
		os.Rename(tmp, p)
	}
}

func loadLastGood(dir, label string) (fileResult, string, bool) {
	if dir == "" {
		return fileResult{}, "", false
	}
	b, err := os.ReadFile(lastGoodPath(dir, label))
	if err != nil {
		return fileResult{}, "", false
	}
	key := strings.TrimSpace(string(b))
	res, ok := loadCached(dir, key)
	if ok {
		res.Input.File = label
	}
	return res, key, ok
}
