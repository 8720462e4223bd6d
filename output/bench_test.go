package output

import (
	"bytes"
	"encoding/json"
	"testing"

	"liushou/output/pdf"
	"liushou/rules"
)

// BenchmarkEmptyDocument is the fixed cost of one document: a page with one line, the
// font cut to its characters and embedded. A run writes about two PDFs per class; this
// cost times their number is a floor no layout work can go under.
func BenchmarkEmptyDocument(b *testing.B) {
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		d := pdf.New("P", "测试", asOf)
		d.AddPage()
		d.Text(20, 20, 100, 8, "致家长的一封信", "L")
		if err := d.Write(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "PDF-KB")
}

// benchClass is a class as the county generator makes them: 33 children, each with
// names of their own.
func benchClass() rules.Class {
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛")
	given := []rune("子涵梓轩浩然雨萱欣怡一诺思远佳琪俊杰嘉豪诗雅宇航晨曦若汐明轩紫萱文博昊天梦瑶")
	var children []rules.Child
	for i := 0; i < 33; i++ {
		c := sampleChild()
		s, g := surnames[i%len(surnames)], given[(3*i)%len(given)]
		c.Name = string([]rune{s, g, given[(7*i+1)%len(given)]})
		c.Father.Name = string([]rune{s, given[(5*i+2)%len(given)], '军'})
		c.Mother.Name = string([]rune{surnames[(i+40)%len(surnames)], '丽'})
		c.Guardian = string([]rune{s, '桂', given[(11*i)%len(given)]})
		c.Row = 5 + i
		children = append(children, c)
	}
	return classOf(children)
}

// BenchmarkClassDocuments writes one class's checklist and letters, as a run does for
// each of a county's 372 classes.
func BenchmarkClassDocuments(b *testing.B) {
	class := benchClass()
	p := rules.DefaultPolicy()
	tpl, err := ParseLetterTemplates("", "", "", "")
	if err != nil {
		b.Fatal(err)
	}
	dec := rules.Letters{Kind: rules.TermStartLetter, Term: p.CurrentTerm(asOf)}
	var letters, checklist bytes.Buffer
	for b.Loop() {
		letters.Reset()
		checklist.Reset()
		if err := writeLetters(&letters, class, p, asOf, dec, tpl); err != nil {
			b.Fatal(err)
		}
		if err := writeChecklist(&checklist, class, p, asOf, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(letters.Len())/1024, "letters-KB")
	b.ReportMetric(float64(checklist.Len())/1024, "checklist-KB")
}

// BenchmarkMailingList writes one class's 邮寄清单.xlsx.
func BenchmarkMailingList(b *testing.B) {
	class := benchClass()
	p := rules.DefaultPolicy()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := writeMailingList(&buf, class, p, asOf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSummaryJSON writes a county's summary.json (372 classes of 33 children), by
// the children's own encoding as the run does and, for comparison in the same run,
// through encoding/json an element at a time as before.
func BenchmarkSummaryJSON(b *testing.B) {
	class := benchClass()
	var results []rules.Result
	for range 372 {
		results = append(results, class.Results...)
	}
	sum := NewSummary(rules.Roster{}, rules.Report{Results: results}, asOf)
	b.Run("own", func(b *testing.B) {
		var out bytes.Buffer
		for b.Loop() {
			out.Reset()
			if err := writeSummary(&out, sum); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(out.Len())/1e6, "MB")
	})
	b.Run("encoding-json", func(b *testing.B) {
		var out bytes.Buffer
		for b.Loop() {
			out.Reset()
			for _, c := range sum.Children {
				enc := json.NewEncoder(&out)
				enc.SetEscapeHTML(false)
				enc.SetIndent("    ", "  ")
				if err := enc.Encode(c); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(out.Len())/1e6, "MB")
	})
}
