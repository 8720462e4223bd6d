package outdir

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// BatchRecord is what became of one letter batch: made by a run, then posted (said by
// `liushou letters --posted`, or by the 已寄出 column of its mailing lists), or
// withdrawn. A batch counts as sent only once posted; until then every run says it waits.
type BatchRecord struct {
	Name    string `json:"name"` // its folder under 信件/
	Made    string `json:"made"` // the as-of date of the run that made it
	Letters int    `json:"letters"`
	// Schools counts the batch's letters per school (for the monthly report).
	Schools   map[string]int `json:"schools,omitempty"`
	Posted    string         `json:"posted,omitempty"`
	Withdrawn string         `json:"withdrawn,omitempty"`
}

// Waiting lists the batches made and neither posted nor withdrawn, oldest first.
func Waiting(batches []BatchRecord) []BatchRecord {
	var out []BatchRecord
	for _, b := range batches {
		if b.Posted == "" && b.Withdrawn == "" {
			out = append(out, b)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// RecordBatch notes a batch a run made.
func (s *State) RecordBatch(name, made string, letters int, schools map[string]int) {
	for _, b := range s.Batches {
		if b.Name == name {
			return
		}
	}
	s.Batches = append(s.Batches, BatchRecord{Name: name, Made: made, Letters: letters, Schools: schools})
}

// batchIndex finds a batch by its name: the folder's (2026-11-28, 2026-11-28-2) or, for
// a person typing it, the date alone when one batch was made that day.
func (s *State) batchIndex(name string) (int, error) {
	name = strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(strings.TrimSpace(name)), LettersDir+"/"), "/")
	found := -1
	for i, b := range s.Batches {
		if b.Name == name {
			return i, nil
		}
		if strings.HasPrefix(b.Name, name+"-") {
			if found >= 0 {
				return -1, fmt.Errorf("%s 这一天有几批信，请写明是哪一批（如 %s）", name, b.Name)
			}
			found = i
		}
	}
	if found >= 0 {
		return found, nil
	}
	var names []string
	for _, b := range s.Batches {
		names = append(names, b.Name)
	}
	if len(names) == 0 {
		return -1, fmt.Errorf("寄信记录里还没有任何一批家长信")
	}
	return -1, fmt.Errorf("寄信记录里没有“%s”这一批（有：%s）", name, strings.Join(names, "、"))
}

// MarkPosted records that a batch was posted on date.
func (s *State) MarkPosted(name, date string) (BatchRecord, error) {
	i, err := s.batchIndex(name)
	if err != nil {
		return BatchRecord{}, err
	}
	if s.Batches[i].Withdrawn != "" {
		return s.Batches[i], fmt.Errorf("%s 这一批已于 %s 作废，不能再记为已寄出", s.Batches[i].Name, s.Batches[i].Withdrawn)
	}
	if s.Batches[i].Posted == "" {
		s.Batches[i].Posted = date
	}
	return s.Batches[i], nil
}

// Withdraw records that a batch was not posted and will not be: its families are
// lettered again by the next run. Its folder stays, for the record.
func (s *State) Withdraw(name, date string) (BatchRecord, error) {
	i, err := s.batchIndex(name)
	if err != nil {
		return BatchRecord{}, err
	}
	b := &s.Batches[i]
	if b.Posted != "" {
		return *b, fmt.Errorf("%s 这一批已于 %s 寄出，不能作废；要给家庭重新寄信，请用 liushou letters --reissue", b.Name, b.Posted)
	}
	b.Withdrawn = date
	s.Letters.Keep(func(i int) bool { return s.Letters.Batch(i) != b.Name })
	return *b, nil
}

// PostedMarks counts the letters of a batch whose 已寄出 (or 已转交) cell is ticked in its
// mailing lists (邮寄清单.xlsx): a person who never opens a terminal says a batch was
// posted that way. Only the lists edited since the batch was made are opened (the batch's
// manifest is written after its lists): a county's batch is 372 lists, and a night with
// nothing changed must stay cheap.
func PostedMarks(dir string, b BatchRecord) (marked int) {
	root := filepath.Join(dir, LettersDir, b.Name)
	var made time.Time
	if st, err := os.Stat(filepath.Join(root, ManifestName)); err == nil {
		made = st.ModTime()
	}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != MailingListName {
			return nil
		}
		if info, err := d.Info(); err != nil || !made.IsZero() && !info.ModTime().After(made) {
			return nil // as the run wrote it: nothing ticked
		}
		marked += ticksIn(p)
		return nil
	})
	return marked
}

// ticksIn counts the ticked rows of one mailing list.
func ticksIn(path string) (marked int) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil || len(rows) == 0 {
			continue
		}
		col := -1
		for c, h := range rows[0] {
			if strings.HasPrefix(h, "已寄出") || strings.HasPrefix(h, "已转交") {
				col = c
			}
		}
		for _, row := range rows[1:] {
			if col >= 0 && col < len(row) && strings.TrimSpace(row[0]) != "" && ticked(row[col]) {
				marked++
			}
		}
	}
	return marked
}

// ticked reads a 已寄出 cell: a tick, 是, 已寄, or a date; blank, 否 and × are not.
func ticked(v string) bool {
	v = strings.TrimSpace(v)
	switch v {
	case "", "否", "×", "x", "X", "未", "未寄", "没有":
		return false
	}
	return true
}

// MailingListName is the file name of a class's mailing list in a batch.
const MailingListName = "邮寄清单.xlsx"

// ManifestName is the file in each batch folder that records its letters: the batch's
// own copy of its ledger entries and of the folder's secret, readable by its owner only.
// A lost .liushou (deleted, or a backup restored without it) is rebuilt from them, so
// that no family gets a second batch.
const ManifestName = ".liushou-batch.json"

type manifest struct {
	Batch   BatchRecord `json:"batch"`
	Secret  string      `json:"secret"`
	Entries Ledger      `json:"entries"`
}

// WriteManifest writes a batch's manifest into its folder in place, synced (a batch's
// new status).
func WriteManifest(batchDir string, rec BatchRecord, secret []byte, entries Ledger) error {
	return writeManifest(batchDir, rec, secret, entries, WriteFile)
}

// StageManifest writes a new batch's manifest into its folder in the staging folder,
// before the batch is moved into place with it; SyncTree takes it to the disk with the
// rest (a county's manifest is megabytes, and its own sync kept the night waiting).
func StageManifest(batchDir string, rec BatchRecord, secret []byte, entries Ledger) error {
	return writeManifest(batchDir, rec, secret, entries, WriteStaged)
}

func writeManifest(batchDir string, rec BatchRecord, secret []byte, entries Ledger, write func(string, func(io.Writer) error) error) error {
	path := filepath.Join(batchDir, ManifestName)
	err := write(path, func(w io.Writer) error {
		return StreamJSON(w, manifest{Batch: rec, Secret: hex.EncodeToString(secret), Entries: entries}, " ", true)
	})
	if err == nil {
		err = os.Chmod(path, 0o600)
	}
	return err
}

// updateManifest records a batch's new status (posted, withdrawn) in its manifest.
func updateManifest(dir string, rec BatchRecord) error {
	path := filepath.Join(dir, LettersDir, rec.Name, ManifestName)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil // a batch made before manifests: the state is the record
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil
	}
	m.Batch = rec
	secret, _ := hex.DecodeString(m.Secret)
	return WriteManifest(filepath.Dir(path), rec, secret, m.Entries)
}

// SaveBatchStatus records a batch's status in the state and in its manifest.
func SaveBatchStatus(dir string, st State, rec BatchRecord) error {
	if err := SaveState(dir, st); err != nil {
		return err
	}
	return updateManifest(dir, rec)
}

// Rebuild gives a state without any letter record (a lost .liushou) the ledger and the
// batch records of the batches on disk, from their manifests, and the secret their keys
// were made with. It says what it did, or "".
func Rebuild(dir string, st *State) (string, error) {
	if st.Letters.Len() > 0 || len(st.Batches) > 0 {
		return "", nil
	}
	paths, _ := filepath.Glob(filepath.Join(dir, LettersDir, "*", ManifestName))
	sort.Strings(paths)
	var secret []byte
	batches, letters := 0, 0
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var m manifest
		if json.Unmarshal(b, &m) != nil || m.Batch.Name == "" {
			continue
		}
		s, err := hex.DecodeString(m.Secret)
		if err != nil || len(s) < 16 {
			continue
		}
		if secret == nil {
			secret = s
		} else if !bytes.Equal(secret, s) {
			continue // made with another secret: its keys cannot be matched (said below)
		}
		st.Batches = append(st.Batches, m.Batch)
		batches++
		if m.Batch.Withdrawn == "" {
			st.Letters.AddAll(m.Entries)
			letters += m.Entries.Len()
		}
	}
	if batches == 0 {
		return "", nil
	}
	if _, err := Secret(dir, secret); err != nil {
		return "", err
	}
	msg := fmt.Sprintf("寄信记录（%s）不见了，已按 %s 文件夹里的 %d 批信（%d 封）重建，已寄过信的家庭不会再收到一封", filepath.Dir(StateFile), LettersDir, batches, letters)
	if skipped := len(paths) - batches; skipped > 0 {
		msg += fmt.Sprintf("；另有 %d 批信的记录是用另一把密钥写的，无法对上，请核对这几批的家庭是否会重复收到信", skipped)
	}
	return msg, nil
}
