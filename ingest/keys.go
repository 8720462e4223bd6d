package ingest

import "liushou/rules"

// The checks across a run's files (学籍 lists against the rosters, copies of a roster,
// the same child twice, log entries to their child) read a child through a childKey: its
// place, and what matches it to another row. They mark children gone and
// name the few they write about by index; Load then keeps the children left. Nothing
// but the key (72 bytes) is needed of a child while they run, so the children themselves
// can wait on disk (README, "Toward memory flat", step 2).
type childKey struct {
	file, sheet, school, class int32 // in the run's names
	row                        int32
	ref                        childRef
	// at is where a spilled child lies: its spill class, and its place in that class.
	at   [2]int32
	gone bool // not a child of the run: a copy's, a 学籍 list's, a duplicate
	// Digests of the ID, the name, the guardian and the guardian's phone; 0 when empty.
	id, name, guardian, phone uint64
}

// runKeys are the run's children as the checks read them, in roster order.
type runKeys struct {
	k     []childKey
	names []string         // files, sheets, schools and classes: few, so kept whole
	index map[string]int32 // names' positions
	// children are the run's children, when they are held in memory; else spill has them.
	children []rules.Child
	spill    *Spill
	// patches are the log entries matched to spilled children, by index: given to each
	// child as it is taken out of the spill, in the order the logs list them.
	patches map[int32][]logEntry
}

// addDraft keys the run's next child, spilled as its roster of file was read.
func (rk *runKeys) addDraft(d *draftKey, file string) {
	rk.k = append(rk.k, childKey{file: rk.intern(file), sheet: rk.intern(d.sheet), school: rk.intern(d.school),
		class: rk.intern(d.class), row: d.row, ref: d.ref, at: d.at, id: d.id, name: d.name, guardian: d.guardian, phone: d.phone})
}

// add keys the run's next child, held in memory.
func (rk *runKeys) add(c *rules.Child, ref childRef) {
	d := draftOf(c, ref)
	rk.addDraft(&d, c.File)
}

// child is the child at an index: for the rows a message names and the pairs a copy is
// compared on. A spilled child is a copy read back as it was read, before its log
// entries (the checks that read a child run before the logs are given out).
func (rk *runKeys) child(i int) *rules.Child {
	if rk.spill == nil {
		return &rk.children[i]
	}
	c, err := rk.spill.child(&rk.k[i])
	if err != nil {
		// The spill is the run's own file, just written: unreadable, it fails the run
		// when the classes are taken out. Here a message goes without the name.
		return &rules.Child{}
	}
	return c
}

// patch gives child i a log entry: now, or as it is taken out of the spill.
func (rk *runKeys) patch(i int, e logEntry) {
	if rk.spill == nil {
		applyEntry(&rk.children[i], &e)
		return
	}
	if rk.patches == nil {
		rk.patches = map[int32][]logEntry{}
	}
	rk.patches[int32(i)] = append(rk.patches[int32(i)], e)
}

// intern is the position of s in the run's names, added if new.
func (rk *runKeys) intern(s string) int32 {
	if i, ok := rk.index[s]; ok {
		return i
	}
	i := int32(len(rk.names))
	rk.names = append(rk.names, s)
	rk.index[s] = i
	return i
}

// lookup is the position of s in the run's names, or -1: no child has it.
func (rk *runKeys) lookup(s string) int32 {
	if i, ok := rk.index[s]; ok {
		return i
	}
	return -1
}

func (rk *runKeys) str(i int32) string { return rk.names[i] }

// live calls f for each child not gone, in roster order.
func (rk *runKeys) live(f func(i int, k *childKey)) {
	for i := range rk.k {
		if !rk.k[i].gone {
			f(i, &rk.k[i])
		}
	}
}

// uncount moves the child's row to its sheet's rows not counted, for reason.
func (rk *runKeys) uncount(acc accounts, k *childKey, reason string) {
	if a := acc[rk.str(k.file)+"\x00"+rk.str(k.sheet)]; a != nil {
		a.Uncount(int(k.row), reason)
	}
}

// keep is the children not gone, in order, reusing the array.
func (rk *runKeys) keep(children []rules.Child) []rules.Child {
	kept := children[:0]
	for i := range children {
		if !rk.k[i].gone {
			kept = append(kept, children[i])
		}
	}
	clear(children[len(kept):]) // the dropped children's strings let go
	return kept
}

// nameKey is a child's school, class and name: the same child in two files, or twice.
type nameKey struct {
	school, class int32
	name          uint64
}

func (k *childKey) nameKey() nameKey { return nameKey{k.school, k.class, k.name} }

// digest is a 64-bit FNV-1a hash of s, 0 only for "". Two different values with the
// same digest, which would be taken for the same ID or name, are less than one chance in
// 500 million among the 250,000 children of a province.
func digest(s string) uint64 {
	if s == "" {
		return 0
	}
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	if h == 0 {
		h = 1
	}
	return h
}
