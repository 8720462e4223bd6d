package pack

import (
	"fmt"
	"os"
	"sync"

	"liushou/rules"
)

// A Store holds a run's children packed away, to be taken out a class at a time: a class's
// job loads its own children, a school's its school's, so that the heap holds what the jobs
// at hand need and not every child of the run. Held as Go values, a child's result is
// about a kilobyte, most of it string headers; packed it is its text. With a folder given
// the packs go to a file in it, and memory no longer depends on the number of children.
// Put and Get may be called from many goroutines.
type Store struct {
	mu sync.Mutex
	f  *os.File // nil: packed in memory
	// mem holds the packs in memory, a slice each: one array grown by appending was held
	// twice over each time it grew.
	mem [][]byte
	end int64
}

// Pack is where one class's results lie in the store.
type Pack struct{ at, n int64 }

// NewStore makes a store; dir, if given, is a private folder of the output (the run's
// tmp) for its file, removed when the store is closed.
func NewStore(dir string) (*Store, error) {
	s := &Store{}
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

// Put packs results and says where they lie.
func (s *Store) Put(results []rules.Result) (Pack, error) {
	b := AppendResults(nil, results)
	s.mu.Lock()
	defer s.mu.Unlock()
	p := Pack{s.end, int64(len(b))}
	if s.f == nil {
		p.at = int64(len(s.mem)) // in memory, the pack's place among the packs
		s.mem = append(s.mem, b)
	} else if _, err := s.f.WriteAt(b, s.end); err != nil {
		return Pack{}, fmt.Errorf("无法写入临时文件 %s：%w", s.f.Name(), err)
	}
	s.end += p.n
	return p, nil
}

// Get unpacks the results at p.
func (s *Store) Get(p Pack) ([]rules.Result, error) {
	var b []byte
	if s.f == nil {
		s.mu.Lock()
		b = s.mem[p.at]
		s.mu.Unlock()
	} else {
		b = make([]byte, p.n)
		if _, err := s.f.ReadAt(b, p.at); err != nil {
			return nil, fmt.Errorf("无法读回临时文件 %s：%w", s.f.Name(), err)
		}
	}
	out, err := ReadResults(b)
	if err != nil {
		return nil, fmt.Errorf("无法读回临时文件里的学生：%w", err)
	}
	return out, nil
}

// Size is the bytes the store holds: what its children take on disk.
func (s *Store) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.end
}

// Close removes the store's file.
func (s *Store) Close() {
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
	}
}
