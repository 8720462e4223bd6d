package output

import "testing"

// TestShelf: a shelf hands back what was put on it, makes a fresh one when empty, and
// keeps no more than its capacity.
func TestShelf(t *testing.T) {
	made := 0
	s := newShelf(2, func() *int { made++; v := made; return &v })
	a, b, c := s.get(), s.get(), s.get()
	if made != 3 || *a != 1 || *b != 2 || *c != 3 {
		t.Fatalf("made %d: %d %d %d", made, *a, *b, *c)
	}
	s.put(a)
	s.put(b)
	s.put(c) // beyond its capacity: dropped
	if got := s.get(); got != a {
		t.Errorf("got %d, want the first put back", *got)
	}
	if got := s.get(); got != b {
		t.Errorf("got %d, want the second put back", *got)
	}
	if got := s.get(); *got != 4 || made != 4 {
		t.Errorf("got %d after %d made: an empty shelf makes a fresh one", *got, made)
	}
}
