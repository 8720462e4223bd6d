package ingest

import (
	"regexp"
	"strings"
)

var (
	mobile   = regexp.MustCompile(`^1[3-9]\d{9}$`)
	landline = regexp.MustCompile(`^0\d{2,3}-?\d{7,8}$`)
	// phoneSplit separates several numbers written in one cell.
	phoneSplit = regexp.MustCompile(`[/、，,；;|\n]|或`)
)

// normalisePhone reads a phone cell: full-width digits, spaces, dashes, brackets and a
// +86 prefix are allowed; the first usable number of the cell wins. ok is false when the
// cell holds something that is no phone number.
func normalisePhone(raw string) (phone string, ok bool) {
	s := strings.TrimSpace(narrow(raw))
	if s == "" {
		return "", true
	}
	for _, part := range phoneSplit.Split(s, -1) {
		if p := phoneDigits(part); p != "" {
			return p, true
		}
	}
	if entries, ok := phonesIn(s); ok && len(entries) > 0 {
		return entries[0].phone, true
	}
	return "", false
}

// phoneEntry is one number of a phone cell, and whose it is when the cell says so:
// 父亲, 母亲, or 监护人 (a grandparent or other relative); "" when it does not.
type phoneEntry struct{ who, phone string }

var (
	// phoneCandidate finds the numbers in a cell that also holds words: a mobile (with
	// spaces or dashes inside, a +86 before) or a landline.
	phoneCandidate = regexp.MustCompile(`(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d){8}|0\d{2,3}-?\d{7,8}`)
	// phoneLabels are the words that say whose a number is, longest first.
	phoneLabels = []struct{ word, who string }{
		{"父亲", "父亲"}, {"爸爸", "父亲"}, {"母亲", "母亲"}, {"妈妈", "母亲"}, {"监护人", "监护人"},
		{"爷爷", "监护人"}, {"奶奶", "监护人"}, {"外公", "监护人"}, {"外婆", "监护人"}, {"姥姥", "监护人"},
		{"姥爷", "监护人"}, {"祖父", "监护人"}, {"祖母", "监护人"}, {"叔叔", "监护人"}, {"姑姑", "监护人"},
		{"舅舅", "监护人"}, {"阿姨", "监护人"}, {"父", "父亲"}, {"爸", "父亲"}, {"母", "母亲"}, {"妈", "母亲"},
	}
)

// phonesIn reads every number of a phone cell with whose it is: 父：138…；母：137…,
// 137…（父）, 父13024064464 母18190128900. A label before a number is its own; one right
// after it in brackets too. ok is false when the cell holds no number, or words besides
// labels (电话号码不详 is no phone).
func phonesIn(raw string) (entries []phoneEntry, ok bool) {
	s := strings.TrimSpace(narrow(raw))
	if s == "" {
		return nil, true
	}
	locs := phoneCandidate.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		return nil, false
	}
	rest := s
	for i, loc := range locs {
		p := phoneDigits(s[loc[0]:loc[1]])
		if p == "" {
			return nil, false
		}
		e := phoneEntry{phone: p}
		before := s[:loc[0]]
		if i > 0 {
			before = s[locs[i-1][1]:loc[0]]
		}
		after := s[loc[1]:]
		if i+1 < len(locs) {
			after = s[loc[1]:locs[i+1][0]]
		}
		if who := labelIn(before); who != "" {
			e.who = who
		} else if strings.HasPrefix(strings.TrimSpace(after), "(") {
			e.who = labelIn(after)
		}
		entries = append(entries, e)
		rest = strings.Replace(rest, s[loc[0]:loc[1]], "", 1)
	}
	for _, l := range phoneLabels {
		rest = strings.ReplaceAll(rest, l.word, "")
	}
	for _, w := range []string{"电话", "手机", "号码", "联系", "的", "是", "或", "和", "及", "微信同号"} {
		rest = strings.ReplaceAll(rest, w, "")
	}
	if strings.Trim(rest, " :()（）/、，,；;|.-\n\t") != "" {
		return nil, false
	}
	return entries, true
}

// labelIn finds the label nearest the end of text (the one right before a number).
func labelIn(text string) string {
	best, at := "", -1
	for _, l := range phoneLabels {
		if i := strings.LastIndex(text, l.word); i >= 0 && i+len(l.word) > at {
			best, at = l.who, i+len(l.word)
		}
	}
	return best
}

// phoneNoise is what people type between a phone's digits.
var phoneNoise = strings.NewReplacer(" ", "", "(", "", ")", "", ".", "", "\t", "")

func phoneDigits(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "+")
	s = phoneNoise.Replace(s)
	if d := strings.ReplaceAll(s, "-", ""); strings.HasPrefix(d, "86") && len(d) == 13 {
		s = d[2:]
	} else if strings.HasPrefix(d, "0086") && len(d) == 15 {
		s = d[4:]
	}
	if d := strings.ReplaceAll(s, "-", ""); mobile.MatchString(d) {
		return d
	}
	if landline.MatchString(s) {
		return s
	}
	if strings.Count(s, "-") > 1 {
		// 0577-6512-3456: keep the area code apart, join the rest.
		i := strings.IndexByte(s, '-')
		if t := s[:i+1] + strings.ReplaceAll(s[i+1:], "-", ""); landline.MatchString(t) {
			return t
		}
	}
	return ""
}

// IsMobile says whether a normalised number is a mainland mobile number (one that can
// receive a text message).
func IsMobile(s string) bool { return mobile.MatchString(s) }
