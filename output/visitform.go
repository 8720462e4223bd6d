package output

import (
	"fmt"
	"io"
	"strings"
	"time"

	"liushou/output/pdf"
	"liushou/rules"
)

// Visit form geometry: two forms to an A4 page.
const (
	formLeft, formWidth = 15.0, 180.0
	formH               = 138.0
	formTop             = 10.0
)

// visitFormFields are the columns of the 家访记录 sheet of liushou template, in its order:
// what the teacher writes on the form goes back in as a row of that sheet.
var visitFormFields = []string{"家访日期", "班级", "学生姓名", "家访教师", "家访形式", "家访内容"}

// writeVisitForms writes the forms a teacher takes on a home visit (家访记录表), one for
// each child of the class due or overdue for a visit, the most urgent first: the
// family's address and phones, the last visit, the signs registered, and blanks for what
// the visit found, the parents' view and the signatures. It returns false when no child
// is due.
func writeVisitForms(w io.Writer, class rules.Class, p rules.Policy, asOf time.Time, share *pdf.Share) (bool, error) {
	due := dueForVisit(class)
	if len(due) == 0 {
		return false, nil
	}
	class = printableClass(class)
	d := pdf.New("P", class.School+class.Name+" 家访记录表", asOf)
	d.UseShare(share)
	for i, r := range due {
		if i%2 == 0 {
			d.AddPage()
		} else {
			d.DrawColor(150, 150, 150)
			d.Dash(2, 1.5)
			d.Line(8, formTop+formH+1.5, 202, formTop+formH+1.5)
			d.Dash()
			d.DrawColor(0, 0, 0)
		}
		drawVisitForm(d, formTop+float64(i%2)*(formH+3), class, r, p, asOf)
	}
	return true, d.Write(w)
}

// dueForVisit are the class's children due or overdue for a visit, in the class's order
// (the most urgent first).
func dueForVisit(class rules.Class) []rules.Result {
	var due []rules.Result
	for _, r := range class.Results {
		if r.Visit == rules.VisitUrgent || r.Visit == rules.VisitOverdue || r.Visit == rules.VisitDueSoon {
			due = append(due, r)
		}
	}
	return due
}

func drawVisitForm(d *pdf.Doc, y float64, class rules.Class, r rules.Result, p rules.Policy, asOf time.Time) {
	c := printableChild(*r.Child)
	x, w := formLeft, formWidth
	d.Font(15)
	d.Text(x, y, w, 8, "家访记录表", "C")
	d.Font(9)
	d.TextColor(90, 90, 90)
	d.Text(x, y+1, w, 7, fmt.Sprintf("%s　统计日期 %s", class.School, rules.ShortDate(asOf)), "R")
	d.TextColor(0, 0, 0)
	y += 10
	const lineH = 6.2
	row := func(label, value string) {
		d.Font(9)
		d.TextColor(90, 90, 90)
		d.Text(x, y, 22, lineH, label, "L")
		d.TextColor(0, 0, 0)
		d.Font(10.5)
		for _, l := range d.Lines(value, w-24, 0) {
			d.Text(x+22, y, w-22, lineH, l, "L")
			y += lineH
		}
	}
	row("学生", fmt.Sprintf("%s　%s　家访：%s", c.Name, class.Name, visitLabel(r.Visit)))
	row("家庭住址", orDefault(c.Address, "（花名册未填，请家访时补记）＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿"))
	guardian := c.Guardian
	if c.GuardianRelation != "" {
		guardian += "（" + c.GuardianRelation + "）"
	}
	row("监护人", orDefault(guardian, "＿＿＿＿")+withPhone(c.GuardianPhone, p))
	row("父亲", parentLine(c.Father, p))
	row("母亲", parentLine(c.Mother, p))
	last := "无记录"
	if !c.LastVisit.IsZero() {
		last = fmt.Sprintf("%s（%d 天前）", rules.ChineseDate(c.LastVisit.Time), r.DaysSinceVisit)
		// What the log says of that visit: who went, how, what was said.
		for _, e := range c.Entries {
			if e.Kind == "家访记录" && e.Date.Time.Equal(c.LastVisit.Time) && entryNote(e) != "" {
				last += "：" + clip(entryNote(e), 60)
				break
			}
		}
	}
	row("上次家访", last)
	if len(r.Reasons) > 0 {
		row("需要家访", joinReasons(r.Reasons))
	}
	y += 1.5
	d.LineWidth(0.3)
	d.Line(x, y, x+w, y)
	d.LineWidth(0.2)
	y += 2
	// The 家访记录 sheet's columns, to be written in and copied back as its row.
	d.Font(10.5)
	blank := func(label string, at, width float64) {
		d.Text(at, y, d.Width(label)+1, lineH+1, label, "L")
		d.Line(at+d.Width(label)+1, y+lineH, at+width-4, y+lineH)
	}
	third := w / 3
	blank(visitFormFields[0]+"：", x, third)
	blank(visitFormFields[3]+"：", x+third, third)
	d.Text(x+2*third, y, third, lineH+1, visitFormFields[4]+"：□上门　□电话　□视频", "L")
	y += lineH + 3
	ruled := func(label string, lines int) {
		d.Text(x, y, w, lineH, label, "L")
		y += lineH
		for range lines {
			y += lineH + 1
			d.DrawColor(120, 120, 120)
			d.Line(x, y, x+w, y)
			d.DrawColor(0, 0, 0)
		}
		y += 2
	}
	ruled(visitFormFields[5]+"（孩子的学习、生活、身体和心情，监护情况）：", 3)
	ruled("家长意见：", 2)
	y += 1
	blank("家访教师签名：", x, w/2)
	blank("监护人或家长签名：", x+w/2, w/2)
	y += lineH + 2
	d.Font(8)
	d.TextColor(90, 90, 90)
	d.Text(x, y, w, 4.5, "家访后请在花名册的“家访记录”表记一行："+strings.Join(visitFormFields, "、")+"（家长意见写在家访内容里）。", "L")
	d.TextColor(0, 0, 0)
}
