package ingest

import (
	"fmt"
	"strings"

	"liushou/rules"
)

// logEntry is one dated row of a 家访记录 or 通话记录 sheet.
type logEntry struct {
	call bool // a call with the parents; otherwise a home visit
	// kind is a log of another kind (rules.EntryKinds), whose entry is then the record.
	kind          string
	entry         rules.Entry
	file, sheet   string
	row           int
	nameCell      string
	school, class string // class "" when the log does not say
	name, id      string
	date          rules.Date
}

// rosterColumns are the columns that only a roster has: who the child lives with, who
// the parents are, the child's ID.
var rosterColumns = []field{fGuardian, fGuardianPhone, fFatherName, fMotherName, fFatherPhone, fMotherPhone,
	fFatherWork, fMotherWork, fParentName, fParentPhone, fParentWork, fID, fLeftBehind, fAddress, fTeacher}

// logSheet decides by content whether a sheet is a log of visits or calls (dated entries
// that point at children) rather than a roster (one row per child). The sheet's name is
// only a hint either way: "台账" is what national policy calls the roster itself, and a
// log may be named 花名册附表. A bare 日期 column in a sheet named for visits or calls is
// taken as that date.
func logSheet(name string, h *header, grid [][]string) bool {
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
	score := 0 // above zero: a log
	switch {
	case has(name, "记录", "日志", "手记", "登记簿", "明细") && !has(name, "花名册", "登记表", "台账", "名单", "信息表"):
		score += 2
	case has(name, "花名册", "登记表", "台账", "名单", "信息表", "统计表") && !has(name, "记录", "日志", "手记"):
		score -= 2
	}
	roster := 0
	for _, f := range rosterColumns {
		if _, ok := h.cols[f]; ok {
			roster++
		}
	}
	roster += len(h.members)
	score -= min(roster, 4)
	// Columns about each visit or call itself: what was said, who went, how.
	about := 0
	for _, l := range h.labels {
		n := normLabel(l)
		if has(n, "内容", "反馈", "后续", "计划", "形式", "方式", "对象", "时长", "情况说明", "效果", "手记") ||
			has(n, "家访", "通话") && has(n, "教师", "老师", "人") {
			about++
		}
	}
	score += 2 * min(about, 2)
	// A child named in several rows is a log's way; a roster names each child once.
	if repeatedNames(h, grid) {
		score += 3
	}
	// A column of the last visit or call (最近, 上次) is a roster's.
	for _, f := range []field{fVisit, fCall} {
		if c, ok := h.cols[f]; ok && has(normLabel(h.labels[c]), "最近", "上次", "最后") {
			score -= 2
		}
	}
	return score > 0
}

// repeatedNames reports whether some child (name and class) is named in several rows.
func repeatedNames(h *header, grid [][]string) bool {
	nc, ok := h.cols[fName]
	if !ok {
		return false
	}
	cc, hasClass := h.cols[fClass]
	seen := map[string]bool{}
	rows, repeats := 0, 0
	for r := h.first + h.rows; r < len(grid) && rows < sampleRows; r++ {
		n := cleanName(cell(grid, r, nc))
		if n == "" {
			continue
		}
		rows++
		k := n
		if hasClass {
			k += "\x00" + strings.TrimSpace(cell(grid, r, cc))
		}
		if seen[k] {
			repeats++
		}
		seen[k] = true
	}
	return repeats >= 2 && repeats*10 >= rows
}

// logRow reads one row of a log sheet into its entries (a row may record a visit and a call).
// details are the columns of who went, how and what was said, kept as the entry's.
func (p *sheetParser) logRow(r int, details entryColumns) {
	if p.notContent(r) {
		return
	}
	name, nameCol, _ := p.get(r, fName)
	name = cleanName(name)
	id, _, _ := p.get(r, fID)
	id = strings.ToUpper(strings.Join(strings.Fields(narrow(id)), ""))
	if name == "" && id == "" {
		p.problem(r, nameCol, rules.Warning, "log_no_child", "这条记录没有学生姓名或身份证号，没有计入。")
		p.skip(r, "记录没有学生姓名或身份证号", axis(r, nameCol))
		return
	}
	e := logEntry{file: p.s.file, sheet: p.s.name, row: r + 1, nameCell: axis(r, nameCol), name: name, id: id}
	// A class the log writes unreadably is left out: the entry then matches by name.
	e.school, e.class, _ = p.rowSchoolClass(r)
	dated, before := false, len(p.res.logs)
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
		at := func(c int) string {
			if c < 0 {
				return ""
			}
			return strings.TrimSpace(p.cell(r, c))
		}
		if by, how, text := at(details.by), at(details.how), details.textAt(p.line(r)); by+how+text != "" {
			entry.entry = rules.Entry{Kind: map[bool]string{false: "家访记录", true: "通话记录"}[kind.call], Date: d, By: by, How: how, Text: text}
		}
		p.res.logs = append(p.res.logs, entry)
	}
	switch {
	case !dated:
		p.problem(r, nameCol, rules.Warning, "log_no_date", "这条记录没有填写日期，没有计入。")
		p.skip(r, "记录没有日期", "")
	case len(p.res.logs) == before:
		p.skip(r, "记录的日期无法识别", "")
	default:
		p.res.account.Logs++
	}
}

// applyLogs gives each log entry to its child: by ID number, else by name together with
// class and school where the log gives them, preferring children of the same workbook.
// An entry that matches no child, or several, is a warning at its row and is not counted.
func applyLogs(rk *runKeys, logs []logEntry) []rules.Problem {
	byID := map[uint64][]int{}
	byName := map[uint64][]int{}
	rk.live(func(i int, k *childKey) {
		if k.id != 0 {
			byID[k.id] = append(byID[k.id], i)
		}
		byName[k.name] = append(byName[k.name], i)
	})
	var problems []rules.Problem
	warn := func(e logEntry, code, msg string) {
		problems = append(problems, rules.Problem{File: e.file, Sheet: e.sheet, Row: e.row, Cell: e.nameCell,
			Severity: rules.Warning, Code: code, Message: msg})
	}
	empty := rk.lookup("")
	for _, e := range logs {
		matches := byID[digest(e.id)]
		if e.id == "" {
			matches = nil
		}
		if len(matches) == 0 && e.name != "" {
			class, school := rk.lookup(e.class), rk.lookup(e.school)
			for _, i := range byName[digest(e.name)] {
				k := &rk.k[i]
				if (e.class == "" || k.class == class) && (e.school == "" || k.school == empty || k.school == school) {
					matches = append(matches, i)
				}
			}
			if len(matches) > 1 {
				var same []int
				file := rk.lookup(e.file)
				for _, i := range matches {
					if rk.k[i].file == file {
						same = append(same, i)
					}
				}
				if len(same) > 0 {
					matches = same
				}
			}
		}
		what := "家访"
		switch {
		case e.kind != "":
			what = strings.TrimSuffix(strings.TrimSuffix(e.kind, "记录"), "登记")
		case e.call:
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
			rk.patch(matches[0], e)
		default:
			warn(e, "log_ambiguous", fmt.Sprintf("花名册里有 %d 名学生与这条%s记录的“%s”对得上，无法确定是谁，没有计入。请在记录里写上班级或身份证号。", len(matches), what, who))
		}
	}
	return problems
}

// applyEntry gives a child a log entry matched to it.
func applyEntry(c *rules.Child, e *logEntry) {
	if e.kind != "" {
		c.Entries = append(c.Entries, e.entry)
		if e.kind == "回执登记" && (c.Reply == nil || !e.entry.Date.Time.Before(c.Reply.Date.Time)) {
			r := e.entry
			c.Reply = &r
		}
		return
	}
	if e.call {
		c.CallLog = append(c.CallLog, e.date)
	} else {
		c.VisitLog = append(c.VisitLog, e.date)
	}
	if e.entry.Kind != "" {
		c.Entries = append(c.Entries, e.entry) // who went, how, what was said
	}
}

// applyReplies gives each child the new work address and phone of the family's latest
// reply slip (回执登记): from then on the letters, envelopes and checklists use them. The
// roster is never changed: its row is named, with what the reply says, so that someone
// brings it up to date.
func applyReplies(children []rules.Child) []rules.Problem {
	var problems []rules.Problem
	for i := range children {
		c := &children[i]
		r := c.Reply
		if r == nil {
			continue
		}
		var changed []string
		// Whose slip: the relation written (父亲, 母亲), else the only parent the roster
		// gives a number or a work place, else the parent it does not name.
		who := &c.Parent
		switch rel := r.By; {
		case strings.ContainsAny(rel, "父爸") && !strings.Contains(rel, "祖"):
			who = &c.Father
		case strings.ContainsAny(rel, "母妈") && !strings.Contains(rel, "祖"):
			who = &c.Mother
		case (c.Father.Phone != "" || c.Father.WorkPlace != "") && c.Mother.Phone == "" && c.Mother.WorkPlace == "":
			who = &c.Father
		case (c.Mother.Phone != "" || c.Mother.WorkPlace != "") && c.Father.Phone == "" && c.Father.WorkPlace == "":
			who = &c.Mother
		}
		// The slip asks where the parent works now (letters are posted there).
		if a := strings.TrimSpace(r.Address); a != "" && a != who.WorkPlace {
			changed = append(changed, fmt.Sprintf("务工地址“%s”", echo(a)))
			who.WorkPlace, who.Postcode = a, ""
		}
		if n := r.Phone; n != "" && n != who.Phone {
			changed = append(changed, fmt.Sprintf("电话 %s", n))
			who.Phone = n
		}
		if len(changed) == 0 {
			continue
		}
		problems = append(problems, rules.Problem{File: c.File, Sheet: c.Sheet, Row: c.Row, Severity: rules.Warning, Code: "reply_newer",
			Message: fmt.Sprintf("%s的回执（%s %s，%s）写了新的%s，与花名册这一行不同；信、信封和检查清单已按回执印，请把花名册改过来。",
				echo(c.Name), r.Date.File, r.Date.Sheet+"!"+r.Date.Cell, rules.ChineseDate(r.Date.Time), whose(c, who)+strings.Join(changed, "和"))})
	}
	return problems
}

// whose names the parent p is of c's: 父亲, 母亲 or 家长.
func whose(c *rules.Child, p *rules.Parent) string {
	switch p {
	case &c.Father:
		return "父亲的"
	case &c.Mother:
		return "母亲的"
	}
	return "家长的"
}
