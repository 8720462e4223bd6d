package outdir

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"liushou/rules"
)

// StateFile keeps what the last complete run was made from, inside --out.
const StateFile = ".liushou/state.json"

// State is the record of the last complete run: the key of its inputs (the rosters'
// fingerprint, the as-of date, the policy and the program), its exit code and the files
// it wrote. A run with the same key, whose files are all still there, has nothing to do.
//
// It also holds the letter ledger: both are written in one rename, the run's single
// commit point, so that a run killed at any moment either counts in full or not at all.
type State struct {
	Key   string   `json:"key"` // empty when the run left rosters for later
	Exit  int      `json:"exit"`
	Files []string `json:"files"`
	// Batches says what became of each letter batch (made, posted, withdrawn); it comes
	// before the ledger, so that a night with nothing changed reads it with the head.
	Batches []BatchRecord `json:"batches,omitempty"`
	Letters Ledger        `json:"letters"`
	// Children is how many children the run read: a run that suddenly finds far fewer
	// (an unmounted share, rosters moved away) publishes nothing.
	Children int `json:"children"`
	// History keeps each school's counts per run date (no personal data), for the
	// district's change since the previous week.
	History []SchoolDay `json:"history,omitempty"`
	// SignsSeen has, for each must-visit sign written without a date, the night it was
	// first seen (by rules.SignKey: a keyed digest of the child and the text, no text).
	SignsSeen map[string]string `json:"signs_seen,omitempty"`
	// Roll is who was on the rosters, per school, as keyed digests (rules.Roll): the
	// next night counts who joined and who left against it.
	Roll rules.Roll `json:"roll,omitempty"`
}

// SchoolDay is one school's counts on one date.
type SchoolDay struct {
	Date         string `json:"date"`
	School       string `json:"school"`
	Children     int    `json:"children"`
	Urgent       int    `json:"urgent"`
	VisitOverdue int    `json:"visit_overdue"`
	CallOverdue  int    `json:"call_overdue"`
	NoContact    int    `json:"no_contact"`
	InTime       int    `json:"in_time"`
	// Joined and Left count the children new on the school's rosters since the night
	// before, and gone from them; Moves says they were counted (the night before kept a
	// roll).
	Joined int  `json:"joined,omitempty"`
	Left   int  `json:"left,omitempty"`
	Moves  bool `json:"moves,omitempty"`
}

// historyDays is how long the history is kept.
const historyDays = 120

// AddHistory adds a run's counts, replacing those of the same date, and drops what is
// older than historyDays.
func AddHistory(h []SchoolDay, today []SchoolDay, asOf time.Time) []SchoolDay {
	if len(today) == 0 {
		return h
	}
	date := today[0].Date
	oldest := asOf.AddDate(0, 0, -historyDays).Format("2006-01-02")
	var out []SchoolDay
	for _, d := range h {
		if d.Date != date && d.Date >= oldest {
			out = append(out, d)
		}
	}
	out = append(out, today...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date < out[j].Date
		}
		return out[i].School < out[j].School
	})
	return out
}

// LoadState reads the state of the last run; none yet is an empty one. A state that
// cannot be read is an error: it holds the ledger, without which every family would get
// a second letter.
func LoadState(dir string) (State, error) {
	var s State
	path := filepath.Join(dir, StateFile)
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return s, nil
	}
	if err == nil {
		var size int64
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		err = decodeState(bufio.NewReaderSize(f, 64<<10), &s, size)
		f.Close()
	}
	if err != nil {
		return s, fmt.Errorf("运行记录 %s 已损坏（%v）。它记着哪些家庭已经收到信，为免重复寄信，这次没有运行。请从备份恢复该文件，或删除它后用 liushou letters --reissue 重新生成", path, err)
	}
	return s, nil
}

// decodeState reads a state as json.Unmarshal does, but the ledger an entry at a time:
// a county's state is tens of megabytes after a few terms, nearly all ledger, and
// reading it whole held the file's bytes and the entries together. The entries of a
// batch share one copy of its term, kind, date and batch name, and an entry's child
// key the copy in its keys: a county's ledger (49,139 entries at four times the county)
// was held the whole night at some 400 bytes an entry. size is the state file's, for room.
func decodeState(r io.Reader, s *State, size int64) error {
	dec := json.NewDecoder(r)
	if t, err := dec.Token(); err != nil {
		return err
	} else if t != json.Delim('{') {
		return fmt.Errorf("不是 JSON 对象")
	}
	rest := []byte{'{'}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := t.(string)
		if name == "letters" {
			// The list is read here, past the decoder; a decoder of its own then reads the
			// rest of the object, as from its opening brace.
			br := bufio.NewReaderSize(io.MultiReader(dec.Buffered(), r), 64<<10)
			if err := scanLedger(br, &s.Letters, size); err != nil {
				return fmt.Errorf("letters：%w", err)
			}
			c, err := nextByte(br)
			if err != nil {
				return errState(err, "")
			}
			switch c {
			case ',':
				if c, err := nextByte(br); err != nil || c != '"' {
					return errState(err, "letters 之后多了逗号")
				}
				br.UnreadByte()
				r = io.MultiReader(bytes.NewReader([]byte{'{'}), br)
			case '}':
				r = io.MultiReader(bytes.NewReader([]byte("{}")), br)
			default:
				return fmt.Errorf("letters 之后缺少逗号")
			}
			dec = json.NewDecoder(r)
			dec.Token() // the brace put before the rest
			continue
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		if name == "roll" {
			// Only the month's joined and left are counted from it: a roll that cannot be
			// read is dropped, and tonight counts none, as on a first night.
			if json.Unmarshal(raw, &s.Roll) != nil {
				s.Roll = nil
			}
			continue
		}
		if len(rest) > 1 {
			rest = append(rest, ',')
		}
		rest = AppendJSONString(rest, name, false)
		rest = append(append(rest, ':'), raw...)
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("文件末尾还有多余的内容")
	}
	// The rest of the state is small: read as json.Unmarshal reads it.
	return json.Unmarshal(append(rest, '}'), s)
}

// UpToDateNow tells, without reading the letter ledger (most of a county's state, and
// most of the time reading it), whether the last run had this key and all its
// files are in place, and its exit code. It says no whenever it is not sure: a batch is
// pending, the state is missing, cut short or written otherwise; LoadState then reads it
// whole (and reports a damaged one).
func UpToDateNow(dir, key string) (head State, ok bool) {
	if _, err := os.Lstat(filepath.Join(dir, PendingFile)); err == nil {
		return head, false
	}
	f, err := os.Open(filepath.Join(dir, StateFile))
	if err != nil {
		return head, false
	}
	defer f.Close()
	// A state cut short (a copy or a disk that failed) is for LoadState to report.
	st, err := f.Stat()
	if err != nil || st.Size() < 2 {
		return head, false
	}
	end := make([]byte, 2)
	if _, err := f.ReadAt(end, st.Size()-2); err != nil || string(end) != "}\n" {
		return head, false
	}
	dec := json.NewDecoder(bufio.NewReader(f))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return head, false
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return head, false
		}
		switch t {
		case "key":
			err = dec.Decode(&head.Key)
		case "exit":
			err = dec.Decode(&head.Exit)
		case "files":
			err = dec.Decode(&head.Files)
		case "batches":
			err = dec.Decode(&head.Batches)
		case "letters":
			// The ledger: the head is read.
			return head, seen["key"] && seen["exit"] && seen["files"] && head.UpToDate(dir, key)
		default:
			return head, false // written in another order: read it whole
		}
		if err != nil || seen[t.(string)] {
			return head, false
		}
		seen[t.(string)] = true
	}
	return head, false
}

// PostedDates gives each posted batch its posted date.
func (s State) PostedDates() map[string]time.Time {
	out := map[string]time.Time{}
	for _, b := range s.Batches {
		if t, err := time.Parse("2006-01-02", b.Posted); err == nil {
			out[b.Name] = t
		}
	}
	return out
}

// Ledger is the record of letters issued, kept in the state.
func (s State) Ledger() Ledger {
	return s.Letters
}

// UpToDate reports whether the last run had this key and all its files are in place.
func (s State) UpToDate(dir, key string) bool {
	if s.Key == "" || s.Key != key || len(s.Files) == 0 {
		return false
	}
	for _, f := range s.Files {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
			return false
		}
	}
	return true
}

// SaveState records a run, and the letters it issued. It is written last, so that a run
// that stopped half-way is never taken for a complete one.
func SaveState(dir string, s State) error {
	s.Letters.Sort()
	return WriteFile(filepath.Join(dir, StateFile), func(w io.Writer) error {
		return StreamJSON(w, s, "  ", true)
	})
}
