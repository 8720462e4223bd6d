package ingest

import (
	"os"
	"runtime"
	"sync"
	"time"
)

// A reading is what reading one roster file gave, before the run decides what to do with
// it: its modification time, its bytes' cache key, and what it held (from the cache or
// parsed). Made by a prefetcher ahead of Load's loop, which takes the readings in order.
type reading struct {
	done   bool // false: Load reads the file itself (a panic, or not asked for)
	saved  time.Time
	err    error // the file could not be read
	key    string
	res    fileResult
	cached bool
	// spillErr is an error writing the run's spill (Options.SpillDir): the run fails.
	spillErr error
}

// readOne reads one roster as Load's loop would: everything but what the loop decides.
// saved is the file's modification time, as looked at just before (fileStat).
func readOne(f found, saved time.Time, opt Options) (r reading) {
	r.saved = saved
	data, err := readRegular(f.path)
	if err != nil {
		return reading{done: true, saved: saved, err: err}
	}
	r.key = cacheKey(f.label, data, opt.CacheSalt+columnsSalt(opt.Columns))
	var sink *spillSink
	if opt.spill != nil {
		// A night's rosters are mostly last night's: their children go from the cache to
		// the spill a chunk at a time, never whole in memory.
		sink = newSpillSink(opt.spill, f.label, saved, opt)
	}
	r.res, r.cached = loadCachedTo(opt.CacheDir, r.key, sink, opt.AsOf)
	if r.cached && !r.res.asOf.IsZero() && !r.res.asOf.Equal(opt.AsOf) {
		r.cached = false // its dates without a year were read against another date
	}
	if !r.cached {
		r.res = readBytes(f.label, data, readOptions{tmpDir: opt.TmpDir, asOf: opt.AsOf, columns: opt.Columns, sink: sink})
	}
	if sink != nil {
		r.spillErr = sink.err
	}
	r.done = true
	return r
}

// prefetcher reads the rosters Load will read, on several cores, ahead of the one Load
// is taking: a district's thirty school files are read two or four at a time instead
// of one after another. What is read ahead and not yet taken is bounded: no more files
// than there are readers, and no more than aheadBytes of them (by size on disk) unless
// it is the only one, so that a large workbook (which takes many times its size to
// parse) is read alone, as before.
type prefetcher struct {
	chans []chan reading // one per file; nil for a file not read ahead
	size  []int64        // of each file handed out
	wg    sync.WaitGroup

	mu         sync.Mutex
	room       *sync.Cond // signalled as readings are taken, and at close
	held, most int        // readings handed out and not yet taken; the most at once
	heldBytes  int64
	crowded    bool // more than budget was held beside another file (never, if hold is right)
	stopped    bool
	readers    int
	budget     int64
}

// aheadBytes is how many bytes of roster files are read ahead at most (a variable for
// the tests).
var aheadBytes int64 = 8 << 20

// prefetch starts reading ahead the files for which ahead is true. With one core, or
// one such file, nothing is read ahead: Load reads as it always did.
func prefetch(files []found, ahead func(found) bool, opt Options) *prefetcher {
	p := &prefetcher{budget: aheadBytes}
	p.room = sync.NewCond(&p.mu)
	var todo []int
	for i, f := range files {
		if ahead(f) {
			todo = append(todo, i)
		}
	}
	p.readers = min(runtime.GOMAXPROCS(0), 4, len(todo))
	if p.readers < 2 {
		return p
	}
	p.chans = make([]chan reading, len(files))
	p.size = make([]int64, len(files))
	for _, i := range todo {
		p.chans[i] = make(chan reading, 1)
	}
	type job struct {
		f     found
		saved time.Time
		out   chan reading
	}
	jobs := make(chan job)
	p.wg.Add(1)
	go func() { // hands the files out in order, as Load takes their readings
		defer p.wg.Done()
		defer close(jobs)
		for _, i := range todo {
			saved, size := fileStat(files[i].path)
			if !p.hold(i, size) {
				return
			}
			// Readers never wait to hand a reading over, and fewer files than readers
			// are held: one is free, or soon is.
			jobs <- job{files[i], saved, p.chans[i]}
		}
	}()
	for range p.readers {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for j := range jobs {
				j.out <- readAhead(j.f, j.saved, opt) // buffered: never waits
			}
		}()
	}
	return p
}

// hold waits until file i (of size bytes) may be read ahead, and counts it as held; it
// reports false when reading ahead has stopped.
func (p *prefetcher) hold(i int, size int64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for !p.stopped && p.held > 0 && (p.held >= p.readers || p.heldBytes+size > p.budget) {
		p.room.Wait()
	}
	if p.stopped {
		return false
	}
	p.held++
	p.heldBytes += size
	p.size[i] = size
	p.most = max(p.most, p.held)
	p.crowded = p.crowded || (p.held > 1 && p.heldBytes > p.budget)
	return true
}

// readAhead is readOne on a reader's goroutine: a panic there would end the process, so it
// leaves the reading not done, and Load reads the file again on its own, where a panic
// is what it always was.
func readAhead(f found, saved time.Time, opt Options) (r reading) {
	defer func() {
		if recover() != nil {
			r = reading{}
		}
	}()
	return readOne(f, saved, opt)
}

// take gives file i's reading, waiting for it; a reading not done means Load reads the
// file itself.
func (p *prefetcher) take(i int) reading {
	if p.chans == nil || p.chans[i] == nil {
		return reading{}
	}
	r := <-p.chans[i]
	p.chans[i] = nil
	p.mu.Lock()
	p.held--
	p.heldBytes -= p.size[i]
	p.room.Broadcast()
	p.mu.Unlock()
	return r
}

// close stops reading ahead (Load is done, or gave up) and waits for the readers.
func (p *prefetcher) close() {
	p.mu.Lock()
	p.stopped = true
	p.room.Broadcast()
	p.mu.Unlock()
	p.wg.Wait()
}

// fileStat is the file's modification time (UTC) and size on disk, or zeros.
func fileStat(path string) (time.Time, int64) {
	if st, err := os.Stat(path); err == nil {
		return st.ModTime().UTC(), st.Size()
	}
	return time.Time{}, 0
}
