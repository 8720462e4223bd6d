// Package samples makes the rosters a newcomer can run liushou on, and the larger ones
// its benchmarks need. Every roster is deterministic: the same seed gives the same
// workbook, byte for byte.
package samples

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/xuri/excelize/v2"
)

// The sample is written as of this date: its visit and call dates lie before it.
var asOf = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

var (
	surnames  = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢")
	given     = []string{"子涵", "欣怡", "梓轩", "浩然", "雨桐", "宇航", "诗琪", "俊杰", "思远", "佳怡", "子豪", "若曦", "明轩", "雅琪", "志强", "晓燕", "天佑", "嘉怡", "文博", "静", "磊", "芳", "洋", "婷", "鑫"}
	men       = []string{"建军", "国强", "志刚", "海军", "德明", "永福", "文斌", "光辉", "勇", "伟", "军", "强"}
	women     = []string{"秀英", "桂芳", "丽娟", "春燕", "玉兰", "海燕", "美玲", "小红", "丽", "芳", "霞", "梅"}
	relations = []string{"祖父", "祖母", "外祖父", "外祖母", "祖母", "祖母", "伯父", "姑妈", "舅舅"}
	// Work places as rosters hold them: some precise enough for the post, some only a town.
	places   = []string{"广东省东莞市长安镇振安中路128号锦厦工业区", "浙江省义乌市稠城街道", "福建省泉州市晋江市陈埭镇江头村工业区8号", "江苏省苏州市昆山市", "上海市松江区九亭镇沪亭北路218号", "广东省深圳市宝安区西乡街道固戍二路45号", "浙江省宁波市慈溪市", "贵州省贵阳市白云区麦架镇白云大道312号"}
	teachers = []string{"陈晓燕", "杨文华", "刘春梅", "王建国", "张丽", "罗明", "吴晓红", "赵德荣", "龙海燕", "杨秀英", "李国强", "田芳"}
	classes  = []struct {
		name  string // as the school writes it
		grade int
		size  int
	}{
		{"一年级（1）班", 1, 9}, {"二年级(1)班", 2, 10}, {"三年级(1)班", 3, 11},
		{"三年级(2)班", 3, 10}, {"四年级(1)班", 4, 10}, {"六年级(1)班", 6, 10},
	}
	signs = []string{"情绪低落，不爱说话", "发烧住院三天", "成绩下降明显", "经常迟到", "与同学打架"}
)

const area = "522426" // a county in Guizhou, where many parents work away

func idNumber(birth time.Time, seq int) string {
	base := fmt.Sprintf("%s%s%03d", area, birth.Format("20060102"), seq)
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(base[i]-'0') * w[i]
	}
	return base + string("10X98765432"[sum%11])
}

func mobile(r *rand.Rand) string {
	prefixes := []string{"138", "139", "150", "151", "158", "187", "188", "135", "136", "182", "199", "177"}
	return fmt.Sprintf("%s%08d", prefixes[r.IntN(len(prefixes))], r.IntN(100000000))
}

// WriteSchool writes samples/roster.xlsx: one realistic rural primary school, six classes
// of left-behind children, laid out as schools keep their rosters (a merged title row, a
// filled-in line, a two-level header, dates typed every which way, a total row and a
// footer) with a few planted defects for liushou to find.
func WriteSchool(path string, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	f := excelize.NewFile()
	defer f.Close()
	const sh = "花名册"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	// Core properties fixed, so that the file is the same on every run.
	fixed := "2026-09-05T08:00:00Z"
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "青石镇中心小学", Created: fixed, Modified: fixed,
		Title: "留守儿童登记表"}); err != nil {
		return err
	}

	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    []excelize.Border{{Type: "left", Style: 1, Color: "000000"}, {Type: "right", Style: 1, Color: "000000"}, {Type: "top", Style: 1, Color: "000000"}, {Type: "bottom", Style: 1, Color: "000000"}},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	text, _ := f.NewStyle(&excelize.Style{NumFmt: 49}) // @: text, so IDs and phones keep every digit
	isoDate, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")})
	cnDate, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(`yyyy"年"m"月"d"日"`)})
	shortDate, _ := f.NewStyle(&excelize.Style{NumFmt: 14}) // Excel's built-in short date

	set := func(cell string, v any) {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			panic(err)
		}
	}
	set("A1", "青石镇中心小学2026年秋季学期留守儿童登记表")
	f.SetCellStyle(sh, "A1", "A1", title)
	f.SetRowHeight(sh, 1, 30)
	set("A2", "填报单位（盖章）：青石镇中心小学　　　　填报日期：2026年9月5日")
	f.MergeCell(sh, "A2", "T2")

	// Two-level header on rows 3 and 4.
	single := [][2]string{{"A", "序号"}, {"B", "班级"}, {"C", "学生姓名"}, {"D", "性别"}, {"E", "身份证号"},
		{"Q", "结对帮扶教师"}, {"R", "最近家访日期"}, {"S", "最近通话日期"}, {"T", "必访情况"}, {"U", "情况登记日期"}, {"V", "备注"}}
	for _, h := range single {
		set(h[0]+"3", h[1])
		f.MergeCell(sh, h[0]+"3", h[0]+"4")
	}
	groups := []struct {
		from, to, name string
		subs           []string
	}{
		{"F", "H", "临时监护人", []string{"姓名", "关系", "联系电话"}},
		{"I", "L", "父亲", []string{"姓名", "务工地点", "联系电话", "外出年限"}},
		{"M", "P", "母亲", []string{"姓名", "务工地点", "联系电话", "外出年限"}},
	}
	for _, g := range groups {
		set(g.from+"3", g.name)
		f.MergeCell(sh, g.from+"3", g.to+"3")
		for i, s := range g.subs {
			set(string(rune(g.from[0]+byte(i)))+"4", s)
		}
	}
	f.MergeCell(sh, "A1", "V1")
	f.SetCellStyle(sh, "A3", "V4", head)
	f.SetCellStyle(sh, "E5", "E80", text)
	f.SetCellStyle(sh, "H5", "H80", text)
	f.SetCellStyle(sh, "L5", "L80", text)
	f.SetCellStyle(sh, "P5", "P80", text)
	for i, w := range []float64{5, 13, 9, 5, 20, 8, 7, 14, 8, 20, 14, 6, 8, 20, 14, 6, 10, 14, 14, 18, 14, 12} {
		col := string(rune('A' + i))
		f.SetColWidth(sh, col, col, w)
	}
	f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 4, TopLeftCell: "A5", ActivePane: "bottomLeft"})

	row := 5
	n := 0
	usedNames := map[string]bool{}
	for ci, cl := range classes {
		teacher := teachers[ci*2]
		for k := 0; k < cl.size; k++ {
			n++
			cell := func(col string) string { return fmt.Sprintf("%s%d", col, row) }
			var name string
			for {
				name = string(surnames[r.IntN(len(surnames))]) + given[r.IntN(len(given))]
				if !usedNames[name] {
					usedNames[name] = true
					break
				}
			}
			male := r.IntN(2) == 0
			gender := "女"
			seq := 2 * (r.IntN(400) + 1) // even: female
			if male {
				gender, seq = "男", seq-1
			}
			birth := time.Date(2026-6-cl.grade, time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
			if birth.Month() >= time.September {
				birth = birth.AddDate(-1, 0, 0)
			}
			surname := string([]rune(name)[0])
			set(cell("A"), n)
			set(cell("B"), cl.name)
			set(cell("C"), name)
			set(cell("D"), gender)
			set(cell("E"), idNumber(birth, seq))
			set(cell("F"), string(surnames[r.IntN(len(surnames))])+given[r.IntN(len(given))][:3])
			set(cell("G"), relations[r.IntN(len(relations))])
			set(cell("H"), mobile(r))
			set(cell("I"), surname+men[r.IntN(len(men))])
			set(cell("J"), places[r.IntN(len(places))])
			set(cell("K"), mobile(r))
			set(cell("L"), fmt.Sprintf("%d年", 1+r.IntN(8)))
			if r.IntN(10) < 7 { // both parents away
				set(cell("M"), string(surnames[r.IntN(len(surnames))])+women[r.IntN(len(women))])
				set(cell("N"), places[r.IntN(len(places))])
				set(cell("O"), mobile(r))
				set(cell("P"), fmt.Sprintf("%d年", 1+r.IntN(8)))
			}
			set(cell("Q"), teachers[ci*2+r.IntN(2)])
			_ = teacher

			// Visits and calls: most within the month, some late, a few never.
			switch v := r.IntN(20); {
			case v < 2:
			default:
				setDate(f, sh, cell("R"), asOf.AddDate(0, 0, -r.IntN(48)), r, isoDate, cnDate, shortDate)
			}
			switch v := r.IntN(20); {
			case v < 2:
			default:
				setDate(f, sh, cell("S"), asOf.AddDate(0, 0, -r.IntN(44)), r, isoDate, cnDate, shortDate)
			}
			if r.IntN(9) == 0 {
				set(cell("T"), signs[r.IntN(len(signs))])
				setDate(f, sh, cell("U"), asOf.AddDate(0, 0, -r.IntN(20)), r, isoDate, cnDate, shortDate)
			}
			row++
		}
	}
	last := row - 1

	// Planted defects and the forms schools really type, each at a known place.
	set("C7", "王　芳")                                 // padded two-character name: cleaned, not an error
	set("E9", "522426201807141236")                  // wrong check character: id_checksum
	set("E12", 5.22426201703e17)                     // ID typed as a number: digits lost, id_numeric
	set("K14", "１３９ ８８７６ ５４３２")                      // full-width digits and spaces: normalised
	set("H15", "+86 158-1234-5678")                  // +86 and dashes: normalised
	set("K16", "1381234567")                         // ten digits: phone_invalid
	set("R18", "2026.2.30")                          // no such day: date_invalid
	set("S20", "2062-10-12")                         // a typo far in the future: date_future
	set("R22", "26.10.8")                            // two-digit year: date_two_digit_year
	set("R24", "2026年11月3日")                         // text date forms, all read
	set("S24", "2026/11/09")                         //
	set("R25", "20261020")                           //
	set("S25", "2026.11.2")                          //
	if g, _ := f.GetCellValue(sh, "D27"); g == "男" { // a gender that contradicts the ID: id_gender_mismatch
		set("D27", "女")
	} else {
		set("D27", "男")
	}
	set("C30", "吉\U00020BB7祥") // a name character above U+FFFF: printed as 〓, text_rare_char
	set("I33", "—")            // father deceased
	set("J33", "")
	set("K33", "")
	set("M33", "")
	set("N33", "")
	set("O33", "")            // and no mother's number: no_contact
	set("T35", "最近情绪低落，上课走神") // a sign with no date: urgent
	set("U35", "")
	set("T36", "迟到早退")
	setDate(f, sh, "U36", asOf.AddDate(0, 0, -6), r, isoDate, cnDate, shortDate)
	setDate(f, sh, "R36", asOf.AddDate(0, 0, -20), r, isoDate, cnDate, shortDate) // sign after the visit: urgent
	set("V40", "寄宿")

	// A row with data but no name: missing_name.
	row = last + 1
	set(fmt.Sprintf("B%d", row), "六年级(1)班")
	set(fmt.Sprintf("F%d", row), "李桂英")
	set(fmt.Sprintf("H%d", row), "13698765432")
	// A total row, a blank row and the footer: not children.
	row += 1
	set(fmt.Sprintf("A%d", row), "合计")
	set(fmt.Sprintf("C%d", row), fmt.Sprintf("%d人", n))
	row += 2
	set(fmt.Sprintf("A%d", row), "填表人：杨秀英　　　审核人：王建国　　　联系电话：0857-7712345")
	f.MergeCell(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("V%d", row))

	return f.SaveAs(path)
}

func ptr(s string) *string { return &s }

// setDate writes a visit or call date in one of the ways teachers do: a real date cell
// in one of three number formats, or typed text.
func setDate(f *excelize.File, sh, cell string, d time.Time, r *rand.Rand, styles ...int) {
	switch k := r.IntN(6); k {
	case 0, 1, 2:
		f.SetCellValue(sh, cell, d)
		f.SetCellStyle(sh, cell, cell, styles[k])
	case 3:
		f.SetCellValue(sh, cell, fmt.Sprintf("%d.%d.%d", d.Year(), d.Month(), d.Day()))
	case 4:
		f.SetCellValue(sh, cell, d.Format("2006/01/02"))
	default:
		f.SetCellValue(sh, cell, fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day()))
	}
}
