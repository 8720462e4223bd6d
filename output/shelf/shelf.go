// Package shelf keeps things for reuse: buffers, tables and compressors that one document
// or file needs and the next can have.
package shelf

// A Shelf keeps up to its capacity of things. Unlike a sync.Pool it does not drop them
// at every garbage collection (a county's run collects some fifty times, and each new
// compressor or table cost more than the work it was for).
type Shelf[T any] struct {
	free  chan T
	fresh func() T
}

// New makes a shelf that keeps up to capacity things, and makes a fresh one with fresh
// when it is empty.
func New[T any](capacity int, fresh func() T) *Shelf[T] {
	return &Shelf[T]{free: make(chan T, capacity), fresh: fresh}
}

// Get takes a thing from the shelf, or makes a fresh one.
func (s *Shelf[T]) Get() T {
	select {
	case v := <-s.free:
		return v
	default:
		return s.fresh()
	}
}

// Put gives a thing back; beyond the shelf's capacity it is dropped.
func (s *Shelf[T]) Put(v T) {
	select {
	case s.free <- v:
	default:
	}
}
