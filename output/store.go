package output

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"

	"liushou/rules"
)

// A classStore holds a run's children packed away while the documents are written, one
// class at a time taken out: a class's job loads its own children, a school's its
// school's, so that the heap holds what the jobs at hand need and not every child of the
// run. Held as Go values, a child's result is about a kilobyte, most of it string
// headers; packed it is its text. With a folder given the packs go to a file in it, and
// memory no longer depends on the number of children at all.
type classStore struct {
	mu  sync.Mutex
	f   *os.File // nil: packed in mem
	mem []byte
	end int64
}

// pack is where one class's results lie in the store.
type pack struct{ at, n int64 }

// newClassStore makes a store; dir, if given, is a private folder of the output (the
// run's tmp) for its file, removed when the store is closed.
func newClassStore(dir string) (*classStore, error) {
	s := &classStore{}
	if dir == "" {
		return s, nil
	}
	f, err := os.CreateTemp(dir, "children-*.bin")
	if err != nil {
		return nil, fmt.Errorf("无法在 %s 创建临时文件：%w", dir, err)
	}
	s.f = f
	return s, nil
}

// put packs results and says where they lie.
func (s *classStore) put(results []rules.Result) (pack, error) {
	b := appendResults(nil, results)
	s.mu.Lock()
	defer s.mu.Unlock()
	p := pack{s.end, int64(len(b))}
	if s.f == nil {
		s.mem = append(s.mem, b...)
	} else if _, err := s.f.WriteAt(b, s.end); err != nil {
		return pack{}, fmt.Errorf("无法写入临时文件 %s：%w", s.f.Name(), err)
	}
	s.end += p.n
	return p, nil
}

// get unpacks the results at p.
func (s *classStore) get(p pack) ([]rules.Result, error) {
	var b []byte
	if s.f == nil {
		b = s.mem[p.at : p.at+p.n]
	} else {
		b = make([]byte, p.n)
		if _, err := s.f.ReadAt(b, p.at); err != nil {
			return nil, fmt.Errorf("无法读回临时文件 %s：%w", s.f.Name(), err)
		}
	}
	out, err := readResults(b)
	if err != nil {
		return nil, fmt.Errorf("无法读回临时文件里的学生：%w", err)
	}
	return out, nil
}

// close removes the store's file.
func (s *classStore) close() {
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
	}
}

// packedClasses are classes whose children are in a store: the names at hand, each
// class's results taken out by loadClass.
type packedClasses struct {
	store *classStore
	packs []pack // by class, as the run's classes
}

// packAway moves every class's results into the store (classes keep their names, their
// Results emptied); schools' classes, subslices of the same list, are emptied too.
func packAway(classes []rules.Class, schools []schoolTally, store *classStore) (*packedClasses, error) {
	pc := &packedClasses{store: store, packs: make([]pack, len(classes))}
	// Packed on all cores: for a county, one core took as long as writing its summary.
	errs := make([]error, len(classes))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(classes)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(classes); i = int(next.Add(1) - 1) {
				pc.packs[i], errs[i] = store.put(classes[i].Results)
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
	for i := range schools {
		for j := range schools[i].classes {
			schools[i].classes[j].Results = nil
		}
		schools[i].packed = pc
	}
	return pc, nil
}

// loadClass is class i of the run's classes with its children.
func (pc *packedClasses) loadClass(c rules.Class, i int) (rules.Class, error) {
	if pc == nil {
		return c, nil
	}
	var err error
	c.Results, err = pc.store.get(pc.packs[i])
	return c, err
}
