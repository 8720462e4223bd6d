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
