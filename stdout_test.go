package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"liushou/output"
)

// TestRunSaysWhatItWrote: the sample run's last lines are checked against what is in the
// output folder: the documents named, each with its count; the children, classes and
// statuses; the problems; the letters of the new batch and the envelopes without a
// postcode, against the batch's mailing lists.
func TestRunSaysWhatItWrote(t *testing.T) {
	skipIfShort(t)
	out := filepath.Join(t.TempDir(), "out")
	_, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", "samples/")
	said := stdout + stderr
	files := map[string]int{}
	filepath.Walk(out, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			files[filepath.Base(p)]++
		}
		return nil
	})
	num := func(pattern string) int {
		t.Helper()
		m := regexp.MustCompile(pattern).FindStringSubmatch(said)
		if m == nil {
			t.Fatalf("the run does not say %q:\n%s", pattern, said)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	for _, d := range []struct{ words, file string }{
		{"检查清单 (\\d+) 份", output.ChecklistFile}, {"档案 (\\d+) 份", output.RecordsFile}, {"联系卡 (\\d+) 份", output.ContactCardsFile},
		{"家访记录表 (\\d+) 份", output.VisitFormsFile}, {"家长信 (\\d+) 个班", output.LettersFile}, {"信封 (\\d+) 个班", output.EnvelopesFile},
	} {
		if said, made := num(d.words), files[d.file]; said != made || made == 0 {
			t.Errorf("the run says %d for %s, the folder holds %d", said, d.file, made)
		}
	}
	for _, f := range []string{"汇总.pdf", "汇总.xlsx", "问题清单.xlsx", "summary.json"} {
		if !strings.Contains(said, f) || files[f] == 0 {
			t.Errorf("%s: said %v, written %d", f, strings.Contains(said, f), files[f])
		}
	}
	sum := readSummary(t, out)
	classes, _ := filepath.Glob(filepath.Join(out, "*", "*", output.ChecklistFile))
	if num("留守儿童 (\\d+) 名") != sum.Totals.Children || num("(\\d+) 个班") != len(classes) {
		t.Errorf("children or classes differ from summary.json (%d) and the class folders (%d)", sum.Totals.Children, len(classes))
	}
	if num("需立即家访 (\\d+) 名") != sum.Totals.Visit["urgent"] || num("无家长电话 (\\d+) 名") != sum.Totals.Call["no_contact"] {
		t.Errorf("statuses differ from summary.json: %v %v", sum.Totals.Visit, sum.Totals.Call)
	}
	if num("错误 (\\d+) 处") != sum.Totals.Errors || num("警告 (\\d+) 处") != sum.Totals.Warnings {
		t.Errorf("problems differ from summary.json: %d errors, %d warnings", sum.Totals.Errors, sum.Totals.Warnings)
	}
	// The new batch: its letters are the mailing lists' rows; the envelopes said to lack a
	// postcode are the posted rows without one.
	lists, _ := filepath.Glob(filepath.Join(out, "信件", "2026-11-28", "*", "*", output.MailingListFile))
	letters, noPostcode := 0, 0
	for _, p := range lists {
		f, err := excelize.OpenFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, sh := range f.GetSheetList() {
			rows, _ := f.GetRows(sh)
			for _, r := range rows[1:] {
				if len(r) == 0 || r[0] == "" {
					continue
				}
				letters++
				if sh == "邮寄" && (len(r) < 6 || r[5] == "") {
					noPostcode++
				}
			}
		}
		f.Close()
	}
	if said := num("本次新生成家长信 (\\d+) 封"); said != letters || said != sum.Letters.Issued {
		t.Errorf("the run says %d letters; the mailing lists hold %d, summary.json %d", said, letters, sum.Letters.Issued)
	}
	if said := num("有 (\\d+) 个信封没有邮编"); said != noPostcode {
		t.Errorf("the run says %d envelopes lack a postcode; the mailing lists %d", said, noPostcode)
	}
}
