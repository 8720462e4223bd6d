package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPupilsAndShare: a 学籍 export of 40 pupils beside the school's roster of 26. The
// summaries count 40 pupils, 26 left behind, 65%; the 学籍's left-behind pupils are not
// counted twice; the one it marks 留守 whom the roster lacks, and the roster's child it
// lacks, are named at their rows. Without the 学籍 list, [school] pupils gives the share.
func TestPupilsAndShare(t *testing.T) {
	skipIfShort(t)
	in := filepath.Join(t.TempDir(), "in")
	os.MkdirAll(in, 0o755)
	name := func(i int) string { return "学生" + string(rune(0x7532+i)) }
	id := func(i int) string {
		s := fmt.Sprintf("5224262018%02d%02d1%02d%d", 1+i%9, 1+i%12, i%50, 1+i%2)[:17]
		w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
		sum := 0
		for k, c := range s {
			sum += int(c-'0') * w[k]
		}
		return s + string("10X98765432"[sum%11])
	}
	roster := [][]any{{"班级", "学生姓名", "身份证号", "监护人姓名", "监护人电话", "父亲电话"}}
	for i := range 26 {
		roster = append(roster, []any{"三年级(2)班", name(i), id(i), "祖母", "13800138000", "13900139000"})
	}
	xueji := [][]any{{"姓名", "身份证件类型", "身份证件号", "年级", "班级", "是否留守儿童"}}
	for i := range 40 {
		n, mark := i, "非留守儿童"
		switch {
		case i < 25:
			mark = "双亲留守儿童" // on the roster
		case i == 25:
			mark = "单亲留守儿童" // not on the roster
		}
		if i >= 25 {
			n = i + 1 // the roster's 26th child is not in the 学籍 list
		}
		xueji = append(xueji, []any{name(n), "居民身份证", id(n), "三年级", "三年级(2)班", mark})
	}
	writeRoster(t, filepath.Join(in, "花名册.xlsx"), roster)
	writeRoster(t, filepath.Join(in, "学籍导出.xlsx"), xueji)
	old := time.Now().Add(-time.Hour)
	for _, f := range []string{"花名册.xlsx", "学籍导出.xlsx"} {
		os.Chtimes(filepath.Join(in, f), old, old)
	}
	out := filepath.Join(t.TempDir(), "out")
	runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-28", in)
	sum := readSummary(t, out)
	if sum.Totals.Children != 26 || sum.Totals.Pupils != 40 || sum.Totals.LeftBehindShare != 0.65 {
		t.Errorf("children %d, pupils %d, share %v; want 26, 40, 0.65", sum.Totals.Children, sum.Totals.Pupils, sum.Totals.LeftBehindShare)
	}
	var named []string
	for _, p := range sum.Problems {
		switch p.Code {
		case "pupil_not_on_roster", "child_not_in_pupil_list":
			named = append(named, fmt.Sprintf("%s %s!%s %s", p.Code, p.File, p.Cell, p.Message))
		}
	}
	if len(named) != 2 || !strings.Contains(strings.Join(named, "\n"), "pupil_not_on_roster 学籍导出.xlsx!A27 学籍名单上标为留守儿童的"+name(26)) ||
		!strings.Contains(strings.Join(named, "\n"), "child_not_in_pupil_list 花名册.xlsx!B27 "+name(25)) {
		t.Errorf("named:\n%s", strings.Join(named, "\n"))
	}
	if text := squeeze(pdfText(t, filepath.Join(out, "汇总.pdf"))); !strings.Contains(text, "学生40名，留守儿童26名（占65%）") {
		t.Errorf("汇总.pdf does not give the share:\n%s", text)
	}

	// The school's own count, without a 学籍 list.
	os.Remove(filepath.Join(in, "学籍导出.xlsx"))
	os.WriteFile(filepath.Join(in, "liushou.toml"), []byte("[school]\nname = \"青石镇中心小学\"\npupils = 52\n"), 0o644)
	out2 := filepath.Join(t.TempDir(), "out")
	runCmd(t, "run", "-q", "--out", out2, "--as-of", "2026-11-28", in)
	if sum := readSummary(t, out2); sum.Totals.Pupils != 52 || sum.Totals.LeftBehindShare != 0.5 {
		t.Errorf("with pupils = 52: pupils %d, share %v", sum.Totals.Pupils, sum.Totals.LeftBehindShare)
	}
}
