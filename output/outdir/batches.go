package outdir

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"
)

// BatchRecord is what became of one letter batch: made by a run, then posted (said by
// `liushou letters --posted`, or by the 已寄出 column of its mailing lists), or
// withdrawn. A batch counts as sent only once posted; until then every run says it waits.
type BatchRecord struct {
	Name      string `json:"name"` // its folder under 信件/
	Made      string `json:"made"` // the as-of date of the run that made it
	Letters   int    `json:"letters"`
	Posted    string `json:"posted,omitempty"`
	Withdrawn string `json:"withdrawn,omitempty"`
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
func (s *State) RecordBatch(name, made string, letters int) {
	for _, b := range s.Batches {
		if b.Name == name {
			return
		}
	}
	s.Batches = append(s.Batches, BatchRecord{Name: name, Made: made, Letters: letters})
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
	kept := s.Letters[:0]
	for _, e := range s.Letters {
		if e.Batch != b.Name {
			kept = append(kept, e)
		}
	}
	s.Letters = kept
	return *b, nil
}

// PostedMarks counts, in a batch's mailing lists (邮寄清单.xlsx), the letters whose
// 已寄出 (or 已转交) cell is ticked, of all the letters they list. A person who never
// opens a terminal says a batch was posted that way.
func PostedMarks(dir, batch string) (marked, total int) {
	root := filepath.Join(dir, LettersDir, batch)
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != MailingListName {
			return nil
		}
		f, err := excelize.OpenFile(p)
		if err != nil {
			return nil
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
			if col < 0 {
				continue
			}
			for _, row := range rows[1:] {
				if len(row) == 0 || strings.TrimSpace(row[0]) == "" {
					continue
				}
				total++
				if col < len(row) && ticked(row[col]) {
					marked++
				}
			}
		}
		return nil
	})
	return marked, total
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
