package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"liushou/ingest"
	"liushou/output"
	"liushou/output/outdir"
	"liushou/rules"
)

// statusPick is a choice of children to write to: in words, and as a test.
type statusPick struct {
	words string
	pick  func(rules.Result) bool
}

// exportStatuses are the children liushou export --form 短信 may write to, by --status.
var exportStatuses = map[string]statusPick{
	"call_overdue":  {"通话逾期或将到期", func(r rules.Result) bool { return r.Call == rules.CallOverdue || r.Call == rules.CallDueSoon }},
	"visit_overdue": {"家访逾期或需立即家访", func(r rules.Result) bool { return r.Visit == rules.VisitOverdue || r.Visit == rules.VisitUrgent }},
	"all":           {"全部", func(rules.Result) bool { return true }},
}

// cmdExport writes a file for another system: --form 短信, the parents' mobile numbers
// with a message each, for a school's SMS or 家校通 platform to import; --form 民政登记表,
// the children in the 2016 registry layout, to send upward.
func cmdExport(args []string, stdout, stderr io.Writer, now time.Time) int {
	fs := flags("export", "export --form 短信|民政登记表 [--status call_overdue|visit_overdue|all] [--as-of 日期] [--config 设置文件] 输出文件 花名册或文件夹...", stderr)
	form := fs.String("form", "", "导出的格式：短信（.csv）或 民政登记表（.xlsx）")
	status := fs.String("status", "call_overdue", "给哪些孩子的家长：call_overdue（通话逾期或将到期）、visit_overdue（家访逾期或需立即家访）、all（全部）")
	c, code, ok := parseCommon(fs, args, stderr, now)
	if !ok {
		return code
	}
	pick, known := exportStatuses[*status]
	ext := map[string]string{"短信": ".csv", "民政登记表": ".xlsx"}[*form]
	switch {
	case ext == "":
		fmt.Fprintln(stderr, "liushou：请用 --form 短信 或 --form 民政登记表 指定导出的格式。")
		return exitUsage
	case !known:
		fmt.Fprintf(stderr, "liushou：--status 只能是 call_overdue、visit_overdue 或 all（现在是“%s”）。\n", *status)
		return exitUsage
	case fs.NArg() < 2 || !strings.EqualFold(filepath.Ext(fs.Arg(0)), ext):
		fmt.Fprintf(stderr, "liushou：请先给出要写的 %s 文件，再给出花名册，例如：liushou export --form %s 导出%s 花名册\n", ext, *form, ext)
		return exitUsage
	}
	outPath := fs.Arg(0)
	return readTo(fs.Args()[1:], c.config, c.asOf, "", stderr, func(_ ingest.Loaded, rep rules.Report, set settings) int {
		return writeExport(outPath, *form, pick, rep, set, c.asOf, stdout, stderr)
	})
}

// writeExport writes the export of the children read: the registry's form, or the
// message list of the children pick chooses.
func writeExport(outPath, form string, pick statusPick, rep rules.Report, set settings, asOf time.Time, stdout, stderr io.Writer) int {
	if form == "民政登记表" {
		classes := rep.Classes()
		if err := outdir.WriteFile(outPath, func(w io.Writer) error { return output.WriteRegistry(w, classes, asOf) }); err != nil {
			fmt.Fprintf(stderr, "liushou：%v。\n", err)
			return exitFailed
		}
		fmt.Fprintln(stdout, settingsLine(set.configPath, set.policy))
		fmt.Fprintf(stdout, "已写入 %s：留守儿童 %d 名，按《农村留守儿童基本情况登记表》的格式，每所学校一张表。表里有完整的身份证号，请妥善保管。\n", outPath, len(rep.Results))
		return exitOK
	}
	csv, rows, notMobile := messagesCSV(rep, set.policy, pick.pick)
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(csv)
	if err != nil {
		fmt.Fprintf(stderr, "liushou：%v。\n", err)
		return exitFailed
	}
	if err := outdir.WriteFile(outPath, func(w io.Writer) error { _, err := w.Write(gbk); return err }); err != nil {
		fmt.Fprintf(stderr, "liushou：%v。\n", err)
		return exitFailed
	}
	fmt.Fprintln(stdout, settingsLine(set.configPath, set.policy))
	fmt.Fprintf(stdout, "已写入 %s：%s的孩子的家长手机号 %d 个，每个一条短信（GBK 编码，可用 WPS 或短信平台导入）。", outPath, pick.words, rows)
	if notMobile > 0 {
		fmt.Fprintf(stdout, "另有 %d 个号码不是手机号（座机等），不能收短信，没有写入。", notMobile)
	}
	fmt.Fprintln(stdout)
	return exitOK
}

// messagesCSV is the message list: a row per parent's mobile number (each number once),
// with the message for that child, in CSV with CRLF line ends; and how many rows, and how
// many numbers were left out as not mobiles.
func messagesCSV(rep rules.Report, p rules.Policy, pick func(rules.Result) bool) ([]byte, int, int) {
	var b bytes.Buffer
	b.WriteString("手机号码,短信内容,学生姓名,学校,班级\r\n")
	rows, notMobile := 0, 0
	seen := map[string]bool{}
	for _, c := range rep.Classes() {
		for _, r := range c.Results {
			if !pick(r) {
				continue
			}
			ch := r.Child
			sp := p.ForSchool(ch.School)
			teacher := sp.ClassTeacherOf(ch.Class, []rules.Child{*ch})
			text := rules.Message(sp.MessageText, map[string]string{"学校": orDefault(sp.School.Name, ch.School), "学校电话": sp.School.Phone,
				"班级": ch.Class, "学生": ch.Name, "班主任": teacher.Name, "班主任电话": teacher.Phone})
			for _, number := range []string{ch.Father.Phone, ch.Mother.Phone, ch.Parent.Phone} {
				if number == "" || seen[number] {
					continue
				}
				seen[number] = true
				if !ingest.IsMobile(number) {
					notMobile++
					continue
				}
				for i, v := range []string{number, text, ch.Name, ch.School, ch.Class} {
					if i > 0 {
						b.WriteByte(',')
					}
					b.WriteString(csvField(v))
				}
				b.WriteString("\r\n")
				rows++
			}
		}
	}
	return b.Bytes(), rows, notMobile
}

// csvField quotes a field that holds a comma, a quote or a line break; a field that a
// spreadsheet would read as a formula is given a leading quote mark.
func csvField(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		s = "'" + s
	}
	if strings.ContainsAny(s, ",\"\r\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
