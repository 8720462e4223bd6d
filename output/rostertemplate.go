package output

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"liushou/rules"
)

// templateColumns are the standard roster columns, each with the header word liushou
// reads without doubt, its width, and how the column is protected from mistakes.
var templateColumns = []struct {
	header string
	width  float64
	kind   string // "text" (kept as typed: IDs, phones), "date", or a list name
	note   string
}{
	{"序号", 6, "", ""},
	{"学校", 18, "", "学校全称"},
	{"班级", 13, "", "如 三年级(2)班"},
	{"学生姓名", 10, "", ""},
	{"性别", 6, "性别", "男 / 女"},
	{"身份证号", 21, "text", "18位，末位可以是 X"},
	{"监护人姓名", 10, "", "临时监护人或代管家长"},
	{"与学生关系", 10, "关系", ""},
	{"监护人电话", 14, "text", "11位手机号或带区号的固定电话"},
	{"父亲姓名", 10, "", ""},
	{"父亲务工地点", 22, "", "省、市、县（区）、街道门牌或厂名：寄信用"},
	{"父亲务工地邮编", 9, "text", "6位数字，印在信封上"},
	{"父亲电话", 14, "text", ""},
	{"母亲姓名", 10, "", ""},
	{"母亲务工地点", 22, "", ""},
	{"母亲务工地邮编", 9, "text", "6位数字"},
	{"母亲电话", 14, "text", ""},
	{"结对帮扶教师", 12, "", ""},
	{"最近家访日期", 13, "date", "如 2026-09-03"},
	{"最近通话日期", 13, "date", "与父母最近一次通话"},
	{"必访情况", 12, "必访", "没有就空着"},
	{"情况登记日期", 13, "date", "发现必访情况的日期"},
	{"备注", 20, "", ""},
}

var templateLists = map[string][]string{
	"性别": {"男", "女"},
	"关系": {"祖父", "祖母", "外祖父", "外祖母", "伯父", "叔叔", "姑妈", "舅舅", "姨妈", "哥哥", "姐姐", "父亲", "母亲", "其他亲属", "其他"},
}

const templateRows = 500 // rows prepared with formats and drop-down lists

// WriteTemplate writes a blank roster that prevents mistakes at the source: the standard
// columns, text format for ID and phone columns (Excel cannot round them), date format and
// date checks for date columns, drop-down lists, a frozen header and a sheet of instructions.
//
// The signs offered in the 必访情况 list and named in the instructions are the policy's.
func WriteTemplate(w io.Writer, asOf time.Time, p rules.Policy) error {
	lists := map[string][]string{"必访": nil}
	for k, v := range templateLists {
		lists[k] = v
	}
	for _, sg := range p.Signs {
		lists["必访"] = append(lists["必访"], sg.Name)
	}
	f := newBook(asOf)
	defer f.Close()
	const sh, help = "花名册", "填写说明"
	f.SetSheetName("Sheet1", sh)
	f.NewSheet(help)

	last, _ := excelize.ColumnNumberToName(len(templateColumns))
	// The title from the first column on, not merged and centred across all 23: the
	// sheet prints three pages across, and a centred title printed on the middle one.
	title := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}})
	f.SetCellValue(sh, "A1", "留守儿童花名册（请在第3行起填写，每个学生一行）")
	f.SetCellStyle(sh, "A1", "A1", title)
	f.SetRowHeight(sh, 1, 30)

	border := []excelize.Border{{Type: "left", Style: 1, Color: "000000"}, {Type: "right", Style: 1, Color: "000000"}, {Type: "top", Style: 1, Color: "000000"}, {Type: "bottom", Style: 1, Color: "000000"}}
	head := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 11}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	text := f.NewStyle(&excelize.Style{NumFmt: 49, Border: border})
	dateFmt := "yyyy-mm-dd"
	date := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt, Border: border})
	plain := f.NewStyle(&excelize.Style{Border: border})

	for i, c := range templateColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetCellValue(sh, col+"2", c.header)
		f.SetColWidth(sh, col, col, c.width)
		from, to := fmt.Sprintf("%s3", col), fmt.Sprintf("%s%d", col, templateRows+2)
		switch c.kind {
		case "text":
			f.SetCellStyle(sh, from, to, text)
		case "date":
			f.SetCellStyle(sh, from, to, date)
			dv := excelize.NewDataValidation(true)
			dv.Sqref = from + ":" + to
			dv.SetRange("2000-01-01", "2099-12-31", excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
			dv.SetError(excelize.DataValidationErrorStyleStop, "日期不正确", "请填写真实的日期，如 2026-09-03。")
			dv.SetInput(c.header, c.note)
			f.AddDataValidation(sh, dv)
		default:
			f.SetCellStyle(sh, from, to, plain)
		}
		if list, ok := lists[c.kind]; ok {
			dv := excelize.NewDataValidation(c.kind != "必访")
			dv.Sqref = from + ":" + to
			dv.SetDropList(list)
			if c.kind == "必访" {
				// Several signs, or the teacher's own words, may share a cell: offer the list, do not enforce it.
				dv.SetError(excelize.DataValidationErrorStyleInformation, "必访情况", "可以从列表中选择，也可以自己写。")
			} else {
				dv.SetError(excelize.DataValidationErrorStyleStop, c.header, "请从下拉列表中选择。")
			}
			f.AddDataValidation(sh, dv)
		} else if c.kind == "text" && c.note != "" {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = from + ":" + to
			dv.SetInput(c.header, c.note)
			f.AddDataValidation(sh, dv)
		}
	}
	f.SetCellStyle(sh, "A2", last+"2", head)
	f.SetRowHeight(sh, 2, 30)
	f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 4, YSplit: 2, TopLeftCell: "E3", ActivePane: "bottomRight"})

	lines := []string{
		"怎样填写留守儿童花名册",
		"",
		"1. 每个留守儿童占一行，从“花名册”表的第3行开始填写；不要改动第2行的表头，不要在表格中间插入空行或合计行。",
		"2. “班级”写成“三年级(2)班”的样子；全校的学生可以都填在这一张表里。",
		"3. 身份证号和电话列已设为“文本”格式，直接输入即可，不会变成 5.22E+17 这样的数字。从别的表格复制时，请用“选择性粘贴→数值”。",
		"4. 日期列请填写真实日期，如 2026-09-03；不要只写“9月”或“26.9.3”。",
		"5. “必访情况”出现以下任一情况时填写，并填“情况登记日期”：" + strings.Join(lists["必访"], "、") + "。可以从下拉列表中选择，也可以写具体情况（如“发烧住院”）。没有就空着。",
		"6. 父母一方去世或不在外务工的，相应的姓名、务工地点和电话空着即可。",
		"7. 每次家访、与家长通话后，在“家访记录”“通话记录”表里记一行（日期、班级、学生姓名），liushou 取每个学生最近的一次，期末家长信里写明本学期家访、通话了几次；只更新“最近家访日期”“最近通话日期”也可以，但信里就不写次数。",
		"8. 邮编和务工地点写到街道门牌或厂名时，liushou 会印好信封；只写到省市的，信由监护人转交。",
		"   家长寄回或拍照发回的回执，在“回执登记”表里记一行：回执上的新务工地址、新电话从下一次运行起用在信、信封和检查清单上（花名册不会被改动，问题清单会提醒您改）。与学生谈心后可记在“谈心记录”表里，会印进学生档案。",
		"9. 这张表含有学生的个人信息，请妥善保管，不要在群里随意转发。",
		"",
		"填好后放进约定的共享文件夹，liushou 每晚会检查并生成家长信和班主任检查清单。",
	}
	for i, l := range lines {
		f.SetCellValue(help, fmt.Sprintf("A%d", i+1), l)
	}
	f.SetColWidth(help, "A", "A", 120)
	bold := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	f.SetCellStyle(help, "A1", "A1", bold)
	wrap := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	f.SetCellStyle(help, "A3", fmt.Sprintf("A%d", len(lines)), wrap)
	writeLogSheet(f, "家访记录", []string{"家访日期", "班级", "学生姓名", "家访教师", "家访形式", "家访内容"}, head, date, plain)
	writeLogSheet(f, "通话记录", []string{"通话日期", "班级", "学生姓名", "通话对象", "通话内容"}, head, date, plain)
	// The reply slips that come back: the new address and phone are used from the next run.
	writeLogSheet(f, "回执登记", []string{"回执日期", "班级", "学生姓名", "与学生关系", "新的务工地址", "新的联系电话", "家长意见"}, head, date, plain)
	writeLogSheet(f, "谈心记录", []string{"谈心日期", "班级", "学生姓名", "谈心教师", "谈心内容"}, head, date, plain)
	f.SetActiveSheet(0)
	printReady(f, map[string]int{sh: 2})
	return f.Write(w)
}

// TemplateHeaders lists the template's column headers, for tests and documentation.
func TemplateHeaders() []string {
	out := make([]string, len(templateColumns))
	for i, c := range templateColumns {
		out[i] = c.header
	}
	return out
}

// writeLogSheet adds a sheet where each visit or call is one row: the date as a checked
// date, the class and the child, and what the school wants to keep of it.
func writeLogSheet(f *book, name string, headers []string, head, date, plain int) {
	f.NewSheet(name)
	widths := map[string]float64{"班级": 13, "学生姓名": 10, "家访内容": 50, "通话内容": 50, "谈心内容": 50,
		"新的务工地址": 36, "新的联系电话": 14, "家长意见": 40}
	for i, h := range headers {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetCellValue(name, col+"1", h)
		w := widths[h]
		if w == 0 {
			w = 12
		}
		f.SetColWidth(name, col, col, w)
		from, to := col+"2", fmt.Sprintf("%s%d", col, templateRows+1)
		if i == 0 {
			f.SetCellStyle(name, from, to, date)
			dv := excelize.NewDataValidation(true)
			dv.Sqref = from + ":" + to
			dv.SetRange("2000-01-01", "2099-12-31", excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
			dv.SetError(excelize.DataValidationErrorStyleStop, "日期不正确", "请填写真实的日期，如 2026-09-03。")
			f.AddDataValidation(name, dv)
		} else {
			f.SetCellStyle(name, from, to, plain)
		}
	}
	last, _ := excelize.ColumnNumberToName(len(headers))
	f.SetCellStyle(name, "A1", last+"1", head)
	f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}
