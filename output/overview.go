package output

import (
	"fmt"
	"io"
	"liushou/output/pdf"
	"time"

	"liushou/output/table"
	"liushou/rules"
)

// Head teacher's summary files, at the top of --out.
const (
	OverviewPDF  = "汇总.pdf"
	OverviewXLSX = "汇总.xlsx"
)

// classTally is one class's tally.
type classTally struct {
	School, Class string
	rules.Tally
}

func tallyClasses(classes []rules.Class) (rows []classTally, total classTally) {
	for _, c := range classes {
		t := classTally{School: c.School, Class: c.Name, Tally: rules.TallyOf(c.Results)}
		rows = append(rows, t)
		total.Plus(t.Tally)
	}
	return rows, total
}

// Bar colours: the same meaning as the checklist's cells, and told apart on a black and
// white printer too: each a different grey (dark red, light orange, pale yellow), and
// 无家长电话 hatched. Numbers are dark on the light fills, white on the dark one.
var (
	barUrgent  = [3]int{165, 20, 20}
	barOverdue = [3]int{250, 185, 110}
	barSoon    = [3]int{255, 238, 160}
	barNoPhone = [3]int{215, 215, 215}
)

// lightFill says a fill is light enough for dark text (its grey on paper).
func lightFill(c [3]int) bool { return 299*c[0]+587*c[1]+114*c[2] > 140_000 }

// hatch draws diagonal lines across a rectangle, inside it: a pattern that shows without
// colour.
func hatch(d *pdf.Doc, x, y, w, h float64) {
	d.DrawColor(90, 90, 90)
	d.LineWidth(0.15)
	for i := -h; i < w; i += 1.6 {
		// The line from (x+i, y+h) up and to the right to (x+i+h, y), cut to the rectangle.
		x1, y1, x2, y2 := x+i, y+h, x+i+h, y
		if x1 < x {
			y1 -= x - x1
			x1 = x
		}
		if x2 > x+w {
			y2 += x2 - (x + w)
			x2 = x + w
		}
		if x2 > x1 {
			d.Line(x1, y1, x2, y2)
		}
	}
	d.LineWidth(0.2)
	d.DrawColor(0, 0, 0)
}

// pupils is the school's pupils when known (0: not), for the share left behind.
func writeOverviewPDF(w io.Writer, classes []rules.Class, pupils int, p rules.Policy, asOf time.Time, notes ...string) error {
	rows, total := tallyClasses(classes)
	title := "留守儿童家访与通话汇总"
	if name := schoolsName(classes, p); name != "" {
		title = clip(name, maxSchool) + " " + title
	}
	counts := fmt.Sprintf("留守儿童 %d 名", total.Children)
	if pupils > 0 {
		counts = fmt.Sprintf("学生 %d 名，留守儿童 %d 名（占 %.0f%%）", pupils, total.Children, float64(total.Children)/float64(pupils)*100)
	}
	d, y := startSummary(title, fmt.Sprintf("统计日期：%s　　%d 个班，%s", rules.ChineseDate(asOf), len(rows), counts), "", asOf)
	y = drawNotes(d, y, notes)
	drawBoxes(d, y, []summaryBox{
		{"需立即家访", total.Urgent, barUrgent}, {"家访逾期", total.VisitOverdue, barOverdue}, {"家访将到期", total.VisitSoon, barSoon},
		{"通话逾期", total.CallOverdue, barOverdue}, {"通话将到期", total.CallSoon, barSoon}, {"无家长电话", total.NoContact, barNoPhone},
	})
	y += 26

	// The chart: one row per class, a bar for visits and one for calls, each made of the
	// statuses that need attention, on one scale (the largest class).
	d.Font(11)
	d.Text(15, y, 180, 6, "各班需要跟进的人数", "L")
	y += 7
	d.Font(8)
	legend := []struct {
		label string
		color [3]int
	}{{"需立即家访", barUrgent}, {"逾期", barOverdue}, {"将到期", barSoon}, {"无家长电话", barNoPhone}}
	lx := 15.0
	for _, l := range legend {
		d.FillColor(l.color[0], l.color[1], l.color[2])
		d.Rect(lx, y+1, 4, 3, "FD")
		if l.color == barNoPhone {
			hatch(d, lx, y+1, 4, 3)
		}
		d.Text(lx+5, y, 30, 5, l.label, "L")
		lx += 8 + d.Width(l.label) + 4
	}
	y += 7
	scale := 1
	for _, r := range rows {
		if r.Children > scale {
			scale = r.Children
		}
	}
	const labelW, barX, barW, rowH = 47.0, 76.0, 98.0, 9.0
	unit := barW / float64(scale)
	for _, r := range rows {
		if y+rowH > 278 {
			d.AddPage()
			y = 15
		}
		d.Font(8)
		label := r.Class
		if len(schoolSet(classes)) > 1 {
			label = clip(r.School, 8) + " " + r.Class
		}
		d.Text(15, y+1.5, labelW, 5, label, "L")
		d.Font(7)
		d.Text(barX-12, y, 11, 4, "家访", "R")
		d.Text(barX-12, y+4.2, 11, 4, "通话", "R")
		drawBar(d, barX, y+0.5, unit, [][2]any{{r.Urgent, barUrgent}, {r.VisitOverdue, barOverdue}, {r.VisitSoon, barSoon}})
		drawBar(d, barX, y+4.7, unit, [][2]any{{r.NoContact, barNoPhone}, {r.CallOverdue, barOverdue}, {r.CallSoon, barSoon}})
		d.Font(7.5)
		d.Text(barX+barW+2, y+1.5, 17, 5, fmt.Sprintf("共%d名", r.Children), "L")
		d.DrawColor(220, 220, 220)
		d.Line(15, y+rowH-0.3, 195, y+rowH-0.3)
		d.DrawColor(0, 0, 0)
		y += rowH
	}

	// The children to visit at once.
	var urgent []rules.Result
	for _, c := range classes {
		for _, r := range c.Results {
			if r.Visit == rules.VisitUrgent {
				urgent = append(urgent, r)
			}
		}
	}
	y += 6
	if y+20 > 278 {
		d.AddPage()
		y = 15
	}
	d.Font(11)
	d.Text(15, y, 180, 6, fmt.Sprintf("需立即家访的学生（%d 名）", len(urgent)), "L")
	y += 8
	if len(urgent) == 0 {
		d.Font(9.5)
		d.Text(15, y, 180, 5, "没有。", "L")
	}
	for _, r := range urgent {
		c := printableChild(*r.Child)
		d.Font(9)
		reason := ""
		if len(r.Reasons) > 0 {
			reason = r.Reasons[0]
		}
		lines := d.Lines(reason, 110, 0)
		h := float64(len(lines))*4.6 + 1.5
		if y+h > 278 {
			d.AddPage()
			y = 15
		}
		where := c.Class
		if len(schoolSet(classes)) > 1 {
			where = clip(c.School, 12) + " " + c.Class
		}
		d.Text(15, y, 45, 4.6, where, "L")
		d.Text(62, y, 20, 4.6, c.Name, "L")
		for i, l := range lines {
			d.Text(85, y+float64(i)*4.6, 110, 4.6, l, "L")
		}
		y += h
	}
	return d.Write(w)
}

// drawBar draws one stacked bar: each part a count and its colour.
func drawBar(d *pdf.Doc, x, y, unit float64, parts [][2]any) {
	for _, part := range parts {
		n := part[0].(int)
		c := part[1].([3]int)
		if n == 0 {
			continue
		}
		w := float64(n) * unit
		d.FillColor(c[0], c[1], c[2])
		d.DrawColor(120, 120, 120)
		d.Rect(x, y, w, 3.6, "FD")
		d.DrawColor(0, 0, 0)
		if c == barNoPhone {
			hatch(d, x, y, w, 3.6)
		}
		if w >= 4 {
			d.Font(6.5)
			if lightFill(c) {
				d.TextColor(0, 0, 0)
			} else {
				d.TextColor(255, 255, 255)
			}
			d.Text(x, y-0.4, w, 4.4, fmt.Sprint(n), "C")
			d.TextColor(0, 0, 0)
		}
		x += w
	}
}

func schoolSet(classes []rules.Class) map[string]bool {
	s := map[string]bool{}
	for _, c := range classes {
		s[c.School] = true
	}
	return s
}

// schoolsName is the school the summary is about, when there is one.
func schoolsName(classes []rules.Class, p rules.Policy) string {
	s := schoolSet(classes)
	if len(s) == 1 {
		for name := range s {
			if name != "" {
				return name
			}
		}
	}
	return p.School.Name
}

// writeOverviewXLSX writes 汇总.xlsx: the same figures per class, and one row per child
// who needs a visit or a call, ready to filter.
func writeOverviewXLSX(w io.Writer, classes []rules.Class, p rules.Policy, asOf time.Time) error {
	return writeOverviewBook(w, []schoolTally{{classes: classes}}, p, asOf, "")
}

// writeOverviewBook is 汇总.xlsx, with a sheet of one row per school when schools holds
// more than one (the district's). spill, if set, is a private folder where the rows of
// children to follow up wait, school by school, until the workbook is written: a
// district's are a row per child (15 MB at four times a county).
func writeOverviewBook(w io.Writer, schools []schoolTally, p rules.Policy, asOf time.Time, spill string) error {
	book := table.New(asOf)
	book.SpillTo(spill)
	byClass, flagged := book.Sheet("各班汇总"), book.Sheet("需跟进学生")
	byClass.Header("学校", "班级", "留守儿童", "需立即家访", "家访逾期", "家访将到期", "通话逾期", "通话将到期", "无家长电话")
	byClass.Widths(24, 12, 12, 12, 12, 12, 12, 12, 12)
	flagged.Header("学校", "班级", "学生姓名", "身份证号", "家访", "上次家访", "距今天数", "通话", "上次通话", "距今天数", "监护人", "监护人电话", "情况说明")
	flagged.Widths(22, 13, 10, 20, 8, 12, 8, 8, 12, 8, 10, 14, 70)
	n := 0
	var total classTally
	for _, s := range schools {
		// One school's children at a time: the district's are not all held at once.
		classes, err := s.withChildren()
		if err != nil {
			return err
		}
		rows, t := tallyClasses(classes)
		for _, r := range rows {
			byClass.Row(r.School, r.Class, r.Children, r.Urgent, r.VisitOverdue, r.VisitSoon, r.CallOverdue, r.CallSoon, r.NoContact)
		}
		total.Plus(t.Tally)
		n += flagRows(flagged, classes, p)
	}
	byClass.Row("合计", "", total.Children, total.Urgent, total.VisitOverdue, total.VisitSoon, total.CallOverdue, total.CallSoon, total.NoContact)
	if n > 0 {
		flagged.Filter()
	}
	if len(schools) > 1 {
		writeDistrictSheet(book, schools)
	}
	return book.Write(w)
}

// flagRows lists the classes' children who need following up, a row each; it returns
// how many.
func flagRows(flagged *table.Sheet, classes []rules.Class, p rules.Policy) int {
	n := 0
	for _, c := range classes {
		for _, r := range c.Results {
			if r.Visit == rules.VisitOK && r.Call == rules.CallOK {
				continue
			}
			n++
			ch := printableChild(*r.Child)
			days := func(k int) any {
				if k < 0 {
					return ""
				}
				return k
			}
			date := func(d rules.Date) string {
				if d.IsZero() {
					return "无记录"
				}
				return d.Time.Format("2006-01-02")
			}
			id := ch.ID
			if p.MaskIDs && id != "" {
				id = rules.MaskID(id)
			}
			flagged.Row(ch.School, ch.Class, ch.Name, id, visitLabel(r.Visit), date(ch.LastVisit), days(r.DaysSinceVisit),
				callLabel(r.Call), date(ch.LastCall), days(r.DaysSinceCall), ch.Guardian, phone(p, ch.GuardianPhone), joinReasons(r.Reasons))
		}
	}
	return n
}

func joinReasons(rs []string) string {
	out := ""
	for i, r := range rs {
		if i > 0 {
			out += "；"
		}
		out += r
	}
	return out
}

// summaryBox is one of the figures at the top of a summary page.
type summaryBox struct {
	label string
	n     int
	color [3]int
}

// startSummary starts a summary document: the footer with the date and page numbers (and
// a note), the title and the line under it; it returns the y below them.
func startSummary(title, subtitle, footNote string, asOf time.Time) (*pdf.Doc, float64) {
	d := pdf.New("P", title, asOf)
	d.NumberPages()
	d.SetFooter(func() {
		d.Font(8.5)
		d.TextColor(90, 90, 90)
		d.Text(15, 285, 180, 5, fmt.Sprintf("统计日期 %s　第 %d 页 / 共 %s 页%s", rules.ChineseDate(asOf), d.PageNo(), pdf.PageTotal, footNote), "C")
		d.TextColor(0, 0, 0)
	})
	d.AddPage()
	d.Font(17)
	d.Text(15, 15, 180, 9, title, "C")
	d.Font(10.5)
	d.Text(15, 25, 180, 6, subtitle, "C")
	return d, 36
}

// drawNotes prints the lines a head teacher must see first (letter batches that wait to
// be posted), framed, under the title; it returns where the page goes on.
func drawNotes(d *pdf.Doc, y float64, notes []string) float64 {
	if len(notes) == 0 {
		return y
	}
	d.Font(10.5)
	var lines []string
	for _, n := range notes {
		lines = append(lines, d.Lines(n, 174, 0)...)
	}
	h := float64(len(lines))*5.5 + 3
	d.DrawColor(0, 0, 0)
	d.LineWidth(0.5)
	d.Rect(15, y, 180, h, "D")
	for i, l := range lines {
		d.Text(18, y+1.5+float64(i)*5.5, 174, 5.5, l, "L")
	}
	return y + h + 4
}

// drawBoxes draws the figures in a row of framed boxes at y.
func drawBoxes(d *pdf.Doc, y float64, boxes []summaryBox) {
	for i, b := range boxes {
		x := 15 + float64(i)*30
		d.FillColor(b.color[0], b.color[1], b.color[2])
		d.DrawColor(90, 90, 90)
		d.LineWidth(0.4)
		d.Rect(x+1, y, 28, 18, "FD")
		if b.color == barNoPhone {
			hatch(d, x+1, y, 28, 3)
		}
		if lightFill(b.color) {
			d.TextColor(0, 0, 0)
		} else {
			d.TextColor(255, 255, 255)
		}
		d.Font(16)
		d.Text(x+1, y+2, 28, 8, fmt.Sprint(b.n), "C")
		d.Font(9)
		d.Text(x+1, y+11, 28, 5, b.label, "C")
		d.TextColor(0, 0, 0)
	}
	d.LineWidth(0.2)
	d.DrawColor(0, 0, 0)
}

// tableColumn is a column of a drawn table: its heading and width (mm).
type tableColumn struct {
	head string
	w    float64
}

// drawTableHeader draws a table's heading row at (15, y) and returns the y below it.
func drawTableHeader(d *pdf.Doc, y float64, cols []tableColumn) float64 {
	d.Font(8.5)
	d.FillColor(221, 235, 247)
	x := 15.0
	for _, c := range cols {
		d.Rect(x, y, c.w, 6, "FD")
		d.Text(x, y+0.5, c.w, 5, c.head, "C")
		x += c.w
	}
	return y + 6
}

// drawTableRow draws a row of a table under drawTableHeader's header: its cells boxed,
// centred but for column left, and returns the y below it.
func drawTableRow(d *pdf.Doc, y, rowH float64, cols []tableColumn, vals []string, left int) float64 {
	d.Font(8.5)
	x := 15.0
	for k, c := range cols {
		d.Rect(x, y, c.w, rowH, "D")
		align := "C"
		if k == left {
			align = "L"
		}
		d.Text(x+0.8, y+0.4, c.w-1.6, rowH-0.8, vals[k], align)
		x += c.w
	}
	return y + rowH
}
