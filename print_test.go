package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestWorkbooksPrintAt8pt prints every workbook of a sample run (but the marked-up
// copies, which keep the school's own layout) and the template through LibreOffice, as a
// school prints them, and reads the size of the smallest text back from the PDF: at least
// 8 pt. A word of Chinese characters is as wide as its size times its characters, so the
// size is measured, not guessed. Skipped where LibreOffice or a Chinese font is missing
// (CI installs neither: run it where they are).
func TestWorkbooksPrintAt8pt(t *testing.T) {
	skipIfShort(t)
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice is not installed")
	}
	if out, err := exec.Command("fc-list", ":lang=zh").Output(); err != nil || len(out) == 0 {
		t.Skip("no Chinese font for LibreOffice (apt-get install fonts-lxgw-wenkai)")
	}
	needPdftotext(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-28", "samples/")
	if code, _, stderr := runCmd(t, "report", "--month", "2026-11", "--out", out, "samples/"); code != 0 {
		t.Fatalf("report: %s", stderr)
	}
	books := map[string]string{} // the copy's name -> the workbook it is
	if code, _, stderr := runCmd(t, "template", filepath.Join(dir, "w0.xlsx")); code != 0 {
		t.Fatalf("template: %s", stderr)
	}
	books["w0.xlsx"] = "花名册模板"
	filepath.Walk(out, func(p string, info os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, ".xlsx") && !strings.Contains(p, "问题标注") {
			name := "w" + strconv.Itoa(len(books)) + ".xlsx"
			b, _ := os.ReadFile(p)
			os.WriteFile(filepath.Join(dir, name), b, 0o644)
			books[name], _ = filepath.Rel(out, p)
		}
		return nil
	})
	if len(books) < 6 {
		t.Fatalf("only %d workbooks", len(books))
	}
	args := []string{"--headless", "-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", filepath.Join(dir, "pdf")}
	for name := range books {
		args = append(args, filepath.Join(dir, name))
	}
	if b, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	word := regexp.MustCompile(`xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<`)
	for name, what := range books {
		pdf := filepath.Join(dir, "pdf", strings.TrimSuffix(name, ".xlsx")+".pdf")
		box, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
		if err != nil {
			t.Errorf("%s: not printed: %v", what, err)
			continue
		}
		smallest, words := 100.0, 0
		for _, m := range word.FindAllStringSubmatch(string(box), -1) {
			text := []rune(m[3])
			if len(text) < 2 || strings.IndexFunc(m[3], func(r rune) bool { return !unicode.Is(unicode.Han, r) }) >= 0 {
				continue
			}
			x0, _ := strconv.ParseFloat(m[1], 64)
			x1, _ := strconv.ParseFloat(m[2], 64)
			smallest = min(smallest, (x1-x0)/float64(len(text)))
			words++
		}
		if words == 0 {
			t.Errorf("%s: no Chinese text printed", what)
		} else if smallest < 7.95 {
			t.Errorf("%s prints at %.1f pt (want 8 or more)", what, smallest)
		}
	}
}
