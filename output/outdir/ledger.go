package outdir

import (
	"sort"
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
	Child string `json:"child"` // rules.ChildKey
	Term  string `json:"term"`
	Kind  string `json:"kind"` // start or end
	Date  string `json:"date"` // the as-of date of the run that issued it
	Batch string `json:"batch"`
	Hash  string `json:"hash"` // of the letter's text
}

// Ledger is every letter issued so far, kept in the state file in --out.
type Ledger struct {
	Entries []LedgerEntry `json:"entries"`
}

// Issued reports whether the family already has this term's letter of this kind.
func (l Ledger) Issued(child, term string, kind rules.LetterKind) bool {
	for _, e := range l.Entries {
		if e.Child == child && e.Term == term && e.Kind == string(kind) {
			return true
		}
	}
	return false
}

// NextBatch names the batch folder of a run on the date: the date itself, or the date
// with a number when the ledger shows an earlier batch that day.
func (l Ledger) NextBatch(asOf time.Time) string {
	day := asOf.Format("2006-01-02")
	used := map[string]bool{}
	for _, e := range l.Entries {
		used[e.Batch] = true
	}
	name := day
	for n := 2; used[name]; n++ {
		name = day + "-" + strconv.Itoa(n)
	}
	return name
}

// sortLedger puts the entries in a stable order: by batch, then child.
func sortLedger(entries []LedgerEntry) {
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.Batch != b.Batch {
			return a.Batch < b.Batch
		}
		return a.Child < b.Child
	})
}

// isBatchFile reports whether a path of --out lies in a letter batch: batches stay.
func isBatchFile(rel string) bool {
	return strings.HasPrefix(rel, LettersDir+"/")
}

func (l Ledger) usesBatch(name string) bool {
	for _, e := range l.Entries {
		if e.Batch == name {
			return true
		}
	}
	return false
}

// IssuedTo lists, for each child's key, the letters the ledger records: what rules needs
// to decide who is due a letter.
func (l Ledger) IssuedTo() func(key string) []rules.IssuedLetter {
	by := map[string][]rules.IssuedLetter{}
	for _, e := range l.Entries {
		d, _ := time.Parse("2006-01-02", e.Date)
		by[e.Child] = append(by[e.Child], rules.IssuedLetter{Term: e.Term, Kind: rules.LetterKind(e.Kind), Date: d})
	}
	return func(key string) []rules.IssuedLetter { return by[key] }
}
