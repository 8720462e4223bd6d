package ingest

import (
	"bufio"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"liushou/rules"
)

// A roster whose bytes did not change since the last run is not parsed again: what it
// gave is kept in Options.CacheDir under the hash of its name and bytes (and the
// program's CacheSalt, so that a new program parses afresh). Parsing does not depend on
// the date, except for dates typed without a year: such a result records the date it was
// read against and is read again on another night.
//
// An entry is a gob stream: the cachedFile, then its children in chunks of cacheChunk. A
// county's roster encodes to megabytes, which written as one value were held in memory
// whole while the night's documents were being made.

// cacheExt ends the name of an entry.
const cacheExt = ".gob"

// cacheChunk is how many children one value of the stream holds.
const cacheChunk = 256

type cachedFile struct {
	Input    rules.Input
	Format   string // not part of Input's JSON
	Children int    // how many follow, in chunks
	Problems []rules.Problem
	Refs     []cachedRef
	Logs     []cachedLog
	Pupils   []pupilRef
	Columns  []rules.SheetColumns
	AsOf     time.Time // see fileResult.asOf
	// Places, when set, gives each child that follows its place among the roster's
	// children (Refs' order): children read back from a spill come in the spill's order.
	Places []int32
}

type cachedRef struct{ IDCol, NameCol int32 }

type cachedLog struct {
	Call                    bool
	Kind                    string
	Entry                   rules.Entry
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
	return loadCachedTo(dir, key, nil, time.Time{})
}

// loadCachedTo is loadCached; with a sink the children go to its spill a chunk at a time
// (fileResult.drafts keys them) instead of into memory, and an entry read against another
// date than asOf (if given) is not read at all.
func loadCachedTo(dir, key string, sink *spillSink, asOf time.Time) (fileResult, bool) {
	if dir == "" {
		return fileResult{}, false
	}
	f, err := os.Open(filepath.Join(dir, key+cacheExt))
	if err != nil {
		return fileResult{}, false
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(f, 64<<10))
	var c cachedFile
	if dec.Decode(&c) != nil || c.Children < 0 || len(c.Refs) != c.Children || c.Places != nil && (len(c.Places) != c.Children || !isPermutation(c.Places)) {
		return fileResult{}, false
	}
	place := func(n int) int { return n }
	if c.Places != nil {
		place = func(n int) int { return int(c.Places[n]) }
	}
	if sink != nil && !asOf.IsZero() && !c.AsOf.IsZero() && !c.AsOf.Equal(asOf) {
		return fileResult{}, false // its dates without a year were read against another date
	}
	res := fileResult{Input: c.Input, Problems: c.Problems, Columns: c.Columns, asOf: c.AsOf}
	switch {
	case sink != nil:
		res.drafts = make([]draftKey, c.Children) // as many as the Refs read
	case c.Places != nil:
		res.Children = make([]rules.Child, c.Children)
	default:
		res.Children = make([]rules.Child, 0, min(c.Children, 1<<16)) // a damaged count reserves little
	}
	for n := 0; n < c.Children; {
		var chunk []rules.Child
		if dec.Decode(&chunk) != nil || len(chunk) == 0 || n+len(chunk) > c.Children {
			return fileResult{}, false
		}
		for i := range chunk {
			at := place(n + i)
			if sink != nil {
				r := c.Refs[at]
				res.drafts[at] = sink.add(&chunk[i], childRef{idCol: r.IDCol, nameCol: r.NameCol})
			} else if c.Places == nil {
				res.Children = append(res.Children, chunk[i])
			} else {
				res.Children[at] = chunk[i]
			}
		}
		if sink != nil && sink.err != nil {
			return fileResult{}, false
		}
		n += len(chunk)
	}
	res.format, res.pupils = c.Format, c.Pupils
	if sink == nil {
		for _, r := range c.Refs {
			res.refs = append(res.refs, childRef{idCol: r.IDCol, nameCol: r.NameCol})
		}
	}
	for _, l := range c.Logs {
		res.logs = append(res.logs, logEntry{call: l.Call, kind: l.Kind, entry: l.Entry, file: l.File, sheet: l.Sheet, row: l.Row, nameCell: l.NameCell,
			school: l.School, class: l.Class, name: l.Name, id: l.ID, date: l.Date})
	}
	return res, true
}

// storeCached keeps a roster's result; a cache that cannot be written only costs time.
// The children spilled as they were read (res.drafts, first) are read back from spill, as
// they were read.
func storeCached(dir, key string, res fileResult, spill *Spill) {
	if dir == "" {
		return
	}
	c := cachedFile{Input: res.Input, Format: res.format, Children: len(res.drafts) + len(res.Children), Problems: res.Problems,
		Columns: res.Columns, AsOf: res.asOf, Pupils: res.pupils}
	// The spilled children are read back pack by pack (a roster in no order of classes
	// would otherwise take a pack out for every child), and placed when read.
	order := make([]int32, len(res.drafts))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		x, y := res.drafts[a].at, res.drafts[b].at
		if x[0] != y[0] {
			return int(x[0] - y[0])
		}
		return int(x[1] - y[1])
	})
	if len(order) > 0 {
		c.Places = append(order, make([]int32, len(res.Children))...)
		for i := range res.Children {
			c.Places[len(order)+i] = int32(len(order) + i)
		}
	}
	for _, d := range res.drafts {
		c.Refs = append(c.Refs, cachedRef{d.ref.idCol, d.ref.nameCol})
	}
	for _, r := range res.refs {
		c.Refs = append(c.Refs, cachedRef{r.idCol, r.nameCol})
	}
	for _, l := range res.logs {
		c.Logs = append(c.Logs, cachedLog{l.call, l.kind, l.entry, l.file, l.sheet, l.row, l.nameCell, l.school, l.class, l.name, l.id, l.date})
	}
	if os.MkdirAll(dir, 0o700) != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return
	}
	w := bufio.NewWriterSize(tmp, 64<<10)
	enc := gob.NewEncoder(w)
	err = enc.Encode(&c)
	chunk := make([]rules.Child, 0, min(cacheChunk, len(res.drafts)))
	for k := 0; err == nil && k < len(order); k++ {
		d := &res.drafts[order[k]]
		var sc *rules.Child
		if sc, err = spill.childAt(d.at); err != nil {
			break
		}
		ch := *sc
		ch.School = d.school // as read: a folder's school is given after
		if chunk = append(chunk, ch); len(chunk) == cacheChunk || k == len(order)-1 {
			err = enc.Encode(chunk)
			chunk = chunk[:0]
		}
	}
	for i := 0; err == nil && i < len(res.Children); i += cacheChunk {
		err = enc.Encode(res.Children[i:min(i+cacheChunk, len(res.Children))])
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err != nil || cerr != nil {
		os.Remove(tmp.Name())
		return
	}
	if os.Rename(tmp.Name(), filepath.Join(dir, key+cacheExt)) != nil {
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
		if strings.HasPrefix(e.Name(), "last-") || strings.HasPrefix(e.Name(), "defer-") {
			continue // the index of last good readings: a few bytes per roster name
		}
		if !used[strings.TrimSuffix(e.Name(), cacheExt)] {
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

// A roster deferred as still being copied is deferred for one night at most: the time it
// was first deferred is kept (as a marker file's content), and a later night reads it, or
// fails it, whatever its state.
func deferredPath(dir, label string) string {
	sum := sha256.Sum256([]byte(label))
	return filepath.Join(dir, "defer-"+hex.EncodeToString(sum[:12]))
}

// deferredSince is when the roster was first deferred, or zero.
func deferredSince(dir, label string) time.Time {
	if dir == "" {
		return time.Time{}
	}
	b, err := os.ReadFile(deferredPath(dir, label))
	if err != nil {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339, strings.TrimSpace(string(b)))
	return t
}

func markDeferred(dir, label string, now time.Time) {
	if dir == "" || !deferredSince(dir, label).IsZero() {
		return
	}
	os.MkdirAll(dir, 0o700)
	os.WriteFile(deferredPath(dir, label), []byte(now.UTC().Format(time.RFC3339)), 0o600)
}

func clearDeferred(dir, label string) {
	if dir != "" {
		os.Remove(deferredPath(dir, label))
	}
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

func loadLastGood(dir, label string, sink *spillSink) (fileResult, string, bool) {
	if dir == "" {
		return fileResult{}, "", false
	}
	b, err := os.ReadFile(lastGoodPath(dir, label))
	if err != nil {
		return fileResult{}, "", false
	}
	key := strings.TrimSpace(string(b))
	res, ok := loadCachedTo(dir, key, sink, time.Time{})
	if ok {
		res.Input.File = label
	}
	return res, key, ok
}

// isPermutation says whether p holds each of 0..len(p)-1 once.
func isPermutation(p []int32) bool {
	seen := make([]bool, len(p))
	for _, v := range p {
		if v < 0 || int(v) >= len(p) || seen[v] {
			return false
		}
		seen[v] = true
	}
	return true
}
