// Package rules holds the domain of liushou: the children on a roster, the school's
// follow-up policy, and the evaluation of who is due a home visit or a call.
// It imports no spreadsheet or PDF code: ingest fills its types, output prints them.
package rules

import (
	"strings"
	"time"
)

// Date is a date read from a roster cell. A zero Time means "not recorded";
// Cell keeps the place it came from so that later checks can point at it.
type Date struct {
	Time time.Time
	Cell string // e.g. "M5"; empty when the roster has no such column
	Raw  string // the text as typed, for messages
	// File and Sheet name the place when it is not the child's own row: an entry of a
	// 家访记录 or 通话记录 sheet.
	File, Sheet string
}

// IsZero reports whether no usable date was recorded.
func (d Date) IsZero() bool { return d.Time.IsZero() }

// Parent is one of the child's parents, working away from home.
type Parent struct {
	Name      string
	WorkPlace string // where the parent works, as written on the roster
	Postcode  string // of the work place, when the roster has a 邮编 column
	Phone     string // normalised, and only when it is a usable number
}

// Child is one left-behind child read from one roster row.
type Child struct {
	File  string // roster file, relative to the folder given on the command line
	Sheet string
	Row   int // 1-based sheet row
	// ClassTeacher is the class teacher as the roster writes it (班主任, 班主任电话): the
	// settings' class_teachers win over it.
	ClassTeacher Contact
	// RosterSaved is when the roster file was last saved: a roster not saved since
	// before the term began is last term's list, and gets no term-start letters.
	RosterSaved time.Time

	School string
	Class  string // canonical: 三年级(2)班
	Name   string
	ID     string // as validated; may be empty
	Gender string // 男 / 女 / ""
	Birth  time.Time

	Guardian         string
	GuardianRelation string
	GuardianPhone    string // normalised, usable numbers only
	Address          string

	Father, Mother Parent
	// Parent is a parent the roster does not say is the father or the mother (家长姓名,
	// 家长联系电话), or a family member of a 学籍 export whose relation is not a parent's.
	Parent  Parent
	Teacher string // paired teacher (结对帮扶教师 / 代理家长)
	WeChat  string // the family's WeChat ID (家长微信号), as written

	LastVisit Date // the roster's own column; Evaluate sets it to the latest usable date
	LastCall  Date
	// VisitLog and CallLog are the dated entries of log sheets (家访记录, 通话记录)
	// that belong to this child; the latest of these and the roster's column counts.
	VisitLog []Date
	CallLog  []Date

	// Entries are the child's dated records of the other logs (谈心记录, 体检记录,
	// 培训记录, 回执登记), in the order the logs list them.
	Entries []Entry
	// Reply is the family's latest reply slip (回执登记) when a log holds one: its new
	// address and phone are already this child's (ingest.Load applies them).
	Reply *Entry

	// SignText is the free text of the must-visit column (近期情况/必访情况);
	// the policy decides which of the five signs it names.
	SignText string
	SignCell string
	SignDate Date
	// SignSeen is the first night liushou saw a sign written without a date (kept in the
	// output folder's state by a digest, never the text): a visit on or after it clears
	// the sign. Zero where no night has seen it (liushou check, or the first night).
	SignSeen time.Time
}

// Entry is one dated record about a child in a log other than visits and calls.
type Entry struct {
	Kind string // 谈心记录, 体检记录, 培训记录 or 回执登记
	Date Date
	By   string // who held the talk, the check, the training, or (a reply) the parent's relation to the child
	How  string // how (形式, 方式: 上门, 电话, 视频), as written
	Text string // what was said or found (内容, 情况, 家长意见), as written
	// Address and Phone are a reply's new address and phone (回执登记), as written and
	// as a usable number.
	Address, Phone string
}

// Entries of kind 家访记录 and 通话记录 hold what a visit or call log row says beyond
// its date (who went, how, what was said); the dates themselves are VisitLog and CallLog.

// EntryKinds are the other logs' kinds, in the order the care record lists them.
var EntryKinds = []string{"谈心记录", "体检记录", "培训记录", "回执登记"}

// HasParentPhone reports whether at least one parent can be called.
func (c Child) HasParentPhone() bool {
	return c.Father.Phone != "" || c.Mother.Phone != "" || c.Parent.Phone != ""
}

// Severity says whether a problem stops a value from being used.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Problem is something wrong in the user's data, pointed at a file, sheet and cell.
// Problems are values that flow to the report; they are not Go errors.
type Problem struct {
	File     string   `json:"file"`
	Sheet    string   `json:"sheet"`
	Row      int      `json:"row"`
	Cell     string   `json:"cell"`
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Message  string   `json:"message"`
}

// Longest texts printed for each kind of field, in characters. A cell can hold 32,767
// characters; a name that long would push a letter off its page and a checklist row
// past the paper. ingest warns about longer values; output cuts them with "…".
const (
	PrintName   = 20
	PrintPlace  = 60
	PrintSchool = 40
	PrintClass  = 20
	PrintShort  = 10
)

// Input statuses.
const (
	InputOK      = "ok"
	InputFailed  = "failed"
	InputIgnored = "ignored"
	// InputDeferred is a roster not read this time because it is open in Excel or still
	// being copied; the next run reads it.
	InputDeferred = "deferred"
)

// Input is one file found in the paths given, and what became of it.
type Input struct {
	File   string `json:"file"`
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
	// Children is the number of left-behind children read from the file;
	// NotLeftBehind counts pupils of a 学籍 export that are out of scope.
	Children      int `json:"children"`
	NotLeftBehind int `json:"not_left_behind"`
	// Pupils is every pupil a 学籍 list lists (left behind or not); 0 for a roster.
	Pupils int `json:"pupils,omitempty"`
	// Sheets says what became of every row of each sheet read (the row account).
	Sheets []SheetAccount `json:"sheets,omitempty"`
	// Reader says how the file was read: by liushou's own scan of the sheets, or by
	// excelize and why (the scan reads what Excel, WPS and LibreOffice write; anything
	// else is left to excelize).
	Reader string `json:"reader,omitempty"`
}

// SheetAccount says what became of every row of one sheet that holds anything: a child,
// a log entry, or a row not counted, with its reason. Nothing is left out of it:
// Rows == Children + Logs + the rows of Skipped (Balanced).
type SheetAccount struct {
	Sheet string `json:"sheet"`
	// Kind is what the sheet was read as: 花名册, 家访记录, 通话记录, 谈心记录 …, or
	// 空表, 其他内容 (no roster header), 旧名单 (a hidden older copy).
	Kind     string `json:"kind"`
	Hidden   bool   `json:"hidden,omitempty"`
	Rows     int    `json:"rows"`
	Children int    `json:"children"`
	Logs     int    `json:"logs"`
	Skipped  []Skip `json:"skipped,omitempty"`
}

// Skip is a run of rows not counted for one reason (From..To, 1-based; Count of them hold
// something).
type Skip struct {
	From   int    `json:"from"`
	To     int    `json:"to"`
	Count  int    `json:"count"`
	Reason string `json:"reason"`
	// Cell names the cell that decided it, where one did (a 是否留守 or 状态 cell).
	Cell string `json:"cell,omitempty"`
}

// Kind is the reason without its detail: the part before "：" (不是留守儿童, 副本, 表头).
func (s Skip) Kind() string {
	kind, _, _ := strings.Cut(s.Reason, "：")
	return kind
}

// Tally counts the rows not counted by the kind of reason, in the order first seen.
func (a SheetAccount) Tally() []Skip {
	var out []Skip
	at := map[string]int{}
	for _, s := range a.Skipped {
		k := s.Kind()
		if i, ok := at[k]; ok {
			out[i].Count += s.Count
			continue
		}
		at[k] = len(out)
		out = append(out, Skip{Reason: k, Count: s.Count})
	}
	return out
}

// SkippedRows counts the rows of the account not counted.
func (a SheetAccount) SkippedRows() int {
	n := 0
	for _, s := range a.Skipped {
		n += s.Count
	}
	return n
}

// Balanced reports whether every row is accounted for exactly once.
func (a SheetAccount) Balanced() bool {
	return a.Rows == a.Children+a.Logs+a.SkippedRows()
}

// Skip adds one row (1-based) not counted for reason; a row right after the last one
// skipped for the same reason extends that run.
func (a *SheetAccount) Skip(row int, reason, cell string) {
	if n := len(a.Skipped); n > 0 {
		last := &a.Skipped[n-1]
		if last.Reason == reason && last.To == row-1 && cell == "" && last.Cell == "" {
			last.To, last.Count = row, last.Count+1
			return
		}
	}
	a.Skipped = append(a.Skipped, Skip{From: row, To: row, Count: 1, Reason: reason, Cell: cell})
}

// Uncount moves a row counted as a child to the rows not counted (the same child read
// elsewhere, a copy's row).
func (a *SheetAccount) Uncount(row int, reason string) {
	a.Children--
	a.Skipped = append(a.Skipped, Skip{From: row, To: row, Count: 1, Reason: reason})
}

// Column is what one roster column was read as: the column map a school can check
// (liushou check prints it) and correct with [columns].
type Column struct {
	Col    string `json:"col"`            // A, B, … AA
	Header string `json:"header"`         // as written, group and sub-header joined
	Role   string `json:"role,omitempty"` // what it was read as; empty: not read
	Note   string `json:"note,omitempty"` // why not read, or that [columns] set it
}

// SheetColumns is the column map of one sheet.
type SheetColumns struct {
	File      string   `json:"file"`
	Sheet     string   `json:"sheet"`
	HeaderRow int      `json:"header_row"` // 1-based first header row
	Kind      string   `json:"kind"`       // 花名册, 家访记录, 通话记录
	Columns   []Column `json:"columns"`
}

// Roster is everything read from the rosters of one run.
type Roster struct {
	Inputs   []Input
	Children []Child
	Problems []Problem
	Columns  []SheetColumns
	// Pupils are the pupils of the run's 学籍 lists, by school: a district's share of
	// pupils left behind.
	Pupils map[string]int
	// SignSeen, when set, gives the first night a child's undated sign was seen (see
	// Child.SignSeen): the nightly run reads it from its state.
	SignSeen func(Child) time.Time `json:"-"`
}
