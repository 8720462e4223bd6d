package output

import (
	"runtime"
	"sync"
	"sync/atomic"

	"liushou/rules"
	"liushou/rules/pack"
)

// packedClasses are classes whose children are in a store: the names at hand, each
// class's results taken out by loadClass.
type packedClasses struct {
	store *pack.Store
	packs []pack.Pack // by class, as the run's classes
}

// packAway moves every class's results into the store (classes keep their names, their
// Results emptied).
func packAway(classes []rules.Class, store *pack.Store) (*packedClasses, error) {
	pc := &packedClasses{store: store, packs: make([]pack.Pack, len(classes))}
	// Packed on all cores: for a county, one core took as long as writing its summary.
	errs := make([]error, len(classes))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(classes)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(classes); i = int(next.Add(1) - 1) {
				pc.packs[i], errs[i] = store.Put(classes[i].Results)
			}
		})
	}
	wg.Wait()
	for i := range classes {
		if errs[i] != nil {
			return nil, errs[i]
		}
		classes[i].Results = nil
	}
	return pc, nil
}

// loadClass is class i of the run's classes with its children.
func (pc *packedClasses) loadClass(c rules.Class, i int) (rules.Class, error) {
	if pc == nil {
		return c, nil
	}
	var err error
	c.Results, err = pc.store.Get(pc.packs[i])
	return c, err
}

// A ClassPacker makes an Evaluated a class at a time, for a night that evaluates its
// children class by class: each class's results are packed away as it is added, so that
// only the class at hand is held. Classes are added in print order.
type ClassPacker struct {
	ev Evaluated
	pc *packedClasses
}

// NewClassPacker packs into store.
func NewClassPacker(store *pack.Store) *ClassPacker {
	return &ClassPacker{pc: &packedClasses{store: store}}
}

// Add packs a class's results, in checklist order (rules.ClassSorter.Children); due says
// whether one of its children is due a letter (the night knows once the class is decided:
// a family without an ID is known by school, class and name, so by this class alone).
func (p *ClassPacker) Add(c rules.Class, due bool) error {
	pk, err := p.pc.store.Put(c.Results)
	if err != nil {
		return err
	}
	p.pc.packs = append(p.pc.packs, pk)
	p.ev.tallies = append(p.ev.tallies, rules.TallyOf(c.Results))
	p.ev.files = append(p.ev.files, classFiles(c.Results))
	p.ev.due = append(p.ev.due, due)
	c.Results = nil
	p.ev.classes = append(p.ev.classes, c)
	return nil
}

// Evaluated is the classes added, with the run's summary.
func (p *ClassPacker) Evaluated(sum Summary) Evaluated {
	ev := p.ev
	ev.summary, ev.packed = sum, p.pc
	return ev
}
