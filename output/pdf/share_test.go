package pdf

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// shareDoc lays out lines, one under the other, with share.
func shareDoc(lines []string, share *Share) *Doc {
	d := New("P", "测试", asOf)
	d.share = share
	d.AddPage()
	d.Font(11)
	for i, l := range lines {
		d.Text(10, 10+float64(i)*7, 190, 6, l, "L")
	}
	return d
}

// TestFontShare: a share learns the characters that the documents laid out while planning
// all print; a document written with it embeds the shared cut and a cut of its other
// characters, reads back as its text, and looks as it does with a font of its own; a
// document of shared characters only embeds the shared cut alone.
func TestFontShare(t *testing.T) {
	a := []string{"致家长的一封信　2026年秋季学期", "尊敬的王建军先生：孩子王芳在三年级(2)班学习。"}
	b := []string{"致家长的一封信　2026年秋季学期", "尊敬的李明先生：孩子李小华在五年级(1)班学习。"}
	share := NewShare()
	for _, lines := range [][]string{a, b} {
		var out bytes.Buffer
		if err := shareDoc(lines, share).Write(&out); err != nil {
			t.Fatal(err)
		}
		if out.Len() != 0 {
			t.Fatalf("a document laid out while planning wrote %d bytes", out.Len())
		}
	}
	share.Freeze()
	want := map[rune]bool{}
	for _, r := range strings.Join(a, "") {
		if strings.ContainsRune(strings.Join(b, ""), r) {
			want[r] = true
		}
	}
	if len(share.runes) != len(want) {
		t.Fatalf("%d characters shared, want %d: %q", len(share.runes), len(want), string(share.runes))
	}
	for _, r := range share.runes {
		if !want[r] || !share.contains(r) {
			t.Errorf("%q shared, but not printed by both", r)
		}
	}
	if share.contains('王') != want['王'] || share.contains('芳') || share.contains('华') {
		t.Error("a character of one document only is shared")
	}

	// Shared characters, one document's own (王芳), characters neither printed, enough
	// of them for several dictionaries of its own.
	lines := []string{"致家长的一封信　2026年秋季学期", "尊敬的王建军先生：孩子王芳在三年级(2)班学习。", "电话 0855-5312345 (备用) \\ 100%"}
	var extra []rune
	for r := rune(0x6000); len(extra) < 300; r += 5 {
		if !missing[r] {
			extra = append(extra, r)
		}
	}
	coverageOnce.Do(loadCoverage)
	for i := 0; i < len(extra); i += 40 {
		lines = append(lines, string(extra[i:min(i+40, len(extra))]))
	}
	var shared, alone, again bytes.Buffer
	for _, o := range []struct {
		out   *bytes.Buffer
		share *Share
	}{{&shared, share}, {&alone, nil}, {&again, share}} {
		if err := shareDoc(lines, o.share).Write(o.out); err != nil {
			t.Fatal(err)
		}
	}
	if n := strings.Count(shared.String(), "/Length1 "); n != 2 {
		t.Errorf("%d font files embedded with a share, want 2 (the shared cut and the document's own)", n)
	}
	if !bytes.Equal(shared.Bytes(), again.Bytes()) {
		t.Error("the same document written twice with the same share differs")
	}
	if got, want := squeeze(pdfText(t, shared.Bytes())), squeeze(strings.Join(lines, "")); got != want {
		t.Errorf("text read back:\n%s\nwant:\n%s", got, want)
	}
	if ink, differ := compareFirstPages(t, shared.Bytes(), alone.Bytes(), 0); ink < 1000 || differ > 0 {
		t.Errorf("%d of the page's pixels differ from the document with a font of its own (%d inked)", differ, ink)
	}

	var only bytes.Buffer
	if err := shareDoc(a[:1], share).Write(&only); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(only.String(), "/Length1 "); n != 1 {
		t.Errorf("%d font files in a document of shared characters only, want 1", n)
	}
	if got := squeeze(pdfText(t, only.Bytes())); got != squeeze(a[0]) {
		t.Errorf("text read back: %q", got)
	}
}

// TestFontShareNeedsTwo: with one document planned (a run of one class) nothing is
// shared, and documents embed their own font as before.
func TestFontShareNeedsTwo(t *testing.T) {
	share := NewShare()
	if err := shareDoc([]string{"致家长的一封信"}, share).Write(io.Discard); err != nil {
		t.Fatal(err)
	}
	share.Freeze()
	if share.Active() {
		t.Fatal("a share learnt from one document")
	}
	var out bytes.Buffer
	if err := shareDoc([]string{"致家长的一封信"}, share).Write(&out); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "/Length1 "); n != 1 {
		t.Errorf("%d font files, want 1", n)
	}
}
