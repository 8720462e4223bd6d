// Package pack packs a run's children and their results as bytes, and keeps the packs in a
// private file while a run needs them back a class at a time: what lets a run hold the
// children it works on, not every child it read. Both ends of a run use it.
package pack

import (
	"encoding/binary"
	"errors"
	"time"

	"liushou/rules"
)

// A class's results are packed in this plain binary form: every field in
// order, strings and lists by their length first, times as time.Time's own binary form
// (the form gob gave them, so that a date prints the same after the store). It is the
// run's own, never kept past the run. gob spent more time describing and checking its
// types for each class than on the children; TestPackRoundTrip fills every field of a
// result, so that a field added to rules.Child and not here fails the tests.

// AppendResults packs results onto b.
func AppendResults(b []byte, results []rules.Result) []byte {
	w := packWriter{b}
	w.uint(uint64(len(results)))
	for _, r := range results {
		w.child(r.Child)
		w.str(string(r.Visit))
		w.str(string(r.Call))
		w.int(r.DaysSinceVisit)
		w.int(r.DaysSinceCall)
		w.strs(r.Signs)
		w.strs(r.Reasons)
	}
	return w.b
}

// ReadResults unpacks what AppendResults packed.
func ReadResults(b []byte) ([]rules.Result, error) {
	// Each string is its own allocation, as gob made them: a string kept from one child
	// (the district's list of children to follow up keeps names and reasons) must not
	// keep its whole class's pack alive.
	r := packReader{s: b}
	n := r.count()
	results := make([]rules.Result, n)
	children := make([]rules.Child, n)
	for i := range results {
		res := &results[i]
		res.Child = &children[i]
		r.child(res.Child)
		res.Visit = rules.VisitStatus(r.str())
		res.Call = rules.CallStatus(r.str())
		res.DaysSinceVisit = r.int()
		res.DaysSinceCall = r.int()
		res.Signs = r.strs()
		res.Reasons = r.strs()
	}
	if r.err != nil || r.at != len(r.s) {
		return nil, errBadPack
	}
	return results, nil
}

var errBadPack = errors.New("临时文件里的学生数据不完整")

type packWriter struct{ b []byte }

func (w *packWriter) uint(n uint64) { w.b = binary.AppendUvarint(w.b, n) }
func (w *packWriter) int(n int)     { w.b = binary.AppendVarint(w.b, int64(n)) }

func (w *packWriter) str(s string) {
	w.uint(uint64(len(s)))
	w.b = append(w.b, s...)
}

// strs packs a list; an empty one reads back as nil, as gob gave it.
func (w *packWriter) strs(l []string) {
	w.uint(uint64(len(l)))
	for _, s := range l {
		w.str(s)
	}
}

// time packs t as its length (0: the zero time) and its MarshalBinary form.
func (w *packWriter) time(t time.Time) {
	if t.IsZero() {
		w.b = append(w.b, 0)
		return
	}
	at := len(w.b)
	w.b = append(w.b, 0)
	b, err := t.AppendBinary(w.b)
	if err != nil {
		// Only an offset of more than 22 days fails, which no zone has: should one come,
		// the same instant in UTC, rather than no date.
		b, _ = t.UTC().AppendBinary(w.b)
	}
	w.b = b
	w.b[at] = byte(len(w.b) - at - 1)
}

func (w *packWriter) date(d rules.Date) {
	w.time(d.Time)
	w.str(d.Cell)
	w.str(d.Raw)
	w.str(d.File)
	w.str(d.Sheet)
}

func (w *packWriter) parent(p rules.Parent) {
	w.str(p.Name)
	w.str(p.WorkPlace)
	w.str(p.Postcode)
	w.str(p.Phone)
}

func (w *packWriter) entry(e rules.Entry) {
	w.str(e.Kind)
	w.date(e.Date)
	w.str(e.By)
	w.str(e.How)
	w.str(e.Text)
	w.str(e.Address)
	w.str(e.Phone)
}

func (w *packWriter) child(c *rules.Child) {
	w.str(c.File)
	w.str(c.Sheet)
	w.int(c.Row)
	w.str(c.ClassTeacher.Name)
	w.str(c.ClassTeacher.Phone)
	w.time(c.RosterSaved)
	w.str(c.School)
	w.str(c.Class)
	w.str(c.Name)
	w.str(c.ID)
	w.str(c.Gender)
	w.time(c.Birth)
	w.str(c.Guardian)
	w.str(c.GuardianRelation)
	w.str(c.GuardianPhone)
	w.str(c.Address)
	w.parent(c.Father)
	w.parent(c.Mother)
	w.parent(c.Parent)
	w.str(c.Teacher)
	w.str(c.WeChat)
	w.date(c.LastVisit)
	w.date(c.LastCall)
	for _, log := range [][]rules.Date{c.VisitLog, c.CallLog} {
		w.uint(uint64(len(log)))
		for _, d := range log {
			w.date(d)
		}
	}
	w.uint(uint64(len(c.Entries)))
	for _, e := range c.Entries {
		w.entry(e)
	}
	if c.Reply == nil {
		w.b = append(w.b, 0)
	} else {
		w.b = append(w.b, 1)
		w.entry(*c.Reply)
	}
	w.str(c.SignText)
	w.str(c.SignCell)
	w.date(c.SignDate)
	w.time(c.SignSeen)
}

type packReader struct {
	s   []byte
	at  int
	err error
}

func (r *packReader) fail() {
	r.err = errBadPack
	r.at = len(r.s)
}

func (r *packReader) byte() byte {
	if r.at >= len(r.s) {
		r.fail()
		return 0
	}
	r.at++
	return r.s[r.at-1]
}

func (r *packReader) uint() uint64 {
	var n uint64
	for shift := 0; shift < 64; shift += 7 {
		c := r.byte()
		n |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return n
		}
	}
	r.fail()
	return 0
}

func (r *packReader) int() int {
	u := r.uint()
	return int(int64(u>>1) ^ -int64(u&1))
}

// count reads a list's length, which cannot be more than the bytes left.
func (r *packReader) count() int {
	n := r.uint()
	if n > uint64(len(r.s)-r.at) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *packReader) str() string {
	n := r.count()
	s := string(r.s[r.at : r.at+n])
	r.at += n
	return s
}

func (r *packReader) strs() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	l := make([]string, n)
	for i := range l {
		l[i] = r.str()
	}
	return l
}

func (r *packReader) time() time.Time {
	n := int(r.byte())
	if n == 0 || n > len(r.s)-r.at {
		if n != 0 {
			r.fail()
		}
		return time.Time{}
	}
	var t time.Time
	if t.UnmarshalBinary(r.s[r.at:r.at+n]) != nil {
		r.fail()
	}
	r.at += n
	return t
}

func (r *packReader) date() rules.Date {
	return rules.Date{Time: r.time(), Cell: r.str(), Raw: r.str(), File: r.str(), Sheet: r.str()}
}

func (r *packReader) parent() rules.Parent {
	return rules.Parent{Name: r.str(), WorkPlace: r.str(), Postcode: r.str(), Phone: r.str()}
}

func (r *packReader) entry() rules.Entry {
	return rules.Entry{Kind: r.str(), Date: r.date(), By: r.str(), How: r.str(), Text: r.str(), Address: r.str(), Phone: r.str()}
}

func (r *packReader) dates() []rules.Date {
	n := r.count()
	if n == 0 {
		return nil
	}
	l := make([]rules.Date, n)
	for i := range l {
		l[i] = r.date()
	}
	return l
}

func (r *packReader) child(c *rules.Child) {
	c.File = r.str()
	c.Sheet = r.str()
	c.Row = r.int()
	c.ClassTeacher.Name = r.str()
	c.ClassTeacher.Phone = r.str()
	c.RosterSaved = r.time()
	c.School = r.str()
	c.Class = r.str()
	c.Name = r.str()
	c.ID = r.str()
	c.Gender = r.str()
	c.Birth = r.time()
	c.Guardian = r.str()
	c.GuardianRelation = r.str()
	c.GuardianPhone = r.str()
	c.Address = r.str()
	c.Father = r.parent()
	c.Mother = r.parent()
	c.Parent = r.parent()
	c.Teacher = r.str()
	c.WeChat = r.str()
	c.LastVisit = r.date()
	c.LastCall = r.date()
	c.VisitLog = r.dates()
	c.CallLog = r.dates()
	if n := r.count(); n > 0 {
		c.Entries = make([]rules.Entry, n)
		for i := range c.Entries {
			c.Entries[i] = r.entry()
		}
	}
	switch r.byte() {
	case 0:
	case 1:
		e := r.entry()
		c.Reply = &e
	default:
		r.fail()
	}
	c.SignText = r.str()
	c.SignCell = r.str()
	c.SignDate = r.date()
	c.SignSeen = r.time()
}
