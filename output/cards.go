package output

import (
	"io"
	"strings"
	"time"

	"liushou/output/pdf"
	"liushou/rules"
)

// ContactCardsFile is each class's contact cards (联系卡), VisitFormsFile its visit forms.
const (
	ContactCardsFile = "联系卡.pdf"
	VisitFormsFile   = "家访记录表.pdf"
)

// Card geometry: eight cards to an A4 sheet, two across and four down, with dashed cut
// lines between them.
const (
	cardW, cardH       = 95.0, 69.0
	cardLeft, cardTop  = 10.0, 10.5
	cardsAcross        = 2
	cardsDown          = 4
	cardPad, cardLineH = 4.0, 5.6
)

// writeContactCards writes a class's contact cards (班主任、监护人联系卡): for each child,
// the child and class, the class teacher and paired teacher, the guardian and the parents
// with their phones, and the school's phone. Two sets: one to give the guardian, one for
// the class file, each card saying which it is.
func writeContactCards(w io.Writer, class rules.Class, p rules.Policy, asOf time.Time, share *pdf.Share) error {
	class = printableClass(class)
	d := pdf.New("P", class.School+class.Name+" 联系卡", asOf)
	d.UseShare(share)
	teacher, byName := teacherAndNames(class, p)
	n := 0
	for _, set := range []string{"监护人留存", "班级存档"} {
		for _, r := range byName {
			if n%(cardsAcross*cardsDown) == 0 {
				d.AddPage()
				drawCutLines(d)
			}
			k := n % (cardsAcross * cardsDown)
			x := cardLeft + float64(k%cardsAcross)*cardW
			y := cardTop + float64(k/cardsAcross)*cardH
			drawCard(d, x, y, printableChild(*r.Child), class, teacher, p, set)
			n++
		}
		n = (n + cardsAcross*cardsDown - 1) / (cardsAcross * cardsDown) * (cardsAcross * cardsDown) // each set from a new sheet
	}
	if len(byName) == 0 {
		d.AddPage()
		d.Font(12)
		d.Text(cardLeft, cardTop, 190, 8, class.School+class.Name+"：没有留守儿童，无需联系卡。", "L")
	}
	return d.Write(w)
}

// drawCutLines draws the dashed lines to cut the sheet into cards along.
func drawCutLines(d *pdf.Doc) {
	d.DrawColor(150, 150, 150)
	d.LineWidth(0.2)
	d.Dash(2, 1.5)
	for i := 0; i <= cardsDown; i++ {
		y := cardTop + float64(i)*cardH
		d.Line(cardLeft-4, y, cardLeft+cardsAcross*cardW+4, y)
	}
	for j := 0; j <= cardsAcross; j++ {
		x := cardLeft + float64(j)*cardW
		d.Line(x, cardTop-4, x, cardTop+cardsDown*cardH+4)
	}
	d.Dash()
	d.DrawColor(0, 0, 0)
}

func drawCard(d *pdf.Doc, x, y float64, c rules.Child, class rules.Class, teacher rules.Contact, p rules.Policy, set string) {
	w := cardW - 2*cardPad
	x += cardPad
	y += cardPad - 0.5
	d.Font(12)
	d.Text(x, y, w, 6.5, "留守儿童联系卡", "L")
	d.Font(8)
	d.TextColor(90, 90, 90)
	d.Text(x, y, w, 6.5, set, "R")
	d.TextColor(0, 0, 0)
	y += 7.5
	line := func(label, value string) {
		d.Font(8.5)
		d.TextColor(90, 90, 90)
		d.Text(x, y, 20, cardLineH, label, "L")
		d.TextColor(0, 0, 0)
		d.Font(9.5)
		d.Text(x+19, y, w-19, cardLineH, fitTo(d, value, w-21), "L")
		y += cardLineH
	}
	line("学生", c.Name+"　"+class.Name)
	line("学校", orDefault(class.School, "")+withPhone(p.School.Phone, p))
	line("班主任", orDefault(teacher.Name, "＿＿＿＿")+withPhone(teacher.Phone, p))
	line("结对教师", orDefault(c.Teacher, "＿＿＿＿"))
	guardian := c.Guardian
	if c.GuardianRelation != "" {
		guardian += "（" + c.GuardianRelation + "）"
	}
	line("监护人", orDefault(guardian, "＿＿＿＿")+withPhone(c.GuardianPhone, p))
	line("父亲", parentLine(c.Father, p))
	line("母亲", parentLine(c.Mother, p))
	if c.Parent.Name != "" || c.Parent.Phone != "" {
		line("家长", parentLine(c.Parent, p))
	}
	if c.WeChat != "" {
		line("微信号", c.WeChat)
	}
}

// parentLine is a parent's name, phone and where they work, as far as known.
func parentLine(pa rules.Parent, p rules.Policy) string {
	parts := []string{orDefault(pa.Name, "＿＿＿＿")}
	if pa.Phone != "" {
		parts = append(parts, phone(p, pa.Phone))
	}
	if pa.WorkPlace != "" {
		parts = append(parts, pa.WorkPlace)
	}
	return strings.Join(parts, "　")
}

// withPhone follows a name with its phone, masked as the policy says; a missing phone is
// a blank to write in.
func withPhone(number string, p rules.Policy) string {
	if number == "" {
		return "　电话＿＿＿＿＿＿"
	}
	return "　" + phone(p, number)
}

// fitTo cuts s to what fits in width w at the current size, ending with "…".
func fitTo(d *pdf.Doc, s string, w float64) string {
	if d.Width(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && d.Width(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// teacherAndNames are a class's teacher and its children by name (in pinyin order), as
// the documents for each child list them.
func teacherAndNames(class rules.Class, p rules.Policy) (rules.Contact, []rules.Result) {
	children := make([]rules.Child, len(class.Results))
	for i, r := range class.Results {
		children[i] = *r.Child
	}
	byName := append([]rules.Result{}, class.Results...)
	rules.SortByName(byName)
	return p.ClassTeacherOf(class.Name, children), byName
}
