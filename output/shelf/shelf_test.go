package shelf

import "testing"

// TestShelf: a shelf hands back what was put on it, makes a fresh one when empty, and
// keeps no more than its capacity.
func TestShelf(t *testing.T) {
	made := 0
	s := New(2, func() *int { made++; v := made; return &v })
	a, b, c := s.Get(), s.Get(), s.Get()
	if made != 3 || *a != 1 || *b != 2 || *c != 3 {
		t.Fatalf("made %d: %d %d %d", made, *a, *b, *c)
	}
	s.Put(a)
	s.Put(b)
	s.Put(c) // beyond its capacity: dropped
	if got := s.Get(); got != a {
		t.Errorf("got %d, want the first put back", *got)
	}
	if got := s.Get(); got != b {
		t.Errorf("got %d, want the second put back", *got)
	}
	if got := s.Get(); *got != 4 || made != 4 {
		t.Errorf("got %d after %d made: an empty shelf makes a fresh one", *got, made)
	}
}
