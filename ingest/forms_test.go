package ingest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"liushou/rules"
)

// The official forms of ROSTERS.md, each written as a school would keep it: .xlsx by
// excelize (with merged headers), .xls re-saved by LibreOffice (no merge information
// reaches the reader), and CSV for the single-sheet forms (the county's in GBK). The
// generator plants bad values at known cells and records what every child's class, visit
// and call status must be; TestOfficialForms reads each file back against that truth.
//
//	go test ./ingest -run TestOfficialForms -update-forms   (needs soffice for the .xls)

var updateForms = flag.Bool("update-forms", false, "rewrite testdata/forms from the generator")

const formsDir = "testdata/forms"

var formsAsOf = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

// formChild is one child as planted: what the roster says and what must be read.
type formChild struct {
	Sheet string `json:"sheet"`
	Row   int    `json:"row"`
	Name  string `json:"name"`
	Class string `json:"class"`
	Visit string `json:"visit"`
	Call  string `json:"call"`
}

// formTruth is what a fixture must give.
type formTruth struct {
	Children      []formChild       `json:"children"`
	NotLeftBehind int               `json:"not_left_behind"`
	Problems      map[string]string `json:"problems"` // "sheet!cell" -> code, errors and warnings
}

// idWith makes a valid 18-digit ID for a birth date (yyyymmdd) and a sequence number.
func idWith(birth string, seq int) string {
	base := "522426" + birth + fmt.Sprintf("%03d", seq)
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(base[i]-'0') * w[i]
	}
	return base + string("10X98765432"[sum%11])
}

// badCheck returns id with a wrong check character.
func badCheck(id string) string {
	last := id[17]
	if last == '0' {
		return id[:17] + "1"
	}
	return id[:17] + "0"
}

// status computes, independently of rules, the status the default policy gives.
func status(last string, sign bool, signDate string) string {
	days := -1
	if last != "" {
		t, _ := time.Parse("2006-01-02", last)
		days = int(formsAsOf.Sub(t).Hours() / 24)
	}
	if sign {
		if signDate == "" || last == "" || last < signDate {
			return "urgent"
		}
	}
	switch {
	case days < 0 || days > 30:
		return "overdue"
	case days >= 23:
		return "due_soon"
	}
	return "ok"
}

func callStatus(last string, phone bool) string {
	if !phone {
		return "no_contact"
	}
	return status(last, false, "")
}

// sheetSpec is a sheet to write: rows of values, merged ranges, date-styled cells.
type sheetSpec struct {
	name   string
	rows   [][]any
	merges [][2]string
	dates  []string // cells shown with Excel's built-in short date format
	hidden []int    // rows (1-based) hidden by hand
}

func writeXLSX(t *testing.T, path string, sheets []sheetSpec) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i, s := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", s.name)
		} else {
			f.NewSheet(s.name)
		}
		for r, row := range s.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range s.merges {
			if err := f.MergeCell(s.name, m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range s.dates {
			f.SetCellStyle(s.name, c, c, dateStyle)
		}
		for _, r := range s.hidden {
			f.SetRowVisible(s.name, r, false)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func writeCSV(t *testing.T, path string, rows [][]any, gbk bool) {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for _, row := range rows {
		rec := make([]string, len(row))
		for i, v := range row {
			switch x := v.(type) {
			case nil:
			case time.Time:
				rec[i] = x.Format("2006/1/2")
			case float64:
				rec[i] = strings.Replace(fmt.Sprintf("%.5E", x), "E+", "E+", 1) // as Excel exports a long number
			default:
				rec[i] = fmt.Sprint(x)
			}
		}
		w.Write(rec)
	}
	w.Flush()
	data := b.Bytes()
	if gbk {
		var err error
		if data, err = simplifiedchinese.GBK.NewEncoder().Bytes(data); err != nil {
			t.Fatal(err)
		}
	} else {
		data = append([]byte("\xEF\xBB\xBF"), data...)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// toXLS re-saves an .xlsx as .xls with LibreOffice, as a school's WPS or old Excel would.
func toXLS(t *testing.T, xlsx string) { convertWith(t, xlsx, "xls") }

// toODS re-saves an .xlsx as .ods, as LibreOffice on 统信UOS or 麒麟 saves a roster.
func toODS(t *testing.T, xlsx string) { convertWith(t, xlsx, "ods") }

func convertWith(t *testing.T, xlsx, format string) {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatalf("soffice is needed to write the .xls fixtures: apt-get install libreoffice-calc")
	}
	home := t.TempDir()
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+home, "--headless", "--convert-to", format, "--outdir", filepath.Dir(xlsx), xlsx)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
}

// form is one official form: its sheets, the rows of its CSV (nil: no CSV), the truth.
type form struct {
	name   string
	sheets []sheetSpec
	csv    [][]any
	gbk    bool
	truth  formTruth
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

// minzhengForm is the 2016 民政 登记表: title and 填报单位 rows, 父亲/母亲/受委托监护人
// groups, 监护类型, signs in 备注, a parent who has died written —, a footer; visits and
// calls in 家访记录 and 通话记录 sheets (家访形式 is a kind, not a date).
func minzhengForm() form {
	fm := form{name: "minzheng-dengjibiao"}
	top := []any{"序号", "姓名", "性别", "民族", "出生日期", "公民身份号码", "户籍所在地", "身体情况", "就学情况", "是否寄宿",
		"父亲", nil, nil, nil, "母亲", nil, nil, nil, "受委托监护人", nil, nil, nil, "监护类型", "备注"}
	sub := []any{nil, nil, nil, nil, nil, nil, nil, nil, nil, nil,
		"姓名", "出生日期", "当前务工地点", "联系电话", "姓名", "出生日期", "当前务工地点", "联系电话",
		"姓名", "联系电话", "与被监护人关系", "居住地地址", nil, nil}
	merges := [][2]string{{"A1", "X1"}, {"A2", "X2"}, {"K3", "N3"}, {"O3", "R3"}, {"S3", "V3"}, {"W3", "W4"}, {"X3", "X4"}}
	for c := 1; c <= 10; c++ {
		merges = append(merges, [2]string{cellName(c, 3), cellName(c, 4)})
	}
	type kid struct {
		name, sex, birth string
		seq              int
		father, fphone   string
		mother, mphone   string
		guardian, gphone string
		note             string
		visit, call      string // latest in the logs
		sign             bool
	}
	classes := []struct {
		sheet, class string
		kids         []kid
	}{
		{"三(1)班", "三年级(1)班", []kid{
			{"杨子涵", "女", "20170312", 22, "杨建国", "13812340001", "李秀兰", "13812340002", "杨德明", "13512340003", "", "2026-11-02", "2026-11-20", false},
			{"吴浩然", "男", "20170521", 31, "吴志强", "13812340011", "—", "—", "吴秀英", "13512340013", "近期情绪低落", "2026-10-01", "2026-10-25", true},
			{"罗思琪", "女", "20170709", 42, "罗国华", "13812340021", "张丽", "1391234567", "罗桂芳", "", "无迟到早退现象", "", "2026-11-10", false},
		}},
		{"三(2)班", "三年级(2)班", []kid{
			{"龙宇航", "男", "20170203", 53, "龙海", "13812340031", "石英", "13812340032", "龙正发", "13512340033", "生病住院", "2026-11-25", "", true},
			{"潘雨桐", "女", "20171111", 64, "—", "—", "杨梅", "13812340042", "潘德顺", "13512340043", "", "2026-10-30", "2026-11-06", false},
		}},
	}
	truth := formTruth{Problems: map[string]string{}}
	var visitLog, callLog [][]any
	visitLog = append(visitLog, []any{"序号", "家访时间", "家访教师", "孩子姓名", "所属班级", "监护人信息", "家长反馈", "后续计划", "家访形式"})
	callLog = append(callLog, []any{"序号", "通话日期", "孩子姓名", "所属班级", "通话对象", "通话内容"})
	for _, cl := range classes {
		rows := [][]any{
			{"红星镇中心小学" + cl.class + "农村留守儿童基本情况登记表"},
			{"填报单位：（盖章）红星镇中心小学    填报日期：2026年11月"},
			top, sub,
		}
		for i, k := range cl.kids {
			r := len(rows) + 1
			id := idWith(k.birth, k.seq)
			if k.name == "吴浩然" {
				id = badCheck(id)
				truth.Problems[cl.sheet+"!"+cellName(6, r)] = "id_checksum"
			}
			if k.mphone == "1391234567" {
				truth.Problems[cl.sheet+"!"+cellName(18, r)] = "phone_invalid"
			}
			birth := k.birth[:4] + "-" + k.birth[4:6] + "-" + k.birth[6:]
			rows = append(rows, []any{i + 1, k.name, k.sex, "苗族", birth, id, "贵州省台江县", "健康", "在校", "否",
				k.father, "1988-05-01", "浙江省宁波市", k.fphone, k.mother, "1990-02-11", "广东省东莞市", k.mphone,
				k.guardian, k.gphone, "祖父", "台江县红星镇", "祖辈监护", k.note})
			phone := k.fphone != "—" || (k.mphone != "—" && k.mphone != "1391234567")
			truth.Children = append(truth.Children, formChild{Sheet: cl.sheet, Row: r, Name: k.name, Class: cl.class,
				Visit: status(k.visit, k.sign, ""), Call: callStatus(k.call, phone)})
			if k.visit != "" {
				visitLog = append(visitLog, []any{len(visitLog), "2026-09-15", "王老师", k.name, cl.sheet, k.guardian, "孩子学习认真", "继续关注", "入户"})
				visitLog = append(visitLog, []any{len(visitLog), k.visit, "王老师", k.name, cl.sheet, k.guardian, "家长放心", "下月再访", "电话"})
			}
			if k.call != "" {
				callLog = append(callLog, []any{len(callLog), k.call, k.name, cl.class, "母亲", "告知孩子在校情况"})
			}
		}
		foot := len(rows) + 1
		rows = append(rows, []any{"单位负责人（签名）：        复核人（签名）：        填表人（签名）："})
		ms := append(append([][2]string{}, merges...), [2]string{cellName(1, foot), cellName(24, foot)})
		fm.sheets = append(fm.sheets, sheetSpec{name: cl.sheet, rows: rows, merges: ms})
	}
	fm.sheets = append(fm.sheets, sheetSpec{name: "家访记录", rows: visitLog}, sheetSpec{name: "通话记录", rows: callLog})
	fm.truth = truth
	return fm
}

// xuejiForm is a 学籍系统 学生基本信息 export: 学校标识码 (a code), 身份证件类型 before
// 身份证件号, family members 成员N…, 是否留守儿童 in words, 8-digit birth dates.
func xuejiForm() form {
	fm := form{name: "xueji-jibenxinxi"}
	head := []any{"学校标识码", "姓名", "性别", "出生日期", "身份证件类型", "身份证件号", "年级", "班级", "是否留守儿童",
		"成员1姓名", "成员1关系", "成员1联系电话", "成员1是否监护人", "成员2姓名", "成员2关系", "成员2联系电话", "成员2是否监护人",
		"民族", "户口所在地", "最近家访日期", "最近通话日期"}
	type pupil struct {
		name, sex, birth string
		seq              int
		lb               string
		m1, r1, p1, g1   string
		m2, r2, p2, g2   string
		visit, call      string
	}
	pupils := []pupil{
		{"张一凡", "男", "20150402", 11, "双亲留守儿童", "张大山", "父亲", "13900000001", "否", "刘翠", "祖母", "13900000002", "是", "2026-11-20", "2026-11-01"},
		{"陈可欣", "女", "20150818", 22, "非留守儿童", "陈伟", "父亲", "13900000011", "是", "", "", "", "", "", ""},
		{"李明轩", "男", "20150105", 33, "单亲留守儿童", "王芬", "母亲", "13900000021", "否", "李光荣", "祖父", "13900000022", "是", "2026-10-20", "2026-11-18"},
		{"赵雨欣", "女", "20150930", 44, "双亲留守儿童", "赵刚", "父亲", "1390000003", "否", "孙兰", "外祖母", "13900000032", "是", "", ""},
		{"周子豪", "男", "20150611", 55, "双亲留守儿童", "周平", "父亲", "13900000041", "否", "周秀英", "祖母", "13900000042", "是", "2026-11-01", "2026-10-31"},
		{"钱思远", "男", "20150224", 67, "非留守儿童", "钱江", "父亲", "13900000051", "是", "", "", "", "", "", ""},
		{"孙梦瑶", "女", "20151212", 78, "双亲留守儿童", "孙强", "父亲", "13900000061", "否", "李桂花", "祖母", "", "是", "2026-11-27", ""},
	}
	rows := [][]any{head}
	truth := formTruth{Problems: map[string]string{}}
	for i, p := range pupils {
		r := i + 2
		var id any = idWith(p.birth, p.seq)
		if p.name == "周子豪" {
			id = 522426201506110000.0 // typed into a number cell: the last digits are gone
			truth.Problems["学生基本信息!"+cellName(6, r)] = "id_numeric"
		}
		if p.p1 == "1390000003" {
			truth.Problems["学生基本信息!"+cellName(12, r)] = "phone_invalid"
		}
		rows = append(rows, []any{"2152001234", p.name, p.sex, p.birth, "居民身份证", id, "四年级", "2班", p.lb,
			p.m1, p.r1, p.p1, p.g1, p.m2, p.r2, p.p2, p.g2, "汉族", "贵州省台江县", p.visit, p.call})
		if p.lb == "非留守儿童" {
			truth.NotLeftBehind++
			continue
		}
		phone := p.p1 != "" && p.p1 != "1390000003" && (p.r1 == "父亲" || p.r1 == "母亲")
		truth.Children = append(truth.Children, formChild{Sheet: "学生基本信息", Row: r, Name: p.name, Class: "四年级(2)班",
			Visit: status(p.visit, false, ""), Call: callStatus(p.call, phone)})
	}
	fm.sheets = []sheetSpec{{name: "学生基本信息", rows: rows}}
	fm.csv = rows
	fm.truth = truth
	return fm
}

// fenbanForm is a school's per-class 登记表: one sheet per class, 家长姓名/家长联系电话,
// the guardian's 职业/称谓/联系电话 under a group, 出生年月 as 2016.03, dates typed by hand
// without a year, 亲情电话时间 for the last call, signs in 近期情况.
func fenbanForm() form {
	fm := form{name: "fenban-dengjibiao"}
	top := []any{"序号", "姓名", "性别", "出生年月", "身份证号", "家庭详细住址", "家长姓名", "家长联系电话", "家长务工单位详细地址",
		"临时监护人", nil, nil, nil, "最近家访", "亲情电话时间", "近期情况"}
	sub := []any{nil, nil, nil, nil, nil, nil, nil, nil, nil, "姓名", "职业", "称谓", "联系电话", nil, nil, nil}
	merges := [][2]string{{"A1", "P1"}, {"J2", "M2"}}
	for _, c := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 14, 15, 16} {
		merges = append(merges, [2]string{cellName(c, 2), cellName(c, 3)})
	}
	type kid struct {
		name, sex, birth string
		seq              int
		visitTyped       string // as the teacher typed it
		visit            string // what it means (""= none or invalid)
		callTyped, call  string
		phone            string
		note             string
		sign             bool
	}
	classes := []struct {
		sheet, class string
		kids         []kid
	}{
		{"三(1)班", "三年级(1)班", []kid{
			{"黄诗雨", "女", "20170315", 12, "11月23日", "2026-11-23", "11.20", "2026-11-20", "13700000001", "", false},
			{"韦俊杰", "男", "20170822", 23, "10.20", "2026-10-20", "2026-11-01", "2026-11-01", "13700000011", "成绩下降", true},
			{"蒙佳怡", "女", "20170130", 34, "11月31日", "", "11月2日", "2026-11-02", "13700000021", "", false},
		}},
		{"三(2)班", "三年级(2)班", []kid{
			{"石浩宇", "男", "20170607", 45, "2026.2.30", "", "11/15", "2026-11-15", "13700000031", "", false},
			{"欧阳婷", "女", "20171019", 56, "2026年11月5日", "2026-11-05", "", "", "", "经常迟到", true},
			{"谢文博", "男", "20170404", 67, "12月20日", "2025-12-20", "11.27", "2026-11-27", "13700000051", "", false},
		}},
	}
	truth := formTruth{Problems: map[string]string{}}
	for _, cl := range classes {
		rows := [][]any{{cl.class + "留守儿童登记表（2026年秋季学期）"}, top, sub}
		for i, k := range cl.kids {
			r := len(rows) + 1
			birthYM := k.birth[:4] + "." + k.birth[4:6]
			rows = append(rows, []any{i + 1, k.name, k.sex, birthYM, idWith(k.birth, k.seq), "台江县红星镇红星村3组",
				k.name[:3] + "父", k.phone, "浙江省宁波市鄞州区工业路18号", k.name[:3] + "奶奶", "务农", "祖母", "13500000099",
				k.visitTyped, k.callTyped, k.note})
			switch k.visitTyped {
			case "11月31日", "2026.2.30":
				truth.Problems[cl.sheet+"!"+cellName(14, r)] = "date_invalid"
			case "11月23日", "10.20", "12月20日":
				truth.Problems[cl.sheet+"!"+cellName(14, r)] = "date_no_year"
			}
			switch k.callTyped {
			case "11.20", "11月2日", "11/15", "11.27":
				truth.Problems[cl.sheet+"!"+cellName(15, r)] = "date_no_year"
			}
			truth.Children = append(truth.Children, formChild{Sheet: cl.sheet, Row: r, Name: k.name, Class: cl.class,
				Visit: status(k.visit, k.sign, ""), Call: callStatus(k.call, k.phone != "")})
		}
		fm.sheets = append(fm.sheets, sheetSpec{name: cl.sheet, rows: rows, merges: merges})
	}
	fm.truth = truth
	return fm
}

// taizhangForm is a 初中 关爱帮扶台账: the only sheet is named …台账 (the roster itself),
// with groups 父亲/母亲/临时监护人/关爱帮扶情况, the last over 最近一次家访,
// 最近一次亲情通话, 五必访情况 and 发现时间; dates are real date cells.
func taizhangForm() form {
	fm := form{name: "taizhang-guanai"}
	const sheet = "留守儿童关爱帮扶台账"
	top := []any{"序号", "班级", "姓名", "性别", "身份证号", "父亲", nil, nil, "母亲", nil, nil, "临时监护人", nil, nil,
		"结对帮扶教师", "关爱帮扶情况", nil, nil, nil}
	sub := []any{nil, nil, nil, nil, nil, "姓名", "务工地点", "联系电话", "姓名", "务工地点", "联系电话", "姓名", "关系", "联系电话",
		nil, "最近一次家访", "最近一次亲情通话", "五必访情况", "发现时间"}
	merges := [][2]string{{"A1", "S1"}, {"F2", "H2"}, {"I2", "K2"}, {"L2", "N2"}, {"P2", "S2"}}
	for _, c := range []int{1, 2, 3, 4, 5, 15} {
		merges = append(merges, [2]string{cellName(c, 2), cellName(c, 3)})
	}
	d := func(s string) any {
		if s == "" {
			return nil
		}
		t, _ := time.Parse("2006-01-02", s)
		return t
	}
	type kid struct {
		class, canon, name, sex, birth string
		seq                            int
		fphone, mphone                 string
		visit, call                    string
		sign, found                    string
	}
	kids := []kid{
		{"初一(1)班", "七年级(1)班", "杨光明", "男", "20130211", 13, "13600000001", "13600000002", "2026-11-10", "2026-11-26", "成绩下降", "2026-11-20"},
		{"初一(1)班", "七年级(1)班", "刘欣怡", "女", "20130517", 24, "13600000011", "", "2026-11-21", "2026-11-21", "情绪不好", "2026-11-18"},
		{"初一(2)班", "七年级(2)班", "田宇", "男", "20121130", 35, "1360000002", "", "2026-10-15", "2026-10-30", "", ""},
		{"初一(2)班", "七年级(2)班", "胡晓雪", "女", "20130808", 46, "13600000031", "13600000032", "2026-12-05", "2026-11-05", "", ""},
	}
	rows := [][]any{{"台江县第二中学留守儿童关爱帮扶台账（2026年秋季学期）"}, top, sub}
	truth := formTruth{Problems: map[string]string{}}
	var dates []string
	for i, k := range kids {
		r := len(rows) + 1
		rows = append(rows, []any{i + 1, k.class, k.name, k.sex, idWith(k.birth, k.seq), k.name[:3] + "父", "广东省深圳市", k.fphone,
			k.name[:3] + "母", "广东省深圳市", k.mphone, k.name[:3] + "爷爷", "祖父", "13500000001", "邓老师",
			d(k.visit), d(k.call), k.sign, d(k.found)})
		for _, c := range []int{16, 17, 19} {
			dates = append(dates, cellName(c, r))
		}
		visit := k.visit
		if k.fphone == "1360000002" {
			truth.Problems[sheet+"!"+cellName(8, r)] = "phone_invalid"
		}
		if k.visit == "2026-12-05" {
			truth.Problems[sheet+"!"+cellName(16, r)] = "date_future"
			visit = ""
		}
		phone := k.fphone != "1360000002" || k.mphone != ""
		truth.Children = append(truth.Children, formChild{Sheet: sheet, Row: r, Name: k.name, Class: k.canon,
			Visit: status(visit, k.sign != "", k.found), Call: callStatus(k.call, phone)})
	}
	fm.sheets = []sheetSpec{{name: sheet, rows: rows, merges: merges, dates: dates}}
	fm.csv = rows
	fm.truth = truth
	return fm
}

// otherCountyForm is a middle school's roster from another county, in the ways nobody
// here had named: a sheet named for its grade with a 班级 column of 2班, a 是否留守 column
// of words and codes, a status column (a pupil who left, in a hidden row), both parents'
// phones in one labelled cell, an ID typed with a leading ', visits and calls written as
// text in a 帮扶记录 column, signs written with negations, a 谈心记录 sheet beside it, and
// a total and a sign-off line under the table. The file's name carries the grade for the
// CSV, whose one sheet is named after it.
func otherCountyForm() form {
	fm := form{name: "七年级关爱台账"}
	const sheet = "七年级"
	head := []any{"序号", "班级", "学生姓名", "身份证号", "是否留守", "在校状态", "监护人", "家长联系电话", "帮扶记录", "近期情况"}
	type kid struct {
		class, name, birth string
		seq                int
		lb, status         string
		phones             string
		care, signs        string
		visit, call        string // what the care text gives (as of formsAsOf)
		sign               bool
	}
	kids := []kid{
		{"2班", "龙云飞", "20130305", 51, "双留守", "在校", "父：13812340001；母：13712340001", "9月3日家访，11月8日与母亲电话沟通", "性格开朗，无迟到早退", "2026-09-03", "2026-11-08", false},
		{"2班", "潘秀英", "20130611", 62, "√", "在校", "13812340002（父）", "11月20日上门家访；11月25日视频通话", "从不与同学吵架", "2026-11-20", "2026-11-25", false},
		{"2班", "吴天佑", "20121009", 73, "待核实", "在校", "父13024064464 母18190128900", "10月10日家访", "最近常常一个人哭", "2026-10-10", "", true},
		{"3班", "杨小梅", "20130120", 84, "单留守", "转出", "13812340004", "", "", "", "", false},
		{"3班", "张国强", "20130801", 95, "否", "在校", "13812340005", "", "", "", "", false},
		{"3班", "石金花", "20130415", 16, "父母均外出", "在校", "妈妈 137 1234 0006", "2026年11月2日家访，11月2日与父亲微信视频", "监护人生病住院", "2026-11-02", "2026-11-02", false},
	}
	rows := [][]any{{"台江县第三中学七年级留守儿童关爱台账"}, head}
	truth := formTruth{Problems: map[string]string{}}
	var hidden []int
	for i, k := range kids {
		r := len(rows) + 1
		id := idWith(k.birth, k.seq)
		if i == 1 {
			id = "'" + id
		}
		rows = append(rows, []any{i + 1, k.class, k.name, id, k.lb, k.status, k.name[:3] + "奶奶", k.phones, k.care, k.signs})
		switch {
		case k.status == "转出":
			hidden = append(hidden, r)
			continue
		case k.lb == "否":
			truth.NotLeftBehind++
			continue
		case k.lb == "待核实":
			truth.Problems[sheet+"!"+cellName(5, r)] = "left_behind_unclear"
		}
		truth.Children = append(truth.Children, formChild{Sheet: sheet, Row: r, Name: k.name,
			Class: "七年级(" + strings.TrimSuffix(k.class, "班") + ")班", Visit: status(k.visit, k.sign, ""), Call: callStatus(k.call, true)})
	}
	rows = append(rows, []any{"合计", nil, "6人"}, []any{nil, "班主任：张老师    2026年9月"})
	talks := [][]any{{"班级", "学生姓名", "谈心日期", "谈心内容", "谈心教师"},
		{"2班", "吴天佑", "2026-11-21", "想妈妈，谈了半小时", "张老师"}, {"2班", "龙云飞", "2026-11-22", "学习计划", "张老师"}}
	fm.sheets = []sheetSpec{{name: sheet, rows: rows, merges: [][2]string{{"A1", "J1"}}, hidden: hidden}, {name: "谈心记录", rows: talks}}
	fm.csv = rows
	fm.truth = truth
	return fm
}

// countyForm is a county statistics table: schools and classes in columns, saved as CSV
// in GBK by WPS.
func countyForm() form {
	fm := form{name: "county-tongji", gbk: true}
	head := []any{"序号", "乡镇", "学校名称", "年级", "班级", "姓名", "性别", "身份证号", "监护人姓名", "监护人电话",
		"父亲务工地", "父亲电话", "母亲务工地", "母亲电话", "最近家访日期", "最近通话日期", "备注"}
	type kid struct {
		school, grade, class, canon, name, birth string
		seq                                      int
		visit, call                              string
		note                                     string
	}
	kids := []kid{
		{"红星镇中心小学", "五年级", "1班", "五年级(1)班", "王晨", "20140303", 18, "2026-11-15", "2026-11-15", ""},
		{"红星镇中心小学", "五年级", "1班", "五年级(1)班", "李娜", "20140714", 29, "2026/10/01", "2026/11/02", "身体不好，常请病假"},
		{"东风小学", "二年级", "3班", "二年级(3)班", "陈刚", "20180920", 31, "2026-11-26", "2026-13-01", ""},
		{"东风小学", "二年级", "3班", "二年级(3)班", "赵敏", "20180101", 42, "", "2026-11-20", "无"},
	}
	rows := [][]any{head}
	truth := formTruth{Problems: map[string]string{}}
	const sheet = "县级统计表"
	for i, k := range kids {
		r := i + 2
		id := idWith(k.birth, k.seq)
		if k.name == "陈刚" {
			id = id[:17]
			truth.Problems[sheet+"!"+cellName(8, r)] = "id_length"
			truth.Problems[sheet+"!"+cellName(16, r)] = "date_invalid"
		}
		rows = append(rows, []any{i + 1, "红星镇", k.school, k.grade, k.class, k.name, "", id, k.name[:3] + "奶奶", "13400000001",
			"福建省厦门市", "13400000002", "福建省厦门市", "", k.visit, k.call, k.note})
		call := strings.ReplaceAll(k.call, "/", "-")
		if k.call == "2026-13-01" {
			call = ""
		}
		visit := strings.ReplaceAll(k.visit, "/", "-")
		if visit == "2026-10-01" {
			visit = "2026-10-01"
		}
		truth.Children = append(truth.Children, formChild{Sheet: sheet, Row: r, Name: k.name, Class: k.canon,
			Visit: status(visit, k.note == "身体不好，常请病假", ""), Call: callStatus(call, true)})
	}
	fm.sheets = []sheetSpec{{name: sheet, rows: rows}}
	fm.csv = rows
	fm.truth = truth
	return fm
}

func officialForms() []form {
	return []form{minzhengForm(), xuejiForm(), fenbanForm(), taizhangForm(), countyForm(), otherCountyForm()}
}

func TestWriteOfficialForms(t *testing.T) {
	if !*updateForms {
		t.Skip("run with -update-forms to rewrite testdata/forms")
	}
	os.MkdirAll(formsDir, 0o755)
	for _, fm := range officialForms() {
		x := filepath.Join(formsDir, fm.name+".xlsx")
		writeXLSX(t, x, fm.sheets)
		toXLS(t, x)
		toODS(t, x)
		if fm.csv != nil {
			writeCSV(t, filepath.Join(formsDir, fm.name+".csv"), fm.csv, fm.gbk)
		}
		b, _ := json.MarshalIndent(fm.truth, "", " ")
		if err := os.WriteFile(filepath.Join(formsDir, fm.name+".json"), append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOfficialForms reads every form in every format: every child found with its class,
// visit and call right; every planted bad value reported at its cell; nothing else.
func TestOfficialForms(t *testing.T) {
	for _, fm := range officialForms() {
		var truth formTruth
		b, err := os.ReadFile(filepath.Join(formsDir, fm.name+".json"))
		if err != nil {
			t.Fatalf("%v (run go test ./ingest -run TestWriteOfficialForms -update-forms)", err)
		}
		if err := json.Unmarshal(b, &truth); err != nil {
			t.Fatal(err)
		}
		// The fixtures on disk were made by this generator: its truth must be theirs.
		want, _ := json.Marshal(fm.truth)
		got, _ := json.Marshal(truth)
		if !bytes.Equal(want, got) {
			t.Errorf("%s.json differs from the generator: run with -update-forms", fm.name)
		}
		exts := []string{".xlsx", ".xls", ".ods"}
		if fm.csv != nil {
			exts = append(exts, ".csv")
		}
		for _, ext := range exts {
			file := fm.name + ext
			t.Run(file, func(t *testing.T) {
				checkForm(t, filepath.Join(formsDir, file), fm, truth)
			})
		}
	}
}

func checkForm(t *testing.T, path string, fm form, truth formTruth) {
	roster, err := Load([]string{path}, Options{AsOf: formsAsOf})
	if err != nil {
		t.Fatal(err)
	}
	if in := roster.Inputs[0]; in.Status != rules.InputOK {
		t.Fatalf("status %s: %s", in.Status, in.Reason)
	}
	csvSheet := ""
	if filepath.Ext(path) == ".csv" {
		csvSheet = fm.name // a CSV's one sheet is named after the file
	}
	sheetOf := func(s string) string {
		if csvSheet != "" {
			return csvSheet
		}
		return s
	}
	rep := rules.Evaluate(roster.Roster, rules.DefaultPolicy(), formsAsOf)
	got := map[string]formChild{}
	for _, r := range rep.Results {
		c := r.Child
		got[fmt.Sprintf("%s!%d", c.Sheet, c.Row)] = formChild{Sheet: c.Sheet, Row: c.Row, Name: c.Name, Class: c.Class,
			Visit: string(r.Visit), Call: string(r.Call)}
	}
	for _, w := range truth.Children {
		w.Sheet = sheetOf(w.Sheet)
		key := fmt.Sprintf("%s!%d", w.Sheet, w.Row)
		if g, ok := got[key]; !ok {
			t.Errorf("child %s (%s) not found", key, w.Name)
		} else if g != w {
			t.Errorf("%s: got %+v, want %+v", key, g, w)
		}
		delete(got, key)
	}
	for k, g := range got {
		t.Errorf("unexpected child %s: %+v", k, g)
	}
	if n := roster.Inputs[0].NotLeftBehind; n != truth.NotLeftBehind {
		t.Errorf("not left behind %d, want %d", n, truth.NotLeftBehind)
	}
	if n := roster.Inputs[0].Children; n != len(truth.Children) {
		t.Errorf("inputs[0].children %d, want %d", n, len(truth.Children))
	}
	probs := map[string]string{}
	for _, p := range append(roster.Problems, rep.Problems...) {
		probs[p.Sheet+"!"+p.Cell] = p.Code
	}
	for cell, code := range truth.Problems {
		parts := strings.SplitN(cell, "!", 2)
		cell = sheetOf(parts[0]) + "!" + parts[1]
		if probs[cell] != code {
			t.Errorf("%s: got %q, want %q", cell, probs[cell], code)
		}
		delete(probs, cell)
	}
	var extra []string
	for cell, code := range probs {
		extra = append(extra, cell+" "+code)
	}
	sort.Strings(extra)
	for _, e := range extra {
		t.Errorf("unexpected problem %s", e)
	}
}
