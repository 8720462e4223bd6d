// Package testtool holds what the tests of several packages need from the tools outside
// Go (poppler, openpyxl): found, or the test skipped with the tool named. Only tests
// import it.
package testtool

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Missing skips a test that needs a tool this machine lacks, and says which; with
// LIUSHOU_REQUIRE_TOOLS=1 (bash .ci/test sets it, after installing them) it fails instead.
func Missing(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("LIUSHOU_REQUIRE_TOOLS") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg + " (skipped: bash .ci/test installs it)")
}

// Need finds a program, or skips (or fails, see Missing) with why it is needed.
func Need(t testing.TB, program, why string) string {
	t.Helper()
	bin, err := exec.LookPath(program)
	if err != nil {
		Missing(t, program+" is needed "+why)
	}
	return bin
}

// PDFText extracts the text of a PDF with poppler's pdftotext; args go before the file
// (such as -layout).
func PDFText(t testing.TB, pdf []byte, args ...string) string {
	t.Helper()
	bin := Need(t, "pdftotext", "to read the PDFs back: install poppler-utils")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append(args, path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// PDFInfo is what poppler's pdfinfo says of a PDF's document information (dates as ISO
// 8601).
func PDFInfo(t testing.TB, pdf []byte) string {
	t.Helper()
	bin := Need(t, "pdfinfo", "to read the PDFs back: install poppler-utils")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-isodates", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	return string(out)
}
