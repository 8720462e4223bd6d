package output

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"liushou/rules"
)

// shareDoc lays out lines, one under the other, with share.
func shareDoc(lines []string, share *fontShare) *doc {
	d := newDoc("P", "测试", asOf)
	d.share = share
	d.addPage()
	d.font(11)
	for i, l := range lines {
		d.at(10, 10+float64(i)*7, 190, 6, l, "L")
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
	share := newFontShare()
	for _, lines := range [][]string{a, b} {
		var out bytes.Buffer
		if err := shareDoc(lines, share).output(&out); err != nil {
			t.Fatal(err)
		}
		if out.Len() != 0 {
			t.Fatalf("a document laid out while planning wrote %d bytes", out.Len())
		}
	}
	share.freeze()
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
		share *fontShare
	}{{&shared, share}, {&alone, nil}, {&again, share}} {
		if err := shareDoc(lines, o.share).output(o.out); err != nil {
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
	if err := shareDoc(a[:1], share).output(&only); err != nil {
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
	share := newFontShare()
	if err := shareDoc([]string{"致家长的一封信"}, share).output(io.Discard); err != nil {
		t.Fatal(err)
	}
	share.freeze()
	if share.active() {
		t.Fatal("a share learnt from one document")
	}
	var out bytes.Buffer
	if err := shareDoc([]string{"致家长的一封信"}, share).output(&out); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "/Length1 "); n != 1 {
		t.Errorf("%d font files, want 1", n)
	}
}

// TestRunSharesFonts: a run of several classes writes its checklists and letters with
// shares, and every one of them still reads back whole (qpdf finds them sound where it is
// installed).
func TestRunSharesFonts(t *testing.T) {
	class := benchClass()
	second := benchClass()
	second.Name = "五年级(1)班"
	for i := range second.Results {
		second.Results[i].Child.Class = second.Name
		second.Results[i].Child.Name = string([]rune(second.Results[i].Child.Name)[:1]) + "晓" + string([]rune(second.Results[i].Child.Name)[2:])
	}
	opt := Options{AsOf: asOf, Policy: rules.DefaultPolicy(), Letters: startLetters(), Templates: defaultLetters(t)}
	opt.Letters.Due = map[string]bool{}
	classes := []rules.Class{class, second}
	for _, c := range classes {
		for _, r := range c.Results {
			opt.Letters.Due[rules.ChildKey(r.Child)] = true
		}
	}
	sh, err := planShares(classes, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !sh.checklist.active() || !sh.letters.active() {
		t.Fatalf("no share learnt: checklist %v, letters %v", sh.checklist.active(), sh.letters.active())
	}
	dir := t.TempDir()
	for i, c := range classes {
		var cl, lt bytes.Buffer
		if err := writeChecklist(&cl, c, opt.Policy, asOf, sh.checklist); err != nil {
			t.Fatal(err)
		}
		lc, texts, err := dueLetters(c, opt)
		if err != nil || len(texts) != len(c.Results) {
			t.Fatalf("%d letters due, %v", len(texts), err)
		}
		if err := printLetters(&lt, lc, asOf, texts, sh.letters); err != nil {
			t.Fatal(err)
		}
		got := squeeze(pdfText(t, lt.Bytes()))
		for _, text := range texts {
			for _, w := range letterWords(text) {
				if !strings.Contains(got, squeeze(w)) {
					t.Fatalf("class %d: %q missing from its letters", i, w)
				}
			}
		}
		if got := squeeze(pdfText(t, cl.Bytes())); !strings.Contains(got, squeeze(c.Results[0].Child.Name)) {
			t.Errorf("class %d: the checklist lacks %s", i, c.Results[0].Child.Name)
		}
		if qpdf, err := exec.LookPath("qpdf"); err == nil {
			for _, b := range [][]byte{cl.Bytes(), lt.Bytes()} {
				p := filepath.Join(dir, "doc.pdf")
				os.WriteFile(p, b, 0o600)
				if out, err := exec.Command(qpdf, "--check", p).CombinedOutput(); err != nil {
					t.Errorf("qpdf --check: %v\n%s", err, out)
				}
			}
		}
	}
}
