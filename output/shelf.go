package output

// A shelf keeps up to its capacity of things for reuse: buffers and tables a document
// needs and the next can have. Unlike a sync.Pool it does not drop them at every garbage
// collection (a county's run collects some sixty times).
type shelf[T any] struct {
	free  chan T
	fresh func() T
}

func newShelf[T any](capacity int, fresh func() T) *shelf[T] {
	return &shelf[T]{free: make(chan T, capacity), fresh: fresh}
}

func (s *shelf[T]) get() T {
	select {
	case v := <-s.free:
		return v
	default:
		return s.fresh()
	}
}

func (s *shelf[T]) put(v T) {
	select {
	case s.free <- v:
	default:
	}
}
