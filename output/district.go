package output

import (
	"fmt"
	"io"
	"liushou/output/pdf"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"liushou/output/outdir"
	"liushou/output/table"
	"liushou/rules"
)

// A district education office keeps the rosters of all its schools. Each school's folder
// gets that school's own summary; the summary at the top of --out becomes the district's
// when a run holds more than one school: one row per school, the schools furthest behind
// first, and the change since the previous week from the history kept in the state.

// TeachersFile is the paired teachers' list in each school's folder.
const TeachersFile = "结对教师清单.pdf"

// schoolTally counts one school's children for the district's summary.
type schoolTally struct {
	School, Dir string
	rules.Tally
	RostersWithErrors int
	// Pupils is the school's pupils (a 学籍 list's, else [school] pupils); 0: not known.
	Pupils  int
	classes []rules.Class
	// index is each class's place in the run's classes, packed where their children
	// are when packed away (packAway); nil: classes hold their children.
	index    []int
	packed   *packedClasses
	previous *outdir.SchoolDay // the week before, if known
}

// withChildren is the school's classes with their children, taken out of the store
// when they were packed away: one school's, while its documents are written.
func (t schoolTally) withChildren() ([]rules.Class, error) {
	if t.packed == nil {
		return t.classes, nil
	}
	out := make([]rules.Class, len(t.classes))
	for j, c := range t.classes {
		var err error
		if out[j], err = t.packed.loadClass(c, t.index[j]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// pupilShare is the share of pupils left behind: children over pupils, of the schools
// whose pupils are known; ok is false when none are.
func pupilShare(schools []schoolTally) (children, pupils int, share float64, ok bool) {
	for _, s := range schools {
		if s.Pupils > 0 {
			children += s.Children
			pupils += s.Pupils
		}
	}
	if pupils == 0 {
		return 0, 0, 0, false
	}
	return children, pupils, float64(children) / float64(pupils), true
}

// pupilsOf is a school's pupils: its 学籍 lists', else its settings' (pupils).
func pupilsOf(school string, listed map[string]int, p rules.Policy) int {
	if n := listed[school]; n > 0 {
		return n
	}
	return p.ForSchool(school).School.Pupils
}

// Share is the share of the school's children followed up in time (Tally.InTime).
func (t schoolTally) Share() float64 {
	if t.Children == 0 {
		return 1
	}
	return float64(t.InTime) / float64(t.Children)
}

// tallySchools groups the classes by school (in the order their folders were named)
// and counts each; rostersWithErrors says, for each school, how many of its rosters have
// errors.
func tallySchools(ev Evaluated, dirs []string, errorsByFile map[string]bool) []schoolTally {
	var out []schoolTally
	index := map[string]int{}
	files := map[string]map[string]bool{}
	for i, c := range ev.classes {
		k, ok := index[c.School]
		if !ok {
			k = len(out)
			index[c.School] = k
			out = append(out, schoolTally{School: c.School, Dir: filepath.Dir(dirs[i]), packed: ev.packed})
			files[c.School] = map[string]bool{}
		}
		t := &out[k]
		t.classes = append(t.classes, c)
		t.index = append(t.index, i)
		t.Plus(ev.tallies[i])
		for _, f := range ev.files[i] {
			files[c.School][f] = true
		}
	}
	for i := range out {
		for f := range files[out[i].School] {
			if errorsByFile[f] {
				out[i].RostersWithErrors++
			}
		}
	}
	return out
}

// behindFirst orders schools so that those furthest behind come first: the lowest share
// followed up in time, then the most children to visit at once.
func behindFirst(ts []schoolTally) []schoolTally {
	out := append([]schoolTally(nil), ts...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Share() != b.Share() {
			return a.Share() < b.Share()
		}
		if a.Urgent != b.Urgent {
			return a.Urgent > b.Urgent
		}
		return a.School < b.School
	})
	return out
}

// SchoolHistory is what a run adds to the state's history: per school, today's counts
// (no personal data).
func schoolHistory(ts []schoolTally, asOf time.Time) []outdir.SchoolDay {
	var out []outdir.SchoolDay
	for _, t := range ts {
		out = append(out, outdir.SchoolDay{Date: asOf.Format("2006-01-02"), School: t.School, Children: t.Children,
			Urgent: t.Urgent, VisitOverdue: t.VisitOverdue, CallOverdue: t.CallOverdue, NoContact: t.NoContact, InTime: t.InTime})
	}
	return out
}

// attachPrevious finds, for each school, its counts of at least a week before asOf.
func attachPrevious(ts []schoolTally, history []outdir.SchoolDay, asOf time.Time) {
	weekAgo := asOf.AddDate(0, 0, -7).Format("2006-01-02")
	for i := range ts {
		var best *outdir.SchoolDay
		for k := range history {
			h := &history[k]
			if h.School == ts[i].School && h.Date <= weekAgo && (best == nil || h.Date > best.Date) {
				best = h
			}
		}
		ts[i].previous = best
	}
}

// change says how the share followed up in time moved since the previous week.
func (t schoolTally) change() string {
	if t.previous == nil || t.previous.Children == 0 {
		return "—"
	}
	before := float64(t.previous.InTime) / float64(t.previous.Children)
	d := (t.Share() - before) * 100
	switch {
	case d >= 0.5:
		return fmt.Sprintf("升 %.0f%%", d)
	case d <= -0.5:
		return fmt.Sprintf("降 %.0f%%", -d)
	}
	return "持平"
}

// writeDistrictPDF writes the district's 汇总.pdf: the totals, one row per school (the
// furthest behind first), and a chart with one bar per school, 40 to a page.
func writeDistrictPDF(w io.Writer, schools []schoolTally, office string, asOf time.Time, notes []string) error {
	var total schoolTally
	for _, s := range schools {
		total.Tally.Plus(s.Tally)
		total.RostersWithErrors += s.RostersWithErrors
	}
	rows := behindFirst(schools)
	// The office that keeps the schools' rosters names the page (liushou.toml's school.name,
	// e.g. 台江县教育局); without it, the district.
	title := "全区留守儿童家访与通话汇总（各校）"
	if office != "" {
		title = clip(office, maxSchool) + " 留守儿童家访与通话汇总（各校）"
	}
	counts := fmt.Sprintf("留守儿童 %d 名", total.Children)
	if children, pupils, share, ok := pupilShare(schools); ok {
		counts = fmt.Sprintf("学生 %d 名，留守儿童 %d 名（占 %.0f%%）", pupils, children, share*100)
	}
	d, y := startSummary(title, fmt.Sprintf("统计日期：%s　　%d 所学校，%s，按时跟进 %.0f%%", rules.ChineseDate(asOf), len(schools), counts, total.Share()*100),
		"　各校的学生名单见各校文件夹里的汇总", asOf)
	y = drawNotes(d, y, notes)
	drawBoxes(d, y, []summaryBox{
		{"需立即家访", total.Urgent, barUrgent}, {"家访逾期", total.VisitOverdue, barOverdue}, {"通话逾期", total.CallOverdue, barOverdue},
		{"无家长电话", total.NoContact, barNoPhone}, {"按时跟进", total.InTime, [3]int{60, 150, 80}}, {"有错误的花名册", total.RostersWithErrors, barSoon},
	})
	y += 25

	// The table: one row per school.
	cols := []tableColumn{{"序", 8}, {"学校", 46}, {"留守儿童", 16}, {"立即家访", 16}, {"家访逾期", 16}, {"通话逾期", 16}, {"无电话", 14}, {"按时跟进", 17}, {"较上周", 15}, {"错误花名册", 16}}
	y = drawTableHeader(d, y, cols)
	const rowH = 5.6
	for i, s := range rows {
		if y+rowH > 278 {
			d.AddPage()
			y = drawTableHeader(d, 15, cols)
		}
		vals := []string{fmt.Sprint(i + 1), clip(orDefault(s.School, "未填学校"), 14), fmt.Sprint(s.Children), fmt.Sprint(s.Urgent),
			fmt.Sprint(s.VisitOverdue), fmt.Sprint(s.CallOverdue), fmt.Sprint(s.NoContact), fmt.Sprintf("%.0f%%", s.Share()*100),
			s.change(), fmt.Sprint(s.RostersWithErrors)}
		y = drawTableRow(d, y, rowH, cols, vals, 1)
	}
	d.Font(8)
	d.TextColor(90, 90, 90)
	d.Text(15, y+1, 180, 5, "按时跟进：家访和与家长通话都没有逾期的学生所占的比例。排在前面的学校最需要督促。", "L")
	d.TextColor(0, 0, 0)

	// The chart: one bar per school, its children split into followed up in time, behind,
	// and to visit at once; 40 schools to a page.
	d.AddPage()
	y = 15
	d.Font(12)
	d.Text(15, y, 180, 7, "各校跟进情况（每所学校的留守儿童按比例分段）", "L")
	y += 9
	legend := []struct {
		label string
		color [3]int
	}{{"按时跟进", [3]int{60, 150, 80}}, {"逾期或无电话", barOverdue}, {"需立即家访", barUrgent}}
	lx := 15.0
	d.Font(8)
	for _, l := range legend {
		d.FillColor(l.color[0], l.color[1], l.color[2])
		d.Rect(lx, y+1, 4, 3, "F")
		d.Text(lx+5, y, 30, 5, l.label, "L")
		lx += 9 + d.Width(l.label) + 4
	}
	y += 7
	const barX, barW, barH = 62.0, 118.0, 6.0
	for i, s := range rows {
		if i > 0 && i%40 == 0 {
			d.AddPage()
			y = 15
		}
		d.Font(8)
		d.Text(15, y+0.5, 46, 5, clip(orDefault(s.School, "未填学校"), 14), "L")
		behind := s.Children - s.InTime - s.Urgent
		if behind < 0 {
			behind = 0
		}
		unit := barW
		if s.Children > 0 {
			unit = barW / float64(s.Children)
		}
		x := barX
		for _, part := range []struct {
			n     int
			color [3]int
		}{{s.InTime, [3]int{60, 150, 80}}, {behind, barOverdue}, {s.Urgent, barUrgent}} {
			if part.n == 0 {
				continue
			}
			d.FillColor(part.color[0], part.color[1], part.color[2])
			d.Rect(x, y+0.8, float64(part.n)*unit, barH-1.6, "F")
			x += float64(part.n) * unit
		}
		d.Text(barX+barW+1, y+0.5, 16, 5, fmt.Sprintf("%.0f%%", s.Share()*100), "L")
		y += barH
	}
	return d.Write(w)
}

// writeDistrictSheet adds the per-school sheet to the district's 汇总.xlsx.
func writeDistrictSheet(book *table.Book, schools []schoolTally) {
	sh := book.Sheet("各校汇总")
	// 学生总数 and 留守占比 come last: the columns before them keep their places for
	// whoever reads this sheet by column.
	sh.Header("学校", "留守儿童", "需立即家访", "家访逾期", "通话逾期", "无家长电话", "按时跟进人数", "按时跟进比例", "较上周", "有错误的花名册", "学生总数", "留守占比")
	sh.Widths(24, 12, 12, 12, 12, 12, 12, 12, 12, 12, 11, 11)
	sh.Column(7, table.Percent)
	sh.Column(11, table.Percent)
	for _, s := range behindFirst(schools) {
		var pupils, share any = "", "" // not known: no count and no share
		if s.Pupils > 0 {
			pupils, share = s.Pupils, float64(s.Children)/float64(s.Pupils)
		}
		sh.Row(orDefault(s.School, "未填学校"), s.Children, s.Urgent, s.VisitOverdue, s.CallOverdue, s.NoContact, s.InTime, s.Share(), s.change(), s.RostersWithErrors, pupils, share)
	}
	sh.Filter()
}

// writeTeachersPDF writes a school's 结对教师清单.pdf: one page per paired teacher, with
// their children across classes, the most urgent first. false when no child has one.
func writeTeachersPDF(w io.Writer, s schoolTally, p rules.Policy, asOf time.Time) (bool, error) {
	byTeacher := map[string][]rules.Result{}
	for _, c := range s.classes {
		for _, r := range c.Results {
			if t := r.Child.Teacher; t != "" {
				byTeacher[t] = append(byTeacher[t], r)
			}
		}
	}
	if len(byTeacher) == 0 {
		return false, nil
	}
	names := make([]string, 0, len(byTeacher))
	for t := range byTeacher {
		names = append(names, t)
	}
	sort.Strings(names)
	school := orDefault(s.School, "未填学校")
	d := pdf.New("P", school+" 结对帮扶教师清单", asOf)
	// The paired teacher takes the list along: where each family lives and its phones,
	// boxes to tick, and a line to sign.
	cols := []tableColumn{{"班级", 19}, {"学生姓名", 16}, {"家访", 11}, {"上次家访", 17}, {"通话", 11}, {"上次通话", 17},
		{"家庭住址和电话", 40}, {"说明", 33}, {"本次完成", 16}}
	const lineH = 4.2
	for _, t := range names {
		rs := byTeacher[t]
		rules.SortByUrgency(rs)
		d.AddPage()
		y := 15.0
		top := func() {
			d.Font(14)
			d.Text(15, y, 180, 8, fmt.Sprintf("%s　结对帮扶教师 %s 的学生（%d 名）", clip(school, maxSchool), clip(t, maxName), len(rs)), "C")
			y += 9
			d.Font(8.5)
			d.TextColor(90, 90, 90)
			d.Text(15, y, 180, 5, fmt.Sprintf("统计日期 %s；家访%s至少一次，与家长通话%s至少一次。", rules.ChineseDate(asOf), rules.EveryInWords(p.VisitEvery), rules.EveryInWords(p.CallEvery)), "C")
			d.TextColor(0, 0, 0)
			y = drawTableHeader(d, y+7, cols)
		}
		top()
		for _, r := range rs {
			c := printableChild(*r.Child)
			date := func(dt rules.Date) string {
				if dt.IsZero() {
					return "无记录"
				}
				return rules.ShortDate(dt.Time)
			}
			home := c.Address
			if c.GuardianPhone != "" {
				home += "\n监护人 " + phone(p, c.GuardianPhone)
			}
			for _, pa := range []struct {
				who string
				p   rules.Parent
			}{{"父", c.Father}, {"母", c.Mother}} {
				if pa.p.Phone != "" {
					home += "\n" + pa.who + " " + phone(p, pa.p.Phone)
				}
			}
			vals := []string{c.Class, c.Name, visitLabel(r.Visit), date(c.LastVisit), callLabel(r.Call), date(c.LastCall),
				strings.TrimPrefix(home, "\n"), joinReasons(r.Reasons), "□已家访\n□已通话"}
			d.Font(8.5)
			cells := make([][]string, len(cols))
			h := 6.0
			for k, col := range cols {
				cells[k] = d.Lines(vals[k], col.w-2, 0)
				h = max(h, float64(len(cells[k]))*lineH+1.6)
			}
			if y+h > 262 {
				d.AddPage()
				y = 15
				top()
			}
			x := 15.0
			for k, col := range cols {
				d.Rect(x, y, col.w, h, "D")
				align := "C"
				if len(cells[k]) > 1 || k >= 6 {
					align = "L"
				}
				for i, l := range cells[k] {
					d.Text(x+0.5, y+0.8+float64(i)*lineH, col.w-1, lineH, l, align)
				}
				x += col.w
			}
			y += h
		}
		d.Font(10)
		d.Text(15, y+6, 90, 7, "结对帮扶教师签名：", "L")
		d.Line(15+d.Width("结对帮扶教师签名：")+1, y+12, 100, y+12)
		d.Text(110, y+6, 80, 7, "日期：", "L")
		d.Line(110+d.Width("日期：")+1, y+12, 190, y+12)
	}
	return true, d.Write(w)
}
