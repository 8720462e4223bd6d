package output

import (
	"bytes"
	"liushou/rules"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

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
	opt.Letters.Due = rules.DueSet{}
	classes := []rules.Class{class, second}
	for _, c := range classes {
		for _, r := range c.Results {
			opt.Letters.Due.Add(*r.Child)
		}
	}
	sh, err := planShares(classes, nil, []bool{lettersDue(class.Results, opt.Letters), lettersDue(second.Results, opt.Letters)}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !sh.checklist.Active() || !sh.letters.Active() {
		t.Fatalf("no share learnt: checklist %v, letters %v", sh.checklist.Active(), sh.letters.Active())
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
