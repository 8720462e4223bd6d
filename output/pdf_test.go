package output

import (
	"bytes"
	"liushou/internal/testtool"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"liushou/rules"
)

var asOf = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

// pdfText extracts the text of a PDF with pdftotext (bash .ci/test installs it).
func pdfText(t *testing.T, pdf []byte, args ...string) string {
	t.Helper()
	return testtool.PDFText(t, pdf, args...)
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func sampleChild() rules.Child {
	return rules.Child{
		File: "a.xlsx", Sheet: "花名册", Row: 5, School: "青石镇中心小学", Class: "三年级(2)班",
		Name: "王芳", Guardian: "李桂英", GuardianRelation: "祖母", GuardianPhone: "13698765432",
		Father:  rules.Parent{Name: "王建军", WorkPlace: "广东省东莞市长安镇", Phone: "13812345678"},
		Mother:  rules.Parent{Name: "张丽", WorkPlace: "浙江省义乌市稠城街道", Phone: "13912345678"},
		Teacher: "陈晓燕",
	}
}

func defaultLetters(t *testing.T) LetterTemplates {
	t.Helper()
	lt, err := ParseLetterTemplates("", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	return lt
}

// letterWords is every string the letter draws, in reading order.
func letterWords(t letterText) []string {
	out := []string{t.HandNote, t.Title, t.Term, t.Salutation}
	for _, p := range t.Paragraphs {
		out = append(out, p.Text)
	}
	out = append(out, t.School, t.Date, t.CutLine, t.SlipTitle, t.SlipIntro)
	for _, row := range t.SlipRows {
		for _, f := range row {
			out = append(out, f[0]+"：", f[1])
		}
	}
	return append(out, t.SlipDate, t.SlipReturn)
}

// TestLetterTextComesBackWhole prints letters and reads them back from the PDF: every
// character of the letter must be there, in order, on one page per child. This is what
// gofpdf's own MultiCell fails (it drops a character at each line break).
func TestLetterTextComesBackWhole(t *testing.T) {
	long := sampleChild()
	long.Name = "欧阳诗涵"
	long.Teacher = "司马建国"
	long.School = "湖南省怀化市沅陵县青山乡九年一贯制学校"
	long.Guardian, long.GuardianRelation = "欧阳德胜", "外祖父"
	noParents := sampleChild()
	noParents.Father, noParents.Mother = rules.Parent{}, rules.Parent{}
	noParents.Name = "李明"
	children := []rules.Child{sampleChild(), long, noParents}

	class := rules.Class{School: "青石镇中心小学", Name: "三年级(2)班"}
	for _, c := range children {
		class.Results = append(class.Results, rules.Result{Child: &c})
	}
	var buf bytes.Buffer
	if err := WriteLetters(&buf, class, rules.DefaultPolicy(), asOf, defaultLetters(t)); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	pages := strings.Split(text, "\f")
	if got := len(pages) - 1; got != len(children) {
		t.Fatalf("%d pages, want one per child (%d)", got, len(children))
	}
	for i, c := range children {
		text, err := composeLetter(c, rules.DefaultPolicy(), asOf, startLetters(), defaultLetters(t).Start)
		if err != nil {
			t.Fatal(err)
		}
		want := squeeze(strings.Join(letterWords(text), ""))
		// The seal's place is marked on every letter, and read back wherever it lies.
		got := squeeze(pages[i])
		if strings.Count(got, "学校盖章处") != 1 {
			t.Errorf("letter %d has no marked place for the seal", i)
		}
		got = strings.Replace(got, "学校盖章处", "", 1)
		if got != want {
			t.Errorf("letter %d read back differs:\n got %s\nwant %s", i, got, want)
		}
	}
	if !strings.Contains(pages[0], "尊敬的王建军先生、张丽女士：") {
		t.Errorf("first letter not addressed to the parents by name:\n%s", pages[0])
	}
	if !strings.Contains(pages[2], "尊敬的李明同学家长：") {
		t.Errorf("letter without parents' names not addressed to 李明同学家长:\n%s", pages[2])
	}
	if strings.Contains(text, "13698765432") || strings.Contains(text, "13812345678") {
		t.Error("a phone number is printed in a letter that goes through the post")
	}
}

// classOf evaluates children into one class, as a run would.
func classOf(children []rules.Child) rules.Class {
	rep := rules.Evaluate(rules.Roster{Children: children}, rules.DefaultPolicy(), asOf)
	return rep.Classes()[0]
}

func daysAgo(n int) rules.Date { return rules.Date{Time: asOf.AddDate(0, 0, -n), Cell: "R5"} }

// TestChecklistReadsBack prints a checklist long enough for three pages and checks the
// order of children, the repeated header, page numbers, masking and the signature line.
func TestChecklistReadsBack(t *testing.T) {
	var children []rules.Child
	names := []string{"赵一", "钱二", "孙三", "李四", "周五", "吴六", "郑七", "王八", "冯九", "陈十"}
	for i := 0; i < 40; i++ {
		c := sampleChild()
		c.Name = names[i%10] + string(rune('甲'+i/10))
		c.Row = 5 + i
		c.ID = ""
		c.LastVisit = daysAgo(i % 35)
		c.LastCall = daysAgo((i * 7) % 40)
		children = append(children, c)
	}
	urgent := sampleChild()
	urgent.Name, urgent.SignText, urgent.SignDate, urgent.LastVisit = "林小雨", "情绪低落", daysAgo(3), daysAgo(10)
	children = append(children, urgent)
	class := classOf(children)

	var buf bytes.Buffer
	if err := WriteChecklist(&buf, class, rules.DefaultPolicy(), asOf); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes(), "-layout")
	pages := strings.Split(text, "\f")
	n := len(pages) - 1
	if n < 2 {
		t.Fatalf("%d pages; 41 children should need more than one", n)
	}
	for i, p := range pages[:n] {
		for _, want := range []string{"序号", "姓名", "监护人电话", "情况说明", "本次完成"} {
			if !strings.Contains(p, want) {
				t.Errorf("page %d lacks the header %q", i+1, want)
			}
		}
		if want := "第" + strconv.Itoa(i+1) + "页/共" + strconv.Itoa(n) + "页"; !strings.Contains(squeeze(p), want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
	if !strings.Contains(pages[0], "青石镇中心小学 三年级(2)班 留守儿童家访与通话检查清单") || !strings.Contains(pages[0], "2026年11月28日") {
		t.Error("title with school, class and date missing")
	}
	if !strings.Contains(pages[n-1], "班主任签名") {
		t.Error("no signature line on the last page")
	}
	// Urgent first; then the order of rules.Classes.
	all := strings.Join(pages, "")
	last := -1
	for _, r := range class.Results {
		i := strings.Index(all, r.Child.Name)
		if i < 0 {
			t.Fatalf("%s missing from the checklist", r.Child.Name)
		}
		if i < last {
			t.Errorf("%s out of order", r.Child.Name)
		}
		last = i
	}
	if class.Results[0].Child.Name != "林小雨" {
		t.Errorf("first child %s, want the urgent one", class.Results[0].Child.Name)
	}
	// Teachers call the families from this sheet: full numbers unless the school masks them.
	if !strings.Contains(all, "13698765432") {
		t.Error("guardian phone not printed in full")
	}
	masked := rules.DefaultPolicy()
	masked.MaskPhones = true
	var mb bytes.Buffer
	if err := writeChecklist(&mb, class, masked, asOf, nil); err != nil {
		t.Fatal(err)
	}
	if m := pdfText(t, mb.Bytes()); strings.Contains(m, "13698765432") || !strings.Contains(m, "136****5432") {
		t.Error("mask_phones = true does not mask the guardian phone")
	}
	if got := strings.Count(all, "□已家访"); got != len(children) {
		t.Errorf("%d tick boxes, want %d", got, len(children))
	}
}

// TestDocumentsAreDeterministic builds every document twice, concurrently the second
// time, and wants the same bytes.
func TestDocumentsAreDeterministic(t *testing.T) {
	c1 := sampleChild()
	c2 := sampleChild()
	c2.Name, c2.Row, c2.LastVisit = "赵磊", 9, daysAgo(40)
	class := classOf([]rules.Child{c1, c2})
	build := func() [][]byte {
		var l, c bytes.Buffer
		if err := WriteLetters(&l, class, rules.DefaultPolicy(), asOf, defaultLetters(t)); err != nil {
			t.Fatal(err)
		}
		if err := WriteChecklist(&c, class, rules.DefaultPolicy(), asOf); err != nil {
			t.Fatal(err)
		}
		return [][]byte{l.Bytes(), c.Bytes()}
	}
	first := build()
	done := make(chan [][]byte, 2)
	for i := 0; i < 2; i++ {
		go func() { done <- build() }()
	}
	for i := 0; i < 2; i++ {
		again := <-done
		for k := range first {
			if !bytes.Equal(first[k], again[k]) {
				t.Errorf("document %d differs between two builds", k)
			}
		}
	}
	if info := testtool.PDFInfo(t, first[0]); !strings.Contains(info, "CreationDate:    2026-11-28T00:00:00Z") {
		t.Errorf("PDF dates are not taken from the as-of date:\n%s", info)
	}
}

// TestLetterUsesPolicy: the school's phone and the class teacher from liushou.toml reach
// the letter; a child with no school on the roster signs with the policy's school.
func TestLetterUsesPolicy(t *testing.T) {
	p := rules.DefaultPolicy()
	p.School = rules.School{Name: "红星小学", Phone: "0857-7712345"}
	p.ClassTeachers = map[string]rules.Contact{"三年级(2)班": {Name: "陈晓燕", Phone: "13812345678"}}
	c := sampleChild()
	c.School = ""
	lt, err := composeLetter(c, p, asOf, startLetters(), defaultLetters(t).Start)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(letterWords(lt), "\n")
	for _, want := range []string{"班主任是陈晓燕老师，电话 13812345678。", "学校电话：0857-7712345。", "红星小学"} {
		if !strings.Contains(text, want) {
			t.Errorf("letter lacks %q:\n%s", want, text)
		}
	}
}

// TestTermEndLetter: in the last month of a term the letter is the term-end one and
// counts this term's visits and calls, from the roster and its log sheets.
func TestTermEndLetter(t *testing.T) {
	p := rules.DefaultPolicy()
	p.Terms = []rules.Term{{Name: "2026年秋季学期", Start: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 1, 20, 0, 0, 0, 0, time.UTC)}}
	end := time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)
	c := sampleChild()
	c.LastVisit = rules.Date{Time: time.Date(2026, 12, 28, 0, 0, 0, 0, time.UTC)}
	c.VisitLog = []rules.Date{{Time: time.Date(2026, 8, 20, 0, 0, 0, 0, time.UTC)}, {Time: time.Date(2026, 10, 9, 0, 0, 0, 0, time.UTC)}, {Time: time.Date(2026, 11, 12, 0, 0, 0, 0, time.UTC)}}
	c.CallLog = []rules.Date{{Time: time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)}}
	rep := rules.Evaluate(rules.Roster{Children: []rules.Child{c}}, p, end)
	var buf bytes.Buffer
	if err := WriteLetters(&buf, rep.Classes()[0], p, end, defaultLetters(t)); err != nil {
		t.Fatal(err)
	}
	text := squeeze(pdfText(t, buf.Bytes()))
	// The counts are the distinct dates in the term of the logs and the roster's column
	// (10-09, 11-12 and 12-28; 08-20 is before it): with no log, no count is claimed.
	for _, want := range []string{"2026年秋季学期就要结束了", "本学期，老师到家中家访3次，最近一次是在12月28日。老师与您通话1次，最近一次是在9月30日。", "寒假里希望您这样做", "新春快乐"} {
		if !strings.Contains(text, want) {
			t.Errorf("term-end letter lacks %q:\n%s", want, text)
		}
	}
}

// startLetters is the decision for a term-start letter in the autumn term.
func startLetters() rules.Letters {
	return rules.Letters{Kind: rules.TermStartLetter, Term: rules.DefaultPolicy().CurrentTerm(asOf)}
}

// TestLetterFollowsWhatIsKnown: intervals and signs come from the policy; without log
// entries there is no count sentence; a summer term wishes a good summer.
func TestLetterFollowsWhatIsKnown(t *testing.T) {
	p := rules.DefaultPolicy()
	p.VisitEvery, p.CallEvery = 14, 7
	p.Signs = []rules.Sign{{Name: "情绪低落", Words: []string{"低落"}}, {Name: "生病", Words: []string{"生病"}}}
	c := sampleChild()
	c.VisitLog, c.CallLog = nil, nil
	summer := time.Date(2027, 6, 20, 0, 0, 0, 0, time.UTC)
	dec := rules.Letters{Kind: rules.TermEndLetter, Term: p.CurrentTerm(summer)}
	lt, err := composeLetter(c, p, summer, dec, defaultLetters(t).End)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(letterWords(lt), "")
	for _, want := range []string{"情绪低落或生病等情况", "暑假里希望您这样做", "暑假愉快"} {
		if !strings.Contains(text, want) {
			t.Errorf("summer term-end letter lacks %q:\n%s", want, text)
		}
	}
	for _, bad := range []string{"家访 0 次", "通话 0 次", "新年", "寒假", "情绪不好"} {
		if strings.Contains(text, bad) {
			t.Errorf("summer term-end letter says %q:\n%s", bad, text)
		}
	}
	lt, _ = composeLetter(c, p, asOf, startLetters(), defaultLetters(t).Start)
	text = strings.Join(letterWords(lt), "")
	if !strings.Contains(text, "老师每两周至少到家中家访一次，每周至少与您通一次电话") {
		t.Errorf("intervals not from the policy:\n%s", text)
	}
	// Far away, a parent sends the slip back by photo or post.
	p.ClassTeachers = map[string]rules.Contact{c.Class: {Name: "陈", Phone: "13812345678"}}
	p.School.Address = "青石镇学府路 8 号"
	if lt, _ := composeLetter(c, p, asOf, startLetters(), defaultLetters(t).Start); !strings.Contains(lt.CutLine, "拍照发给班主任（13812345678）或寄回学校") {
		t.Errorf("reply route: %s", lt.CutLine)
	}
	// A draft says so on the page.
	dec = startLetters()
	dec.Draft, dec.Drafts = true, map[string][]string{c.School: {"school.phone（学校电话）"}}
	if lt, _ := composeLetter(c, p, asOf, dec, defaultLetters(t).Start); !strings.Contains(lt.Draft, "草稿") {
		t.Error("a draft is not marked")
	}
}

// TestSignsFromPolicyEverywhere: a school's own signs, not the five defaults, head the
// checklist and fill the template's list and instructions.
func TestSignsFromPolicyEverywhere(t *testing.T) {
	p := rules.DefaultPolicy()
	p.Signs = []rules.Sign{{Name: "情绪低落", Words: []string{"低落"}}, {Name: "经常缺勤", Words: []string{"缺勤"}}}
	class := rules.Class{School: "青石镇中心小学", Name: "三年级(2)班", Results: []rules.Result{{Child: ptr(sampleChild())}}}
	var buf bytes.Buffer
	if err := writeChecklist(&buf, class, p, asOf, nil); err != nil {
		t.Fatal(err)
	}
	text := squeeze(pdfText(t, buf.Bytes()))
	if !strings.Contains(text, "出现情绪低落、经常缺勤任一情况，须立即家访") || strings.Contains(text, "成绩下降") {
		t.Errorf("checklist rule line:\n%s", text)
	}
	var tb bytes.Buffer
	if err := WriteTemplate(&tb, asOf, p); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&tb)
	if err != nil {
		t.Fatal(err)
	}
	dvs, _ := f.GetDataValidations("花名册")
	found := false
	for _, dv := range dvs {
		if strings.Contains(dv.Formula1, "经常缺勤") {
			found = true
		}
		if strings.Contains(dv.Formula1, "成绩下降") {
			t.Error("the template offers a default sign the school does not use")
		}
	}
	help, _ := f.GetCellValue("填写说明", "A7")
	if !found || !strings.Contains(help, "情绪低落、经常缺勤") {
		t.Errorf("template list found %v, instructions %q", found, help)
	}
}
