package pdf

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestSplitShared(t *testing.T) {
	text := func(s string) mark {
		return mark{kind: markText, x: 10, y: 10, w: 50, h: 5, text: s, align: "L", size: 11}
	}
	fill := func(y float64) mark {
		return mark{kind: markRect, x: 5, y: y, w: 100, h: 8, align: "F", color: rgb{230, 230, 230}}
	}
	far := func(s string) mark { m := text(s); m.y = 200; return m }
	// chain is two pages that each begin with a line of their own, then n fills, each
	// overlapping the one before (the first overlaps the line), then a text far below.
	chain := func(n int) [][]mark {
		var pages [][]mark
		for p := range 2 {
			page := []mark{{kind: markLine, x: 5 + float64(p), y: 0, w: 105, h: 0, lineW: .2}}
			for k := range n {
				page = append(page, fill(1+7*float64(k)))
			}
			pages = append(pages, append(page, far("尾")))
		}
		return pages
	}
	box := mark{kind: markRect, x: 5, y: 5, w: 100, h: 100, align: "D", lineW: .2}
	dashed := mark{kind: markLine, x: 5, y: 50, w: 100, h: 50, lineW: .2, dash: []float64{1, 1}}
	// like is a page that draws the labels every page like it draws, and its own name.
	like := func(name string) []mark {
		return []mark{text("标题"), text("姓名"), text("班级"), text("电话"), box, text(name)}
	}
	far2 := []mark{text("标题"), text("续页"), dashed}
	for _, tc := range []struct {
		name   string
		pages  [][]mark
		shared []string // the texts shared, in order ("box", "fill", "dashed" for the others)
		own    []int    // the pages that do not list the shared content
	}{
		{"one page shares nothing", [][]mark{{text("信"), box}}, nil, nil},
		{"what every page draws", [][]mark{{text("信"), text("甲"), box, dashed}, {text("信"), text("乙"), box, dashed}},
			[]string{"信", "box", "dashed"}, nil},
		{"as many times as on every page", [][]mark{{text("信"), text("信")}, {text("信"), text("乙")}}, []string{"信"}, nil},
		{"a dash is part of the line", [][]mark{{dashed}, {func() mark { m := dashed; m.dash = []float64{2, 1}; return m }()}}, nil, nil},
		{"nothing alike", [][]mark{{text("甲")}, {text("乙")}, {text("丙")}}, nil, nil},
		// A page's own filled rectangle drawn before a shared text would cover it.
		{"own fill before", [][]mark{{text("信"), far("尾")}, {fill(8), text("信"), far("尾")}}, []string{"尾"}, nil},
		{"own fill after", [][]mark{{text("信"), text("尾")}, {text("信"), fill(8), text("尾")}}, []string{"信"}, nil},
		{"own fill elsewhere", [][]mark{{text("信")}, {fill(150), text("信")}}, []string{"信"}, nil},
		// A shared fill drawn after a page's own text would be drawn under it.
		{"shared fill after own text", [][]mark{{text("甲"), fill(8)}, {text("乙"), fill(8)}}, nil, nil},
		{"shared fill away from own text", [][]mark{{text("甲"), fill(150)}, {text("乙"), fill(150)}}, []string{"fill"}, nil},
		{"shared fill first", [][]mark{{fill(8), text("甲")}, {fill(8), text("乙")}}, []string{"fill"}, nil},
		// A fill made the page's own hides the next, and that one the next: a few settle,
		// a long chain shares nothing rather than search on.
		{"fills hiding fills", chain(3), []string{"尾"}, nil},
		{"a chain too long", chain(maxRounds + 4), nil, nil},
		// A long record runs onto a page of its own: the others share their labels.
		{"a page far from the others", [][]mark{like("甲"), like("乙"), far2, like("丙")},
			[]string{"标题", "姓名", "班级", "电话", "box"}, []int{2}},
		// Two pages alike and two far from them: every page shares what all four draw,
		// which writes fewer marks than the two sharing theirs.
		{"every page, when that writes less", [][]mark{like("甲"), append(slices.Clone(far2), text("姓名"), text("班级")),
			like("乙"), append(slices.Clone(far2), text("姓名"), text("班级"))},
			[]string{"标题", "姓名", "班级"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shared, flags := splitShared(tc.pages, nil)
			var got []string
			for _, m := range shared {
				switch {
				case m.kind == markText:
					got = append(got, m.text)
				case m.fills():
					got = append(got, "fill")
				case m.kind == markRect:
					got = append(got, "box")
				default:
					got = append(got, "dashed")
				}
			}
			if !slices.Equal(got, tc.shared) {
				t.Fatalf("shared %q, want %q", got, tc.shared)
			}
			if len(shared) == 0 {
				if flags != nil {
					t.Fatalf("flags %v with nothing shared", flags)
				}
				return
			}
			// Every page that lists the shared content flags exactly the shared marks, as
			// many as there are; the others flag none.
			for p, page := range tc.pages {
				if slices.Contains(tc.own, p) != (flags[p] == nil) {
					t.Fatalf("page %d flags %v, want own %v", p, flags[p], tc.own)
				}
				if flags[p] == nil {
					continue
				}
				n := 0
				for i, f := range flags[p] {
					if f {
						n++
						if !slices.ContainsFunc(shared, func(m mark) bool { return m.same(&page[i]) }) {
							t.Errorf("page %d: mark %d flagged but not shared", p, i)
						}
					}
				}
				if n != len(shared) {
					t.Errorf("page %d flags %d marks, %d shared", p, n, len(shared))
				}
			}
		})
	}
}

// TestSharedContent writes a class's letters (the same letter, a name apiece, a
// highlighted line on one page) with the content every page shares written once, and
// without: every page lists the same shared stream first, reads back the same text and
// looks the same, pixel for pixel; and the file is much smaller.
func TestSharedContent(t *testing.T) {
	names := []string{"王小明", "李红", "张伟", "刘洋", "陈静", "杨帆"}
	doc := func() *Doc {
		d := New("P", "测试", asOf)
		for i, name := range names {
			d.AddPage()
			d.Font(20)
			d.Text(20, 15, 170, 10, "致家长的一封信", "C")
			if i == 2 { // a page's own highlight, under a line all pages print
				d.FillColor(255, 240, 200)
				d.Rect(20, 40, 170, 7, "F")
			}
			d.Font(11)
			d.Text(20, 30, 170, 7, "尊敬的"+name+"同学的家长：您好！", "L")
			y := 40.0
			for _, l := range letterLines[3:8] {
				y = d.Paragraph(20, y, 170, 7, l, true)
			}
			d.Dash(1, 1)
			d.Line(20, y+5, 190, y+5)
			d.Dash()
			d.Text(20, y+10, 170, 7, "第 "+fmt.Sprint(i+1)+" 页", "R")
		}
		return d
	}
	with, without, refs := writeBothWays(t, doc, len(names))
	if bytes.Contains(unpacked(t, without.Bytes()), []byte("/Contents [")) {
		t.Fatal("a stream shared with sharing off")
	}
	// The pages' content, compressed: the shared stream once and each page's own, against
	// each page's whole.
	shared := streamLength(t, with.Bytes(), refs[0][1])
	for _, r := range refs {
		shared += streamLength(t, with.Bytes(), r[2])
	}
	whole := 0
	for _, r := range regexp.MustCompile(`/Contents (\d+) 0 R`).FindAllSubmatch(unpacked(t, without.Bytes()), -1) {
		whole += streamLength(t, without.Bytes(), r[1])
	}
	if shared > whole*6/10 || with.Len() >= without.Len() {
		t.Errorf("page content of %d bytes with shared content, %d without (files of %d and %d): want six tenths at most",
			shared, whole, with.Len(), without.Len())
	}
	for i, name := range names {
		page := fmt.Sprint(i + 1)
		a := squeeze(pdfText(t, with.Bytes(), "-f", page, "-l", page))
		b := squeeze(pdfText(t, without.Bytes(), "-f", page, "-l", page))
		if a != b {
			t.Errorf("page %s reads\n%s\nwithout sharing\n%s", page, a, b)
		}
		for _, want := range []string{"致家长的一封信", "尊敬的" + name + "同学的家长", squeeze(letterLines[5])[:30], "第" + page + "页"} {
			if !strings.Contains(a, want) {
				t.Errorf("page %s lacks %q", page, want)
			}
		}
		ink, differ := comparePages(t, with.Bytes(), without.Bytes(), i+1, 0)
		if ink < 1000 || differ > 0 {
			t.Errorf("page %s: %d pixels inked, %d differ", page, ink, differ)
		}
	}
}

// writeBothWays writes doc with the content its pages share written once, and without,
// checks the first with qpdf, and returns both with the /Contents of the pages that list
// a shared stream: sharing pages of them, all listing the same shared stream first and
// their own after it.
func writeBothWays(t *testing.T, doc func() *Doc, sharing int) (with, without bytes.Buffer, refs [][][]byte) {
	t.Helper()
	if err := doc().Write(&with); err != nil {
		t.Fatal(err)
	}
	shareContent = false
	err := doc().Write(&without)
	shareContent = true
	if err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, with.Bytes())
	refs = regexp.MustCompile(`/Contents \[(\d+) 0 R (\d+) 0 R\]`).FindAllSubmatch(unpacked(t, with.Bytes()), -1)
	if len(refs) != sharing {
		t.Fatalf("%d pages list a shared stream, want %d", len(refs), sharing)
	}
	for _, r := range refs {
		if !bytes.Equal(r[1], refs[0][1]) || bytes.Equal(r[1], r[2]) {
			t.Fatalf("pages list %s and %s first", refs[0][1], r[1])
		}
	}
	return with, without, refs
}

// streamLength is the /Length of stream object num.
func streamLength(t *testing.T, pdf, num []byte) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + string(num) + ` 0 obj\n<<(?:/Filter /FlateDecode )?/Length (\d+)>>`).FindSubmatch(pdf)
	if m == nil {
		t.Fatalf("no stream object %s", num)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// TestSharedByMost writes care records, a page a child with the same labels, where one
// child's record runs onto a second page of its own: the other pages list the content
// they share, the second page draws all of its own, and every page looks and reads the
// same as without sharing.
func TestSharedByMost(t *testing.T) {
	names := []string{"王小明", "李红", "张伟", "刘洋", "陈静"}
	labels := []string{"姓名", "班级", "监护人", "联系电话", "家庭住址"}
	doc := func() *Doc {
		d := New("P", "测试", asOf)
		for i, name := range names {
			d.AddPage()
			d.Font(16)
			d.Text(20, 15, 170, 10, "留守儿童成长档案", "C")
			d.FillColor(235, 235, 235)
			d.Rect(20, 30, 170, 8, "F")
			d.Font(10)
			for k, l := range labels {
				d.Text(22, 42+float64(k)*8, 30, 7, l, "L")
				d.Text(60, 42+float64(k)*8, 120, 7, fmt.Sprintf("%s的%s", name, l), "L")
			}
			if i == 2 { // the long record's second page
				d.AddPage()
				d.Font(12)
				d.Text(20, 15, 170, 10, name+"（续）", "L")
				d.Paragraph(20, 30, 170, 7, letterLines[4], true)
			}
		}
		return d
	}
	with, without, _ := writeBothWays(t, doc, len(names))
	raw := unpacked(t, with.Bytes())
	if alone := regexp.MustCompile(`/Contents \d+ 0 R`).FindAll(raw, -1); len(alone) != 1 {
		t.Fatalf("%d pages draw only their own, want 1 (the second page of a record)", len(alone))
	}
	if with.Len() >= without.Len() {
		t.Errorf("%d bytes with shared content, %d without", with.Len(), without.Len())
	}
	for page := 1; page <= len(names)+1; page++ {
		p := fmt.Sprint(page)
		a := squeeze(pdfText(t, with.Bytes(), "-f", p, "-l", p))
		b := squeeze(pdfText(t, without.Bytes(), "-f", p, "-l", p))
		if a != b || a == "" {
			t.Errorf("page %s reads\n%s\nwithout sharing\n%s", p, a, b)
		}
		ink, differ := comparePages(t, with.Bytes(), without.Bytes(), page, 0)
		if ink < 500 || differ > 0 {
			t.Errorf("page %s: %d pixels inked, %d differ", p, ink, differ)
		}
	}
}
