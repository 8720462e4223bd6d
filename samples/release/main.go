// Command release packs liushou for a school's Windows computer: a zip that unpacks into
// one folder, 留守儿童关爱工具, holding liushou.exe, two .bat files that run it on the
// folders beside them, those folders (the rosters' with a liushou.toml to fill in), a
// 使用说明.txt written for the teacher in charge, and the font licence. The developer
// README stays in the repository. Usage: go run ./samples/release -exe liushou.exe -o liushou-windows.zip
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

	"liushou/rules"
)

// Folder names inside the package: the one it unpacks into, and beside the .exe.
const (
	topDir     = "留守儿童关爱工具"
	rostersDir = "花名册"
	outDir     = "输出"
)

// nightly runs liushou on the folder of rosters beside it and says what the exit code
// means; cmd.exe on Chinese Windows reads .bat files in code page 936 (GBK).
const nightly = `@echo off
rem liushou：检查“花名册”文件夹里的花名册，在“输出”文件夹里生成家长信、检查清单和汇总。
rem 计划任务请直接运行 liushou.exe（见 使用说明.txt），不要用这个文件：它最后会等待按键。
cd /d "%~dp0"
liushou.exe run --out "%~dp0输出" "%~dp0花名册"
set code=%ERRORLEVEL%
echo.
if "%code%"=="0" echo 完成，花名册没有错误。结果在“输出”文件夹里。
if "%code%"=="3" echo 完成，但有的花名册有错误，请看“输出”文件夹里的 问题清单.xlsx。
if "%code%"=="1" echo 没有完成，原因见上面的说明；上次生成的文件都没有改动。
if "%code%"=="2" echo 命令写错了，请对照 使用说明.txt 检查这个文件。
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

const rostersNote = `把学校的留守儿童花名册（.xlsx、.xls 或 .csv）放在这个文件夹里，然后双击“每晚运行.bat”或“检查花名册.bat”。
学校的设置（学校名称、地址、电话、班主任等）在这个文件夹里的 liushou.toml 中，用记事本打开填写。
`

// guide is 使用说明.txt: what the teacher in charge (德育主任) needs, without the
// developer's README.
const guide = `留守儿童关爱工具（liushou）使用说明

一、放好
  把整个“留守儿童关爱工具”文件夹放在学校电脑或共享文件夹里，例如 D:\留守儿童关爱工具。
  里面有：liushou.exe（程序）、每晚运行.bat、检查花名册.bat、“花名册”文件夹、“输出”文件夹。

二、填写学校信息（第一次用之前）
  用记事本打开“花名册”文件夹里的 liushou.toml，填上学校名称（name）、地址（address）、
  邮编（postcode）和电话（phone），保存。没填之前，家长信只作为草稿生成，不能寄出。
  每次运行的第一行会说用了哪个设置文件，还有哪几行没有填。

三、放花名册
  把各班的留守儿童花名册（Excel .xlsx、.xls，WPS 表格，或 .csv）放进“花名册”文件夹，
  可以一个班一个文件，也可以全校一个文件。花名册不会被修改。

四、运行
  双击“检查花名册.bat”：只检查，列出有问题的单元格（工作表!单元格：说明），不写任何文件。
  双击“每晚运行.bat”：生成所有文件，放在“输出”文件夹里。

五、看结果（“输出”文件夹）
  汇总.pdf、汇总.xlsx：全校的人数和需要跟进的孩子；问题清单.xlsx：花名册里要改的地方。
  学校名\班级名\ 里：检查清单.pdf（班主任用）、档案.pdf、联系卡.pdf、家访记录表.pdf。
  信件\日期\ 里：要寄的家长信.pdf、信封.pdf 和邮寄清单.xlsx；寄出后在邮寄清单“已寄出”一栏打√。

六、每晚自动运行（Windows 任务计划程序）
  “创建基本任务”→ 每天 → 操作选“启动程序”：
    程序：D:\留守儿童关爱工具\liushou.exe
    参数：run --quiet --out "D:\留守儿童关爱工具\输出" "D:\留守儿童关爱工具\花名册"
  （路径换成实际放的位置。）运行记录在“输出\.liushou\liushou.log”里，不含学生姓名。

七、退出码（任务计划程序“上次运行结果”）
  0 完成，花名册没有错误；3 完成，但有的花名册有错误（看问题清单.xlsx）；
  1 没有完成（原因见记录），上次生成的文件都没有改动；2 命令写错了；
  4 另一个 liushou 正在运行，这次没有运行。
`

// notepadText is a text file as Notepad shows it whole: a UTF-8 byte order mark and CRLF
// line ends.
func notepadText(s string) []byte {
	return append([]byte{0xEF, 0xBB, 0xBF}, strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")...)
}

// BatText is a .bat file's bytes: CRLF line ends, GBK.
func BatText(s string) ([]byte, error) {
	return simplifiedchinese.GBK.NewEncoder().Bytes([]byte(strings.ReplaceAll(s, "\n", "\r\n")))
}

// Pack writes the zip: every entry under the folder 留守儿童关爱工具/, dated date.
func Pack(w io.Writer, exe, licence []byte, date time.Time) error {
	zw := zip.NewWriter(w)
	add := func(name string, data []byte) error {
		h := &zip.FileHeader{Name: topDir + "/" + name, Method: zip.Deflate, Modified: date}
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
		{"liushou.exe", exe}, {"使用说明.txt", notepadText(guide)}, {"字体许可（OFL）.txt", licence},
		{rostersDir + "/请把花名册放在这里.txt", notepadText(rostersNote)},
		{rostersDir + "/" + rules.PolicyFileName, notepadText(rules.DefaultPolicyFile)},
		{outDir + "/这里是 liushou 生成的文件.txt", notepadText("liushou 在这里写出家长信、检查清单、汇总和问题清单。不要把花名册放在这里。\n")},
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
		err = Pack(f, read(*exe), read("output/pdf/font/OFL.txt"), time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}
