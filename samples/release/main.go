// Command release packs liushou for a school's Windows computer: a zip with liushou.exe,
// the README, the font licence, two .bat files that run it on the folders beside them,
// and those folders. Usage: go run ./samples/release -exe liushou.exe -o liushou-windows.zip
// (samples/release.sh builds the .exe and calls it).
package main

import (
	"archive/zip"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Folder names inside the package, beside the .exe.
const (
	rostersDir = "花名册"
	outDir     = "输出"
)

// nightly runs liushou on the folder of rosters beside it and says what the exit code
// means; cmd.exe on Chinese Windows reads .bat files in code page 936 (GBK).
const nightly = `@echo off
rem liushou：检查“花名册”文件夹里的花名册，在“输出”文件夹里生成家长信、检查清单和汇总。
rem 计划任务请直接运行 liushou.exe（见 README），不要用这个文件：它最后会等待按键。
cd /d "%~dp0"
liushou.exe run --out "%~dp0输出" "%~dp0花名册"
set code=%ERRORLEVEL%
echo.
if "%code%"=="0" echo 完成，花名册没有错误。结果在“输出”文件夹里。
if "%code%"=="3" echo 完成，但有的花名册有错误，请看“输出”文件夹里的 问题清单.xlsx。
if "%code%"=="1" echo 没有完成，原因见上面的说明；上次生成的文件都没有改动。
if "%code%"=="2" echo 命令写错了，请对照 README 检查这个文件。
if "%code%"=="4" echo 另一个 liushou 正在处理“输出”文件夹，这次没有运行，请稍后再试。
echo.
echo 按任意键关闭这个窗口……
pause >nul
exit /b %code%
`

// check lists the problems of the rosters without writing anything.
const check = `@echo off
rem liushou：只检查“花名册”文件夹里的花名册，列出有问题的单元格，不写任何文件。
cd /d "%~dp0"
liushou.exe check "%~dp0花名册"
set code=%ERRORLEVEL%
echo.
if "%code%"=="0" echo 检查完毕，没有发现错误。
if "%code%"=="3" echo 检查完毕，上面列出的错误请在花名册里改正。
if "%code%"=="1" echo 没有完成，原因见上面的说明。
echo.
echo 按任意键关闭这个窗口……
pause >nul
exit /b %code%
`

const rostersNote = "把学校的留守儿童花名册（.xlsx、.xls 或 .csv）放在这个文件夹里，然后双击“每晚运行.bat”或“检查花名册.bat”。\r\n" +
	"学校的设置（学校名称、地址、电话、班主任等）写在这个文件夹里的 liushou.toml 中：可以在命令行运行 liushou.exe init 花名册 生成一份带说明的设置文件。\r\n"

// BatText is a .bat file's bytes: CRLF line ends, GBK.
func BatText(s string) ([]byte, error) {
	return simplifiedchinese.GBK.NewEncoder().Bytes([]byte(strings.ReplaceAll(s, "\n", "\r\n")))
}

// Pack writes the zip: every entry under the folder liushou/, dated date.
func Pack(w io.Writer, exe, readme, licence []byte, date time.Time) error {
	zw := zip.NewWriter(w)
	add := func(name string, data []byte) error {
		h := &zip.FileHeader{Name: "liushou/" + name, Method: zip.Deflate, Modified: date}
		h.Flags |= 0x800 // names in UTF-8
		f, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	}
	bats := map[string]string{"每晚运行.bat": nightly, "检查花名册.bat": check}
	for _, name := range []string{"每晚运行.bat", "检查花名册.bat"} {
		b, err := BatText(bats[name])
		if err != nil {
			return err
		}
		if err := add(name, b); err != nil {
			return err
		}
	}
	for _, f := range []struct {
		name string
		data []byte
	}{
		{"liushou.exe", exe}, {"README.md", readme}, {"字体许可（OFL）.txt", licence},
		{rostersDir + "/请把花名册放在这里.txt", []byte(rostersNote)},
		{outDir + "/这里是 liushou 生成的文件.txt", []byte("liushou 在这里写出家长信、检查清单、汇总和问题清单。不要把花名册放在这里。\r\n")},
	} {
		if err := add(f.name, f.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

func main() {
	exe := flag.String("exe", "liushou.exe", "the Windows build of liushou")
	out := flag.String("o", "liushou-windows.zip", "the zip to write")
	flag.Parse()
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			fmt.Fprintln(os.Stderr, "release:", err)
			os.Exit(1)
		}
		return b
	}
	f, err := os.Create(*out)
	if err == nil {
		err = Pack(f, read(*exe), read("README.md"), read("output/pdf/font/OFL.txt"), time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}
