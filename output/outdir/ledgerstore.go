package outdir

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"slices"
	"sort"

	"liushou/rules"
)

// Ledger is every letter issued so far (the state's "letters"), or a night's new ones.
// It grows by a letter for every family every term and is read whole every night: as a
// list of LedgerEntry it was some 360 bytes a letter (the keys' hex strings, seven
// string headers, a slice), 15 MB for one batch at four times the county and again as
// much for each batch after. It holds each letter in 20 bytes instead, each family key
// in 13 (its kind, then the 12 bytes its hex spells), and each batch's term, kind, date
// and name once. An entry not written as liushou writes them (an older ledger's plain
// digest in another form, a test's, a hand-edited one) is kept as read.
// The order of the entries is kept; the JSON is LedgerEntry's, byte for byte.
type Ledger struct {
	recs   []ledgerRec
	keys   []byte        // keyLen bytes a key
	groups []ledgerGroup // what the letters of a batch share
	odd    []LedgerEntry
}

type ledgerRec struct {
	at    uint32 // the first key's index in keys (in keys, not bytes); odd: the index in odd
	group uint32
	hash  [hashLen]byte
	n     uint8 // keys; a legacy entry has one, its digest (kindLegacy)
	flags uint8
}

const (
	recOdd    = 1 << iota // the entry is odd[at]
	recLegacy             // an older ledger's entry: Child is a plain digest, no Keys
	recHash               // Hash is set
)

type ledgerGroup struct{ Term, Kind, Date, Batch string }

const (
	digestLen = 12 // the bytes of a key's digest: 24 hex digits
	keyLen    = 1 + digestLen
	hashLen   = 8 // a letter's hash: 16 hex digits
)

// Key kinds, as the first byte of a key; kindLegacy is an older ledger's plain digest.
var keyKinds = [...]string{"", rules.KeyID, rules.KeyPhone, rules.KeyBirth, rules.KeyClass}

const kindLegacy = 0

// LedgerOf makes a ledger of entries, in their order.
func LedgerOf(entries ...LedgerEntry) Ledger {
	var l Ledger
	for _, e := range entries {
		l.Add(e)
	}
	return l
}

// Len is the number of letters.
func (l Ledger) Len() int { return len(l.recs) }

// Entries gives every entry, for a small ledger (tests, a pending batch).
func (l Ledger) Entries() []LedgerEntry {
	out := make([]LedgerEntry, l.Len())
	for i := range out {
		out[i] = l.Entry(i)
	}
	return out
}

// putKey appends the 13 bytes of key k ("kind:" and 24 lowercase hex digits), or says
// that it is not in that form.
func putKey(dst []byte, k string, legacy bool) ([]byte, bool) {
	kind, digest := byte(kindLegacy), k
	if !legacy {
		kind = 0
		for i := 1; i < len(keyKinds); i++ {
			if n := len(keyKinds[i]); len(k) == n+1+2*digestLen && k[:n] == keyKinds[i] && k[n] == ':' {
				kind, digest = byte(i), k[n+1:]
			}
		}
		if kind == 0 {
			return dst, false
		}
	}
	var b [digestLen]byte
	if !lowerHex(digest, b[:]) {
		return dst, false
	}
	return append(append(dst, kind), b[:]...), true
}

// lowerHex decodes s into b when s is exactly 2*len(b) lowercase hex digits: what
// hex.EncodeToString writes, so that the text comes back the same.
func lowerHex(s string, b []byte) bool {
	if len(s) != 2*len(b) {
		return false
	}
	for i := range b {
		hi, lo := hexValue[s[2*i]], hexValue[s[2*i+1]]
		if hi|lo > 0xf {
			return false
		}
		b[i] = hi<<4 | lo
	}
	return true
}

// hexValue is each byte's value as a lowercase hex digit, 0xff for any other byte.
var hexValue = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i, c := range "0123456789abcdef" {
		t[c] = byte(i)
	}
	return t
}()

// keyText is the text of a 13-byte key.
func keyText(k []byte) string {
	if k[0] == kindLegacy {
		return hex.EncodeToString(k[1:])
	}
	return keyKinds[k[0]] + ":" + hex.EncodeToString(k[1:])
}

// Add appends an entry.
func (l *Ledger) Add(e LedgerEntry) {
	r := ledgerRec{at: uint32(len(l.keys) / keyLen)}
	keys, ok := l.keys, true
	switch {
	case len(e.Keys) == 0:
		keys, ok = putKey(keys, e.Child, true)
		r.n, r.flags = 1, recLegacy
	case len(e.Keys) > 255 || e.Child != e.Keys[0]:
		ok = false
	default:
		for _, k := range e.Keys {
			if keys, ok = putKey(keys, k, false); !ok {
				break
			}
		}
		r.n = uint8(len(e.Keys))
	}
	if ok && e.Hash != "" {
		ok = lowerHex(e.Hash, r.hash[:])
		r.flags |= recHash
	}
	if !ok {
		l.keys = l.keys[:int(r.at)*keyLen] // a key already put is taken back
		l.recs = append(l.recs, ledgerRec{at: uint32(len(l.odd)), flags: recOdd})
		l.odd = append(l.odd, e)
		return
	}
	l.keys = keys
	r.group = l.groupOf(ledgerGroup{e.Term, e.Kind, e.Date, e.Batch})
	l.recs = append(l.recs, r)
}

// groupOf finds or adds a batch's shared fields. A ledger has a group a batch: a few a
// term; the latest is nearly always the one asked for.
func (l *Ledger) groupOf(g ledgerGroup) uint32 {
	for i := len(l.groups) - 1; i >= 0; i-- {
		if l.groups[i] == g {
			return uint32(i)
		}
	}
	l.groups = append(l.groups, g)
	return uint32(len(l.groups) - 1)
}

// clipped is the ledger in storage of its own size: grown by appending, a ledger read
// from the state had a third more room than it held, kept all night.
func (l Ledger) clipped() Ledger {
	return Ledger{recs: exact(l.recs), keys: exact(l.keys), groups: l.groups, odd: l.odd}
}

// exact is a copy of s in storage of its length (nil when empty, as a ledger never added to).
func exact[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// grow makes room for about n more letters.
func (l *Ledger) grow(n int) {
	l.recs = slices.Grow(l.recs, n)
	l.keys = slices.Grow(l.keys, n*4*keyLen) // four keys a family, most have
}

// AddAll appends the entries of another ledger.
func (l *Ledger) AddAll(o Ledger) {
	for i := range o.Len() {
		if o.recs[i].flags&recOdd != 0 {
			l.Add(o.odd[o.recs[i].at])
			continue
		}
		r := o.recs[i]
		g := o.groups[r.group]
		r.group = l.groupOf(g)
		from := int(r.at) * keyLen
		r.at = uint32(len(l.keys) / keyLen)
		l.keys = append(l.keys, o.keys[from:from+int(r.n)*keyLen]...)
		l.recs = append(l.recs, r)
	}
}

// Entry gives entry i as read. The entries of a batch share their term, kind, date and
// batch strings, and Child is Keys[0].
func (l Ledger) Entry(i int) LedgerEntry {
	r := l.recs[i]
	if r.flags&recOdd != 0 {
		return l.odd[r.at]
	}
	g := l.groups[r.group]
	e := LedgerEntry{Term: g.Term, Kind: g.Kind, Date: g.Date, Batch: g.Batch}
	if r.flags&recHash != 0 {
		e.Hash = hex.EncodeToString(r.hash[:])
	}
	if r.flags&recLegacy != 0 {
		e.Child = keyText(l.key(r, 0))
		return e
	}
	e.Keys = make([]string, r.n)
	for k := range e.Keys {
		e.Keys[k] = keyText(l.key(r, k))
	}
	e.Child = e.Keys[0]
	return e
}

func (l Ledger) key(r ledgerRec, k int) []byte {
	at := (int(r.at) + k) * keyLen
	return l.keys[at : at+keyLen]
}

// Batch is the batch of entry i.
func (l Ledger) Batch(i int) string {
	if r := l.recs[i]; r.flags&recOdd == 0 {
		return l.groups[r.group].Batch
	}
	return l.odd[l.recs[i].at].Batch
}

// plainDigest is entry i's Child when it is an older ledger's entry (a plain digest, no
// keys), without making the entry into text.
func (l Ledger) plainDigest(i int) (string, bool) {
	switch r := l.recs[i]; {
	case r.flags&recLegacy != 0:
		return keyText(l.key(r, 0)), true
	case r.flags&recOdd != 0 && len(l.odd[r.at].Keys) == 0:
		return l.odd[r.at].Child, true
	}
	return "", false
}

// appendChild appends entry i's Child, as Entry would give it.
func (l Ledger) appendChild(dst []byte, i int) []byte {
	r := l.recs[i]
	if r.flags&recOdd != 0 {
		return append(dst, l.odd[r.at].Child...)
	}
	k := l.key(r, 0)
	if k[0] != kindLegacy {
		dst = append(append(dst, keyKinds[k[0]]...), ':')
	}
	return hex.AppendEncode(dst, k[1:])
}

// Keep keeps the entries for which keep is true, in their order.
func (l *Ledger) Keep(keep func(i int) bool) {
	var out Ledger
	for i := range l.Len() {
		if keep(i) {
			out.AddAll(l.slice(i))
		}
	}
	*l = out
}

// slice is a ledger of entry i alone, sharing l's storage (for AddAll).
func (l Ledger) slice(i int) Ledger {
	s := l
	s.recs = l.recs[i : i+1]
	return s
}

// Sort puts the entries in a stable order: by batch, then child.
func (l *Ledger) Sort() {
	var a, b []byte
	sort.Stable(byBatchChild{l, &a, &b})
}

type byBatchChild struct {
	l    *Ledger
	a, b *[]byte
}

func (s byBatchChild) Len() int      { return s.l.Len() }
func (s byBatchChild) Swap(i, j int) { s.l.recs[i], s.l.recs[j] = s.l.recs[j], s.l.recs[i] }
func (s byBatchChild) Less(i, j int) bool {
	if bi, bj := s.l.Batch(i), s.l.Batch(j); bi != bj {
		return bi < bj
	}
	*s.a, *s.b = s.l.appendChild((*s.a)[:0], i), s.l.appendChild((*s.b)[:0], j)
	if c := bytes.Compare(*s.a, *s.b); c != 0 {
		return c < 0
	}
	// Two letters to one key in a batch (children the roster cannot tell apart): by the
	// rest of the entry, so that the state is the same whichever class was written first.
	*s.a, *s.b = s.l.AppendElement((*s.a)[:0], i, "", "", false), s.l.AppendElement((*s.b)[:0], j, "", "", false)
	return bytes.Compare(*s.a, *s.b) < 0
}

// AppendElement writes entry i as LedgerEntry.AppendJSON does (StreamJSON's lists).
func (l Ledger) AppendElement(b []byte, i int, prefix, indent string, escapeHTML bool) []byte {
	return l.Entry(i).AppendJSON(b, prefix, indent, escapeHTML)
}

// MarshalJSON writes the entries as a list, as encoding/json writes a []LedgerEntry
// (null when there are none, as a nil list). HTML is left unescaped here: the encoder
// that calls it escapes it or not, as it would a list's.
func (l Ledger) MarshalJSON() ([]byte, error) {
	if l.Len() == 0 {
		return []byte("null"), nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(l.Entries())
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), err
}

// UnmarshalJSON reads a list of entries (null: none).
func (l *Ledger) UnmarshalJSON(b []byte) error {
	var entries []LedgerEntry
	if err := json.Unmarshal(b, &entries); err != nil {
		return err
	}
	*l = LedgerOf(entries...)
	return nil
}

// keyHash is the index's hash of a key: of its 13 bytes when it is in liushou's form, so
// that a ledger's compact keys and a child's keys as text hash alike.
func (x keyIndex) keyHash(k string, legacy bool) uint64 {
	var buf [keyLen]byte
	if b, ok := putKey(buf[:0], k, legacy); ok {
		return x.bytesHash(b)
	}
	if legacy {
		k = "legacy:" + k
	}
	return x.bytesHash(append([]byte{0xff}, k...))
}
