package output

import (
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"liushou/output/table"
	"liushou/rules"
)

// PairingFile is 结对考核.xlsx: each school's paired teachers and their figures, in the
// school's folder; at the top, the district's with a row per school.
const PairingFile = "结对考核.xlsx"

// teacherFigures are one paired teacher's figures for the term.
type teacherFigures struct {
	School, Teacher string
	rules.Tally
	Visits, Calls int // this term: the log's teacher's, else the paired teacher's
}

// pairing counts, for a school's classes, each paired teacher's figures this term, and
// lists the children with no paired teacher. A visit or call is credited to the teacher
// its log names (家访教师) when that is one of the school's paired teachers, else to the
// child's paired teacher.
func pairing(classes []rules.Class, p rules.Policy, asOf time.Time) (teachers []teacherFigures, unpaired []rules.Result) {
	from := p.CurrentTerm(asOf).Start
	index := map[[2]string]int{}
	for _, c := range classes {
		for _, r := range c.Results {
			if r.Child.Teacher == "" {
				unpaired = append(unpaired, r)
				continue
			}
			k := [2]string{r.Child.School, r.Child.Teacher}
			i, ok := index[k]
			if !ok {
				i = len(teachers)
				index[k] = i
				teachers = append(teachers, teacherFigures{School: k[0], Teacher: k[1]})
			}
			teachers[i].Add(r)
		}
	}
	for _, c := range classes {
		for _, r := range c.Results {
			for _, e := range termEntries(*r.Child, from, asOf) {
				i, ok := index[[2]string{r.Child.School, strings.TrimSpace(e.by)}]
				if !ok {
					if i, ok = index[[2]string{r.Child.School, r.Child.Teacher}]; !ok {
						continue // no paired teacher, and the log names none of them
					}
				}
				switch e.kind {
				case "家访":
					teachers[i].Visits++
				case "通话":
					teachers[i].Calls++
				}
			}
		}
	}
	sort.SliceStable(teachers, func(i, j int) bool {
		if teachers[i].School != teachers[j].School {
			return teachers[i].School < teachers[j].School
		}
		return teachers[i].Teacher < teachers[j].Teacher
	})
	return teachers, unpaired
}

// writePairing writes 结对考核.xlsx: a row per paired teacher (children paired, over the
// limit, visits and calls this term, children behind, share followed up in time), the
// children with no paired teacher, and with several schools a row per school.
func writePairing(w io.Writer, schools []schoolTally, p rules.Policy, asOf time.Time) error {
	book := table.New(asOf)
	limit := p.MaxPerTeacher
	sh := book.Sheet("结对教师")
	sh.Header("学校", "结对帮扶教师", "结对学生", "超过上限", "本学期家访", "本学期通话", "需立即家访", "家访逾期", "通话逾期", "按时跟进比例")
	sh.Widths(22, 14, 10, 10, 11, 11, 11, 10, 10, 12)
	sh.Column(9, table.Percent)
	none := book.Sheet("没有结对教师的学生")
	none.Header("学校", "班级", "学生姓名", "家访", "通话", "监护人", "监护人电话")
	none.Widths(22, 14, 12, 10, 10, 12, 16)
	var bySchool *table.Sheet
	if len(schools) > 1 {
		bySchool = book.Sheet("各校结对")
		bySchool.Header("学校", "结对帮扶教师", "结对学生", "超过上限的教师", "没有结对教师的学生", "本学期家访", "本学期通话")
		bySchool.Widths(22, 12, 10, 14, 16, 11, 11)
	}
	for _, s := range schools {
		classes, err := s.withChildren() // one school's at a time
		if err != nil {
			return err
		}
		teachers, unpaired := pairing(classes, p, asOf)
		over, paired, visits, calls := 0, 0, 0, 0
		for _, t := range teachers {
			flag := ""
			if limit > 0 && t.Children > limit {
				flag = "超过 " + strconv.Itoa(t.Children-limit) + " 名"
				over++
			}
			share := 1.0
			if t.Children > 0 {
				share = float64(t.InTime) / float64(t.Children)
			}
			sh.Row(orDefault(t.School, "未填学校"), clip(t.Teacher, maxName), t.Children, flag, t.Visits, t.Calls, t.Urgent, t.VisitOverdue, t.CallOverdue, share)
			paired += t.Children
			visits += t.Visits
			calls += t.Calls
		}
		for _, r := range unpaired {
			c := printableChild(*r.Child)
			none.Row(orDefault(c.School, "未填学校"), c.Class, c.Name, visitLabel(r.Visit), callLabel(r.Call), c.Guardian, phone(p, c.GuardianPhone))
		}
		if bySchool != nil {
			bySchool.Row(orDefault(s.School, "未填学校"), len(teachers), paired, over, len(unpaired), visits, calls)
		}
	}
	sh.Filter()
	return book.Write(w)
}
