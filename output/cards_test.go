package output

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"liushou/rules"
)

// TestContactCardsReadBack: every child has a card in each of the two sets, and each card
// (a quarter of a sheet's height, read back by its place) holds the child's name with the
// guardian's phone, never another child's.
func TestContactCardsReadBack(t *testing.T) {
	class := benchClass()
	for i := range class.Results {
		class.Results[i].Child.GuardianPhone = fmt.Sprintf("139%08d", i)
	}
	p := rules.DefaultPolicy()
	p.School.Phone = "0855-5312345"
	var buf bytes.Buffer
	if err := writeContactCards(&buf, class, p, asOf, nil); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	cw, ch := cardW*72/25.4, cardH*72/25.4
	pages := (len(class.Results) + 7) / 8 * 2
	for page := 1; page <= pages; page++ {
		for row := range cardsDown {
			for col := range cardsAcross {
				// The card's box in points, as pdftotext -x -y -W -H take it.
				x, y := (cardLeft+float64(col)*cardW)*72/25.4, (cardTop+float64(row)*cardH)*72/25.4
				text := pdfText(t, buf.Bytes(), "-f", fmt.Sprint(page), "-l", fmt.Sprint(page),
					"-x", fmt.Sprint(int(x)+1), "-y", fmt.Sprint(int(y)+1), "-W", fmt.Sprint(int(cw)-2), "-H", fmt.Sprint(int(ch)-2))
				if strings.TrimSpace(text) == "" {
					continue
				}
				var found []string
				for _, r := range class.Results {
					if strings.Contains(text, r.Child.Name) {
						found = append(found, r.Child.Name)
						if !strings.Contains(text, r.Child.GuardianPhone) || !strings.Contains(text, "0855-5312345") {
							t.Errorf("page %d card %d,%d: %s without the guardian's or the school's phone:\n%s", page, row, col, r.Child.Name, text)
						}
					}
				}
				if len(found) != 1 {
					t.Errorf("page %d card %d,%d names %v:\n%s", page, row, col, found, text)
					continue
				}
				seen[found[0]]++
			}
		}
	}
	for _, r := range class.Results {
		if seen[r.Child.Name] != 2 {
			t.Errorf("%s has %d cards, want 2 (guardian's and the class file's)", r.Child.Name, seen[r.Child.Name])
		}
	}
}

// TestVisitFormsForChildrenDue: a form for each child due or overdue for a visit, none
// for a child visited lately; the form carries the address, the guardian's phone and the
// columns of the 家访记录 sheet.
func TestVisitFormsForChildrenDue(t *testing.T) {
	due, recent := sampleChild(), sampleChild()
	due.Name, due.Address, due.LastVisit = "王小芳", "台江县台拱镇红阳村三组12号", daysAgo(45)
	recent.Name, recent.LastVisit = "李明", daysAgo(3)
	rep := rules.Evaluate(rules.Roster{Children: []rules.Child{due, recent}}, rules.DefaultPolicy(), asOf)
	class := rep.Classes()[0]
	var buf bytes.Buffer
	ok, err := writeVisitForms(&buf, class, rules.DefaultPolicy(), asOf, nil)
	if err != nil || !ok {
		t.Fatalf("%v, %v", ok, err)
	}
	text := squeeze(pdfText(t, buf.Bytes()))
	for _, want := range append([]string{"王小芳", "台江县台拱镇红阳村三组12号", due.GuardianPhone, "逾期", "家长意见", "家访教师签名"}, visitFormFields...) {
		if !strings.Contains(text, squeeze(want)) {
			t.Errorf("the form lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "李明") {
		t.Error("a form for a child visited three days ago")
	}
	class.Results = class.Results[1:]
	if class.Results[0].Child.Name != "李明" {
		t.Fatalf("order: %s", class.Results[0].Child.Name)
	}
	if ok, err := writeVisitForms(&buf, class, rules.DefaultPolicy(), asOf, nil); ok || err != nil {
		t.Errorf("forms for a class with no child due: %v, %v", ok, err)
	}
}

// TestTeachersListToTakeAlong: the paired teacher's list carries each family's address and
// phones, boxes to tick and a line to sign.
func TestTeachersListToTakeAlong(t *testing.T) {
	c := sampleChild()
	c.Address = "台江县台拱镇红阳村三组12号"
	rep := rules.Evaluate(rules.Roster{Children: []rules.Child{c}}, rules.DefaultPolicy(), asOf)
	classes := rep.Classes()
	var buf bytes.Buffer
	ok, err := writeTeachersPDF(&buf, schoolTally{School: c.School, classes: classes}, rules.DefaultPolicy(), asOf)
	if err != nil || !ok {
		t.Fatalf("%v %v", ok, err)
	}
	text := squeeze(pdfText(t, buf.Bytes()))
	for _, want := range []string{c.Teacher, c.Name, c.Address, c.GuardianPhone, c.Father.Phone, "□已家访", "结对帮扶教师签名"} {
		if !strings.Contains(text, squeeze(want)) {
			t.Errorf("the list lacks %q:\n%s", want, text)
		}
	}
}

// TestRecordsOnePagePerChild: 档案.pdf has each child's page (name, guardian's phone and
// this term's visits and calls from the log sheets), and its last page names the child
// with no visit this term.
func TestRecordsOnePagePerChild(t *testing.T) {
	a, b := sampleChild(), sampleChild()
	a.Name, a.GuardianPhone = "王小芳", "13900000001"
	a.VisitLog = []rules.Date{{Time: asOf.AddDate(0, 0, -40), Sheet: "家访记录", Cell: "A3"}, {Time: asOf.AddDate(0, 0, -10), Sheet: "家访记录", Cell: "A9"}}
	a.CallLog = []rules.Date{{Time: asOf.AddDate(0, 0, -3), Sheet: "通话记录", Cell: "A2"}}
	b.Name, b.GuardianPhone = "李明", "13900000002"
	rep := rules.Evaluate(rules.Roster{Children: []rules.Child{a, b}}, rules.DefaultPolicy(), asOf)
	var buf bytes.Buffer
	if err := writeRecords(&buf, rep.Classes()[0], rules.DefaultPolicy(), asOf, nil); err != nil {
		t.Fatal(err)
	}
	page := func(n int) string { return squeeze(pdfText(t, buf.Bytes(), "-f", fmt.Sprint(n), "-l", fmt.Sprint(n))) }
	// By name in pinyin: 李明 first.
	if p := page(1); !strings.Contains(p, "李明") || !strings.Contains(p, "13900000002") || strings.Contains(p, "王小芳") || !strings.Contains(p, "本学期还没有家访或通话记录") {
		t.Errorf("page 1:\n%s", p)
	}
	p2 := page(2)
	for _, want := range []string{"王小芳", "13900000001", "2026年10月19日", "2026年11月18日", "2026年11月25日", "家访记录", "通话记录"} {
		if !strings.Contains(p2, want) {
			t.Errorf("page 2 lacks %q:\n%s", want, p2)
		}
	}
	if last := page(3); !strings.Contains(last, "没有家访记录：1名") || !strings.Contains(last, "李明") || strings.Contains(last, "王小芳") || strings.Contains(last, "谈心") {
		t.Errorf("last page:\n%s", last)
	}
	// With talks asked for, the last page also names who had none this term.
	a.Entries = []rules.Entry{{Kind: "谈心记录", Date: rules.Date{Time: asOf.AddDate(0, 0, -5), Sheet: "谈心记录", Cell: "A2"}, By: "陈老师"}}
	p := rules.DefaultPolicy()
	p.TalkEvery = 30
	rep = rules.Evaluate(rules.Roster{Children: []rules.Child{a, b}}, p, asOf)
	buf.Reset()
	if err := writeRecords(&buf, rep.Classes()[0], p, asOf, nil); err != nil {
		t.Fatal(err)
	}
	if last := page(3); !strings.Contains(last, "本学期没有谈心记录：1名李明") || strings.Contains(last, "体检") {
		t.Errorf("last page with talks asked for:\n%s", last)
	}
	// What a visit's record says wraps in its row rather than being cut.
	said := "孩子最近学习很认真，作业都按时完成，和同学相处融洽；奶奶身体不太好，希望父母多打电话回家，老师下个月再来看看孩子的情况"
	a.Entries = append(a.Entries, rules.Entry{Kind: "家访记录", Date: a.VisitLog[1], By: "陈老师", How: "入户", Text: said})
	rep = rules.Evaluate(rules.Roster{Children: []rules.Child{a, b}}, p, asOf)
	buf.Reset()
	if err := writeRecords(&buf, rep.Classes()[0], p, asOf, nil); err != nil {
		t.Fatal(err)
	}
	if p2 := page(2); !strings.Contains(p2, "陈老师，入户，"+said) {
		t.Errorf("the visit's record is cut:\n%s", p2)
	}
}
