package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"liushou/output"
	"liushou/output/outdir"
)

// pdfText reads a PDF's text back with pdftotext, laid out as on the page.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	b, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(b)
}

// TestLettersCarryTheirOwnSchool: a district of 31 schools, each with its own details and
// its own 三年级(2)班 teacher in [schools], and a 32nd school with none. Every letter's
// school, school phone and class teacher, and every envelope's sender, are the pupil's
// own school's; the 32nd school's letters are drafts, and the run says which school
// lacks what. The district's own [school] is on no letter.
func TestLettersCarryTheirOwnSchool(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	const schools = 31
	school := func(i int) string { return fmt.Sprintf("第%02d小学", i) }
	phone := func(i int) string { return fmt.Sprintf("0855-53%05d", 10000+i) }
	teacherPhone := func(i int) string { return fmt.Sprintf("1380000%04d", 1000+i) }
	var toml strings.Builder
	toml.WriteString("[school]\nname = \"台江县教育局\"\naddress = \"台江县文化路 1 号\"\npostcode = \"556400\"\nphone = \"0855-5300000\"\n\n")
	rows := [][]any{{"学校", "班级", "学生姓名", "父亲姓名", "父亲务工地点", "父亲电话", "务工地邮编"}}
	for i := 1; i <= schools+1; i++ {
		if i <= schools {
			fmt.Fprintf(&toml, "[schools.\"%s\"]\naddress = \"台江县第%d路 %d 号\"\npostcode = \"5564%02d\"\nphone = \"%s\"\n", school(i), i, i, i, phone(i))
			fmt.Fprintf(&toml, "[schools.\"%s\".class_teachers.\"三年级(2)班\"]\nname = \"班主任%02d\"\nphone = \"%s\"\n\n", school(i), i, teacherPhone(i))
		}
		for j := 0; j < 2; j++ {
			rows = append(rows, []any{school(i), "三年级(2)班", fmt.Sprintf("学生%02d%c", i, '甲'+rune(j)), "父亲", "广东省深圳市宝安区西乡街道宝源路 18 号", "13912345678", "518000"})
		}
	}
	os.WriteFile(filepath.Join(in, "liushou.toml"), []byte(toml.String()), 0o644)
	writeRoster(t, filepath.Join(in, "全县花名册.xlsx"), rows)
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-09-10", in)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "1 所学校的信息还没有填写完整") || !strings.Contains(stdout, "第32小学（liushou.toml 里没有 [schools.\"第32小学\"]）") {
		t.Errorf("the school without settings is not named:\n%s", stdout)
	}
	batch := filepath.Join(out, outdir.LettersDir, "2026-09-10")
	for i := 1; i <= schools; i++ {
		class := filepath.Join(batch, school(i), "三年级(2)班")
		letters := strings.Join(strings.Fields(pdfText(t, filepath.Join(class, output.LettersFile))), "")
		for _, want := range []string{school(i), fmt.Sprintf("班主任%02d", i), teacherPhone(i), phone(i)} {
			if !strings.Contains(letters, want) {
				t.Errorf("%s's letters lack %q", school(i), want)
			}
		}
		for k := 1; k <= schools; k++ {
			if k != i && (strings.Contains(letters, teacherPhone(k)) || strings.Contains(letters, phone(k)) || strings.Contains(letters, school(k))) {
				t.Errorf("%s's letters carry %s's details", school(i), school(k))
			}
		}
		if strings.Contains(letters, "台江县教育局") || strings.Contains(letters, "0855-5300000") {
			t.Errorf("%s's letters carry the district's details", school(i))
		}
		envelopes := strings.Join(strings.Fields(pdfText(t, filepath.Join(class, output.EnvelopesFile))), "")
		if !strings.Contains(envelopes, fmt.Sprintf("台江县第%d路%d号", i, i)) || !strings.Contains(envelopes, school(i)+"三年级(2)班") ||
			!strings.Contains(envelopes, fmt.Sprintf("5564%02d", i)) || strings.Contains(envelopes, "台江县教育局") {
			t.Errorf("%s's envelopes: %s", school(i), envelopes)
		}
	}
	if _, err := os.Stat(filepath.Join(batch, school(schools+1))); !os.IsNotExist(err) {
		t.Errorf("the school without settings has letters to mail: %v", err)
	}
	draft := pdfText(t, filepath.Join(out, output.DraftsDir, school(schools+1), "三年级(2)班", output.LettersFile))
	if !strings.Contains(draft, "草稿") {
		t.Error("the school without settings: its letters are not marked as drafts")
	}
	sum := readSummary(t, out)
	if sum.Letters.Issued != 2*schools || sum.Letters.Drafts != 2 || len(sum.Letters.DraftSchools) != 1 {
		t.Errorf("letters %+v", sum.Letters)
	}
}

// TestClassTeachersBelongToASchool: with [schools], a district-wide [class_teachers]
// table is refused before anything is written, with its line.
func TestClassTeachersBelongToASchool(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "liushou.toml"), []byte("[schools.\"第01小学\"]\nphone = \"0855-5310001\"\n\n[class_teachers.\"三年级(2)班\"]\nname = \"陈\"\n"), 0o644)
	writeRoster(t, filepath.Join(dir, "a.xlsx"), [][]any{{"学校", "班级", "学生姓名"}, {"第01小学", "三年级(2)班", "王芳"}})
	out := filepath.Join(dir, "out")
	code, _, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-09-10", dir)
	if code != exitFailed || !strings.Contains(stderr, "第 4 行") || !strings.Contains(stderr, "班主任要写在各自学校下面") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, output.SummaryFile)); !os.IsNotExist(err) {
		t.Error("a refused setting still wrote the outputs")
	}
}
