package outdir

import (
	"crypto/rand"
	"encoding/hex"
	"hash/maphash"
	"io"
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"liushou/rules"
)

// Letters are issued in dated batches under this folder of --out, each batch with its
// own envelopes and mailing list, so that the office mails each batch once.
const LettersDir = "信件"

// LedgerEntry records one letter issued to one family.
type LedgerEntry struct {
	// Child is the family's first key; Keys are all of them (rules.FamilyKeys). An entry
	// of an older ledger has no Keys, and Child is then rules.ChildKey (a plain digest).
	Child string   `json:"child"`
	Keys  []string `json:"keys,omitempty"`
	Term  string   `json:"term"`
	Kind  string   `json:"kind"` // start or end
	Date  string   `json:"date"` // the as-of date of the run that issued it
	Batch string   `json:"batch"`
	Hash  string   `json:"hash"` // of the letter's text
}

// AppendJSON writes the entry as json.Encoder does (StreamJSON, ElementJSON).
func (e LedgerEntry) AppendJSON(b []byte, prefix, indent string, escapeHTML bool) []byte {
	b = append(b, '{')
	b = AppendJSONField(b, prefix, indent, "child", e.Child, escapeHTML)
	if len(e.Keys) > 0 {
		b = append(b, ',')
		b = AppendJSONList(b, prefix, indent, "keys", e.Keys, escapeHTML)
	}
	for _, f := range [...]struct{ name, value string }{{"term", e.Term}, {"kind", e.Kind}, {"date", e.Date}, {"batch", e.Batch}, {"hash", e.Hash}} {
		b = append(b, ',')
		b = AppendJSONField(b, prefix, indent, f.name, f.value, escapeHTML)
	}
	b = append(b, '\n')
	b = append(b, prefix...)
	return append(b, '}')
}

// NextBatch names the batch folder of a run on the date: the date itself, or the date
// with a number when the ledger shows an earlier batch that day.
func (l Ledger) NextBatch(asOf time.Time) string {
	day := asOf.Format("2006-01-02")
	name := day
	for n := 2; l.usesBatch(name); n++ {
		name = day + "-" + strconv.Itoa(n)
	}
	return name
}

// isBatchFile reports whether a path of --out lies in a letter batch: batches stay.
func isBatchFile(rel string) bool {
	return strings.HasPrefix(rel, LettersDir+"/")
}

func (l Ledger) usesBatch(name string) bool {
	for _, g := range l.groups {
		if g.Batch == name {
			return true
		}
	}
	for _, e := range l.odd {
		if e.Batch == name {
			return true
		}
	}
	return false
}

// IssuedTo gives, for a child, the letters the ledger records for its family: an entry
// is the family's when any of its keys is the child's (rules.FamilyKeys with secret),
// unless both name an ID and the IDs differ (then only when the class and the guardian's
// phone both agree: a mistyped ID corrected). By says how it was recognised when the ID
// or the class changed. Entries of an older ledger match by rules.ChildKey.
// posted gives each batch's posted date (State.PostedDates); nil when none is known.
func (l Ledger) IssuedTo(secret []byte, posted map[string]time.Time) func(c rules.Child) []rules.IssuedLetter {
	return l.Lookup().IssuedTo(secret, posted)
}

// Lookup is a ledger with its key index, made once for a night's look-ups (the letters
// decided, the replies awaited): at four times the county after four batches, sorting
// the index took half a second, and it was made twice.
type Lookup struct {
	l     Ledger
	x     keyIndex
	dates []time.Time // each group's date
}

// Lookup indexes the ledger's keys.
func (l Ledger) Lookup() Lookup {
	lk := Lookup{l: l, x: indexKeys(l), dates: make([]time.Time, len(l.groups))}
	for i, g := range l.groups {
		lk.dates[i], _ = time.Parse("2006-01-02", g.Date)
	}
	return lk
}

// IssuedTo is Ledger.IssuedTo, on the index made once. The compact entries are judged on
// their keys' bytes: made into text first, as once, the entries of a county's families
// after four batches took a second and a half of a night.
func (lk Lookup) IssuedTo(secret []byte, posted map[string]time.Time) func(c rules.Child) []rules.IssuedLetter {
	l, byKey := lk.l, lk.x
	postedOf := make([]time.Time, len(l.groups))
	for i, g := range l.groups {
		postedOf[i] = posted[g.Batch]
	}
	return func(c rules.Child) []rules.IssuedLetter {
		keys := rules.FamilyKeys(c, secret)
		var ours famKeys
		compact := ours.of(keys)
		var mine map[string]bool // for the entries kept as read: made when one is met
		seen := map[int]bool{}
		var out []rules.IssuedLetter
		legacy := rules.ChildKey(c)
		var legacyKey [keyLen]byte
		_, legacyOK := putKey(legacyKey[:0], legacy, true)
		try := func(at []int) {
			for _, i := range at {
				if seen[i] {
					continue
				}
				r := l.recs[i]
				if r.flags&recOdd == 0 && compact && legacyOK {
					if r.flags&recLegacy != 0 && string(l.key(r, 0)) != string(legacyKey[:]) {
						continue // an older ledger's entry whose digest only shares a hash
					}
					seen[i] = true
					by, ok := "", true
					if r.flags&recLegacy == 0 {
						by, ok = ours.judge(l, r)
					}
					if ok {
						g := l.groups[r.group]
						out = append(out, rules.IssuedLetter{Term: g.Term, Kind: rules.LetterKind(g.Kind), Date: lk.dates[r.group], By: by, Posted: postedOf[r.group]})
					}
					continue
				}
				e := l.Entry(i)
				if len(e.Keys) == 0 && e.Child != legacy {
					continue // an older ledger's entry whose digest only shares a hash
				}
				seen[i] = true
				if mine == nil {
					mine = map[string]bool{}
					for _, k := range keys {
						mine[k] = true
					}
				}
				by, ok := sameFamily(e, keys, mine)
				if !ok {
					continue
				}
				d, _ := time.Parse("2006-01-02", e.Date)
				out = append(out, rules.IssuedLetter{Term: e.Term, Kind: rules.LetterKind(e.Kind), Date: d, By: by, Posted: posted[e.Batch]})
			}
		}
		for _, k := range keys {
			try(byKey.entries(byKey.keyHash(k, false)))
		}
		try(byKey.entries(byKey.keyHash(legacy, true)))
		return out
	}
}

// famKeys is a family's keys by kind, as bytes (a kind given twice: the last).
type famKeys struct {
	keys [][keyLen]byte
	d    [len(keyKinds)][digestLen]byte
	has  [len(keyKinds)]bool
}

// of reads a child's keys, and says whether all are in liushou's form.
func (f *famKeys) of(keys []string) bool {
	for _, k := range keys {
		var b [keyLen]byte
		if _, ok := putKey(b[:0], k, false); !ok {
			return false
		}
		f.keys = append(f.keys, b)
		f.set(b[:])
	}
	return true
}

func (f *famKeys) set(k []byte) { f.d[k[0]], f.has[k[0]] = [digestLen]byte(k[1:]), true }

// same is the keys' text being equal: both missing, or both there and the same.
func (f *famKeys) same(o *famKeys, kind int) bool {
	return f.has[kind] == o.has[kind] && f.d[kind] == o.d[kind]
}

// judge is sameFamily for a compact entry: the same decisions, on the keys' bytes.
func (f *famKeys) judge(l Ledger, r ledgerRec) (by string, ok bool) {
	const id, phone, class = 1, 2, 4
	var theirs famKeys
	matched := false
	for k := range int(r.n) {
		key := l.key(r, k)
		theirs.set(key)
		for _, m := range f.keys {
			matched = matched || string(m[:]) == string(key)
		}
	}
	switch {
	case f.has[id] && theirs.has[id] && f.d[id] == theirs.d[id]:
		return rules.KeyID, true
	case f.has[id] && theirs.has[id]:
		// Two IDs: two children, unless class and guardian phone both agree.
		return rules.ByIDChanged, f.same(&theirs, class) && f.has[phone] && f.same(&theirs, phone)
	case !matched:
		return "", false
	case f.has[id] && !theirs.has[id]:
		return rules.ByIDChanged, true // an ID added since
	case !f.same(&theirs, class):
		return rules.ByClassChanged, true
	}
	return "", true
}

// keyIndex finds the ledger entries that hold a key. A county's ledger holds four keys a
// letter, tens of thousands of letters a term: as a map of keys to lists of entries it
// was some 60 bytes a key and a list each, built at the busiest moment of a night. It is
// a sorted list of 8 bytes a key instead: the high bits a hash of the key, the low bits
// the entry (as few as the ledger's length needs). A hash that two keys share only offers
// an entry that sameFamily then judges by the keys themselves.
type keyIndex struct {
	seed  maphash.Seed
	shift uint // the bits of an entry's index
	pairs []uint64
}

func indexKeys(l Ledger) keyIndex {
	x := keyIndex{seed: maphash.MakeSeed(), shift: uint(bits.Len(uint(l.Len())))}
	x.pairs = make([]uint64, 0, len(l.keys)/keyLen+len(l.odd))
	at := func(h uint64, i int) uint64 { return h<<x.shift | uint64(i) }
	for i, r := range l.recs {
		if r.flags&recOdd != 0 {
			e := l.odd[r.at]
			if len(e.Keys) == 0 {
				x.pairs = append(x.pairs, at(x.keyHash(e.Child, true), i))
			}
			for _, k := range e.Keys {
				x.pairs = append(x.pairs, at(x.keyHash(k, false), i))
			}
			continue
		}
		for k := range int(r.n) {
			x.pairs = append(x.pairs, at(x.bytesHash(l.key(r, k)), i))
		}
	}
	slices.Sort(x.pairs)
	return x
}

func (x keyIndex) bytesHash(b []byte) uint64 { return maphash.Bytes(x.seed, b) }

// entries are the entries that may hold a key of hash h, in ledger order.
func (x keyIndex) entries(h uint64) []int {
	mask := uint64(1)<<x.shift - 1
	lo := h << x.shift
	at, _ := slices.BinarySearch(x.pairs, lo)
	var out []int
	for ; at < len(x.pairs) && x.pairs[at]&^mask == lo; at++ {
		out = append(out, int(x.pairs[at]&mask))
	}
	return out
}

// sameFamily decides whether a ledger entry is the family of a child with these keys.
func sameFamily(e LedgerEntry, keys []string, mine map[string]bool) (by string, ok bool) {
	if len(e.Keys) == 0 {
		return "", true // an older ledger's entry, matched by its digest
	}
	kind := func(k string) string { s, _, _ := strings.Cut(k, ":"); return s }
	theirs := map[string]string{}
	for _, k := range e.Keys {
		theirs[kind(k)] = k
	}
	ours := map[string]string{}
	for _, k := range keys {
		ours[kind(k)] = k
	}
	switch {
	case ours[rules.KeyID] != "" && ours[rules.KeyID] == theirs[rules.KeyID]:
		return rules.KeyID, true
	case ours[rules.KeyID] != "" && theirs[rules.KeyID] != "":
		// Two IDs: two children, unless class and guardian phone both agree.
		same := ours[rules.KeyClass] == theirs[rules.KeyClass] && ours[rules.KeyPhone] != "" && ours[rules.KeyPhone] == theirs[rules.KeyPhone]
		return rules.ByIDChanged, same
	}
	matched := false
	for _, k := range e.Keys {
		matched = matched || mine[k]
	}
	switch {
	case !matched:
		return "", false
	case ours[rules.KeyID] != "" && theirs[rules.KeyID] == "":
		return rules.ByIDChanged, true // an ID added since
	case ours[rules.KeyClass] != theirs[rules.KeyClass]:
		return rules.ByClassChanged, true
	}
	return "", true
}

// PlainDigests are the children's keys (rules.ChildKey) that an older ledger's entries
// are recorded by: those Rekey will rekey. Usually none.
func (l *Ledger) PlainDigests() map[string]bool {
	out := map[string]bool{}
	for i := range l.Len() {
		if d, ok := l.plainDigest(i); ok {
			out[d] = true
		}
	}
	return out
}

// Rekey gives the entries of an older ledger (a plain digest, no keys) the keys of the
// child they belong to, so that they too cannot be reversed from an ID list.
func (l *Ledger) Rekey(results []rules.Result, secret []byte) {
	byDigest := map[string][]int{}
	for i := range l.Len() {
		if d, ok := l.plainDigest(i); ok {
			byDigest[d] = append(byDigest[d], i)
		}
	}
	if len(byDigest) == 0 {
		return
	}
	rekeyed := map[int]LedgerEntry{}
	for _, r := range results {
		c := *r.Child
		at := byDigest[rules.ChildKey(c)]
		if len(at) == 0 {
			continue
		}
		keys := rules.FamilyKeys(c, secret)
		for _, i := range at {
			if _, done := rekeyed[i]; done {
				continue // the first child of that digest has it, as before
			}
			e := l.Entry(i)
			e.Keys, e.Child = keys, keys[0]
			rekeyed[i] = e
		}
	}
	if len(rekeyed) == 0 {
		return
	}
	var out Ledger
	for i := range l.Len() {
		if e, ok := rekeyed[i]; ok {
			out.Add(e)
		} else {
			out.AddAll(l.slice(i))
		}
	}
	*l = out
}

// SecretFile holds the key of the ledger's keyed hashes: made once per output folder,
// readable by its owner only.
const SecretFile = ".liushou/secret"

// Secret reads the output folder's secret, or makes one. restore, if not empty, is a
// secret found in a batch manifest: it is used when the folder has none (a lost
// .liushou), so that the rebuilt ledger's keys still match.
func Secret(dir string, restore []byte) ([]byte, error) {
	path := filepath.Join(dir, SecretFile)
	if b, err := os.ReadFile(path); err == nil {
		if s, err := hex.DecodeString(strings.TrimSpace(string(b))); err == nil && len(s) >= 16 {
			return s, nil
		}
	}
	s := restore
	if len(s) == 0 {
		s = make([]byte, 32)
		if _, err := rand.Read(s); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), dirPerm); err != nil {
		return nil, err
	}
	err := WriteFile(path, func(w io.Writer) error {
		_, err := io.WriteString(w, hex.EncodeToString(s)+"\n")
		return err
	})
	if err == nil {
		err = os.Chmod(path, 0o600)
	}
	return s, err
}
