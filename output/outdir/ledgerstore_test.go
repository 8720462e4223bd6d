package outdir

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"liushou/rules"
)

var testSecret = []byte("0123456789abcdef0123456789abcdef")

// family is a child as a roster gives one, i of n: some with an ID, some with a
// guardian's phone or a birth date, in a few schools and classes.
func family(i int) rules.Child {
	c := rules.Child{School: fmt.Sprintf("第%d小学", i%3), Class: fmt.Sprintf("三年级(%d)班", i%4+1), Name: fmt.Sprintf("学生%d", i)}
	if i%2 == 0 {
		c.ID = fmt.Sprintf("5226%014d", i)
	}
	if i%3 != 1 {
		c.GuardianPhone = fmt.Sprintf("139%08d", i)
	}
	if i%5 != 0 {
		c.Birth = time.Date(2015, 1, 1+i%300, 0, 0, 0, 0, time.UTC)
	}
	return c
}

// ledgerEntries are the entries a ledger holds in practice, and each kind of entry that
// is not in liushou's own form; odd counts the latter.
func ledgerEntries(n int) (entries []LedgerEntry, odd int) {
	for i := range n {
		keys := rules.FamilyKeys(family(i), testSecret)
		batch := []string{"2026-09-01", "2026-12-20", "2026-12-20-2"}[i%3]
		e := LedgerEntry{Child: keys[0], Keys: keys, Term: "2026年秋季学期", Kind: "start", Date: batch[:10], Batch: batch,
			Hash: fmt.Sprintf("%016x", uint64(i)*0x9e3779b97f4a7c15)}
		if i%11 == 0 { // an older ledger's plain digest
			e.Child, e.Keys = rules.ChildKey(family(i)), nil
		}
		entries = append(entries, e)
	}
	oddOnes := []LedgerEntry{
		{Child: "old", Term: "t", Kind: "end", Date: "d", Batch: "b"},   // not a digest
		{Child: strings.ToUpper(rules.ChildKey(family(1))), Batch: "b"}, // upper-case hex
		{Child: entries[1].Keys[1], Keys: entries[1].Keys, Batch: "b"},  // Child is not the first key
		{Child: "id:" + strings.Repeat("0", 24), Keys: []string{"id:" + strings.Repeat("0", 24), "pet:" + strings.Repeat("1", 24)}, Batch: "b"},
		{Child: entries[2].Keys[0], Keys: entries[2].Keys, Batch: "b", Hash: "ab<>&"}, // a hash not in hex
		{Child: entries[2].Keys[0], Keys: entries[2].Keys, Batch: "b", Hash: "ABCDEF0123456789"},
	}
	for i, e := range oddOnes {
		at := (i + 1) * len(entries) / (len(oddOnes) + 1)
		entries = slices.Insert(entries, at, e)
	}
	return entries, len(oddOnes)
}

// TestLedgerAsEntries: a ledger gives back every entry as it was added, in order, and
// writes the JSON a list of them would be, byte for byte (the state written by an older
// liushou reads and writes the same); only the entries not in liushou's own form are kept
// as they are, the rest in their compact form.
func TestLedgerAsEntries(t *testing.T) {
	entries, odd := ledgerEntries(500)
	l := LedgerOf(entries...)
	if got := l.Entries(); !reflect.DeepEqual(got, entries) {
		for i := range got {
			if !reflect.DeepEqual(got[i], entries[i]) {
				t.Fatalf("entry %d: %+v, want %+v", i, got[i], entries[i])
			}
		}
		t.Fatalf("%d entries, want %d", len(got), len(entries))
	}
	if len(l.odd) != odd {
		t.Errorf("%d entries kept as read, want %d: the rest should be compact", len(l.odd), odd)
	}
	if len(l.groups) > 4 {
		t.Errorf("%d groups for three batches and the odd ones", len(l.groups))
	}
	type asList struct {
		Letters []LedgerEntry `json:"letters"`
	}
	type asLedger struct {
		Letters Ledger `json:"letters"`
	}
	for _, html := range []bool{true, false} {
		var want, streamed, marshalled bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(html)
		enc.Encode(asList{entries})
		if err := StreamJSON(&streamed, asLedger{l}, "  ", html); err != nil {
			t.Fatal(err)
		}
		enc = json.NewEncoder(&marshalled)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(html)
		enc.Encode(asLedger{l})
		if !bytes.Equal(streamed.Bytes(), want.Bytes()) || !bytes.Equal(marshalled.Bytes(), want.Bytes()) {
			t.Errorf("html %v: the ledger's JSON is not the list's", html)
		}
		var back asLedger
		if err := json.Unmarshal(want.Bytes(), &back); err != nil || !reflect.DeepEqual(back.Letters, l) {
			t.Errorf("html %v: read back differently (%v)", html, err)
		}
	}
}

// TestLedgerSortKeepAdd: sorting, keeping and adding act on a ledger as on its list.
func TestLedgerSortKeepAdd(t *testing.T) {
	entries, _ := ledgerEntries(300)
	l := LedgerOf(entries...)
	want := slices.Clone(entries)
	sort.SliceStable(want, func(i, j int) bool {
		if want[i].Batch != want[j].Batch {
			return want[i].Batch < want[j].Batch
		}
		if want[i].Child != want[j].Child {
			return want[i].Child < want[j].Child
		}
		return string(want[i].AppendJSON(nil, "", "", false)) < string(want[j].AppendJSON(nil, "", "", false))
	})
	l.Sort()
	if !reflect.DeepEqual(l.Entries(), want) {
		t.Error("sorted otherwise than the list")
	}
	// Two letters to one key in a batch sort by the rest of the entry, whatever their order.
	twins := []LedgerEntry{want[5], want[5]}
	twins[0].Hash, twins[1].Hash = "ffffffffffffffff", "0000000000000000"
	tl := LedgerOf(twins...)
	tl.Sort()
	if tl.Entry(0).Hash != "0000000000000000" {
		t.Error("two letters to one key keep the order they came in")
	}
	kept := slices.DeleteFunc(slices.Clone(want), func(e LedgerEntry) bool { return e.Batch == "2026-12-20" })
	l.Keep(func(i int) bool { return l.Batch(i) != "2026-12-20" })
	if !reflect.DeepEqual(l.Entries(), kept) {
		t.Error("kept otherwise than the list")
	}
	more, _ := ledgerEntries(40)
	l.AddAll(LedgerOf(more...))
	if !reflect.DeepEqual(l.Entries(), append(kept, more...)) {
		t.Error("added otherwise than the list")
	}
	if !l.usesBatch("2026-09-01") || !l.usesBatch("b") || LedgerOf(kept...).usesBatch("2026-12-20") {
		t.Error("usesBatch")
	}
}

// TestIssuedToCompactAsRead: a child's letters are found the same in the compact ledger
// as in the same entries kept as read (the form every entry had before), for children
// with and without IDs, an older ledger's digest, and children the ledger does not know.
func TestIssuedToCompactAsRead(t *testing.T) {
	entries, _ := ledgerEntries(400)
	compact := LedgerOf(entries...)
	var asRead Ledger
	for _, e := range entries {
		asRead.recs = append(asRead.recs, ledgerRec{at: uint32(len(asRead.odd)), flags: recOdd})
		asRead.odd = append(asRead.odd, e)
	}
	posted := map[string]time.Time{"2026-09-01": time.Date(2026, 9, 3, 0, 0, 0, 0, time.UTC)}
	a, b := compact.IssuedTo(testSecret, posted), asRead.IssuedTo(testSecret, posted)
	found := 0
	by := map[string]int{}
	// The families as the ledger knows them, and as a later roster may write them: an ID
	// added, corrected or gone, a class changed, a new guardian's phone.
	changes := []func(c *rules.Child, i int){
		func(c *rules.Child, i int) {},
		func(c *rules.Child, i int) { c.ID = fmt.Sprintf("5226%014d", i+1) },
		func(c *rules.Child, i int) { c.ID = "" },
		func(c *rules.Child, i int) { c.Class = "六年级(9)班" },
		func(c *rules.Child, i int) { c.GuardianPhone = "13700000000" },
		func(c *rules.Child, i int) { c.Class, c.ID = "六年级(9)班", fmt.Sprintf("5226%014d", i+7) },
	}
	for n, change := range changes {
		for i := range 450 {
			c := family(i)
			change(&c, i)
			got, want := a(c), b(c)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("change %d, child %d: %+v, want %+v", n, i, got, want)
			}
			found += len(got)
			for _, l := range got {
				by[l.By]++
			}
		}
	}
	if found < 400 {
		t.Errorf("%d letters found for 400 families", found)
	}
	for _, k := range []string{"", rules.KeyID, rules.ByIDChanged, rules.ByClassChanged} {
		if by[k] == 0 {
			t.Errorf("no family recognised by %q: %v", k, by)
		}
	}
}

// TestLedgerRekey: an older ledger's entries take the keys of the child they are of; the
// rest stay as they were.
func TestLedgerRekey(t *testing.T) {
	entries, _ := ledgerEntries(100)
	l := LedgerOf(entries...)
	var results []rules.Result
	digests := map[string]bool{}
	for i := range 100 {
		c := family(i)
		results = append(results, rules.Result{Child: &c})
		digests[rules.ChildKey(c)] = true
	}
	l.Rekey(results, testSecret)
	rekeyed := 0
	for i, e := range l.Entries() {
		was := entries[i]
		switch {
		case len(was.Keys) > 0 || !digests[was.Child]:
			if !reflect.DeepEqual(e, was) {
				t.Errorf("entry %d changed: %+v", i, e)
			}
		case len(e.Keys) == 0 || e.Child != e.Keys[0] || e.Hash != was.Hash || e.Batch != was.Batch:
			t.Errorf("entry %d not rekeyed: %+v", i, e)
		default:
			rekeyed++
		}
	}
	if rekeyed < 9 {
		t.Errorf("%d entries rekeyed, want the 10 older ones", rekeyed)
	}
}

// BenchmarkLedgerMemory reports what a county's ledger (49,139 letters, four times the
// county) holds in memory read from the state, against the same entries as a list of
// LedgerEntry (the form before): heap bytes a letter, and their ratio; and the time
// reading the state takes a letter, against json.Unmarshal reading the list.
func BenchmarkLedgerMemory(b *testing.B) {
	entries, _ := ledgerEntries(49139)
	var text bytes.Buffer
	StreamJSON(&text, State{Letters: LedgerOf(entries...)}, "  ", true)
	entries = nil
	held := func(read func() any) float64 {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		v := read()
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(v)
		return float64(after.HeapAlloc-before.HeapAlloc) / 49139
	}
	var compact, list float64
	timed := func(read func()) float64 {
		start := time.Now()
		read()
		return float64(time.Since(start).Nanoseconds()) / 49139
	}
	var fast, slow float64
	for range b.N {
		fast = timed(func() {
			var s State
			decodeState(bytes.NewReader(text.Bytes()), &s, int64(text.Len()))
		})
		slow = timed(func() {
			var s struct {
				Letters []LedgerEntry `json:"letters"`
			}
			json.Unmarshal(text.Bytes(), &s)
		})
		compact = held(func() any {
			var s State
			if err := decodeState(bytes.NewReader(text.Bytes()), &s, int64(text.Len())); err != nil {
				b.Fatal(err)
			}
			return s
		})
		list = held(func() any {
			var s struct {
				Letters []LedgerEntry `json:"letters"`
			}
			json.Unmarshal(text.Bytes(), &s)
			return s
		})
	}
	b.ReportMetric(compact, "B/letter")
	b.ReportMetric(list, "list-B/letter")
	b.ReportMetric(list/compact, "list/compact")
	b.ReportMetric(fast, "read-ns/letter")
	b.ReportMetric(slow, "list-read-ns/letter")
}
