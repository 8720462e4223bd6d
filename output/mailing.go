package output

import (
	"fmt"
	"io"
	"liushou/output/pdf"
	"strings"
	"time"

	"liushou/output/table"
	"liushou/rules"
)

// Mailing files in each class folder, beside the letters.
const (
	EnvelopesFile   = "信封.pdf"
	MailingListFile = "邮寄清单.xlsx"
)

// delivery is how one family's letter reaches it: by post to a parent's work address,
// or handed to the guardian when no parent has an address the post can deliver to.
type delivery struct {
	To, Postcode, Address string
	ByHand                string // the reason, when the letter goes through the guardian
}

// streetLevel marks an address precise enough for the post: a road or street (not a
// 街道, which is a sub-district), a number, a village group, a factory. Rosters often hold
// only a town (广东省东莞市长安镇), which is not.
func streetLevel(addr string) bool {
	for _, w := range []string{"路", "号", "巷", "弄", "村", "组", "厂", "公司", "小区", "栋", "室", "工业区", "园区", "社区"} {
		if strings.Contains(addr, w) {
			return true
		}
	}
	// 街, but not 街道
	for rest := addr; ; {
		i := strings.Index(rest, "街")
		if i < 0 {
			return false
		}
		rest = rest[i+len("街"):]
		if !strings.HasPrefix(rest, "道") {
			return true
		}
	}
}

// deliveryFor chooses the parent to write to: the first with a deliverable work address.
func deliveryFor(c rules.Child) delivery {
	vague := ""
	for _, p := range []rules.Parent{c.Father, c.Mother, c.Parent} {
		addr := strings.TrimSpace(p.WorkPlace)
		if addr == "" {
			continue
		}
		if !streetLevel(addr) || len([]rune(addr)) < 8 {
			if vague == "" {
				vague = addr
			}
			continue
		}
		to := p.Name
		if to == "" {
			to = orDefault(c.Parent.Name, c.Name+"同学家长") // a work place written for "the parent"
		}
		return delivery{To: to, Postcode: p.Postcode, Address: addr}
	}
	reason := "父母都没有登记务工地址"
	if vague != "" {
		reason = fmt.Sprintf("务工地点只写到“%s”，不够邮寄", clip(vague, 30))
	}
	return delivery{ByHand: reason}
}

// handNote is printed at the top of a letter that goes through the guardian.
func handNote(c rules.Child) string {
	if c.Guardian != "" {
		return "请监护人" + clip(c.Guardian, maxName) + "转交家长"
	}
	return "请监护人转交家长"
}

// Envelope geometry: a DL envelope, 220 × 110 mm, laid out as Chinese envelopes are.
const envW, envH = 220.0, 110.0

func writeEnvelopes(w io.Writer, class rules.Class, p rules.Policy, asOf time.Time) (int, error) {
	class = printableClass(class)
	d := pdf.NewSized(envH, envW, fmt.Sprintf("%s%s 信封", class.School, class.Name), asOf)
	// An envelope page holds a few lines: compressing each one costs more time (a new
	// compressor per page) than the bytes it saves.
	n := 0
	for _, res := range class.Results {
		c := printableChild(*res.Child)
		m := deliveryFor(c)
		if m.ByHand != "" {
			continue
		}
		n++
		d.AddPage()
		// Recipient's postcode: six red boxes at the top left.
		d.DrawColor(200, 30, 30)
		d.LineWidth(0.4)
		d.Font(15)
		for i := 0; i < 6; i++ {
			x := 20 + float64(i)*10
			d.Rect(x, 10, 8, 10, "D")
			if i < len(m.Postcode) {
				d.Text(x, 11.5, 8, 7, string(m.Postcode[i]), "C")
			}
		}
		// The stamp.
		d.LineWidth(0.3)
		d.Rect(envW-35, 8, 24, 28, "D")
		d.Font(8)
		d.TextColor(200, 30, 30)
		d.Text(envW-35, 19, 24, 5, "贴邮票处", "C")
		d.TextColor(0, 0, 0)
		d.DrawColor(0, 0, 0)
		d.LineWidth(0.2)

		d.Font(13)
		y := 34.0
		for _, l := range d.Lines(m.Address, 150, 0) {
			d.Text(25, y, 150, 7, l, "L")
			y += 7
		}
		d.Font(21)
		d.Text(20, 56, envW-40, 12, m.To+"　（收）", "C")

		school := orDefault(clip(p.School.Name, maxSchool), c.School)
		d.Font(10)
		sender := []string{}
		if p.School.Address != "" {
			sender = append(sender, clip(p.School.Address, maxPlace))
		}
		sender = append(sender, school+"　"+c.Class)
		y = 84
		if len(sender) == 1 {
			y += 5
		}
		for _, l := range sender {
			d.Text(envW-130, y, 115, 6, l, "R")
			y += 6
		}
		if p.School.Postcode != "" {
			d.Text(envW-130, y, 115, 6, "邮政编码："+p.School.Postcode, "R")
		}
	}
	if n == 0 {
		return 0, nil
	}
	return n, d.Write(w)
}

// writeMailingList writes 邮寄清单.xlsx: who gets which letter at which address, and,
// on a sheet of their own, the families whose letter goes through the guardian, and why.
func writeMailingList(w io.Writer, class rules.Class, p rules.Policy, asOf time.Time) error {
	book := table.New(asOf)
	post, hand := book.Sheet("邮寄"), book.Sheet("请监护人转交")
	kind := "开学家长信"
	if p.LetterKind(asOf) == rules.TermEndLetter {
		kind = "期末家长信"
	}
	term := p.CurrentTerm(asOf).Name
	// The last column is ticked when the letter is posted (or handed over): a run reads
	// it back, and the batch counts as sent once every letter is ticked.
	// 上次回执: the family's latest reply slip (回执登记), whose address and phone this
	// list already uses.
	// The tick stays the last column, where it always was.
	post.Header("序号", "信封", "班级", "学生姓名", "收信人", "邮政编码", "地址", "信件", "学期", "上次回执", "已寄出（打√）")
	post.Widths(6, 9, 13, 10, 14, 10, 40, 12, 16, 12, 10)
	hand.Header("序号", "班级", "学生姓名", "转交人（监护人）", "监护人电话", "原因", "信件", "学期", "上次回执", "已转交（打√）")
	hand.Widths(6, 13, 10, 16, 14, 40, 12, 16, 12, 10)
	np, nh := 0, 0
	for _, res := range class.Results {
		c := printableChild(*res.Child)
		m := deliveryFor(c)
		replied := ""
		if c.Reply != nil {
			replied = c.Reply.Date.Time.Format("2006-01-02")
		}
		if m.ByHand == "" {
			np++
			post.Row(np, fmt.Sprintf("第 %d 个", np), c.Class, c.Name, m.To, m.Postcode, m.Address, kind, term, replied, "")
			continue
		}
		nh++
		hand.Row(nh, c.Class, c.Name, c.Guardian, phone(p, c.GuardianPhone), m.ByHand, kind, term, replied, "")
	}
	return book.Write(w)
}
