package output

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"liushou/rules"
)

// Letters are issued in dated batches under this folder of --out, each batch with its
// own envelopes and mailing list, so that the office mails each batch once.
const (
	LettersDir = "信件"
	LedgerFile = ".liushou/ledger.json"
)

// LedgerEntry records one letter issued to one family.
type LedgerEntry struct {
	Child string `json:"child"` // ChildKey
	Term  string `json:"term"`
	Kind  string `json:"kind"` // start or end
	Date  string `json:"date"` // the as-of date of the run that issued it
	Batch string `json:"batch"`
	Hash  string `json:"hash"` // of the letter's text
}

// Ledger is every letter issued so far, kept in --out.
type Ledger struct {
	Entries []LedgerEntry `json:"entries"`
}

// ChildKey identifies a child across runs: the ID number, else school, class and name.
func ChildKey(c rules.Child) string {
	if c.ID != "" {
		return "id:" + c.ID
	}
	return "name:" + c.School + "|" + c.Class + "|" + c.Name
}

// LoadLedger reads the ledger; none yet is an empty one. A ledger that cannot be read is
// an error: without it every family would get a second letter.
func LoadLedger(dir string) (Ledger, error) {
	var l Ledger
	b, err := os.ReadFile(filepath.Join(dir, LedgerFile))
	if os.IsNotExist(err) {
		return l, nil
	}
	if err != nil {
		return l, fmt.Errorf("无法读取信件台账 %s：%w", filepath.Join(dir, LedgerFile), err)
	}
	if err := json.Unmarshal(b, &l); err != nil {
		return l, fmt.Errorf("信件台账 %s 已损坏（%v），为免重复寄信，这次没有运行。请从备份恢复该文件，或删除它后用 liushou letters --reissue 重新生成", filepath.Join(dir, LedgerFile), err)
	}
	return l, nil
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

// SaveLedger writes the ledger with its entries in a stable order.
func SaveLedger(dir string, l Ledger) error {
	sort.SliceStable(l.Entries, func(i, j int) bool {
		a, b := l.Entries[i], l.Entries[j]
		if a.Batch != b.Batch {
			return a.Batch < b.Batch
		}
		return a.Child < b.Child
	})
	return writeFile(filepath.Join(dir, LedgerFile), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(l)
	})
}

// letterHash digests a letter's text, so that the ledger can tell what was sent.
func letterHash(t letterText) string {
	b, _ := json.Marshal(t)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// isBatchFile reports whether a path of --out lies in a letter batch: batches stay.
func isBatchFile(rel string) bool {
	return strings.HasPrefix(rel, LettersDir+"/")
}
