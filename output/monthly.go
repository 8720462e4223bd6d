package output

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"liushou/output/outdir"
	"liushou/output/table"
	"liushou/rules"
)

// MonthRow is one school's, or one class's, line of the monthly report.
type MonthRow struct {
	School, Class string
	rules.MonthTally
	// Previous is the children at the end of the month before, from the nightly runs'
	// history; -1 when no run of that month is on record.
	Previous         int
	Errors, Warnings int // the problems of its rosters
	// Joined and Left are the children new on the rosters in the month and gone from them,
	// counted night by night; Posted the letters posted in the month. Each is -1 where the
	// nights' record cannot say (a class's row; a month with a night that kept no roll).
	Joined, Left, Posted int
}

// change is the children's change since the month before, as the report prints it.
func (r MonthRow) change() string {
	switch d := r.Children - r.Previous; {
	case r.Previous < 0:
		return "—"
	case d > 0:
		return fmt.Sprintf("+%d", d)
	default:
		return fmt.Sprint(d)
	}
}

func (r MonthRow) share() float64 {
	if r.Children == 0 {
		return 1
	}
	return float64(r.InTime) / float64(r.Children)
}

// Monthly is a month's report (月报): a row per school, and per class for a school's own;
// the district's totals; the letters posted in the month.
type Monthly struct {
	From, To, AsOf time.Time
	Office         string // who reports: the district office's or the school's name
	Schools        []MonthRow
	Classes        []MonthRow // a school's own report: its classes
	Total          MonthRow
	// Posted counts the letters of the batches recorded as posted in the month; -1 when
	// the output folder holds no record of the nights.
	Posted int
}

// Posted is what the nights' record says of the letters posted in a month: in all, and
// per school (nil when a batch of the month was recorded without its schools).
type Posted struct {
	Total    int // -1: the output folder holds no record of the nights
	BySchool map[string]int
}

// MonthlyName is the report's file name, without its extension: 月报（2026年11月）.
func MonthlyName(from time.Time) string {
	return fmt.Sprintf("月报（%d年%d月）", from.Year(), int(from.Month()))
}

// BuildMonthly counts the month from..to (evaluated on asOf, its last day or today) for
// each class and school of the report; history is the nightly runs' (for the children at
// the month before's end), posted the letters posted in the month (-1: not known).
func BuildMonthly(roster rules.Roster, rep rules.Report, from, to, asOf time.Time, history []outdir.SchoolDay, posted Posted, office string) Monthly {
	problems := append(append([]rules.Problem{}, roster.Problems...), rep.Problems...)
	mm := NewMonthlyMaker(from, to, asOf, history, posted, office, problems)
	for _, c := range rep.Classes() {
		mm.Add(c)
	}
	return mm.Monthly(problems)
}

// A MonthlyMaker makes BuildMonthly's report of classes added one at a time, in print
// order: what liushou report needs of the children, counted as they pass, so that a
// class of them is held at a time.
type MonthlyMaker struct {
	m        Monthly
	history  []outdir.SchoolDay
	posted   Posted
	schoolOf map[string]string // a roster file's school, for its problems
	named    map[string]bool   // the rows a problem names
	classAt  map[string]int    // the class of each of those rows
	bySchool map[string]int
}

// NewMonthlyMaker starts BuildMonthly's report; problems are those known before the
// first class is added (Named adds more).
func NewMonthlyMaker(from, to, asOf time.Time, history []outdir.SchoolDay, posted Posted, office string, problems []rules.Problem) *MonthlyMaker {
	mm := &MonthlyMaker{m: Monthly{From: from, To: to, AsOf: asOf, Office: office, Posted: posted.Total},
		history: history, posted: posted, schoolOf: map[string]string{}, named: map[string]bool{}, classAt: map[string]int{},
		bySchool: map[string]int{}}
	mm.Named(problems)
	return mm
}

func rowKey(file, sheet string, row int) string {
	return fmt.Sprintf("%s\x00%s\x00%d", file, sheet, row)
}

// Named adds problems found since (a class's evaluation): call it before adding the class.
func (mm *MonthlyMaker) Named(problems []rules.Problem) {
	for _, p := range problems {
		mm.named[rowKey(p.File, p.Sheet, p.Row)] = true
	}
}

// Add counts a class's children.
func (mm *MonthlyMaker) Add(c rules.Class) {
	m := &mm.m
	row := MonthRow{School: c.School, Class: c.Name, Previous: -1, Joined: -1, Left: -1, Posted: -1}
	for _, r := range c.Results {
		row.AddMonth(r, m.From, m.To)
		if _, ok := mm.schoolOf[r.Child.File]; !ok {
			mm.schoolOf[r.Child.File] = c.School
		}
		if k := rowKey(r.Child.File, r.Child.Sheet, r.Child.Row); mm.named[k] {
			mm.classAt[k] = len(m.Classes)
		}
	}
	m.Classes = append(m.Classes, row)
	i, ok := mm.bySchool[c.School]
	if !ok {
		i = len(m.Schools)
		mm.bySchool[c.School] = i
		joined, left := monthMoves(mm.history, c.School, m.From, m.To)
		sent := -1
		if mm.posted.BySchool != nil {
			sent = mm.posted.BySchool[c.School]
		}
		m.Schools = append(m.Schools, MonthRow{School: c.School, Previous: previousChildren(mm.history, c.School, m.From),
			Joined: joined, Left: left, Posted: sent})
	}
	m.Schools[i].Plus(row.MonthTally)
}

// Monthly is the report of the classes added, with problems (the rosters' and the
// evaluation's, every one Named before its rows' class was added) counted to their
// schools and classes.
func (mm *MonthlyMaker) Monthly(problems []rules.Problem) Monthly {
	m := mm.m
	m.Schools, m.Classes = slices.Clone(m.Schools), slices.Clone(m.Classes)
	for _, p := range problems {
		count := func(r *MonthRow) {
			if p.Severity == rules.Error {
				r.Errors++
			} else {
				r.Warnings++
			}
		}
		if i, ok := mm.bySchool[mm.schoolOf[p.File]]; ok {
			count(&m.Schools[i])
		}
		if k, ok := mm.classAt[rowKey(p.File, p.Sheet, p.Row)]; ok {
			count(&m.Classes[k]) // a problem of a child's row is its class's too
		}
	}
	m.Total = MonthRow{School: "合计", Previous: 0, Posted: mm.posted.Total}
	plus := func(sum *int, n int) {
		if n < 0 || *sum < 0 {
			*sum = -1
		} else {
			*sum += n
		}
	}
	for _, s := range m.Schools {
		m.Total.Plus(s.MonthTally)
		m.Total.Errors += s.Errors
		m.Total.Warnings += s.Warnings
		plus(&m.Total.Joined, s.Joined)
		plus(&m.Total.Left, s.Left)
		if s.Previous < 0 || m.Total.Previous < 0 {
			m.Total.Previous = -1
		} else {
			m.Total.Previous += s.Previous
		}
	}
	if len(m.Schools) > 1 {
		m.Classes = nil // a district's report is by school
	}
	return m
}

// monthMoves sums a school's children joined and left over the nights of the month
// (-1, -1 when a night of it kept no count, or none was run).
func monthMoves(history []outdir.SchoolDay, school string, from, to time.Time) (joined, left int) {
	nights := 0
	for _, h := range history {
		if h.School != school || h.Date < from.Format("2006-01-02") || h.Date > to.Format("2006-01-02") {
			continue
		}
		if !h.Moves {
			return -1, -1
		}
		joined, left, nights = joined+h.Joined, left+h.Left, nights+1
	}
	if nights == 0 {
		return -1, -1
	}
	return joined, left
}

// count prints a figure that may be unknown (-1) as —.
func count(n int) any {
	if n < 0 {
		return "—"
	}
	return n
}

// previousChildren is a school's children on the last night on record before from.
func previousChildren(history []outdir.SchoolDay, school string, from time.Time) int {
	last, n := "", -1
	for _, h := range history {
		if h.School == school && h.Date < from.Format("2006-01-02") && h.Date > last {
			last, n = h.Date, h.Children
		}
	}
	return n
}

// monthColumns are the report's figures, in the order both files print them.
var monthColumns = []string{"月末留守儿童", "较上月", "本月新增", "本月离开", "家访次数", "家访人数", "通话次数", "通话人数", "按时跟进", "按时跟进比例", "新登记必访", "其中已家访", "寄出家长信", "花名册错误", "花名册警告"}

func (r MonthRow) figures() []any {
	return []any{r.Children, r.change(), count(r.Joined), count(r.Left), r.Visits, r.Visited, r.Calls, r.Called, r.InTime, r.share(),
		r.Signs, r.SignsVisited, count(r.Posted), r.Errors, r.Warnings}
}

// WriteMonthlyXLSX writes the report as a workbook: 各校 (a row per school and the
// total), and for a school's own report 各班.
func WriteMonthlyXLSX(w io.Writer, m Monthly) error {
	book := table.New(m.AsOf)
	sheet := func(name, first string, rows []MonthRow, class bool) {
		sh := book.Sheet(name)
		head := []string{first}
		widths := []float64{24}
		if class {
			head, widths = append(head, "班级"), append(widths, 13)
		}
		head = append(head, monthColumns...)
		for range monthColumns {
			widths = append(widths, 12)
		}
		sh.Header(head...)
		sh.Widths(widths...)
		sh.Column(len(head)-6, table.Percent)
		for _, r := range append(rows, m.Total) {
			cells := []any{orDefault(r.School, "未填学校")}
			if class {
				cells = append(cells, r.Class)
			}
			sh.Row(append(cells, r.figures()...)...)
		}
	}
	sheet("各校", "学校", m.Schools, false)
	if len(m.Classes) > 0 {
		sheet("各班", "学校", m.Classes, true)
	}
	notes := book.Sheet("说明")
	notes.Header("说明")
	notes.Widths(100)
	for _, l := range monthlyNotes(m) {
		for _, part := range breakLine(l, 46) {
			notes.Row(part)
		}
	}
	return book.Write(w)
}

// breakLine cuts a line of text into pieces of at most n characters, after a
// punctuation mark where one is near: a sheet of notes prints whole at its size, where
// one long cell would run past the page and shrink the print.
func breakLine(s string, n int) []string {
	var out []string
	r := []rune(s)
	for len(r) > n {
		cut := n
		for i := n; i > n*2/3; i-- {
			if strings.ContainsRune("，；。：、）", r[i-1]) {
				cut = i
				break
			}
		}
		out = append(out, string(r[:cut]))
		r = r[cut:]
	}
	return append(out, string(r))
}

// monthlyNotes are the lines that say what the figures are.
func monthlyNotes(m Monthly) []string {
	posted := "本月寄出的家长信：输出文件夹里没有每晚运行的记录，不能统计。"
	if m.Posted >= 0 {
		posted = fmt.Sprintf("本月记为已寄出的家长信：%d 封。", m.Posted)
	}
	return []string{
		fmt.Sprintf("统计月份：%d年%d月（%s 至 %s），按 %s 的花名册和记录统计。", m.From.Year(), int(m.From.Month()),
			rules.ChineseDate(m.From), rules.ChineseDate(m.To), rules.ChineseDate(m.AsOf)),
		"本月家访、通话：花名册“最近家访日期”“最近通话日期”和“家访记录”“通话记录”表里日期在本月的次数（同一学生同一天算一次）。",
		"按时跟进：月末家访和与家长通话都没有逾期的学生。较上月：与上月最后一次每晚运行时的人数相比。",
		"本月新增、离开：每晚运行时与前一晚的花名册相比，新出现的和不再出现的学生（按身份证号或学校和姓名认人），本月各晚相加；本月有一晚没有记下名单的，或各班，写“—”。寄出家长信：本月记为已寄出（liushou letters --posted 或邮寄清单打√）的各批信里这所学校的封数。",
		"本月新登记必访：本月登记（或本月第一次出现）的必访情况；其中已家访：登记之后已经家访的。",
		"花名册错误、警告：各班只算学生那一行的问题，学校和合计还包括整个文件、表头和记录表的问题。",
		posted,
	}
}

// WriteMonthlyPDF writes the report for printing: the totals, then a row per school (or,
// for a school's own report, per class).
func WriteMonthlyPDF(w io.Writer, m Monthly) error {
	title := fmt.Sprintf("留守儿童关爱工作月报（%d年%d月）", m.From.Year(), int(m.From.Month()))
	if m.Office != "" {
		title = clip(m.Office, maxSchool) + " " + title
	}
	d, y := startSummary(title, fmt.Sprintf("统计日期：%s　　留守儿童 %d 名，本月家访 %d 次、通话 %d 次，月末按时跟进 %.0f%%",
		rules.ChineseDate(m.AsOf), m.Total.Children, m.Total.Visits, m.Total.Calls, m.Total.share()*100), "", m.AsOf)
	rows, first := m.Schools, "学校"
	if len(m.Classes) > 0 {
		rows, first = m.Classes, "班级"
	}
	cols := []tableColumn{{first, 30}, {"月末人数", 14}, {"较上月", 12}, {"新增/离开", 17}, {"家访次（人）", 18}, {"通话次（人）", 18},
		{"按时跟进", 14}, {"新登记必访", 19}, {"寄出信", 13}, {"问题", 25}}
	y = drawTableHeader(d, y+2, cols)
	const rowH = 5.6
	for _, r := range append(rows, m.Total) {
		if y+rowH > 270 {
			d.AddPage()
			y = drawTableHeader(d, 15, cols)
		}
		name := orDefault(r.School, "未填学校")
		if len(m.Classes) > 0 && r.Class != "" {
			name = r.Class
		}
		vals := []string{clip(name, 11), fmt.Sprint(r.Children), r.change(), fmt.Sprintf("%v / %v", count(r.Joined), count(r.Left)),
			fmt.Sprintf("%d（%d）", r.Visits, r.Visited), fmt.Sprintf("%d（%d）", r.Calls, r.Called), fmt.Sprintf("%.0f%%", r.share()*100),
			fmt.Sprintf("%d（已访 %d）", r.Signs, r.SignsVisited), fmt.Sprint(count(r.Posted)), fmt.Sprintf("错 %d 警 %d", r.Errors, r.Warnings)}
		y = drawTableRow(d, y, rowH, cols, vals, 0)
	}
	d.Font(8)
	d.TextColor(90, 90, 90)
	for _, l := range monthlyNotes(m)[1:] {
		if y+5 > 280 {
			d.AddPage()
			y = 15
		}
		for _, line := range d.Lines(l, 180, 0) {
			d.Text(15, y+1, 180, 4.5, line, "L")
			y += 4.5
		}
	}
	d.TextColor(0, 0, 0)
	return d.Write(w)
}
