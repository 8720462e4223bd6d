package samples

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"
)

// County sizes, from a district office that coordinates 31 schools.
const (
	CountySchools  = 31
	CountyClasses  = 372
	CountyChildren = 12285
)

var townships = []string{"青石", "白岩", "龙场", "羊场", "新店", "沙坝", "猫场", "雨朵", "鸡场", "阳长", "勺窝", "乐治", "维新", "水东", "百兴", "张家湾", "化作", "锅圈岩", "董地", "厍东关", "姑开", "寨乐", "昆寨", "猪场", "骔岭", "老凹坝", "沙包", "居仁", "维新二", "新房", "玉龙"}

// WriteCounty writes a district's roster: one sheet with 学校 and 班级 columns, 31
// schools, 372 classes, 12,285 left-behind children, with realistic follow-up dates and
// must-visit signs. It is written with excelize's stream writer, as large exports are.
func WriteCounty(path string, seed uint64) error { return WriteCountyTimes(path, seed, 1) }

// WriteCountyTimes writes times the county in one workbook, for the scale benchmarks:
// the county's 31 schools, then as many again for each further copy (其他片区: the
// same townships' second, third… schools), every child different. Once is WriteCounty.
func WriteCountyTimes(path string, seed uint64, times int) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, dated, err := countyBook(f)
	if err != nil {
		return err
	}
	row := 2
	err = countyRows(seed, times, func(_ string, rows [][]any) error {
		for _, vals := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, dated(vals)); err != nil {
				return err
			}
			row++
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// WriteCountySchools writes the county as each school keeps it: a workbook per school
// (学校名.xlsx) in dir, the same children as WriteCounty's.
func WriteCountySchools(dir string, seed uint64) error {
	return countyRows(seed, 1, func(school string, rows [][]any) error {
		f := excelize.NewFile()
		defer f.Close()
		sw, dated, err := countyBook(f)
		if err != nil {
			return err
		}
		for i, vals := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(cell, dated(vals)); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
		return f.SaveAs(filepath.Join(dir, school+".xlsx"))
	})
}

// countyBook starts a county workbook: its properties, the sheet and its header row. dated
// gives a row's dates their date format.
func countyBook(f *excelize.File) (*excelize.StreamWriter, func([]any) []any, error) {
	fixed := "2026-09-05T08:00:00Z"
	f.SetDocProps(&excelize.DocProperties{Creator: "县教育局", Created: fixed, Modified: fixed, Title: "全县留守儿童花名册"})
	const sh = "全县花名册"
	f.SetSheetName("Sheet1", sh)
	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		return nil, nil, err
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	header := []any{"学校", "班级", "学生姓名", "性别", "身份证号", "监护人姓名", "与学生关系", "监护人电话",
		"父亲姓名", "父亲务工地点", "父亲电话", "母亲姓名", "母亲务工地点", "母亲电话", "结对帮扶教师",
		"最近家访日期", "最近通话日期", "必访情况", "情况登记日期"}
	if err := sw.SetRow("A1", header); err != nil {
		return nil, nil, err
	}
	dated := func(vals []any) []any {
		out := make([]any, len(vals))
		for i, v := range vals {
			if d, ok := v.(time.Time); ok {
				v = excelize.Cell{StyleID: dateStyle, Value: d}
			}
			out[i] = v
		}
		return out
	}
	return sw, dated, nil
}

// countyRows makes the county's children times over, school by school, and gives each
// school's rows (dates as time.Time) to school, in order.
func countyRows(seed uint64, times int, school func(name string, rows [][]any) error) error {
	r := rand.New(rand.NewPCG(seed, seed^0xc0c0))
	n := 0
	usedIDs := map[string]bool{}
	for round := 0; round < times; round++ {
		for s := 0; s < CountySchools; s++ {
			name := townships[s] + "镇中心小学"
			if s%3 == 2 {
				name = townships[s] + "乡完全小学"
			}
			if round > 0 {
				name = fmt.Sprintf("%s镇第%d小学", townships[s], round+1)
			}
			var rows [][]any
			// 372 classes over 31 schools: 12 each; 12,285 children: 33 a class, 9 classes of 34.
			for c := 0; c < CountyClasses/CountySchools; c++ {
				grade, number := c/2+1, c%2+1
				size := 33
				if s*12+c < CountyChildren-33*CountyClasses {
					size = 34
				}
				class := fmt.Sprintf("%d年级%d班", grade, number)
				teacherA := string(surnames[r.IntN(len(surnames))]) + women[r.IntN(len(women))]
				inClass := map[string]bool{}
				for k := 0; k < size; k++ {
					n++
					var child string
					for child == "" || inClass[child] {
						child = string(surnames[r.IntN(len(surnames))]) + given[r.IntN(len(given))]
					}
					inClass[child] = true
					surname := string([]rune(child)[0])
					male := r.IntN(2) == 0
					gender := "女"
					var id string
					for {
						birth := time.Date(2026-6-grade, time.Month(1+r.IntN(8)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
						seq := 2 * (r.IntN(499) + 1)
						if male {
							seq--
						}
						if id = idNumber(birth, seq); !usedIDs[id] {
							usedIDs[id] = true
							break
						}
					}
					if male {
						gender = "男"
					}
					vals := []any{name, class, child, gender, id,
						string(surnames[r.IntN(len(surnames))]) + women[r.IntN(len(women))], relations[r.IntN(len(relations))], mobile(r),
						surname + men[r.IntN(len(men))], places[r.IntN(len(places))], mobile(r), "", "", "", teacherA, nil, nil, nil, nil}
					if r.IntN(10) < 7 {
						vals[11], vals[12], vals[13] = string(surnames[r.IntN(len(surnames))])+women[r.IntN(len(women))], places[r.IntN(len(places))], mobile(r)
					}
					if r.IntN(20) > 0 {
						vals[15] = asOf.AddDate(0, 0, -r.IntN(50))
					}
					if r.IntN(20) > 0 {
						vals[16] = asOf.AddDate(0, 0, -r.IntN(45))
					}
					if r.IntN(12) == 0 {
						vals[17] = signs[r.IntN(len(signs))]
						vals[18] = asOf.AddDate(0, 0, -r.IntN(20))
					}
					rows = append(rows, vals)
				}
			}
			if err := school(name, rows); err != nil {
				return err
			}
		}
	}
	if n != CountyChildren*times {
		return fmt.Errorf("wrote %d children, want %d", n, CountyChildren*times)
	}
	return nil
}
