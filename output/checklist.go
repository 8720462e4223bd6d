package output

import (
	"fmt"
	"io"
	"liushou/output/pdf"
	"strings"
	"time"

	"liushou/rules"
)

// visitLabel is the Chinese word for a visit status.
func visitLabel(s rules.VisitStatus) string {
	switch s {
	case rules.VisitUrgent:
		return "紧急"
	case rules.VisitOverdue:
		return "逾期"
	case rules.VisitDueSoon:
		return "将到期"
	}
	return "正常"
}

// callLabel is the Chinese word for a call status.
func callLabel(s rules.CallStatus) string {
	switch s {
	case rules.CallNoContact:
		return "无电话"
	case rules.CallOverdue:
		return "逾期"
	case rules.CallDueSoon:
		return "将到期"
	}
	return "正常"
}

// column of the checklist table.
type column struct {
	title string
	width float64
	align string
	value func(r rules.Result, p rules.Policy, n int) string
}

func phone(p rules.Policy, s string) string {
	if s == "" || !p.MaskPhones {
		return s
	}
	return rules.MaskPhone(s)
}

func lastDate(d rules.Date, days int) string {
	if d.IsZero() {
		return "无记录"
	}
	return fmt.Sprintf("%s\n%d天前", rules.ShortDate(d.Time), days)
}

// checklistColumns fit an A4 landscape page: 277 mm between the margins.
var checklistColumns = []column{
	{"序号", 9, "C", func(r rules.Result, p rules.Policy, n int) string { return fmt.Sprint(n) }},
	{"姓名", 19, "L", func(r rules.Result, p rules.Policy, n int) string { return r.Child.Name }},
	{"监护人（关系）", 26, "L", func(r rules.Result, p rules.Policy, n int) string {
		g := r.Child.Guardian
		if r.Child.GuardianRelation != "" {
			g += "（" + r.Child.GuardianRelation + "）"
		}
		return g
	}},
	{"监护人电话", 24, "L", func(r rules.Result, p rules.Policy, n int) string { return phone(p, r.Child.GuardianPhone) }},
	{"家长电话", 28, "L", func(r rules.Result, p rules.Policy, n int) string {
		var ps []string
		if r.Child.Father.Phone != "" {
			ps = append(ps, "父 "+phone(p, r.Child.Father.Phone))
		}
		if r.Child.Mother.Phone != "" {
			ps = append(ps, "母 "+phone(p, r.Child.Mother.Phone))
		}
		if r.Child.Parent.Phone != "" { // a 家长电话 column, or a reply that did not say whose
			ps = append(ps, "家长 "+phone(p, r.Child.Parent.Phone))
		}
		return strings.Join(ps, "\n")
	}},
	{"上次家访", 18, "C", func(r rules.Result, p rules.Policy, n int) string {
		return lastDate(r.Child.LastVisit, r.DaysSinceVisit)
	}},
	{"家访", 13, "C", func(r rules.Result, p rules.Policy, n int) string { return visitLabel(r.Visit) }},
	{"上次通话", 18, "C", func(r rules.Result, p rules.Policy, n int) string { return lastDate(r.Child.LastCall, r.DaysSinceCall) }},
	{"通话", 13, "C", func(r rules.Result, p rules.Policy, n int) string { return callLabel(r.Call) }},
	{"家庭住址", 32, "L", func(r rules.Result, p rules.Policy, n int) string { return r.Child.Address }},
	{"情况说明", 55, "L", func(r rules.Result, p rules.Policy, n int) string { return strings.Join(r.Reasons, "；\n") }},
	{"本次完成", 22, "L", func(r rules.Result, p rules.Policy, n int) string { return "□已家访\n□已通话" }},
}

// Checklist geometry, in millimetres.
const (
	clLeft    = 10.0
	clTop     = 10.0
	clBottom  = 196.0 // last y a row may reach; the footer sits below
	clLineH   = 4.6
	clPadding = 1.2
	clFontPt  = 9.0
	// clSignature is the height of the class teacher's signature line under the table.
	clSignature = 18.0
)

// writeChecklist writes a class's checklist; share, if not nil, is the part of the font
// the run's checklists have in common.
func writeChecklist(w io.Writer, class rules.Class, p rules.Policy, asOf time.Time, share *pdf.Share) error {
	class = printableClass(class)
	title := fmt.Sprintf("%s %s 留守儿童家访与通话检查清单", class.School, class.Name)
	d := pdf.New("L", title, asOf)
	d.Tight() // its size has a budget (the Python pipeline's)
	d.UseShare(share)
	d.NumberPages()
	d.SetFooter(func() {
		d.Font(8.5)
		d.TextColor(90, 90, 90)
		d.Text(clLeft, 200, 277, 5, fmt.Sprintf("%s %s　统计日期 %s", class.School, class.Name, rules.ChineseDate(asOf)), "L")
		d.Text(clLeft, 200, 277, 5, fmt.Sprintf("第 %d 页 / 共 %s 页", d.PageNo(), pdf.PageTotal), "R")
		d.TextColor(0, 0, 0)
	})
	d.AddPage()

	d.Font(16)
	d.Text(clLeft, clTop, 277, 9, title, "C")
	d.Font(10)
	tally := checklistTally(class, asOf)
	var children []rules.Child
	for _, r := range class.Results {
		children = append(children, *r.Child)
	}
	if ct := p.ClassTeacherOf(class.Name, children); ct.Name != "" {
		tally = "班主任：" + clip(ct.Name, maxName) + "　　" + tally
	}
	d.Text(clLeft, clTop+10, 277, 6, tally, "C")
	d.Font(8.5)
	d.TextColor(90, 90, 90)
	d.Text(clLeft, clTop+16, 277, 5, fmt.Sprintf("规则：家访%s至少一次，与家长通话%s至少一次，%s到期前%d天起列为“将到期”；出现%s任一情况，须立即家访。",
		rules.EveryInWords(p.VisitEvery), rules.EveryInWords(p.CallEvery), otherRules(p), p.DueSoon, p.SignList()), "C")
	d.TextColor(0, 0, 0)
	y := clTop + 23
	y = drawChecklistHeader(d, y)

	d.Font(clFontPt)
	for i, res := range class.Results {
		ch := printableChild(*res.Child)
		res.Child = &ch // res is this loop's copy: the class's child is left as it is
		cells := make([][]string, len(checklistColumns))
		rows := 1
		for c, col := range checklistColumns {
			cells[c] = d.Lines(col.value(res, p, i+1), col.width-2*clPadding, 0)
			if len(cells[c]) > rows {
				rows = len(cells[c])
			}
		}
		h := float64(rows)*clLineH + 2*clPadding
		need := h
		if i == len(class.Results)-1 {
			need += clSignature // the last child stays on the page of the signature line
		}
		if y+need > clBottom {
			d.AddPage()
			y = drawChecklistHeader(d, clTop)
			d.Font(clFontPt)
		}
		drawChecklistRow(d, y, h, cells, res)
		y += h
	}

	// Signature line for the class teacher.
	d.Font(10.5)
	y += 9
	d.Text(clLeft+120, y, 80, 7, "班主任签名：＿＿＿＿＿＿＿＿＿＿", "L")
	d.Text(clLeft+205, y, 72, 7, "核查日期：＿＿＿＿年＿＿月＿＿日", "L")
	return d.Write(w)
}

// checklistTally counts the class by status for the line under the title.
func checklistTally(class rules.Class, asOf time.Time) string {
	var urgent, overdue, soon, callOver, noContact int
	for _, r := range class.Results {
		switch r.Visit {
		case rules.VisitUrgent:
			urgent++
		case rules.VisitOverdue:
			overdue++
		case rules.VisitDueSoon:
			soon++
		}
		switch r.Call {
		case rules.CallOverdue:
			callOver++
		case rules.CallNoContact:
			noContact++
		}
	}
	return fmt.Sprintf("统计日期：%s　　共 %d 名　　需立即家访 %d 名　家访逾期 %d 名　家访将到期 %d 名　　通话逾期 %d 名　无家长电话 %d 名",
		rules.ChineseDate(asOf), len(class.Results), urgent, overdue, soon, callOver, noContact)
}

func drawChecklistHeader(d *pdf.Doc, y float64) float64 {
	d.Font(9.5)
	h := 8.0
	x := clLeft
	d.FillColor(225, 225, 225)
	for _, col := range checklistColumns {
		d.Rect(x, y, col.width, h, "FD")
		d.Text(x, y+(h-5)/2, col.width, 5, col.title, "C")
		x += col.width
	}
	return y + h
}

func drawChecklistRow(d *pdf.Doc, y, h float64, cells [][]string, res rules.Result) {
	x := clLeft
	for c, col := range checklistColumns {
		fill := ""
		switch {
		case col.title == "家访" && res.Visit == rules.VisitUrgent:
			d.FillColor(245, 190, 190)
			fill = "F"
		case col.title == "家访" && res.Visit == rules.VisitOverdue, col.title == "通话" && (res.Call == rules.CallOverdue || res.Call == rules.CallNoContact):
			d.FillColor(252, 225, 205)
			fill = "F"
		case col.title == "家访" && res.Visit == rules.VisitDueSoon, col.title == "通话" && res.Call == rules.CallDueSoon:
			d.FillColor(252, 245, 205)
			fill = "F"
		}
		d.Rect(x, y, col.width, h, fill+"D")
		ty := y + clPadding
		if col.align == "C" {
			ty = y + (h-float64(len(cells[c]))*clLineH)/2
		}
		for _, l := range cells[c] {
			d.Text(x+clPadding, ty, col.width-2*clPadding, clLineH, l, col.align)
			ty += clLineH
		}
		x += col.width
	}
}

// otherRules says the school's other rules that are on (谈心, 体检, 培训), for the
// checklist's line of rules: "" when none is.
func otherRules(p rules.Policy) string {
	var out []string
	if p.TalkEvery > 0 {
		out = append(out, "谈心"+rules.EveryInWords(p.TalkEvery)+"至少一次")
	}
	if p.HealthEvery > 0 {
		out = append(out, "体检"+rules.EveryInWords(p.HealthEvery)+"一次")
	}
	if p.TrainingPerTerm > 0 {
		out = append(out, fmt.Sprintf("监护人培训每学期至少%d次", p.TrainingPerTerm))
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "，") + "，"
}
