package output

import (
	"fmt"
	"io"
	"strings"
	"time"

	"liushou/rules"
)

// Term names the school term a date falls in: 2026年秋季学期 (August to January) or
// 2027年春季学期 (February to July).
func Term(t time.Time) string {
	switch m := t.Month(); {
	case m == time.January:
		return fmt.Sprintf("%d年秋季学期", t.Year()-1)
	case m >= time.February && m <= time.July:
		return fmt.Sprintf("%d年春季学期", t.Year())
	}
	return fmt.Sprintf("%d年秋季学期", t.Year())
}

// letterText is the wording of one family's letter, kept apart from the layout so that
// tests can compare what is printed with what was meant.
type letterText struct {
	Title      string
	Term       string
	Salutation string
	Paragraphs []letterPara
	Closing    []string // the last lines of the body, not indented headings
	School     string
	Date       string
	CutLine    string
	SlipTitle  string
	SlipIntro  string
	SlipRows   [][][2]string // per row: label, value (value empty: a line to fill in)
	SlipDate   string
}

type letterPara struct {
	Heading bool
	Text    string
}

// addressee is who the letter greets: the parents by name when the roster has them.
func addressee(c rules.Child) string {
	var names []string
	if c.Father.Name != "" {
		names = append(names, c.Father.Name+"先生")
	}
	if c.Mother.Name != "" {
		names = append(names, c.Mother.Name+"女士")
	}
	if len(names) == 0 {
		return c.Name + "同学家长"
	}
	return strings.Join(names, "、")
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// composeLetter writes the letter to one child's parents.
func composeLetter(c rules.Child, p rules.Policy, asOf time.Time) letterText {
	c = printableChild(c)
	school := orDefault(c.School, orDefault(clip(p.School.Name, maxSchool), "学校"))
	teacher := "结对帮扶教师"
	if c.Teacher != "" {
		teacher = "结对帮扶教师" + c.Teacher
	}
	guardian := "孩子的监护人"
	if c.Guardian != "" {
		guardian = "孩子的监护人" + c.Guardian
		if c.GuardianRelation != "" {
			guardian += "（" + c.GuardianRelation + "）"
		}
	}
	contact := fmt.Sprintf("孩子在%s%s就读，学校为孩子安排了%s。", school, c.Class, teacher)
	if ct, ok := p.ClassTeachers[c.Class]; ok && ct.Name != "" {
		contact += "班主任是" + clip(ct.Name, maxName) + "老师"
		if ct.Phone != "" {
			contact += "，电话 " + ct.Phone
		}
		contact += "。"
	}
	if p.School.Phone != "" {
		contact += "学校电话：" + p.School.Phone + "。"
	}
	contact += "孩子在学习、身体、情绪上有任何情况，或者您想了解孩子的近况，都欢迎随时与班主任或结对帮扶教师联系，我们一定认真对待。"

	return letterText{
		Title:      "致家长的一封信",
		Term:       Term(asOf),
		Salutation: "尊敬的" + addressee(c) + "：",
		Paragraphs: []letterPara{
			{Text: fmt.Sprintf("您好！您在外辛苦工作，为家庭撑起一片天，孩子%s在%s%s学习、生活。孩子不在您身边的日子里，学校始终把留守儿童的健康成长放在心上。现将学校的关爱工作向您介绍，也恳请您与我们携手，一起陪伴孩子成长。", c.Name, school, c.Class)},
			{Heading: true, Text: "一、学校为孩子做了什么"},
			{Text: fmt.Sprintf("学校为每一名留守儿童建立了成长档案和联系卡，记下孩子的学习、身体和思想情况，以及监护人和家长的联系方式；为孩子安排了%s，在学习上辅导、生活上照顾、心理上疏导。老师每月至少到家中家访一次，孩子一旦出现情绪不好、身体不佳、成绩下降、迟到早退或与同学争吵等情况，老师会第一时间上门家访，并及时与您联系。", teacher)},
			{Heading: true, Text: "二、希望您这样做"},
			{Text: "1. 每月至少给孩子打一次电话，有条件的可以视频通话。多问问孩子的学习和心情，多鼓励、少责备，让孩子感受到您的牵挂。"},
			{Text: fmt.Sprintf("2. 经常与%s和班主任保持联系，了解孩子在家、在校的表现，共同关心孩子的饮食起居和安全。", guardian)},
			{Text: "3. 您的电话号码或务工地点有变化时，请及时告诉班主任，以免孩子有事时联系不上您。"},
			{Text: "4. 节假日尽量回家看看孩子，或接孩子到身边团聚，亲子陪伴是任何人都替代不了的。"},
			{Heading: true, Text: "三、联系方式"},
			{Text: contact},
		},
		Closing:   []string{"孩子的成长只有一次，让我们一起给孩子多一份关爱、多一份陪伴。", "祝您工作顺利，身体健康，阖家幸福！"},
		School:    school,
		Date:      rules.ChineseDate(asOf),
		CutLine:   "请沿此线剪下回执，填好后交给孩子带回学校，或寄回班主任",
		SlipTitle: "回　执",
		SlipIntro: fmt.Sprintf("我已收到%s《致家长的一封信》，将积极配合学校，关心孩子的学习和生活。", school),
		SlipRows: [][][2]string{
			{{"学生姓名", c.Name}, {"班级", c.Class}},
			{{"家长签名", ""}, {"与学生关系", ""}},
			{{"现联系电话", ""}, {"微信号（自愿填写）", ""}},
			{{"现务工地址", ""}},
		},
		SlipDate: "日期：　　　　年　　月　　日",
	}
}

// Letter page geometry, in millimetres.
const (
	letterLeft   = 22.0
	letterWidth  = 210 - 2*letterLeft
	letterTop    = 20.0
	letterLineH  = 7.0
	letterBodyPt = 12
)

// WriteLetters writes one A4 letter per child, in the order given, into w.
func WriteLetters(w io.Writer, class rules.Class, p rules.Policy, asOf time.Time) error {
	return writeLetters(w, class, p, asOf, fontTTF)
}

func writeLetters(w io.Writer, class rules.Class, p rules.Policy, asOf time.Time, font []byte) error {
	class = printableClass(class)
	d := newDoc("P", fmt.Sprintf("%s%s 致家长的一封信", class.School, class.Name), asOf, font)
	for _, res := range class.Results {
		d.pdf.AddPage()
		drawLetter(d, composeLetter(res.Child, p, asOf))
	}
	return d.output(w)
}

// slipTop is where the cut line of the return slip runs; the letter body must end above it.
const slipTop = 213.0

func drawLetter(d *doc, t letterText) {
	pdf := d.pdf
	d.font(20)
	d.at(letterLeft, letterTop, letterWidth, 10, t.Title, "C")
	d.font(11)
	pdf.SetTextColor(90, 90, 90)
	d.at(letterLeft, letterTop+10, letterWidth, 6, t.Term, "C")
	pdf.SetTextColor(0, 0, 0)

	// Long names and places can lengthen the body: take the largest type that still
	// leaves room for the return slip. The body is laid out once per size tried.
	size, lineH := float64(letterBodyPt), float64(letterLineH)
	body, bottom := layoutBody(d, t, size, lineH)
	for size > 9 && bottom > slipTop-8 {
		size -= 0.5
		lineH = size * letterLineH / letterBodyPt
		body, bottom = layoutBody(d, t, size, lineH)
	}
	d.font(size)
	for _, l := range body {
		if l.heading {
			// A heading is printed twice, a hair apart: the font has no bold face.
			d.at(l.x+0.15, l.y, letterWidth, lineH, l.text, l.align)
		}
		d.at(l.x, l.y, letterWidth, lineH, l.text, l.align)
	}
	drawSlip(d, t)
}

// placedLine is one line of the letter body at its place on the page.
type placedLine struct {
	x, y    float64
	text    string
	align   string
	heading bool
}

// layoutBody lays out the body from the salutation to the date at one type size and
// returns its lines and the y below them.
func layoutBody(d *doc, t letterText, size, lineH float64) ([]placedLine, float64) {
	d.font(size)
	y := letterTop + 20
	var out []placedLine
	add := func(x float64, s, align string, heading bool) {
		out = append(out, placedLine{x, y, s, align, heading})
		y += lineH
	}
	para := func(s string) {
		for _, l := range d.lines(s, letterWidth, 1) {
			add(letterLeft, l, "L", false)
		}
	}
	add(letterLeft, t.Salutation, "L", false)
	for _, p := range t.Paragraphs {
		if !p.Heading {
			para(p.Text)
			continue
		}
		y += lineH * 0.2
		add(letterLeft+2*d.width("\u3000"), p.Text, "L", true)
	}
	for _, l := range t.Closing {
		para(l)
	}
	y += 2
	add(letterLeft-4, t.School, "R", false)
	add(letterLeft-4, t.Date, "R", false)
	return out, y
}

// drawSlip draws the cut line and the return slip at the foot of the page.
func drawSlip(d *doc, t letterText) {
	pdf := d.pdf
	y := slipTop
	pdf.SetDrawColor(120, 120, 120)
	pdf.SetDashPattern([]float64{1.5, 1.2}, 0)
	d.font(9)
	cutW := d.width(t.CutLine) + 6
	mid := letterLeft + (letterWidth-cutW)/2
	pdf.Line(12, y, mid, y)
	pdf.Line(mid+cutW, y, 198, y)
	pdf.SetTextColor(90, 90, 90)
	d.at(mid, y-2.5, cutW, 5, t.CutLine, "C")
	pdf.SetTextColor(0, 0, 0)
	pdf.SetDashPattern([]float64{}, 0)
	pdf.SetDrawColor(0, 0, 0)

	y += 6
	d.font(15)
	d.at(letterLeft, y, letterWidth, 8, t.SlipTitle, "C")
	y += 10
	d.font(letterBodyPt)
	y = d.paragraph(letterLeft, y, letterWidth, letterLineH, t.SlipIntro, true)
	y += 3
	for _, row := range t.SlipRows {
		fieldW := letterWidth / float64(len(row))
		for j, f := range row {
			x := letterLeft + float64(j)*fieldW
			label := f[0] + "："
			d.at(x, y, d.width(label), 8, label, "L")
			lx := x + d.width(label)
			if f[1] != "" {
				d.at(lx+1, y, fieldW-d.width(label)-1, 8, f[1], "L")
				continue
			}
			pdf.SetDrawColor(60, 60, 60)
			pdf.Line(lx, y+6.5, x+fieldW-5, y+6.5)
			pdf.SetDrawColor(0, 0, 0)
		}
		y += 10
	}
	d.at(letterLeft, y, letterWidth-4, 8, t.SlipDate, "R")
}
