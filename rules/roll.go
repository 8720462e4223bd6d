package rules

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"slices"
)

// Roll is who was on the rosters on a night, per school, for counting the children who
// joined and left since the night before (月报's 新增 and 离开): each child is a pair of
// keyed digests, of the ID number (empty without one) and of the school and name, so
// that an ID added or a name corrected is the same child. No text is kept.
type Roll map[string][]string

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
	digest := func(s string) string {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(s))
		return hex.EncodeToString(m.Sum(nil)[:6])
	}
	id := ""
	if c.ID != "" {
		id = digest("id:" + c.ID)
	}
	roll[c.School] = append(roll[c.School], id+":"+digest("name:"+c.School+"|"+c.Name))
}

// Sort puts each school's keys in order, as the state keeps them.
func (roll Roll) Sort() {
	for _, keys := range roll {
		slices.Sort(keys)
	}
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
func absent(keys, other []string) int {
	known := map[string]bool{}
	for _, k := range other {
		id, name := split(k)
		known[id], known[name] = id != "", true
	}
	n := 0
	for _, k := range keys {
		if id, name := split(k); !known[name] && (id == "" || !known[id]) {
			n++
		}
	}
	return n
}

func split(k string) (id, name string) {
	for i := 0; i < len(k); i++ {
		if k[i] == ':' {
			return k[:i], k[i+1:]
		}
	}
	return "", k
}
