package rules

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ChildKey identifies a child across runs: a digest of the ID number, else of school,
// class and name, so that the record of letters issued holds no personal data in clear.
func ChildKey(c Child) string {
	k := keyOf(c)
	return hex.EncodeToString(k[:])
}

// familyKey is a ChildKey's 12 bytes, before they are written in hex.
type familyKey [12]byte

func keyOf(c Child) familyKey {
	key := "name:" + c.School + "|" + c.Class + "|" + c.Name
	if c.ID != "" {
		key = "id:" + c.ID
	}
	sum := sha256.Sum256([]byte(key))
	return familyKey(sum[:12])
}

// DueSet holds the families due a letter, by their ChildKey's bytes: a set of the keys'
// hex texts took 5 MB at four times the county, held from deciding to the last letter.
type DueSet map[familyKey]struct{}

// Has says whether c's family is due the letter.
func (d DueSet) Has(c Child) bool {
	_, ok := d[keyOf(c)]
	return ok
}

// Add makes c's family due the letter.
func (d DueSet) Add(c Child) { d[keyOf(c)] = struct{}{} }

// FamilyKeys are the keys the ledger knows a family by, strongest first: its ID; its
// school, name and guardian's phone; its school, name and birth date; its school, class
// and name. A family is the same when any of them is, unless both have IDs and they
// differ: an ID added or corrected, or a class changed, never gives a second letter.
// Each is a keyed hash (HMAC-SHA256 with the output folder's secret, kept beside the
// ledger): unlike a plain digest, an ID list cannot reverse it. The part before ":" says
// which kind of key it is.
func FamilyKeys(c Child, secret []byte) []string {
	var parts [][2]string
	if c.ID != "" {
		parts = append(parts, [2]string{KeyID, c.ID})
	}
	if c.GuardianPhone != "" {
		parts = append(parts, [2]string{KeyPhone, c.School + "|" + c.Name + "|" + c.GuardianPhone})
	}
	if !c.Birth.IsZero() {
		parts = append(parts, [2]string{KeyBirth, c.School + "|" + c.Name + "|" + c.Birth.Format("20060102")})
	}
	parts = append(parts, [2]string{KeyClass, c.School + "|" + c.Class + "|" + c.Name})
	keys := make([]string, len(parts))
	m := hmac.New(sha256.New, secret) // keyed once: a county's ledger is 50,000 keys a night
	for i, p := range parts {
		m.Reset()
		m.Write([]byte(p[0] + "\x00" + p[1]))
		keys[i] = p[0] + ":" + hex.EncodeToString(m.Sum(nil)[:12])
	}
	return keys
}

// SignKey is how the state knows a child's undated sign text from night to night: a keyed
// hash of the child's strongest family key and the text, never the text. A changed text
// is a new sign.
func SignKey(c Child, secret []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(FamilyKeys(c, secret)[0] + "\x00" + strings.TrimSpace(c.SignText)))
	return hex.EncodeToString(m.Sum(nil)[:12])
}

// SignsSeen are the undated signs of results with the night each was first seen
// (2006-01-02): the date before, else tonight. Signs no longer written are dropped.
func SignsSeen(results []Result, before map[string]string, secret []byte, asOf time.Time) map[string]string {
	out := map[string]string{}
	for _, r := range results {
		AddSignSeen(out, r, before, secret, asOf)
	}
	return out
}

// AddSignSeen adds r's undated sign, if it has one, to seen (as SignsSeen makes it).
func AddSignSeen(seen map[string]string, r Result, before map[string]string, secret []byte, asOf time.Time) {
	c := r.Child
	if c.SignText == "" || !c.SignDate.IsZero() || len(r.Signs) == 0 {
		return
	}
	k := SignKey(*c, secret)
	if d, ok := before[k]; ok {
		seen[k] = d
	} else {
		seen[k] = asOf.Format("2006-01-02")
	}
}

// How a family was recognised when its ID or class changed (IssuedLetter.By).
const (
	ByIDChanged    = "id_changed"
	ByClassChanged = "class_changed"
)

// The kinds of FamilyKeys.
const (
	KeyID    = "id"
	KeyPhone = "phone" // school, name and guardian phone
	KeyBirth = "birth" // school, name and birth date
	KeyClass = "class" // school, class and name
)

// IssuedLetter is a letter a family already has, as the ledger records it; By is the
// kind of key it was recognised by (KeyID …).
type IssuedLetter struct {
	Term string
	Kind LetterKind
	Date time.Time
	By   string
	// Posted is when its batch was recorded as posted; zero while it waits.
	Posted time.Time
}

// ReplyWaitDays is how long after a letter is posted a family's reply slip is awaited
// before the class's checklist asks after it.
const ReplyWaitDays = 30

// AwaitReplies adds to the reasons of each child whose family's latest posted letter went
// out ReplyWaitDays or more before asOf, with no reply slip (回执登记) dated since, a line
// that asks after it.
func AwaitReplies(results []Result, issued func(Child) []IssuedLetter, asOf time.Time) {
	asOf = day(asOf)
	for i := range results {
		awaitReply(&results[i], issued(*results[i].Child), asOf)
	}
}

// awaitReply is AwaitReplies for one child, given its family's letters.
func awaitReply(r *Result, had []IssuedLetter, asOf time.Time) {
	var posted time.Time
	for _, l := range had {
		if !l.Posted.IsZero() && l.Posted.After(posted) && !l.Posted.After(asOf) {
			posted = l.Posted
		}
	}
	if posted.IsZero() || daysBetween(posted, asOf) < ReplyWaitDays {
		return
	}
	if rp := r.Child.Reply; rp != nil && !rp.Date.Time.Before(posted) {
		return
	}
	r.Reasons = append(r.Reasons, fmt.Sprintf("家长信%s寄出，已%d天没有收到回执，请与家长联系", ShortDate(posted), daysBetween(posted, asOf)))
}

// Letters is the decision about this run's letters: which kind, for which term, to which
// families, and whether they are drafts.
type Letters struct {
	Term Term
	Kind LetterKind // "" in the holidays: no letter is due
	// Due holds every family due the letter.
	Due DueSet
	// Draft is set while a school's own details are missing (Missing names them, for
	// every school that lacks them): its letters are printed marked 草稿 and not
	// recorded, so that the first real batch comes once the details are set. Drafts
	// holds what each such school lacks, by the school's name in the rosters.
	Draft   bool
	Missing []string
	Drafts  map[string][]string
	// Future counts the families whose ledger holds a letter dated after the as-of date
	// (a run with a wrong --as-of): such a letter does not hold back this run's.
	Future int
	// Stale counts the children whose roster was last saved before the term began: last
	// term's list, whose classes may have moved up. They get no term-start letter until
	// the roster is saved this term.
	Stale int
	// Recognised counts, by kind of key, the families the ledger knew by another key than
	// their ID (an ID added or corrected, a class changed): they get no second letter.
	Recognised map[string]int
	// Waits counts the families whose term-end letter waits for the next term's start
	// letter: their start letter went out too shortly before the end of term.
	Waits int
}

// DraftFor reports whether the letters of a school's pupils are drafts.
func (l Letters) DraftFor(school string) bool {
	_, ok := l.Drafts[school]
	return ok
}

// DecideLetters decides who gets a letter on the date: each family gets the term-start and
// the term-end letter once per term, the term-end letter only in the last weeks of term
// and never within three weeks of an earlier letter. issued gives what the ledger holds
// for a child's key; reissue gives this term's letter to every family again.
func DecideLetters(results []Result, p Policy, asOf time.Time, issued func(Child) []IssuedLetter, reissue bool) Letters {
	return decideLetters(results, p, asOf, issued, reissue, false)
}

// DecideLettersAwaiting is DecideLetters and then AwaitReplies, in one pass that looks up
// each family's letters once: issued must give their posted dates. A county's families
// were otherwise looked up twice a night (four keyed hashes each, and the ledger's index).
func DecideLettersAwaiting(results []Result, p Policy, asOf time.Time, issued func(Child) []IssuedLetter, reissue bool) Letters {
	return decideLetters(results, p, asOf, issued, reissue, true)
}

func decideLetters(results []Result, p Policy, asOf time.Time, issued func(Child) []IssuedLetter, reissue, await bool) Letters {
	schools := map[string]bool{}
	for _, r := range results {
		schools[r.Child.School] = true
	}
	d := NewLetterDecider(slices.Collect(maps.Keys(schools)), p, asOf, reissue, await)
	for i := range results {
		d.Add(&results[i], issued(*results[i].Child))
	}
	return d.Letters()
}

// A LetterDecider decides a night's letters a child at a time, as DecideLetters (or, with
// await, DecideLettersAwaiting) does for a list: what lets a night decide them as it
// evaluates its children class by class. The schools must be every school of the
// children: whether a school's letters are drafts is decided first.
type LetterDecider struct {
	l              Letters
	p              Policy
	asOf           time.Time
	term           bool // asOf is in a term
	reissue, await bool
}

// NewLetterDecider starts deciding for the children of schools (as the rosters name them).
func NewLetterDecider(schools []string, p Policy, asOf time.Time, reissue, await bool) *LetterDecider {
	asOf = day(asOf)
	l := Letters{Kind: p.LetterKind(asOf), Due: DueSet{}, Drafts: map[string][]string{}}
	// Letters of rows that name their school are signed with that name; only the rows that
	// name none (school "") need the settings' school.name.
	schools = slices.Clone(schools)
	slices.Sort(schools)
	seen := map[string]bool{}
	for _, school := range slices.Compact(schools) {
		missing := p.ForSchool(school).MissingForLetters()
		if len(missing) > 0 && missing[0] == missingName && school != "" {
			missing = missing[1:] // every roster row names its school: that signs the letter
		}
		if len(missing) == 0 {
			continue
		}
		l.Drafts[school] = missing
		for _, m := range missing {
			if !seen[m] {
				seen[m] = true
				l.Missing = append(l.Missing, m)
			}
		}
	}
	l.Draft = len(l.Drafts) > 0
	d := &LetterDecider{p: p, asOf: asOf, reissue: reissue, await: await}
	l.Term, d.term = p.TermOf(asOf)
	if !d.term {
		l.Term = Term{}
	}
	d.l = l
	return d
}

// Add decides for r's child, whose family had the letters had (the ledger's, for its
// keys), and says whether it made the child's family due; with await it also asks after
// a reply slip (AwaitReplies).
func (d *LetterDecider) Add(r *Result, had []IssuedLetter) (due bool) {
	l, asOf := &d.l, d.asOf
	if d.await {
		awaitReply(r, had, asOf)
	}
	if !d.term {
		return false
	}
	t := l.Term
	for _, h := range had {
		if h.By == ByIDChanged || h.By == ByClassChanged {
			if l.Recognised == nil {
				l.Recognised = map[string]int{}
			}
			l.Recognised[h.By]++
			break
		}
	}
	for _, h := range had {
		if day(h.Date).After(asOf) {
			l.Future++
			break
		}
	}
	if l.Kind == TermStartLetter && !r.Child.RosterSaved.IsZero() && day(r.Child.RosterSaved).Before(t.Start) {
		l.Stale++
		return false
	}
	if d.reissue || l.DraftFor(r.Child.School) {
		l.Due.Add(*r.Child)
		return true
	}
	due, waits := letterDue(had, t, l.Kind, asOf, d.p.MinLetterDays)
	switch {
	case due:
		l.Due.Add(*r.Child)
	case waits:
		l.Waits++
	}
	return due
}

// Due says whether c's family is due the letter, of the children added so far.
func (d *LetterDecider) Due(c Child) bool { return d.l.Kind != "" && d.l.Due.Has(c) }

// Draft says whether the letters of a school's children are drafts.
func (d *LetterDecider) Draft(school string) bool { return d.l.DraftFor(school) }

// Letters is the decision for the children added.
func (d *LetterDecider) Letters() Letters { return d.l }

// letterDue says whether a family is due this term's letter of this kind, given the
// letters it had. waits says a term-end letter is held back for the next term's start
// letter, because the start letter went out less than minDays before the end window:
// no family gets two mailings within a few weeks. A letter dated after asOf (from a run
// with a wrong date) does not hold a letter back.
func letterDue(had []IssuedLetter, t Term, kind LetterKind, asOf time.Time, minDays int) (due, waits bool) {
	for _, h := range had {
		if day(h.Date).After(asOf) {
			continue
		}
		if h.Term == t.Name && h.Kind == kind {
			return false, false // this term's letter of this kind: once
		}
		if !h.Date.IsZero() && asOf.Sub(day(h.Date)) < letterGap*24*time.Hour {
			return false, false // a letter in the last weeks: not another so soon
		}
		window := t.End.AddDate(0, 0, -termEndWindow)
		if kind == TermEndLetter && h.Term == t.Name && h.Kind == TermStartLetter && minDays > 0 &&
			window.Sub(day(h.Date)) < time.Duration(minDays)*24*time.Hour {
			return false, true
		}
	}
	return true, false
}

const missingName = "school.name（学校名称）"

// MissingForLetters names the school's details a letter cannot go without: who sends it,
// where a parent far away can write back, how to call the school.
func (p Policy) MissingForLetters() []string {
	var out []string
	if p.School.Name == "" {
		out = append(out, missingName)
	}
	if p.School.Address == "" {
		out = append(out, "school.address（学校地址，信封寄件人和回执寄回的地址）")
	}
	if p.School.Phone == "" {
		out = append(out, "school.phone（学校电话）")
	}
	return out
}

// EveryInWords says an interval as people do: 每月, 每两周, 每周, or 每 10 天.
func EveryInWords(days int) string {
	switch {
	case days == 7:
		return "每周"
	case days == 14:
		return "每两周"
	case days >= 28 && days <= 31:
		return "每月"
	case days >= 56 && days <= 62:
		return "每两个月"
	case days == 1:
		return "每天"
	}
	return "每 " + strconv.Itoa(days) + " 天"
}

// SignNames lists the policy's must-visit signs as a sentence does: 情绪不好、身体不佳或与同学争吵.
func (p Policy) SignNames() string {
	s := ""
	for i, sg := range p.Signs {
		switch {
		case i == 0:
		case i == len(p.Signs)-1:
			s += "或"
		default:
			s += "、"
		}
		s += sg.Name
	}
	return s
}

// SignList lists the policy's must-visit signs: 情绪不好、身体不佳、与同学争吵.
func (p Policy) SignList() string {
	s := ""
	for i, sg := range p.Signs {
		if i > 0 {
			s += "、"
		}
		s += sg.Name
	}
	return s
}
