package rules

import "testing"

// TestMoves: the children who joined and left a school between two nights; an ID added
// or a name corrected is the same child; a child who changed school left one and joined
// the other.
func TestMoves(t *testing.T) {
	secret := []byte("folder secret")
	child := func(school, name, id string) Result {
		return Result{Child: &Child{School: school, Name: name, ID: id}}
	}
	before := RollOf([]Result{
		child("一小", "王芳", "522401201908122589"),
		child("一小", "李强", ""),                   // gets an ID tonight
		child("一小", "张敏", "522401201905231279"), // name corrected tonight
		child("一小", "赵磊", ""),                   // leaves
		child("二小", "孙丽", "522401201801011234"), // changes school
	}, secret)
	now := RollOf([]Result{
		child("一小", "王芳", "522401201908122589"),
		child("一小", "李强", "522401201903031111"),
		child("一小", "张民", "522401201905231279"),
		child("一小", "钱多", ""), // joins
		child("一小", "孙丽", "522401201801011234"),
		child("三小", "周一", ""), // a school new tonight
	}, secret)
	got := Moves(before, now)
	want := map[string][2]int{"一小": {2, 1}, "三小": {1, 0}}
	if len(got) != len(want) {
		t.Errorf("moves %v, want %v", got, want)
	}
	for school, w := range want {
		if got[school] != w {
			t.Errorf("%s: joined, left = %v, want %v", school, got[school], w)
		}
	}
	for _, keys := range now {
		for _, k := range keys {
			if len(k) != 12+1+12 && len(k) != 1+12 {
				t.Errorf("roll entry %q: want two 12-digit digests", k)
			}
		}
	}
}
