package main

import (
	"bytes"
	"liushou/ingest"
	"liushou/rules"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestExportMessages: the message list holds a row per parent's mobile for the children
// of the chosen status, with the school's own text; a landline is left out and counted;
// the file is GBK with CRLF; a text naming an unknown place is a settings error by line.
func TestExportMessages(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "花名册")
	os.MkdirAll(in, 0o755)
	writeRoster(t, filepath.Join(in, "三年级.xlsx"), [][]any{
		{"学校", "班级", "学生姓名", "父亲电话", "母亲电话", "最近通话日期"},
		{"红星小学", "三年级(2)班", "王芳", "13812345678", "0855-5312345", "2026-09-01"},
		{"红星小学", "三年级(2)班", "李明", "13912345679", "", "2026-11-27"},
	})
	os.WriteFile(filepath.Join(in, "liushou.toml"), []byte("[school]\nname = \"红星小学\"\n\n[messages]\ntext = \"{学校}：{学生}的家长，请给孩子打个电话。\"\n"), 0o644)
	out := filepath.Join(dir, "短信.csv")
	code, stdout, stderr := runCmd(t, "export", "--form", "短信", "--as-of", "2026-11-28", out, in)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "手机号 1 个") || !strings.Contains(stdout, "另有 1 个号码不是手机号") {
		t.Errorf("stdout:\n%s", stdout)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	text, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
	if err != nil || bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatalf("not GBK with CRLF: %v", err)
	}
	want := "手机号码,短信内容,学生姓名,学校,班级\r\n13812345678,红星小学：王芳的家长，请给孩子打个电话。,王芳,红星小学,三年级(2)班\r\n"
	if string(text) != want {
		t.Errorf("got\n%q\nwant\n%q", text, want)
	}
	os.WriteFile(filepath.Join(in, "liushou.toml"), []byte("[messages]\ntext = \"{孩子名字}的家长您好\"\n"), 0o644)
	code, _, stderr = runCmd(t, "export", "--form", "短信", "--as-of", "2026-11-28", out, in)
	if code != exitFailed || !strings.Contains(stderr, "第 2 行 messages.text") || !strings.Contains(stderr, "{孩子名字}") {
		t.Errorf("a bad place: exit %d %s", code, stderr)
	}
}

// TestRegistryExportReadsBack: the sample exported in the 民政 登记表 layout and read by
// liushou again gives the same children with the same fields.
func TestRegistryExportReadsBack(t *testing.T) {
	out := filepath.Join(t.TempDir(), "登记表.xlsx")
	if code, _, stderr := runCmd(t, "export", "--form", "民政登记表", "--as-of", "2026-11-28", out, "samples/"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	load := func(path string) map[string]rules.Child {
		t.Helper()
		l, err := ingest.Load([]string{path}, ingest.Options{Now: today})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]rules.Child{}
		for _, c := range l.Children {
			m[c.School+"|"+c.Class+"|"+c.Name] = c
		}
		return m
	}
	before, after := load("samples/roster.xlsx"), load(out)
	if len(before) != 60 || len(after) != len(before) {
		t.Fatalf("%d children before, %d after", len(before), len(after))
	}
	fields := func(c rules.Child) []string {
		return []string{c.Gender, c.ID, c.Birth.Format("20060102"), c.Address, c.Guardian, c.GuardianRelation, c.GuardianPhone,
			c.Father.Name, c.Father.WorkPlace, c.Father.Phone, c.Mother.Name, c.Mother.WorkPlace, c.Mother.Phone, c.SignText}
	}
	for k, b := range before {
		a, ok := after[k]
		if !ok {
			t.Errorf("%s is missing after the export", k)
			continue
		}
		if got, want := fields(a), fields(b); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s:\n got %q\nwant %q", k, got, want)
		}
	}
}
