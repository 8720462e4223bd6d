package output

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"liushou/rules"
)

// TestLetterSaysOnlyWhatIsTrue builds the term-end letter for children in each state and
// checks every claim it makes against the data: no visit or call this term, a sign not yet
// visited, a visit after the sign, and a roster without logs (no count claimed).
func TestLetterSaysOnlyWhatIsTrue(t *testing.T) {
	day := func(m, d int) rules.Date {
		y := 2026
		if m < 8 {
			y = 2027
		}
		return rules.Date{Time: time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)}
	}
	p := rules.DefaultPolicy()
	p.School = rules.School{Name: "青石镇中心小学", Address: "青石镇学府路 8 号", Postcode: "556401", Phone: "0855-5312345"}
	term := rules.Term{Name: "2026年秋季学期", Start: day(9, 1).Time, End: day(1, 20).Time}
	p.Terms = []rules.Term{term}
	asOf := day(1, 5).Time
	dec := rules.Letters{Kind: rules.TermEndLetter, Term: term}
	tpl := defaultLetters(t).End
	for _, tc := range []struct {
		name      string
		child     func(c *rules.Child)
		says, not []string
	}{
		{"no visit or call this term", func(c *rules.Child) {
			c.LastVisit, c.LastCall = day(6, 20), rules.Date{} // last term's visit
		}, []string{"本学期老师还没有到家中家访，我们会尽快安排", "本学期老师还没有和您通上电话", "孩子一旦出现"},
			[]string{"最近一次到家中家访", "最近一次与您通话", "已于", "出现了"}},
		{"a sign not yet visited", func(c *rules.Child) {
			c.LastVisit, c.LastCall = day(11, 10), day(12, 2)
			c.SignText, c.SignDate = "最近经常迟到", day(12, 1)
		}, []string{"最近一次到家中家访是在11月10日", "最近一次与您通话是在12月2日", "孩子最近出现了迟到早退的情况，老师会尽快上门家访"},
			[]string{"已于", "第一时间", "孩子一旦出现"}},
		{"a visit after the sign", func(c *rules.Child) {
			c.LastVisit, c.LastCall = day(11, 20), day(11, 21)
			c.SignText, c.SignDate = "和同学打架", day(11, 18)
		}, []string{"孩子这学期出现过与同学争吵的情况，老师已于11月20日上门家访"},
			[]string{"尽快上门家访", "还没有"}},
		{"logs: counts of this term", func(c *rules.Child) {
			c.LastVisit = day(12, 28)
			c.VisitLog = []rules.Date{day(10, 9), day(11, 12), day(12, 28)}
			c.LastCall, c.CallLog = day(9, 30), []rules.Date{day(9, 30)}
		}, []string{"到家中家访3次，最近一次是在12月28日", "与您通话1次，最近一次是在9月30日"}, []string{"还没有"}},
		{"no logs: no count", func(c *rules.Child) {
			c.LastVisit, c.LastCall = day(11, 20), day(11, 25)
		}, []string{"最近一次到家中家访是在11月20日", "最近一次与您通话是在11月25日"}, []string{"次，", "还没有"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := sampleChild()
			c.SignText, c.SignDate, c.VisitLog, c.CallLog = "", rules.Date{}, nil, nil
			tc.child(&c)
			lt, err := composeLetter(c, p, asOf, dec, tpl)
			if err != nil {
				t.Fatal(err)
			}
			text := strings.ReplaceAll(strings.Join(letterWords(lt), ""), " ", "")
			for _, w := range tc.says {
				if !strings.Contains(text, w) {
					t.Errorf("lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(text, w) {
					t.Errorf("says %q:\n%s", w, text)
				}
			}
			// The reply slip's way back names the school's address.
			if !strings.Contains(lt.CutLine, "寄回学校（地址在回执下方）") || lt.SlipReturn != "寄回：556401　青石镇学府路 8 号　青石镇中心小学" {
				t.Errorf("reply route: %s / %s", lt.CutLine, lt.SlipReturn)
			}
		})
	}
}

// TestRunJobsSurvivesAPanic: a document job that panics fails the run with an error (exit
// 1, yesterday's outputs kept), instead of ending the process with Go's exit 2.
func TestRunJobsSurvivesAPanic(t *testing.T) {
	err := runJobs([]func() error{
		func() error { return nil },
		func() error { var m map[string]int; m["x"] = 1; return nil },
	})
	if err == nil || !strings.Contains(err.Error(), "内部错误") {
		t.Errorf("a panicking job: %v", err)
	}
}

// TestLetterFieldsDeclaredOnce: the fields a letter fills are exactly the declared ones
// (a field filled but not declared would pass the template check and fail every letter;
// one declared but not filled would print nothing), and the README names each of them.
func TestLetterFieldsDeclaredOnce(t *testing.T) {
	declared := map[string]bool{}
	for _, f := range letterFieldList {
		if declared[f.name] {
			t.Errorf("%s is declared twice", f.name)
		}
		declared[f.name] = true
	}
	for name := range letterData(sampleChild(), rules.DefaultPolicy(), asOf, startLetters()) {
		if !declared[name] {
			t.Errorf("letterData fills %q, which is not declared in letterFieldList", name)
		}
		delete(declared, name)
	}
	for name := range declared {
		t.Errorf("%q is declared but letterData does not fill it", name)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range letterFieldList {
		if !strings.Contains(string(readme), "{{."+f.name+"}}") {
			t.Errorf("the README does not name the field {{.%s}}", f.name)
		}
	}
}

// TestDefaultLetterSharesItsOpening: in the built-in start letter the child's name ends
// the opening paragraph, so the lines before it are the same on every page of a class's
// letters, whatever the names' lengths, and the file prints them once (pdf/common.go).
// With the name in the paragraph's first line, every line after it moved with the
// name's length: a county's letter was 3,404 bytes, now 3,305.
func TestDefaultLetterSharesItsOpening(t *testing.T) {
	p := rules.DefaultPolicy()
	p.School = rules.School{Name: "青石镇中心小学", Address: "青石镇学府路 8 号", Postcode: "556401", Phone: "0855-5312345"}
	var class rules.Class
	names := []string{"王芳", "欧阳明轩", "李", "张子涵"}
	for _, name := range names {
		c := sampleChild()
		c.Name = name
		class.School, class.Name = c.School, c.Class
		class.Results = append(class.Results, rules.Result{Child: &c})
	}
	var buf bytes.Buffer
	if err := writeLetters(&buf, class, p, asOf, startLetters(), defaultLetters(t)); err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(pdfText(t, buf.Bytes()), "\f")
	var first []string
	for i, name := range names {
		lines := strings.Split(pages[i], "\n")
		start := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "您好！") })
		end := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, name+"成长。") })
		if start < 0 || end <= start {
			t.Fatalf("page %d: no opening paragraph ending with %s:\n%s", i+1, name, pages[i])
		}
		opening := lines[start:end]
		if i == 0 {
			first = opening
			continue
		}
		if !slices.Equal(opening, first) {
			t.Errorf("page %d opens %q, page 1 %q", i+1, opening, first)
		}
	}
}
