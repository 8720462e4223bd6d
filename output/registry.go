package output

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"liushou/rules"
)

// The 2016 摸底排查《农村留守儿童基本情况登记表》, as 民政 publishes it: the child's
// columns, then 父亲, 母亲 and 受委托监护人 each over their own, 监护类型 and 备注.
var (
	registryTop = []string{"序号", "姓名", "性别", "民族", "出生日期", "公民身份号码", "户籍所在地", "身体情况", "就学情况", "是否寄宿",
		"父亲", "", "", "", "母亲", "", "", "", "受委托监护人", "", "", "", "监护类型", "备注"}
	registrySub = []string{"", "", "", "", "", "", "", "", "", "",
		"姓名", "出生日期", "当前务工地点", "联系电话", "姓名", "出生日期", "当前务工地点", "联系电话",
		"姓名", "联系电话", "与被监护人关系", "居住地地址", "", ""}
)

// guardianKind is the 登记表's 监护类型, from the guardian's relation: 祖辈监护 for a
// grandparent, 亲属监护 for another relative, 单亲监护 for a parent; 其他 when unsaid.
func guardianKind(c rules.Child) string {
	rel := c.GuardianRelation
	switch {
	case rel == "":
		return "其他"
	case strings.ContainsAny(rel, "祖爷奶姥") || strings.Contains(rel, "外公") || strings.Contains(rel, "外婆"):
		return "祖辈监护"
	case strings.Contains(rel, "父") || strings.Contains(rel, "母") || rel == "爸爸" || rel == "妈妈":
		return "单亲监护"
	}
	return "亲属监护"
}

// WriteRegistry writes the children in the 民政 登记表 layout, a sheet per class (named
// for it, the school and class in the title, as the schools fill the form in), so that
// what liushou read and checked can be sent upward and read again. IDs are written whole,
// as text: the registry is where they go.
func WriteRegistry(w io.Writer, classes []rules.Class, asOf time.Time) error {
	f := newBook(asOf)
	defer f.Close()
	head := headStyle(f)
	border := []excelize.Border{{Type: "left", Style: 1, Color: "000000"}, {Type: "right", Style: 1, Color: "000000"},
		{Type: "top", Style: 1, Color: "000000"}, {Type: "bottom", Style: 1, Color: "000000"}}
	textStyle := f.NewStyle(&excelize.Style{NumFmt: 49, Border: border})
	schools := map[string]bool{}
	for _, c := range classes {
		schools[c.School] = true
	}
	if len(classes) == 0 {
		classes = []rules.Class{{}}
	}
	used := map[string]bool{}
	titleRows := map[string]int{} // the title, 填报单位 and the two header rows
	last, _ := excelize.ColumnNumberToName(len(registryTop))
	for i, c := range classes {
		label := orDefault(c.Name, "未填班级")
		if len(schools) > 1 {
			label = orDefault(c.School, "未填学校") + "-" + label
		}
		name := sheetName(label, used)
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else {
			f.NewSheet(name)
		}
		f.SetSheetRow(name, "A1", &[]any{c.School + c.Name + "农村留守儿童基本情况登记表"})
		f.MergeCell(name, "A1", last+"1")
		f.SetSheetRow(name, "A2", &[]any{fmt.Sprintf("填报单位：（盖章）%s    填报日期：%s", c.School, rules.ChineseDate(asOf))})
		f.MergeCell(name, "A2", last+"2")
		top, sub := make([]any, len(registryTop)), make([]any, len(registrySub))
		for k := range registryTop {
			top[k], sub[k] = registryTop[k], registrySub[k]
		}
		f.SetSheetRow(name, "A3", &top)
		f.SetSheetRow(name, "A4", &sub)
		for k, h := range registryTop {
			col, _ := excelize.ColumnNumberToName(k + 1)
			if registrySub[k] == "" {
				f.MergeCell(name, col+"3", col+"4")
			} else if h != "" {
				end, _ := excelize.ColumnNumberToName(k + 4)
				f.MergeCell(name, col+"3", end+"3")
			}
		}
		f.SetCellStyle(name, "A3", last+"4", head)
		f.SetColWidth(name, "A", last, 11)
		f.SetColWidth(name, "F", "F", 21)
		row := 5
		for n, r := range c.Results {
			ch := *r.Child
			birth := ""
			if !ch.Birth.IsZero() {
				birth = ch.Birth.Format("20060102")
			}
			// The home is where the child lives with the guardian: written as 户籍所在地
			// too, which is where liushou (and most schools) read the family's address.
			vals := []any{n + 1, ch.Name, ch.Gender, "", birth, ch.ID, ch.Address, "", "在校", "",
				ch.Father.Name, "", ch.Father.WorkPlace, ch.Father.Phone,
				ch.Mother.Name, "", ch.Mother.WorkPlace, ch.Mother.Phone,
				ch.Guardian, ch.GuardianPhone, ch.GuardianRelation, ch.Address, guardianKind(ch), ch.SignText}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			f.SetSheetRow(name, cell, &vals)
			row++
		}
		if row > 5 {
			f.SetCellStyle(name, "A5", fmt.Sprintf("%s%d", last, row-1), textStyle)
		}
		f.SetSheetRow(name, fmt.Sprintf("A%d", row+1), &[]any{"单位负责人（签名）：", "", "", "", "", "复核人（签名）：", "", "", "", "填表人（签名）："})
		titleRows[name] = 4
	}
	printReady(f, titleRows)
	return f.Write(w)
}

// sheetName is a sheet name Excel takes (31 characters, none of : \ / ? * [ ]) and no
// other sheet of the book has.
func sheetName(s string, used map[string]bool) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, s)
	r := []rune(s)
	if len(r) > 28 {
		r = r[:28]
	}
	name := string(r)
	for k := 2; used[name]; k++ {
		name = fmt.Sprintf("%s%d", string(r), k)
	}
	used[name] = true
	return name
}
