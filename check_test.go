package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckWritesNothing: check lists the problems by file with totals and writes no file.
func TestCheckWritesNothing(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	sample, _ := filepath.Abs(filepath.Join(wd, "samples", "roster.xlsx"))
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	code, stdout, _ := runCmd(t, "check", "--as-of", "2026-11-28", sample)
	if code != exitDataErrors {
		t.Errorf("exit %d, want %d", code, exitDataErrors)
	}
	for _, want := range []string{"roster.xlsx：留守儿童 60 名，错误 7 处，警告 2 处", "错误  花名册!E9：身份证号校验位不正确（应为 5）", "合计：1 个文件"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("check wrote files: %v", entries)
	}
}

// TestCheckPrintsColumnMap: check says what each column was read as; [columns] in
// liushou.toml corrects a wrong guess, and check shows the correction.
func TestCheckPrintsColumnMap(t *testing.T) {
	dir := t.TempDir()
	writeRoster(t, filepath.Join(dir, "r.xlsx"), [][]any{
		{"班级", "学生姓名", "联系人", "联系人电话", "父亲电话", "巡查日期"},
		{"三年级2班", "王芳", "王奶奶", "13812345678", "13912345678", "2026-11-20"},
	})
	code, stdout, stderr := runCmd(t, "check", "--as-of", "2026-11-28", dir)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"工作表“Sheet1”按花名册读取，表头在第 1 行", "B   学生姓名 → 学生姓名", "E   父亲电话 → 父亲电话", "未读取：C 联系人，D 联系人电话，F 巡查日期"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check lacks %q:\n%s", want, stdout)
		}
	}
	// Before the setting the visit is not read: overdue. After it: ok.
	out := filepath.Join(dir, "out")
	runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", dir)
	if s := readSummary(t, out); s.Children[0].Visit != "overdue" {
		t.Fatalf("visit %s before [columns]", s.Children[0].Visit)
	}
	os.WriteFile(filepath.Join(dir, "liushou.toml"), []byte("[columns]\n\"联系人\" = \"监护人姓名\"\n\"联系人电话\" = \"监护人电话\"\n\"巡查日期\" = \"最近家访日期\"\n"), 0o644)
	code, stdout, _ = runCmd(t, "check", "--as-of", "2026-11-28", dir)
	if code != exitOK || !strings.Contains(stdout, "F   巡查日期 → 最近家访日期（按 liushou.toml 的 [columns] 设置）") {
		t.Errorf("exit %d; check after [columns]:\n%s", code, stdout)
	}
	runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", dir)
	if s := readSummary(t, out); s.Children[0].Visit != "ok" {
		t.Errorf("visit %s after [columns]", s.Children[0].Visit)
	}
	// A wrong role is named by its line, and nothing is read.
	os.WriteFile(filepath.Join(dir, "liushou.toml"), []byte("[columns]\n\n\"巡查日期\" = \"家访\"\n"), 0o644)
	code, _, stderr = runCmd(t, "check", "--as-of", "2026-11-28", dir)
	if code != exitFailed || !strings.Contains(stderr, "第 3 行 columns.巡查日期：“家访”不是可用的列名") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
