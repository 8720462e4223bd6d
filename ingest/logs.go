package ingest

import (
	"fmt"
	"strings"

	"liushou/rules"
)

// logEntry is one dated row of a 家访记录 or 通话记录 sheet.
type logEntry struct {
	call          bool // a call with the parents; otherwise a home visit
	file, sheet   string
	row           int
	nameCell      string
	school, class string // class "" when the log does not say
	name, id      string
	date          rules.Date
}

// parentColumns are the columns that only a roster has.
var parentColumns = []field{fGuardian, fFatherName, fMotherName, fFatherPhone, fMotherPhone, fFatherWork, fMotherWork}

// logSheet decides whether a sheet is a log of visits or calls rather than a roster:
// it has a visit or call date column, and either its name says it is a record (家访记录,
// 通话台账), or it has none of a roster's guardian and parent columns but columns about
// each visit or call (家访内容, 家访教师, 通话对象). A bare 日期 column
// in a sheet named for visits or calls is taken as that date.
func logSheet(name string, h *header) bool {
	_, visit := h.cols[fVisit]
	_, call := h.cols[fCall]
	if !visit && !call {
		for c, l := range h.labels {
			if n := normLabel(l); n == "日期" || n == "时间" || n == "记录日期" {
				switch {
				case strings.Contains(name, "家访"):
					h.cols[fVisit], visit = c, true
				case strings.Contains(name, "通话") || strings.Contains(name, "电话"):
					h.cols[fCall], call = c, true
				}
			}
		}
	}
	if !visit && !call {
		return false
	}
	if has(name, "记录", "台账", "日志") {
		return true
	}
	for _, f := range parentColumns {
		if _, ok := h.cols[f]; ok {
			return false
		}
	}
	// Without a telling name, a log has columns about each visit or call itself (what was
	// said, who went); a short roster of class, name and last visit has not.
	for _, l := range h.labels {
		if n := normLabel(l); has(n, "家访", "通话") && has(n, "内容", "教师", "老师", "对象", "人", "方式", "情况说明") {
			return true
		}
	}
	return false
}

// logRow reads one row of a log sheet into its entries (a row may record a visit and a call).
func (p *sheetParser) logRow(r int) {
	row := p.s.grid[r]
	if blankRow(row, p.h.seq) || notChild(row) {
		return
	}
	name, nameCol, _ := p.get(r, fName)
	name = cleanName(name)
	id, _, _ := p.get(r, fID)
	id = strings.ToUpper(strings.Join(strings.Fields(narrow(id)), ""))
	if name == "" && id == "" {
		p.problem(r, nameCol, rules.Warning, "log_no_child", "这条记录没有学生姓名或身份证号，没有计入。")
		return
	}
	e := logEntry{file: p.s.file, sheet: p.s.name, row: r + 1, nameCell: axis(r, nameCol), name: name, id: id}
	// A class the log writes unreadably is left out: the entry then matches by name.
	e.school, e.class, _ = p.rowSchoolClass(r)
	dated := false
	for _, kind := range []struct {
		f    field
		call bool
		what string
	}{{fVisit, false, "家访日期"}, {fCall, true, "通话日期"}} {
		if _, ok := p.h.cols[kind.f]; !ok {
			continue
		}
		d := p.date(r, kind.f, kind.what)
		if d.Cell == "" {
			continue // blank: this row records the other kind
		}
		dated = true
		if d.IsZero() {
			continue // an unreadable date, already reported at its cell
		}
		d.File, d.Sheet = p.s.file, p.s.name
		entry := e
		entry.call, entry.date = kind.call, d
		p.res.logs = append(p.res.logs, entry)
	}
	if !dated {
		p.problem(r, nameCol, rules.Warning, "log_no_date", "这条记录没有填写日期，没有计入。")
	}
}

// applyLogs gives each log entry to its child: by ID number, else by name together with
// class and school where the log gives them, preferring children of the same workbook.
// An entry that matches no child, or several, is a warning at its row and is not counted.
func applyLogs(children []rules.Child, logs []logEntry) []rules.Problem {
	byID := map[string][]int{}
	byName := map[string][]int{}
	for i, c := range children {
		if c.ID != "" {
			byID[c.ID] = append(byID[c.ID], i)
		}
		byName[c.Name] = append(byName[c.Name], i)
	}
	var problems []rules.Problem
	warn := func(e logEntry, code, msg string) {
		problems = append(problems, rules.Problem{File: e.file, Sheet: e.sheet, Row: e.row, Cell: e.nameCell,
			Severity: rules.Warning, Code: code, Message: msg})
	}
	for _, e := range logs {
		matches := byID[e.id]
		if len(matches) == 0 && e.name != "" {
			for _, i := range byName[e.name] {
				c := children[i]
				if (e.class == "" || c.Class == e.class) && (e.school == "" || c.School == "" || c.School == e.school) {
					matches = append(matches, i)
				}
			}
			if len(matches) > 1 {
				var same []int
				for _, i := range matches {
					if children[i].File == e.file {
						same = append(same, i)
					}
				}
				if len(same) > 0 {
					matches = same
				}
			}
		}
		what := "家访"
		if e.call {
			what = "通话"
		}
		who := echo(e.name)
		if e.class != "" {
			who += "（" + e.class + "）"
		}
		switch len(matches) {
		case 0:
			warn(e, "log_unmatched", fmt.Sprintf("这条%s记录的学生“%s”在花名册里找不到，没有计入。请核对姓名、班级或身份证号是否与花名册一致。", what, who))
		case 1:
			c := &children[matches[0]]
			if e.call {
				c.CallLog = append(c.CallLog, e.date)
			} else {
				c.VisitLog = append(c.VisitLog, e.date)
			}
		default:
			warn(e, "log_ambiguous", fmt.Sprintf("花名册里有 %d 名学生与这条%s记录的“%s”对得上，无法确定是谁，没有计入。请在记录里写上班级或身份证号。", len(matches), what, who))
		}
	}
	return problems
}
