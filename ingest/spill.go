package ingest

import (
	"slices"
	"sort"
	"sync"
	"time"

	"liushou/rules"
	"liushou/rules/pack"
)

// Spill holds a run's children on disk, grouped by class, as the rosters are read
// (Options.SpillDir): what lets a night hold a class's children at a time rather than
// every child it read. Load keeps only a key of each child (runKeys) for its checks
// across files; Class gives a class's children back with what Load decided applied:
// rows set aside (copies, duplicates, 学籍 lists), log entries, reply slips. It is what
// Loaded.Children would have held, a class at a time (TestSpillAsChildren).
type Spill struct {
	mu      sync.Mutex // rosters read ahead, or from the cache, add from other goroutines
	drafted int        // children spilled as they were read (spillSink), for the tests
	store   *pack.Store
	classes []spillClass
	index   map[[2]string]int32
	pending int // children waiting in the classes' buffers
	rk      *runKeys
	// The pack child read last: the checks read the children of a file in turn.
	lastAt   [2]int32
	lastRead []rules.Result
}

type spillClass struct {
	school, class string
	packs         []pack.Pack
	ends          []int32 // children in packs[:i+1]
	buf           []rules.Child
	// keys are each child's place in the run (its key); -1 until its roster is kept
	// (bind): a roster read ahead and then read again, or not kept, leaves only slots
	// that nothing takes out.
	keys []int32
}

// spillBuffer is how many children wait in memory before they are packed: a class's
// children read together go to disk together, and a roster in no order costs packs of a
// few children each, never memory.
var spillBuffer = 2048 // a variable for the tests

func newSpill(store *pack.Store, rk *runKeys) *Spill {
	return &Spill{store: store, index: map[[2]string]int32{}, rk: rk, lastAt: [2]int32{-1, -1}}
}

// add spills child c; it says where the child lies. The child belongs to no run key until
// bind gives it one.
func (s *Spill) add(c *rules.Child) ([2]int32, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := [2]string{c.School, c.Class}
	i, ok := s.index[k]
	if !ok {
		i = int32(len(s.classes))
		s.index[k] = i
		s.classes = append(s.classes, spillClass{school: c.School, class: c.Class})
	}
	cl := &s.classes[i]
	cl.buf = append(cl.buf, *c)
	cl.keys = append(cl.keys, -1)
	s.pending++
	at := [2]int32{i, int32(len(cl.keys) - 1)}
	if s.pending >= spillBuffer {
		return at, s.flush()
	}
	return at, nil
}

// bind gives the child at at the run key key.
func (s *Spill) bind(at [2]int32, key int) {
	s.mu.Lock()
	s.classes[at[0]].keys[at[1]] = int32(key)
	s.mu.Unlock()
}

// flush packs every class's waiting children (s.mu held, or the reading done).
func (s *Spill) flush() error {
	for i := range s.classes {
		cl := &s.classes[i]
		if len(cl.buf) == 0 {
			continue
		}
		results := make([]rules.Result, len(cl.buf))
		for j := range cl.buf {
			results[j].Child = &cl.buf[j]
		}
		p, err := s.store.Put(results)
		if err != nil {
			return err
		}
		end := int32(len(cl.buf))
		if n := len(cl.ends); n > 0 {
			end += cl.ends[n-1]
		}
		cl.packs, cl.ends = append(cl.packs, p), append(cl.ends, end)
		cl.buf = nil
	}
	s.pending = 0
	return nil
}

// child reads back one child as it was read (with its roster's time and folder school).
func (s *Spill) child(k *childKey) (*rules.Child, error) { return s.childAt(k.at) }

func (s *Spill) childAt(at [2]int32) (*rules.Child, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl := &s.classes[at[0]]
	pos := at[1]
	flushed := int32(0)
	if n := len(cl.ends); n > 0 {
		flushed = cl.ends[n-1]
	}
	if pos >= flushed {
		return &cl.buf[pos-flushed], nil
	}
	j := int32(sort.Search(len(cl.ends), func(j int) bool { return cl.ends[j] > pos }))
	if s.lastAt != [2]int32{at[0], j} {
		rs, err := s.store.Get(cl.packs[j])
		if err != nil {
			return nil, err
		}
		s.lastAt, s.lastRead = [2]int32{at[0], j}, rs
	}
	start := int32(0)
	if j > 0 {
		start = cl.ends[j-1]
	}
	return s.lastRead[pos-start].Child, nil
}

// SpillClass is a class the spill holds: its school and name, how many children of the
// rosters kept were read into it, and how many of them Load kept (the others were set
// aside).
type SpillClass struct {
	School, Class string
	Read, Kept    int
}

// Classes are the spill's classes, in the order their first child was read.
func (s *Spill) Classes() []SpillClass {
	out := make([]SpillClass, len(s.classes))
	for i, cl := range s.classes {
		out[i] = SpillClass{School: cl.school, Class: cl.class}
		for _, k := range cl.keys {
			if k >= 0 {
				out[i].Read++
				if !s.rk.k[k].gone {
					out[i].Kept++
				}
			}
		}
	}
	return out
}

// Class is class i's children (of Classes) that Load kept, with their log entries and reply
// slips given; at is each one's place in the run's roster order (rosters read ahead put
// children in a class in any order).
func (s *Spill) Class(i int) (children []rules.Child, at []int32, err error) {
	cl := &s.classes[i]
	all := make([]rules.Child, 0, len(cl.keys))
	for _, p := range cl.packs {
		rs, err := s.store.Get(p)
		if err != nil {
			return nil, nil, err
		}
		for _, r := range rs {
			all = append(all, *r.Child)
		}
	}
	all = append(all, cl.buf...)
	for j, key := range cl.keys {
		if key < 0 || s.rk.k[key].gone {
			continue
		}
		c := all[j]
		s.rk.given(&c, key)
		children, at = append(children, c), append(at, key)
	}
	return children, at, nil
}

// Kept is how many children Load kept.
func (s *Spill) Kept() int {
	n := 0
	s.rk.live(func(int, *childKey) { n++ })
	return n
}

// Places are the files the kept children came from, each with the schools their rosters
// name (as read), in the order first read.
func (s *Spill) Places() [][2]string {
	seen := map[[2]int32]bool{}
	var out [][2]string
	s.rk.live(func(_ int, k *childKey) {
		if p := [2]int32{k.file, k.school}; !seen[p] {
			seen[p] = true
			out = append(out, [2]string{s.rk.str(k.file), s.rk.str(k.school)})
		}
	})
	return out
}

// Close removes the spill's file.
func (s *Spill) Close() {
	if s != nil {
		s.store.Close()
	}
}

// given gives a spilled child its log entries, and its reply slip's address and phone.
func (rk *runKeys) given(c *rules.Child, key int32) []rules.Problem {
	for _, e := range rk.patches[key] {
		applyEntry(c, &e)
	}
	if c.Reply == nil {
		return nil
	}
	one := []rules.Child{*c}
	problems := applyReplies(one)
	*c = one[0]
	return problems
}

// replyProblems are applyReplies' problems for the spilled children Load kept, in roster
// order: only a child given a reply slip by the logs can have one.
func (rk *runKeys) replyProblems() ([]rules.Problem, error) {
	keys := make([]int32, 0, len(rk.patches))
	for k := range rk.patches {
		if !rk.k[k].gone {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []rules.Problem
	for _, k := range keys {
		c, err := rk.spill.child(&rk.k[k])
		if err != nil {
			return nil, err
		}
		cc := *c
		out = append(out, rk.given(&cc, k)...)
	}
	return out, nil
}

// A spillSink spills a roster's children as they are read (from the parse cache), for
// Load to key when it keeps the roster (fileResult.drafts).
type spillSink struct {
	spill *Spill
	file  string
	// saved, if set, is the roster's modification time, which Load gives each child.
	saved        time.Time
	folderSchool func(file, school string) string
	names        map[string]string // the roster's sheets, schools and classes, once each
	err          error
}

func newSpillSink(s *Spill, file string, saved time.Time, opt Options) *spillSink {
	return &spillSink{spill: s, file: file, saved: saved, folderSchool: opt.FolderSchool, names: map[string]string{}}
}

func (k *spillSink) name(s string) string {
	if n, ok := k.names[s]; ok {
		return n
	}
	k.names[s] = s
	return s
}

// add spills c and keys it. The first error writing the spill is kept (err): the roster
// is then not kept, and Load fails with it.
func (k *spillSink) add(c *rules.Child, ref childRef) draftKey {
	d := draftOf(c, ref)
	d.sheet, d.school, d.class = k.name(d.sheet), k.name(d.school), k.name(d.class)
	if !k.saved.IsZero() {
		c.RosterSaved = k.saved
	}
	if k.folderSchool != nil {
		c.School = k.folderSchool(k.file, c.School) // keyed as read, just above
	}
	var err error
	if d.at, err = k.spill.add(c); err != nil && k.err == nil {
		k.err = err
	}
	return d
}

// draftOf is the key of child c with its cells ref, but for its file.
func draftOf(c *rules.Child, ref childRef) draftKey {
	return draftKey{sheet: c.Sheet, school: c.School, class: c.Class, row: int32(c.Row), ref: ref,
		id: digest(c.ID), name: digest(c.Name), guardian: digest(c.Guardian), phone: digest(c.GuardianPhone)}
}

// A draftKey is a child's key before its roster is kept: runKeys.addDraft makes it the
// run's.
type draftKey struct {
	sheet, school, class      string
	row                       int32
	ref                       childRef
	at                        [2]int32
	id, name, guardian, phone uint64
}
