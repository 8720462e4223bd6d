package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"liushou/output"
)

func TestUsageAndFailures(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no command", nil, exitUsage, "用法"},
		{"unknown command", []string{"frobnicate"}, exitUsage, "不认识的命令"},
		{"no path", []string{"run"}, exitUsage, "请指定花名册"},
		{"bad as-of", []string{"run", "--as-of", "2026/13/45", "samples"}, exitUsage, "--as-of 的日期"},
		{"unknown flag", []string{"run", "--nope", "samples"}, exitUsage, "不认识的选项 --nope"},
		{"missing path", []string{"check", "no/such/folder"}, exitFailed, "找不到“no/such/folder”"},
		{"help", []string{"help"}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != tt.code || !strings.Contains(stdout+stderr, tt.msg) {
				t.Errorf("exit %d, output %q; want %d and %q", code, stdout+stderr, tt.code, tt.msg)
			}
		})
	}
}

// TestDefaultAsOfIsToday: without --as-of the date is the clock's.
func TestDefaultAsOfIsToday(t *testing.T) {
	got, err := parseAsOf("", today)
	if err != nil || got.Format("2006-01-02") != "2026-11-28" {
		t.Errorf("parseAsOf = %v, %v", got, err)
	}
}

// TestCommandLineInChinese: usage, errors and help are Chinese, with "did you mean";
// --as-of takes the date forms rosters use; version says which build this is.
func TestCommandLineInChinese(t *testing.T) {
	english := regexp.MustCompile(`\b(string|unknown|flag|Usage|needs|argument|true\|false)\b`)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"rnu"}, exitUsage, "是不是想写 liushou run？"},
		{[]string{"chek", "samples/"}, exitUsage, "是不是想写 liushou check？"},
		{[]string{"run", "--ot", "x", "samples/"}, exitUsage, "不认识的选项 --ot，是不是想写 --out？"},
		{[]string{"check", "--as-of"}, exitUsage, "选项 --as-of 后面要写一个值。"},
		{[]string{"check", "-z", "samples/"}, exitUsage, "不认识的选项 -z"},
		{[]string{"init", "--help"}, exitOK, "-h, --help"},
		{[]string{"run", "--help"}, exitOK, "--as-of 日期"},
		{[]string{"check", "--as-of", "11月28日", "samples/"}, exitUsage, "--as-of 的日期“11月28日”无效"},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCmd(t, tt.args...)
		if code != tt.code || !strings.Contains(stdout+stderr, tt.want) {
			t.Errorf("%v: exit %d, want %d and %q:\n%s%s", tt.args, code, tt.code, tt.want, stdout, stderr)
		}
		if m := english.FindString(stdout + stderr); m != "" {
			t.Errorf("%v: English %q in:\n%s%s", tt.args, m, stdout, stderr)
		}
	}
	for _, date := range []string{"2026-11-28", "2026/11/28", "2026.11.28", "2026年11月28日", "20261128", "２０２６-１１-２８"} {
		code, stdout, stderr := runCmd(t, "check", "--as-of", date, "samples/")
		if code != exitDataErrors || !strings.Contains(stdout, "留守儿童 60 名") {
			t.Errorf("--as-of %s: exit %d %s", date, code, stderr)
		}
	}
	code, stdout, _ := runCmd(t, "version")
	if code != exitOK || !strings.HasPrefix(stdout, "liushou ") || !strings.Contains(stdout, output.FormatVersion) {
		t.Errorf("version: %d %q", code, stdout)
	}
}

// TestDoubleClickedExplains: liushou.exe started with no arguments (double-clicked on
// Windows) explains itself and waits for Enter before its window closes.
func TestDoubleClickedExplains(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader("\n")
	if code := explainAndWait(in, &out); code != exitUsage {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(out.String(), "按回车键关闭这个窗口") || !strings.Contains(out.String(), "每晚运行.bat") {
		t.Errorf("said:\n%s", out.String())
	}
	if in.Len() != 0 {
		t.Error("did not wait for Enter")
	}
}
