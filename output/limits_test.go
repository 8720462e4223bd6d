package output

import "testing"

// TestClip: a field is cut to its number of characters (not bytes), with "…" in the
// last place when it was longer.
func TestClip(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"", 4, ""},
		{"王芳", 4, "王芳"},
		{"欧阳思远", 4, "欧阳思远"},  // 12 bytes, 4 characters: kept
		{"欧阳思远航", 4, "欧阳思…"}, // 5 characters
		{"abcd", 4, "abcd"},
		{"abcde", 4, "abc…"},
		{"Zhang 张", 7, "Zhang 张"}, // 9 bytes, 7 characters
		{"Zhang 张三", 7, "Zhang …"},
	} {
		if got := clip(c.in, c.n); got != c.want {
			t.Errorf("clip(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
