package output

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"liushou/output/pdf"
	"liushou/rules"
)

// RecordsFile is each class's 一人一档: a page per child.
const RecordsFile = "档案.pdf"

// recordEntry is one dated entry of a child's care this term.
type recordEntry struct {
	when  time.Time
	kind  string // 家访, 通话, 谈心, 体检, 培训, 回执
	where string // the roster's column, or the log sheet it came from
	note  string // who, how, what was said, when the log says
	by    string // who made it, when the log says
}

// entryNote is what a log says of an entry besides its date: who, how, what was said.
func entryNote(e rules.Entry) string {
	var parts []string
	for _, s := range []string{e.By, e.How, e.Text} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "，")
}

// termEntries are a child's visits, calls and other logs' entries (谈心, 体检, 培训, 回执)
// from the term's start to asOf, oldest first: every dated entry of the log sheets, and
// the roster's own last dates.
func termEntries(c rules.Child, from, asOf time.Time) []recordEntry {
	var out []recordEntry
	seen := map[string]bool{}
	add := func(kind string, d rules.Date, note, by string) {
		if d.IsZero() || d.Time.Before(from) || d.Time.After(asOf) {
			return
		}
		key := kind + d.Time.Format("2006-01-02")
		if seen[key] {
			return
		}
		seen[key] = true
		where := "花名册"
		if d.Sheet != "" {
			where = d.Sheet
		}
		out = append(out, recordEntry{d.Time, kind, where, note, by})
	}
	// The logs' entries first, with what they say: a visit both in a log and in the
	// roster's column is the log's.
	for _, e := range c.Entries {
		add(strings.TrimSuffix(strings.TrimSuffix(e.Kind, "记录"), "登记"), e.Date, entryNote(e), e.By)
	}
	for _, d := range c.VisitLog {
		add("家访", d, "", "")
	}
	add("家访", c.LastVisit, "", "")
	for _, d := range c.CallLog {
		add("通话", d, "", "")
	}
	add("通话", c.LastCall, "", "")
	sort.SliceStable(out, func(i, j int) bool { return out[i].when.Before(out[j].when) })
	return out
}

// writeRecords writes a class's 一人一档 (档案.pdf): for each child, by name, a page with
// the child, the guardian, the parents and where they work, the paired and class
// teachers, the signs registered with their dates, and this term's visits and calls as a
// table; the last page lists the children with no visit, or no call, this term (and no
// 谈心, 体检 or 培训 when the settings ask for them).
func writeRecords(w io.Writer, class rules.Class, p rules.Policy, asOf time.Time, share *pdf.Share) error {
	class = printableClass(class)
	d := pdf.New("P", class.School+class.Name+" 留守儿童档案", asOf)
	d.UseShare(share)
	term := p.CurrentTerm(asOf)
	from := term.Start
	teacher, byName := teacherAndNames(class, p)
	// The kinds of record the last page looks for: visits and calls always, and the
	// other rules' kinds when the settings ask for them.
	kinds := []struct{ kind, what string }{
		{"家访", "本学期（" + rules.ShortDate(from) + "起）没有家访记录"}, {"通话", "本学期没有与家长通话的记录"}}
	if p.TalkEvery > 0 {
		kinds = append(kinds, struct{ kind, what string }{"谈心", "本学期没有谈心记录"})
	}
	if p.HealthEvery > 0 {
		kinds = append(kinds, struct{ kind, what string }{"体检", "本学期没有体检记录"})
	}
	if p.TrainingPerTerm > 0 {
		kinds = append(kinds, struct{ kind, what string }{"培训", "本学期监护人没有参加培训的记录"})
	}
	missing := make([][]string, len(kinds))
	for _, r := range byName {
		c := printableChild(*r.Child)
		entries := termEntries(*r.Child, from, asOf)
		for i, k := range kinds {
			if !slices.ContainsFunc(entries, func(e recordEntry) bool { return e.kind == k.kind }) {
				missing[i] = append(missing[i], c.Name)
			}
		}
		drawRecord(d, class, c, r, teacher, p, asOf, term, entries)
	}
	d.AddPage()
	d.Font(15)
	d.Text(15, 15, 180, 8, fmt.Sprintf("%s%s　本学期尚无记录的孩子", class.School, class.Name), "C")
	y := 28.0
	for i, k := range kinds {
		if y > 260 {
			d.AddPage()
			y = 15
		}
		d.Font(11)
		d.Text(15, y, 180, 7, fmt.Sprintf("%s：%d 名", k.what, len(missing[i])), "L")
		y += 8
		d.Font(10.5)
		list := strings.Join(missing[i], "、")
		if list == "" {
			list = "无"
		}
		y = d.Paragraph(20, y, 170, 6, list, false) + 5
	}
	return d.Write(w)
}

func drawRecord(d *pdf.Doc, class rules.Class, c rules.Child, r rules.Result, teacher rules.Contact, p rules.Policy, asOf time.Time, term rules.Term, entries []recordEntry) {
	d.AddPage()
	x, w := 15.0, 180.0
	d.Font(16)
	d.Text(x, 12, w, 8, "留守儿童档案", "C")
	d.Font(9)
	d.TextColor(90, 90, 90)
	d.Text(x, 21, w, 5, fmt.Sprintf("%s　%s　统计日期 %s", class.School, class.Name, rules.ChineseDate(asOf)), "C")
	d.TextColor(0, 0, 0)
	y := 30.0
	const lineH = 7.0
	section := func(title string) {
		d.Font(11.5)
		d.FillColor(235, 235, 235)
		d.Rect(x, y, w, 7, "F")
		d.Text(x+1, y+0.5, w-2, 6, title, "L")
		y += 9
	}
	row := func(label, value string) {
		d.Font(9.5)
		d.TextColor(90, 90, 90)
		d.Text(x+2, y, 26, lineH, label, "L")
		d.TextColor(0, 0, 0)
		d.Font(10.5)
		for _, l := range d.Lines(orDefault(value, "（未填）"), w-30, 0) {
			d.Text(x+28, y, w-28, lineH, l, "L")
			y += lineH - 1
		}
		y++
	}
	section("孩子")
	id := c.ID
	if p.MaskIDs && id != "" {
		id = rules.MaskID(id)
	}
	birth := ""
	if !c.Birth.IsZero() {
		birth = rules.ChineseDate(c.Birth)
	}
	row("姓名", strings.TrimSpace(c.Name+"　"+c.Gender))
	row("出生日期", birth)
	row("身份证号", id)
	row("家庭住址", c.Address)
	section("家庭和联系人")
	guardian := c.Guardian
	if c.GuardianRelation != "" {
		guardian += "（" + c.GuardianRelation + "）"
	}
	row("监护人", strings.TrimSpace(guardian+"　"+phone(p, c.GuardianPhone)))
	row("父亲", parentLine(c.Father, p))
	row("母亲", parentLine(c.Mother, p))
	if c.Parent.Name != "" || c.Parent.Phone != "" {
		row("家长", parentLine(c.Parent, p))
	}
	row("班主任", strings.TrimSpace(teacher.Name+"　"+phone(p, teacher.Phone)))
	row("结对帮扶教师", c.Teacher)
	section("必访情况")
	signs := "无"
	if len(r.Signs) > 0 {
		signs = strings.Join(r.Signs, "、")
		if !c.SignDate.IsZero() {
			signs += "（" + rules.ChineseDate(c.SignDate.Time) + "登记）"
		}
		if c.SignText != "" {
			signs += "：" + c.SignText
		}
	}
	row("登记的情况", signs)
	row("现在", strings.Join(append([]string{"家访" + visitLabel(r.Visit), "通话" + callLabel(r.Call)}, r.Reasons...), "；"))
	section(fmt.Sprintf("%s的家访和通话（%s起）", orDefault(term.Name, "本学期"), rules.ShortDate(term.Start)))
	cols := []tableColumn{{"日期", 32}, {"记录", 16}, {"谁、怎样、说了什么", 96}, {"来自", 36}}
	y = drawTableHeader(d, y, cols)
	if len(entries) == 0 {
		d.Font(10)
		d.Rect(x, y, w, 7, "D")
		d.Text(x, y+0.5, w, 6, "本学期还没有家访或通话记录", "C")
		return
	}
	const noteH, most = 5.2, 3 // what a row says wraps, to three lines: the log has the rest
	for _, e := range entries {
		d.Font(10)
		lines := d.Lines(e.note, cols[2].w-2, 0)
		if len(lines) > most {
			r := []rune(lines[most-1])
			lines = append(lines[:most-1], string(r[:max(0, len(r)-1)])+"…")
		}
		h := max(7, 1.8+noteH*float64(len(lines)))
		if y+h > 282 {
			d.AddPage()
			y = drawTableHeader(d, 15, cols)
			d.Font(10)
		}
		vals := []string{rules.ChineseDate(e.when), e.kind, "", e.where}
		cx := x
		for k, col := range cols {
			d.Rect(cx, y, col.w, h, "D")
			if k == 2 {
				for i, l := range lines {
					d.Text(cx+1, y+0.5+noteH*float64(i), col.w-2, 6, l, "L")
				}
			} else {
				d.Text(cx+1, y+0.5, col.w-2, 6, vals[k], "C")
			}
			cx += col.w
		}
		y += h
	}
}
