// Package rules holds the domain of liushou: the children on a roster, the school's
// follow-up policy, and the evaluation of who is due a home visit or a call.
// It imports no spreadsheet or PDF code: ingest fills its types, output prints them.
package rules

import "time"

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

	LastVisit Date // the roster's own column; Evaluate sets it to the latest usable date
	LastCall  Date
	// VisitLog and CallLog are the dated entries of log sheets (家访记录, 通话记录)
	// that belong to this child; the latest of these and the roster's column counts.
	VisitLog []Date
	CallLog  []Date

	// SignText is the free text of the must-visit column (近期情况/必访情况);
	// the policy decides which of the five signs it names.
	SignText string
	SignCell string
	SignDate Date
}

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
}
