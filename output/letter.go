package output

import (
	"fmt"
	"io"
	"liushou/output/pdf"
	"strings"
	"text/template"
	"time"

	"liushou/rules"
)

// letterText is the wording of one family's letter, kept apart from the layout so that
// tests can compare what is printed with what was meant.
type letterText struct {
	Draft      string // set on a draft: the banner that says it must not be mailed
	HandNote   string // set when the letter goes through the guardian
	Title      string
	Term       string
	Salutation string
	Paragraphs []letterPara
	School     string
	Date       string
	CutLine    string
	SlipTitle  string
	SlipIntro  string
	SlipRows   [][][2]string // per row: label, value (value empty: a line to fill in)
	SlipDate   string
	SlipReturn string // where to post the slip back, or ""
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
	if len(names) == 0 && c.Parent.Name != "" {
		return c.Parent.Name + "家长" // the roster does not say father or mother
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

// composeLetter writes the letter to one child's parents from the template.
func composeLetter(c rules.Child, p rules.Policy, asOf time.Time, dec rules.Letters, t *template.Template) (letterText, error) {
	c = printableChild(c)
	data := letterData(c, p, asOf, dec)
	title, salutation, paras, err := renderLetter(t, data)
	if err != nil {
		return letterText{}, err
	}
	school := data["学校"].(string)
	note := ""
	if deliveryFor(c).ByHand != "" {
		note = handNote(c)
	}
	draft := ""
	if dec.DraftFor(c.School) {
		draft = "草稿：学校信息还没有填写完整，请勿寄出"
	}
	return letterText{
		Draft:      draft,
		HandNote:   note,
		Title:      title,
		Term:       data["学期"].(string),
		Salutation: salutation,
		Paragraphs: paras,
		School:     school,
		Date:       rules.ChineseDate(asOf),
		CutLine:    replyRoute(c, p),
		SlipReturn: slipReturn(school, p),
		SlipTitle:  "回　执",
		SlipIntro:  fmt.Sprintf("我已收到%s《%s》，将积极配合学校，关心孩子的学习和生活。", school, title),
		SlipRows: [][][2]string{
			{{"学生姓名", c.Name}, {"班级", c.Class}},
			{{"家长签名", ""}, {"与学生关系", ""}},
			{{"现联系电话", ""}, {"微信号（自愿填写）", ""}},
			{{"现务工地址", ""}},
		},
		SlipDate: "日期：　　　　年　　月　　日",
	}, nil
}

// replyRoute says how a parent far away can send the reply slip back: a photo to the
// class teacher's phone, or by post to the school; handing it to the child is for a
// parent at home.
func replyRoute(c rules.Child, p rules.Policy) string {
	ct := p.ClassTeacherOf(c.Class, []rules.Child{c})
	var ways []string
	if ct.Phone != "" {
		ways = append(ways, "拍照发给班主任（"+ct.Phone+"）")
	}
	if p.School.Address != "" {
		ways = append(ways, "寄回学校（地址在回执下方）") // slipReturn prints it
	}
	if len(ways) == 0 {
		return "请沿此线剪下回执，填好后交给孩子的监护人带回学校"
	}
	return "请沿此线剪下回执，填好后" + strings.Join(ways, "或")
}

// slipReturn is the one line under the reply slip that says where to post it: a parent
// far away, who got the letter through the guardian, has no envelope with the address.
func slipReturn(school string, p rules.Policy) string {
	if p.School.Address == "" {
		return ""
	}
	s := "寄回："
	if p.School.Postcode != "" {
		s += p.School.Postcode + "　" // as an envelope is written: the postcode first
	}
	return s + clip(p.School.Address, maxPlace) + "　" + school
}

// Letter page geometry, in millimetres.
const (
	letterLeft   = 22.0
	letterWidth  = 210 - 2*letterLeft
	letterTop    = 20.0
	letterLineH  = 7.0
	letterBodyPt = 12
)

func writeLetters(w io.Writer, class rules.Class, p rules.Policy, asOf time.Time, dec rules.Letters, tpl LetterTemplates) error {
	t := tpl.Start
	if dec.Kind == rules.TermEndLetter {
		t = tpl.End
	}
	texts := make([]letterText, len(class.Results))
	for i, res := range class.Results {
		var err error
		if texts[i], err = composeLetter(*res.Child, p, asOf, dec, t); err != nil {
			return err
		}
	}
	return printLetters(w, class, asOf, texts, nil)
}

// printLetters prints composed letters, one page each, texts[i] for class.Results[i];
// share, if not nil, is the part of the font the run's letters have in common.
func printLetters(w io.Writer, class rules.Class, asOf time.Time, texts []letterText, share *pdf.Share) error {
	class = printableClass(class)
	d := &letterDoc{Doc: pdf.New("P", fmt.Sprintf("%s%s 致家长的一封信", class.School, class.Name), asOf)}
	d.UseShare(share)
	for _, text := range texts {
		d.AddPage()
		drawLetter(d, text)
	}
	return d.Write(w)
}

// slipTop is where the cut line of the return slip runs; the letter body must end above it.
const slipTop = 213.0

func drawLetter(d *letterDoc, t letterText) {
	if t.Draft != "" {
		d.Font(10)
		w := d.Width(t.Draft) + 6
		d.DrawColor(200, 0, 0)
		d.TextColor(200, 0, 0)
		d.Rect(letterLeft, 9, w, 6.5, "D")
		d.Text(letterLeft, 9.5, w, 5.5, t.Draft, "C")
		d.TextColor(0, 0, 0)
		d.DrawColor(0, 0, 0)
	}
	if t.HandNote != "" {
		d.Font(9)
		w := d.Width(t.HandNote) + 6
		d.DrawColor(120, 120, 120)
		d.Rect(210-letterLeft-w, 9, w, 6.5, "D")
		d.DrawColor(0, 0, 0)
		d.Text(210-letterLeft-w, 9.5, w, 5.5, t.HandNote, "C")
	}
	d.Font(20)
	d.Text(letterLeft, letterTop, letterWidth, 10, t.Title, "C")
	d.Font(11)
	d.TextColor(90, 90, 90)
	d.Text(letterLeft, letterTop+10, letterWidth, 6, t.Term, "C")
	d.TextColor(0, 0, 0)

	// Long names and places can lengthen the body: take the largest type (12 pt down to
	// 9 pt, by half points) that still leaves room for the return slip. The letters of a
	// class take much the same size: the search starts from the last letter's.
	body, size, lineH := bodyThatFits(d, t)
	d.Font(size)
	for _, l := range body {
		if l.heading {
			// A heading is printed twice, a hair apart: the font has no bold face.
			d.Text(l.x+0.15, l.y, letterWidth, lineH, l.text, l.align)
		}
		d.Text(l.x, l.y, letterWidth, lineH, l.text, l.align)
	}
	if n := len(body); n >= 2 {
		drawSealPlace(d.Doc, body[n-2].y, lineH)
	}
	drawSlip(d.Doc, t)
}

// drawSealPlace marks where the school's seal (公章) goes, over the school's name at the
// foot of the letter, as letters from a school carry it: a letter that gives phone numbers
// and asks for an address must look like the school's own.
func drawSealPlace(d *pdf.Doc, schoolY, lineH float64) {
	const size = 30.0
	x := letterLeft + letterWidth - 4 - size - 8
	y := schoolY + lineH - size/2
	d.DrawColor(170, 170, 170)
	d.LineWidth(0.25)
	d.Dash(1.2, 1.2)
	d.Rect(x, y, size, size, "D")
	d.Dash()
	d.LineWidth(0.2)
	d.DrawColor(0, 0, 0)
	d.Font(8)
	d.TextColor(150, 150, 150)
	d.Text(x, y+size-6, size, 5, "学校盖章处", "C")
	d.TextColor(0, 0, 0)
}

// bodyThatFits lays out the body at the largest size that fits above the slip (the
// smallest size if none does). A body set smaller is never longer, so the search may
// start anywhere: it starts from the size the last letter took, and most letters are
// laid out twice (the next size up does not fit, this one does) instead of four times.
func bodyThatFits(d *letterDoc, t letterText) ([]placedLine, float64, float64) {
	const largest, smallest, step = float64(letterBodyPt), 9.0, 0.5
	lineH := func(size float64) float64 { return size * letterLineH / letterBodyPt }
	var body []placedLine
	laid := 0.0 // the size body is laid out at
	fits := func(size float64) bool {
		var bottom float64
		body, bottom = layoutBody(d, t, size, lineH(size))
		laid = size
		return bottom <= slipTop-8
	}
	size := d.bodySize
	if size == 0 {
		size = largest
	}
	for size < largest && fits(size+step) {
		size += step
	}
	for size > smallest && !fits(size) {
		size -= step
	}
	if laid != size {
		body, _ = layoutBody(d, t, size, lineH(size))
	}
	d.bodySize = size
	return body, size, lineH(size)
}

// letterDoc is a class's letters being laid out, with what one letter's layout leaves
// for the next.
type letterDoc struct {
	*pdf.Doc
	placed   []placedLine // a letter's body, laid out
	bodySize float64      // the type size the last letter's body took
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
func layoutBody(d *letterDoc, t letterText, size, lineH float64) ([]placedLine, float64) {
	d.Font(size)
	y := letterTop + 20
	out := d.placed[:0] // the last letter's lines are drawn by now
	defer func() { d.placed = out }()
	add := func(x float64, s, align string, heading bool) {
		out = append(out, placedLine{x, y, s, align, heading})
		y += lineH
	}
	para := func(s string) {
		for _, l := range d.Lines(s, letterWidth, 1) {
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
		add(letterLeft+2*d.Width("\u3000"), p.Text, "L", true)
	}
	y += 2
	add(letterLeft-4, t.School, "R", false)
	add(letterLeft-4, t.Date, "R", false)
	return out, y
}

// drawSlip draws the cut line and the return slip at the foot of the page.
func drawSlip(d *pdf.Doc, t letterText) {
	y := slipTop
	d.DrawColor(120, 120, 120)
	d.Dash(1.5, 1.2)
	d.Font(9)
	cutW := d.Width(t.CutLine) + 6
	mid := letterLeft + (letterWidth-cutW)/2
	d.Line(12, y, mid, y)
	d.Line(mid+cutW, y, 198, y)
	d.TextColor(90, 90, 90)
	d.Text(mid, y-2.5, cutW, 5, t.CutLine, "C")
	d.TextColor(0, 0, 0)
	d.Dash()
	d.DrawColor(0, 0, 0)

	y += 6
	d.Font(15)
	d.Text(letterLeft, y, letterWidth, 8, t.SlipTitle, "C")
	y += 10
	d.Font(letterBodyPt)
	y = d.Paragraph(letterLeft, y, letterWidth, letterLineH, t.SlipIntro, true)
	y += 3
	for _, row := range t.SlipRows {
		fieldW := letterWidth / float64(len(row))
		for j, f := range row {
			x := letterLeft + float64(j)*fieldW
			label := f[0] + "："
			d.Text(x, y, d.Width(label), 8, label, "L")
			lx := x + d.Width(label)
			if f[1] != "" {
				d.Text(lx+1, y, fieldW-d.Width(label)-1, 8, f[1], "L")
				continue
			}
			d.DrawColor(60, 60, 60)
			d.Line(lx, y+6.5, x+fieldW-5, y+6.5)
			d.DrawColor(0, 0, 0)
		}
		y += 10
	}
	d.Text(letterLeft, y, letterWidth-4, 8, t.SlipDate, "R")
	if t.SlipReturn != "" {
		d.Font(9.5)
		w := letterWidth - d.Width(t.SlipDate)*letterBodyPt/9.5 - 8
		for i, l := range d.Lines(t.SlipReturn, w, 0) {
			if i < 2 {
				d.Text(letterLeft, y+1+float64(i)*4.5, w, 4.5, l, "L")
			}
		}
	}
}
