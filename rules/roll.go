package rules

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
)

// Roll is who was on the rosters on a night, per school, for counting the children who
// joined and left since the night before (月报's 新增 and 离开): each child is a pair of
// keyed digests, of the ID number (none without one) and of the school and name, so
// that an ID added or a name corrected is the same child. No text is kept.
type Roll map[string][]RollKey

// A RollKey is a child on the roll: 13 bytes, where its text ("id:name", twelve hex
// digits each, the ID's empty without one) took 64 and more; a night holds one a child
// of the run until the state is saved. In the state it is that text (MarshalText).
type RollKey struct {
	id, name [6]byte
	hasID    bool
}

// MarshalText is the key as the state keeps it.
func (k RollKey) MarshalText() ([]byte, error) {
	b := make([]byte, 0, 25)
	if k.hasID {
		b = hex.AppendEncode(b, k.id[:])
	}
	b = append(b, ':')
	return hex.AppendEncode(b, k.name[:]), nil
}

// UnmarshalText reads a key the state keeps.
func (k *RollKey) UnmarshalText(b []byte) error {
	id, name, ok := bytes.Cut(b, []byte{':'})
	*k = RollKey{hasID: len(id) > 0}
	if !ok || len(name) != 12 || len(id) != 0 && len(id) != 12 {
		return fmt.Errorf("名单里的一项 %q 不是两个 12 位的摘要", b)
	}
	if _, err := hex.Decode(k.name[:], name); err != nil {
		return fmt.Errorf("名单里的一项 %q 不是两个 12 位的摘要", b)
	}
	if _, err := hex.Decode(k.id[:], id); err != nil {
		return fmt.Errorf("名单里的一项 %q 不是两个 12 位的摘要", b)
	}
	return nil
}

// RollOf is the roll of the children of results, keyed with the output folder's secret.
func RollOf(results []Result, secret []byte) Roll {
	roll := Roll{}
	for _, r := range results {
		roll.Add(r.Child, secret)
	}
	roll.Sort()
	return roll
}

// Add puts a child on the roll (a night adds them a class at a time); Sort the roll once
// all are added.
func (roll Roll) Add(c *Child, secret []byte) {
	digest := func(s string) (d [6]byte) {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(s))
		copy(d[:], m.Sum(nil))
		return d
	}
	k := RollKey{name: digest("name:" + c.School + "|" + c.Name)}
	if c.ID != "" {
		k.id, k.hasID = digest("id:"+c.ID), true
	}
	roll[c.School] = append(roll[c.School], k)
}

// Sort puts each school's keys in the order of their text, as the state keeps them.
func (roll Roll) Sort() {
	for _, keys := range roll {
		slices.SortFunc(keys, compareKeys)
	}
}

// compareKeys orders keys as their text: two with an ID, or two without, by their bytes
// (hex keeps their order); a key without one (":…") before one whose ID's first digit
// is a letter and after one whose first digit is a digit, as ':' lies between them.
func compareKeys(a, b RollKey) int {
	if a.hasID != b.hasID {
		withID := a
		if b.hasID {
			withID = b
		}
		first := -1 // the key with an ID comes first
		if withID.id[0]>>4 > 9 {
			first = 1
		}
		if a.hasID {
			return first
		}
		return -first
	}
	if c := bytes.Compare(a.id[:], b.id[:]); c != 0 {
		return c
	}
	return bytes.Compare(a.name[:], b.name[:])
}

// Moves counts, per school of now, the children who joined (on no roll of before) and
// who left (on before's roll, not on now's): a child is the same when either digest
// matches. A school that is new tonight has all its children joined.
func Moves(before, now Roll) map[string][2]int {
	out := map[string][2]int{}
	for school, keys := range now {
		out[school] = [2]int{absent(keys, before[school]), absent(before[school], keys)}
	}
	return out
}

// absent counts the entries of keys with neither digest among those of other.
func absent(keys, other []RollKey) int {
	ids, names := map[[6]byte]bool{}, map[[6]byte]bool{}
	for _, k := range other {
		if k.hasID {
			ids[k.id] = true
		}
		names[k.name] = true
	}
	n := 0
	for _, k := range keys {
		if !names[k.name] && (!k.hasID || !ids[k.id]) {
			n++
		}
	}
	return n
}
