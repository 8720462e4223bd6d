package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"
)

// renderGray renders a PDF's first page with pdftoppm as a grey PGM.
func renderGray(t *testing.T, pdf []byte) (w, h int, pix []byte) { return renderPage(t, pdf, 1) }

// renderPage renders page n of a PDF with pdftoppm as a grey PGM.
func renderPage(t *testing.T, pdf []byte, n int) (w, h int, pix []byte) {
	t.Helper()
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		toolMissing(t, "pdftoppm is needed to look at the PDFs: install poppler-utils")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprint(n)
	out, err := exec.Command(bin, "-gray", "-r", "72", "-f", page, "-l", page, in).Output()
	if err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	// A binary PGM: "P5\n<w> <h>\n255\n" then the pixels.
	var maxv int
	fields := bytes.Fields(out[:min(len(out), 40)])
	if len(fields) < 4 || string(fields[0]) != "P5" {
		t.Fatalf("not a PGM: %q", out[:min(len(out), 20)])
	}
	if _, err := fmt.Sscan(string(bytes.Join(fields[1:4], []byte(" "))), &w, &h, &maxv); err != nil {
		t.Fatal(err)
	}
	return w, h, out[len(out)-w*h:]
}

// compareFirstPages renders the first pages of two PDFs as poppler draws them and counts
// the inked (dark) pixels of the second and the pixels that differ by more than tolerance.
func compareFirstPages(t *testing.T, a, b []byte, tolerance int) (ink, differ int) {
	t.Helper()
	return comparePages(t, a, b, 1, tolerance)
}

// comparePages is compareFirstPages for page n.
func comparePages(t *testing.T, a, b []byte, n, tolerance int) (ink, differ int) {
	t.Helper()
	w1, h1, pa := renderPage(t, a, n)
	w2, h2, pb := renderPage(t, b, n)
	if w1 != w2 || h1 != h2 {
		t.Fatalf("pages of %dx%d and %dx%d", w1, h1, w2, h2)
	}
	for i := range pa {
		if pb[i] < 128 {
			ink++
		}
		if d := int(pa[i]) - int(pb[i]); d > tolerance || d < -tolerance {
			differ++
		}
	}
	return ink, differ
}

// TestGlyphsAsGofpdfDrawsThem prints the same lines (more characters than one font
// dictionary holds, ASCII, brackets and backslashes, coloured text) the way liushou does
// and through gofpdf's own Unicode font, and compares the two pages pixel by pixel as
// poppler draws them: every character is the right glyph at the right place.
func TestGlyphsAsGofpdfDrawsThem(t *testing.T) {
	lines := []string{
		"致家长的一封信　2026年秋季学期",
		"尊敬的王建军先生、张丽女士：您好！孩子王芳在青石镇中心小学三年级(2)班学习、生活。",
		"学校为每一名留守儿童建立了成长档案和联系卡，记下孩子的学习、身体和思想情况。",
		"电话 0855-5312345，地址 C:\\学校\\(备用) [A-Z] {a+b} 100% <完>",
	}
	// Enough other characters for several font dictionaries.
	var extra []rune
	for r := rune(0x5F00); len(extra) < 400; r += 3 {
		if !missing[r] {
			extra = append(extra, r)
		}
	}
	for i := 0; i < len(extra); i += 40 {
		lines = append(lines, string(extra[i:min(i+40, len(extra))]))
	}
	coverageOnce.Do(loadCoverage)

	d := New("P", "测试", asOf)
	d.AddPage()
	d.Font(11)
	for i, l := range lines {
		if i == 1 {
			d.TextColor(200, 0, 0)
		}
		d.Text(10, 10+float64(i)*7, 190, 6, l, "L")
		d.TextColor(0, 0, 0)
	}
	var ours bytes.Buffer
	if err := d.Write(&ours); err != nil {
		t.Fatal(err)
	}

	ref := gofpdf.New("P", "mm", "A4", "")
	ref.AddUTF8FontFromBytes("ref", "", fontTTF)
	ref.SetFont("ref", "", 11)
	ref.AddPage()
	for i, l := range lines {
		if i == 1 {
			ref.SetTextColor(200, 0, 0)
		}
		ref.SetXY(10, 10+float64(i)*7)
		ref.CellFormat(190, 6, l, "", 0, "L", false, 0, "")
		ref.SetTextColor(0, 0, 0)
	}
	var theirs bytes.Buffer
	if err := ref.Output(&theirs); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(unpacked(t, ours.Bytes())), "/FontDescriptor"); n < 3 {
		t.Fatalf("%d font dictionaries: the test wants several", n)
	}

	ink, differ := compareFirstPages(t, ours.Bytes(), theirs.Bytes(), 64)
	if ink < 2000 {
		t.Fatalf("the reference page holds only %d dark pixels", ink)
	}
	if differ*100 > ink { // anti-aliasing at sub-pixel offsets, not wrong glyphs
		t.Errorf("%d of %d inked pixels differ from gofpdf's drawing of the same text", differ, ink)
	}
	if got := pdfText(t, ours.Bytes()); !strings.Contains(squeeze(got), squeeze(strings.Join(lines[:4], ""))) {
		t.Errorf("text read back:\n%s", got)
	}
}

// TestFontsCarryToUnicode: every font dictionary gets its ToUnicode map in an incremental
// update that qpdf finds sound, and text extractors that know only Adobe's glyph names
// (pypdf) read the Chinese text, not "/uni81F4". qpdf and pypdf are used where installed
// (bash .ci/test installs qpdf).
func TestFontsCarryToUnicode(t *testing.T) {
	var buf bytes.Buffer
	if err := lettersDoc(3).Write(&buf); err != nil {
		t.Fatal(err)
	}
	pdf := buf.Bytes()
	dicts := string(unpacked(t, pdf))
	fonts := strings.Count(dicts, "/Type /FontDescriptor") // one per dictionary
	streams := inflated(t, pdf)
	maps := 0
	for _, s := range streams {
		maps += strings.Count(string(s), "begincmap")
	}
	if fonts < 2 || strings.Count(dicts, "/ToUnicode ") != fonts || maps != fonts {
		t.Fatalf("%d font dictionaries, %d ToUnicode references, %d maps", fonts,
			strings.Count(dicts, "/ToUnicode "), maps)
	}
	if !bytes.HasSuffix(pdf, []byte("%%EOF\n")) || strings.Count(string(pdf), "%%EOF") != 1 || strings.Contains(string(pdf), "/Prev ") {
		t.Error("not one revision")
	}
	path := qpdfCheck(t, pdf)
	py := exec.Command("/usr/bin/python3", "-c", "import sys, pypdf; print(pypdf.PdfReader(sys.argv[1]).pages[0].extract_text())", path)
	if out, err := py.Output(); err == nil {
		// The last line's characters are in several dictionaries, each read by its map.
		if text := squeeze(string(out)); !strings.Contains(text, "致家长的一封信") || strings.Contains(text, "/uni") ||
			!strings.Contains(text, squeeze(letterLines[len(letterLines)-1])) {
			t.Errorf("pypdf reads:\n%.300s", out)
		}
	}
	if text := squeeze(pdfText(t, pdf)); !strings.Contains(text, squeeze(letterLines[len(letterLines)-1])) {
		t.Errorf("pdftotext lacks the last line:\n%.300s", text)
	}
}

// TestManyFontDictionaries: a document of more different characters than the tables of
// codes are made for (more than maxTables dictionaries) looks its codes up in maps, and
// reads back as its text all the same.
func TestManyFontDictionaries(t *testing.T) {
	coverageOnce.Do(loadCoverage)
	var chars []rune
	for r := rune(0x4E00); len(chars) < (maxTables+1)*sliceSize+100; r++ {
		if !missing[r] {
			chars = append(chars, r)
		}
	}
	d := New("P", "测试", asOf)
	d.Font(9)
	var lines []string
	for i := 0; i < len(chars); i += 50 {
		lines = append(lines, string(chars[i:min(i+50, len(chars))]))
	}
	for i, l := range lines {
		if i%60 == 0 {
			d.AddPage()
		}
		d.Text(5, 5+float64(i%60)*4.5, 200, 4, l, "L")
	}
	var out bytes.Buffer
	if err := d.Write(&out); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, m := range regexp.MustCompile(`/BaseFont /([A-Z]{6}\+LXGWWenKai)`).FindAllStringSubmatch(string(unpacked(t, out.Bytes())), -1) {
		names[m[1]] = true
	}
	if len(names) <= maxTables {
		t.Fatalf("%d font dictionaries: the test wants more than %d", len(names), maxTables)
	}
	if got, want := squeeze(pdfText(t, out.Bytes())), squeeze(strings.Join(lines, "")); got != want {
		t.Errorf("text read back differs: %d characters, want %d", len([]rune(got)), len([]rune(want)))
	}
}

// inflated are the document's streams, every one of them compressed, decompressed.
func inflated(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for rest := pdf; ; {
		_, after, ok := bytes.Cut(rest, []byte(">>\nstream\n"))
		if !ok {
			return out
		}
		data, next, ok := bytes.Cut(after, []byte("\nendstream\n"))
		if !ok {
			t.Fatal("a stream does not end")
		}
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("a stream is not compressed: %v", err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("a stream does not decompress: %v", err)
		}
		out = append(out, b)
		rest = next
	}
}
