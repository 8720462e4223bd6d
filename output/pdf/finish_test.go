package pdf

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestObjectStreams writes a document of more pages than one object stream holds
// objects: every object that is not a stream is in an object stream, the file says PDF
// 1.5, its cross-reference stream finds every object (qpdf checks it where installed),
// and poppler reads every page back.
func TestObjectStreams(t *testing.T) {
	const pages = 2*packSize + 10
	d := New("P", "测试", asOf)
	for i := range pages {
		d.AddPage()
		d.Font(12)
		d.Text(20, 20, 170, 8, fmt.Sprintf("第 %d 页：王小明同学的家长", i+1), "L")
		d.Rect(20, 30, 170, 20, "D")
	}
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		t.Fatal(err)
	}
	pdf := buf.Bytes()
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.5\n")) {
		t.Fatalf("header %q", pdf[:min(len(pdf), 9)])
	}
	// At the top level, streams only: the pages, fonts and catalogue are packed.
	top := regexp.MustCompile(`(?m)^(\d+) 0 obj\n<<([^\n]*)`).FindAllSubmatch(pdf, -1)
	packs := 0
	for _, m := range top {
		if !bytes.Contains(m[2], []byte("/Length ")) {
			t.Errorf("object %s is not packed: %.80s", m[1], m[2])
		}
		if bytes.Contains(m[2], []byte("/Type /ObjStm")) {
			packs++
		}
	}
	if packs < 3 {
		t.Errorf("%d object streams for %d pages", packs, pages)
	}
	if !bytes.Contains(pdf, []byte("/Type /XRef")) || bytes.Contains(pdf, []byte("\nxref\n")) || bytes.Contains(pdf, []byte("trailer")) {
		t.Error("no cross-reference stream, or a table besides it")
	}
	if n := bytes.Count(unpacked(t, pdf), []byte("/Type /Page\n")); n != pages {
		t.Errorf("%d page objects in the object streams, want %d", n, pages)
	}
	qpdfCheck(t, pdf)
	info := pdfText(t, pdf, "-f", fmt.Sprint(pages), "-l", fmt.Sprint(pages))
	if want := fmt.Sprintf("第%d页：王小明同学的家长", pages); !strings.Contains(squeeze(info), want) {
		t.Errorf("the last page reads %q, want %q", squeeze(info), want)
	}
	if n := strings.Count(pdfText(t, pdf), "\f"); n != pages {
		t.Errorf("poppler reads %d pages, want %d", n, pages)
	}
}

// TestTightCompression writes the same table-like document twice, the second marked
// Tight: it reads back the same, text and pages, and is the smaller (its page content
// compressed at the default level rather than the fastest).
func TestTightCompression(t *testing.T) {
	write := func(tight bool) []byte {
		d := New("L", "测试", asOf)
		if tight {
			d.Tight()
		}
		for p := range 3 {
			d.AddPage()
			for r := range 24 {
				y := 15 + float64(r)*7.5
				d.Font(9)
				d.Rect(10, y, 277, 7.5, "D")
				d.Text(12, y, 40, 7.5, fmt.Sprintf("%d. 王%c明", p*24+r+1, rune(0x4E00+37*r+p)), "L")
				d.Text(55, y, 60, 7.5, fmt.Sprintf("2026-%02d-%02d 家访 未满 %d 天", 1+r%12, 1+(r*7)%28, 30+r), "L")
				d.Text(120, y, 80, 7.5, fmt.Sprintf("138%08d 外出务工 广东省东莞市", 10000000+r*7919+p), "L")
			}
		}
		var buf bytes.Buffer
		if err := d.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	fast, tight := write(false), write(true)
	if len(tight) >= len(fast) {
		t.Errorf("tight %d bytes, fast %d: want tight smaller", len(tight), len(fast))
	}
	qpdfCheck(t, fast)
	qpdfCheck(t, tight)
	if a, b := pdfText(t, fast), pdfText(t, tight); a != b || !strings.Contains(squeeze(a), "72.王") {
		t.Errorf("the two read back differently, or not whole:\n%.300s\n%.300s", a, b)
	}
}
