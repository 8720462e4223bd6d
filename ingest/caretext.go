package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"liushou/rules"
)

// Visits and calls written as text in a 帮扶记录 column: "9月3日家访，10月8日与母亲电话沟通".
// Each clause with a date and a word for a visit or a call is one; a date without its
// year is the latest such date not after the as-of date, as in a date column.

var (
	fullDateInText = regexp.MustCompile(`(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*[日号]?`)
	dayInText      = regexp.MustCompile(`(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]`)
	visitWords     = []string{"家访", "走访", "上门", "到家", "入户"}
	callWords      = []string{"电话", "通话", "视频", "微信", "打电话", "语音"}
)

// careEvent is a visit or a call found in text.
type careEvent struct {
	call bool
	date time.Time
	year int // the year given to a date written without one, else 0
}

// careEvents reads the visits and calls of a 帮扶记录 text.
func careEvents(text string, asOf time.Time) []careEvent {
	var out []careEvent
	for _, clause := range strings.FieldsFunc(narrow(text), func(r rune) bool { return strings.ContainsRune("，,；;。\n", r) }) {
		visit, call := has(clause, visitWords...), has(clause, callWords...)
		if !visit && !call {
			continue
		}
		var d time.Time
		year := 0
		if m := fullDateInText.FindStringSubmatch(clause); m != nil {
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			dd, _ := strconv.Atoi(m[3])
			d = time.Date(y, time.Month(mo), dd, 0, 0, 0, 0, time.UTC)
			if d.Month() != time.Month(mo) || d.Day() != dd {
				continue
			}
		} else if m := dayInText.FindString(clause); m != "" && !asOf.IsZero() {
			t, y, err := parseDateAsOf(m, asOf)
			if err != nil {
				continue
			}
			d, year = t, y
		} else {
			continue
		}
		if !asOf.IsZero() && d.After(asOf) {
			continue
		}
		if visit {
			out = append(out, careEvent{date: d, year: year})
		}
		if call {
			out = append(out, careEvent{call: true, date: d, year: year})
		}
	}
	return out
}

// careText takes the latest visit and call written in the row's 帮扶记录 cell where they
// are later than the roster's own dates.
func (p *sheetParser) careText(r int, c *rules.Child) {
	v, col, ok := p.get(r, fCareText)
	if !ok || emptyValue(v) {
		return
	}
	for _, e := range careEvents(v, p.asOf) {
		if e.year != 0 {
			p.res.yearless = true
		}
		d := rules.Date{Time: e.date, Cell: axis(r, col), Raw: cleanText(v)}
		switch {
		case e.call && e.date.After(c.LastCall.Time):
			c.LastCall = d
		case !e.call && e.date.After(c.LastVisit.Time):
			c.LastVisit = d
		}
	}
}
