package rules

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

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
			if b, _ := k.MarshalText(); len(b) != 12+1+12 && len(b) != 1+12 {
				t.Errorf("roll entry %q: want two 12-digit digests", b)
			}
		}
	}
}

// TestRollKeysAsText: a roll's keys sort as their text does, the state's order, and read
// back as they were written; a key that is not two digests is refused.
func TestRollKeysAsText(t *testing.T) {
	roll := Roll{}
	for i := range 400 {
		c := &Child{School: "一小", Name: fmt.Sprintf("学生%d", i)}
		if i%3 != 0 {
			c.ID = fmt.Sprintf("5224012019%08d", i)
		}
		roll.Add(c, []byte("folder secret"))
	}
	roll.Sort()
	var texts []string
	for _, k := range roll["一小"] {
		b, err := k.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back RollKey
		if err := back.UnmarshalText(b); err != nil || back != k {
			t.Fatalf("%s read back as %v (%v)", b, back, err)
		}
		texts = append(texts, string(b))
	}
	if !slices.IsSorted(texts) {
		t.Errorf("keys not in the order of their text: %v", texts[:10])
	}
	if first := texts[0]; first[0] == ':' || first[0] > '9' {
		t.Errorf("the test has no key before those without an ID: %s", first)
	}
	for _, bad := range []string{"", "x", ":abc", "0123456789ab", "0123456789ab:zz3456789abc", "01234:0123456789ab"} {
		var k RollKey
		if err := k.UnmarshalText([]byte(bad)); err == nil {
			t.Errorf("%q read as a key", bad)
		}
	}
	if data, err := json.Marshal(roll); err != nil || !strings.Contains(string(data), `{"一小":["`) {
		t.Errorf("roll as JSON: %s (%v)", data, err)
	}
}
