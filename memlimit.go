package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// memoryLimit is the soft limit of the Go heap for a run: the garbage collector works
// harder near it instead of letting the heap grow to twice what is live. A night holds a
// class of children at a time and little of every child besides (keys, the roll, the
// letters issued): what is live peaks at about 22 MB for a county, 29 MB at four times it.
// Twice that, as the collector would let it grow, made the peak grow with the roster; at
// 56 MiB the heap of four and eight times the county is held where a county's is anyway
// (peak RSS 67-68 MB at 1x, 71-72 MB at 4x, 74 MB at 8x, against 70, 76-85 and 112 MB with
// the 120 MiB it was), for 1% more CPU at 8x and none measurable below: the collector
// took under 5% of a 4x run's CPU.
// GOMEMLIMIT set in the environment replaces it.
const memoryLimit = 56 << 20

// gcShareLimit is the share of the run's CPU the collector may take to hold memoryLimit.
// A county at 1x and 4x stays under 5%. Once the live data outgrows the limit (a
// province in one run; at 120 MiB it was 8x the county) the collector runs without
// pause (Go caps it at half the CPU): 8x took 2.2 times as long as with no limit at all
// when this was found.
const gcShareLimit = 0.15

// limitMemory sets the soft limit, and lets it go once holding it costs more than
// gcShareLimit of the CPU while the live data is past half of it: from then on, after
// each collection, the limit is what the runtime holds besides dead objects plus a
// quarter of what is live, so that the collector runs once a quarter of the live data
// has been allocated again, whatever the size of the roster.
func limitMemory() {
	debug.SetMemoryLimit(memoryLimit)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"}, {Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/cpu/classes/gc/total:cpu-seconds"}, {Name: "/cpu/classes/total:cpu-seconds"}}
	metrics.Read(sample)
	for _, s := range sample {
		if s.Value.Kind() == metrics.KindBad {
			return // a runtime without these: the fixed limit
		}
	}
	var f follower
	afterEachGC(func() {
		metrics.Read(sample)
		u := func(i int) uint64 { return sample[i].Value.Uint64() }
		held := u(1) - u(2)
		share := 0.0
		if all := sample[5].Value.Float64(); all > 0 {
			share = sample[4].Value.Float64() / all
		}
		debug.SetMemoryLimit(f.limit(u(0), held-min(u(3), held), share))
	})
}

// follower decides the soft limit after each collection.
type follower struct{ following bool }

// limit is the soft limit after a collection that left live bytes live, with other
// bytes of the memory the limit counts not taken by objects (free spans, stacks), when
// the collector has taken gcShare of the run's CPU so far. Once let go, the limit follows
// for the rest of the run: a run that outgrew it once would only outgrow it again.
func (f *follower) limit(live, other uint64, gcShare float64) int64 {
	// Early in a run a collection or two can be most of the little CPU spent: the limit
	// is let go only when it binds, the live data past half of it.
	if f.following = f.following || gcShare > gcShareLimit && live > memoryLimit/2; !f.following {
		return memoryLimit
	}
	return max(memoryLimit, int64(live+live/4+other))
}

// afterEachGC calls f after every garbage collection, on the finalizer goroutine: a
// sentinel is made unreachable, and its finalizer runs f and makes the next.
func afterEachGC(f func()) {
	type sentinel struct{ _ [16]byte } // big enough not to share a tiny-alloc block
	var arm func()
	arm = func() {
		runtime.SetFinalizer(new(sentinel), func(*sentinel) {
			f()
			arm()
		})
	}
	arm()
}
