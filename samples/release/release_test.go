package main

import (
	"archive/zip"
	"bytes"
	"io"
	"liushou/rules"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestWindowsPackage builds liushou.exe for Windows from this checkout and packs it: the
// zip holds the .exe, the README, the licence, the two .bat files in GBK with CRLF line
// ends running liushou on the folders beside them, and those folders.
func TestWindowsPackage(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles liushou for Windows")
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	exe := filepath.Join(t.TempDir(), "liushou.exe")
	build := exec.Command("go", "build", "-trimpath", "-o", exe, ".")
	build.Dir = root
	build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=windows go build: %v\n%s", err, out)
	}
	read := func(p string) []byte {
		b, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	exeBytes, _ := os.ReadFile(exe)
	var buf bytes.Buffer
	if err := Pack(&buf, exeBytes, read("output/pdf/font/OFL.txt"), time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = b
		names = append(names, f.Name)
	}
	sort.Strings(names)
	want := []string{"使用说明.txt", "liushou.exe", "字体许可（OFL）.txt", "检查花名册.bat",
		"每晚运行.bat", "花名册/请把花名册放在这里.txt", "花名册/liushou.toml", "输出/这里是 liushou 生成的文件.txt"}
	for i := range want {
		want[i] = "留守儿童关爱工具/" + want[i]
	}
	sort.Strings(want)
	if strings.Join(names, "\n") != strings.Join(want, "\n") {
		t.Errorf("zip holds\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
	if !bytes.HasPrefix(files["留守儿童关爱工具/liushou.exe"], []byte("MZ")) {
		t.Error("liushou.exe is not a Windows program")
	}
	// What a person opens in Notepad: UTF-8 with a byte order mark, CRLF line ends.
	for _, name := range []string{"使用说明.txt", "花名册/liushou.toml", "花名册/请把花名册放在这里.txt"} {
		b := files["留守儿童关爱工具/"+name]
		if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) || bytes.Contains(bytes.ReplaceAll(b, []byte("\r\n"), nil), []byte("\n")) {
			t.Errorf("%s is not UTF-8 with a BOM and CRLF: %q", name, b[:min(len(b), 30)])
		}
	}
	if p, err := rules.ParsePolicy("liushou.toml", files["留守儿童关爱工具/花名册/liushou.toml"]); err != nil || p.School.Name != "" {
		t.Errorf("the zip's liushou.toml: %v", err)
	}
	for name, wants := range map[string][]string{
		"留守儿童关爱工具/每晚运行.bat":  {`liushou.exe run --out "%~dp0输出" "%~dp0花名册"`, "问题清单.xlsx", "pause >nul", "exit /b %code%"},
		"留守儿童关爱工具/检查花名册.bat": {`liushou.exe check "%~dp0花名册"`, "按任意键关闭这个窗口", "pause >nul"},
	} {
		raw := files[name]
		if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
			t.Errorf("%s has lines not ended with CRLF", name)
		}
		text, err := simplifiedchinese.GBK.NewDecoder().Bytes(raw)
		if err != nil {
			t.Fatalf("%s is not GBK: %v", name, err)
		}
		for _, w := range wants {
			if !strings.Contains(string(text), w) {
				t.Errorf("%s lacks %q:\n%s", name, w, text)
			}
		}
	}
}
