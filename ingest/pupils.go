package ingest

import (
	"fmt"
	"strings"

	"liushou/rules"
)

// pupilList is a 学籍 list read in a run: a file whose 是否留守儿童 column says of some
// pupils that they are not left behind (others: those).
type pupilList struct {
	file   string
	others []pupilRef
}

// checkPupilLists counts the pupils of the run's 学籍 lists, by school (roster.Pupils),
// and checks a list against the schools' own rosters when it is about the same children
// (摸底, "不漏掉一个"): at least half of the pupils it marks 留守 are on the rosters. The
// rosters are then the left-behind children, and the list's are not counted a second time
// (each row says so in the account); a pupil it marks 留守 who is on no roster, and a
// child of the same classes whom it lacks, are named at their rows. A list about other
// children (another school's, or alone in the inbox) is a roster of its own, as before.
// refs is the roster's children's cells, kept in step; it is returned.
func checkPupilLists(roster *rules.Roster, refs []childRef, lists []pupilList, acc accounts) []childRef {
	if len(lists) == 0 {
		return refs
	}
	isList := map[string]bool{}
	for _, l := range lists {
		isList[l.file] = true
	}
	own := newPupilIndex() // the rosters' children
	ownAt := map[int]bool{}
	for i, c := range roster.Children {
		if !isList[c.File] {
			own.add(c.ID, c.Class, c.Name)
			ownAt[i] = true
		}
	}
	pupils := map[string]int{}
	checking := map[string]bool{} // the lists that check the rosters
	classes := map[string]bool{}  // the rosters' classes they cover (school, class)
	listed := newPupilIndex()     // every pupil of those lists
	for _, l := range lists {
		var marked, matched []rules.Child
		for _, c := range roster.Children {
			if c.File == l.file {
				marked = append(marked, c)
				if own.has(c.ID, c.Class, c.Name) {
					matched = append(matched, c)
				}
			}
		}
		check := len(matched) > 0 && 2*len(matched) >= len(marked)
		// A pupil's school: the row's, else the one school of the children it is about.
		about := marked
		if check {
			about = nil
			found := newPupilIndex()
			for _, m := range matched {
				found.add(m.ID, m.Class, m.Name)
			}
			for i, c := range roster.Children {
				if ownAt[i] && found.has(c.ID, c.Class, c.Name) {
					about = append(about, c)
					classes[c.School+"\x00"+c.Class] = true
				}
			}
		}
		only := onlySchool(about)
		for _, c := range marked {
			pupils[orDefault(c.School, only)]++
		}
		for _, p := range l.others {
			pupils[orDefault(p.School, only)]++
		}
		if check {
			checking[l.file] = true
			for _, c := range marked {
				listed.add(c.ID, c.Class, c.Name)
			}
			for _, p := range l.others {
				listed.add(p.ID, p.Class, p.Name)
			}
		}
	}
	// A school's pupils count only when its children are all the lists' own (a list read
	// as the roster) or of the classes the lists check: else the count and the children
	// are of different schools (a list that names no school, beside other schools'
	// rosters), and the share would be nonsense. Said at the list.
	for _, c := range roster.Children {
		school := c.School
		if _, ok := pupils[school]; !ok || isList[c.File] || classes[c.School+"\x00"+c.Class] {
			continue
		}
		delete(pupils, school)
		for _, l := range lists {
			roster.Problems = append(roster.Problems, rules.Problem{File: l.file, Severity: rules.Warning, Code: "pupils_school_unknown",
				Message: fmt.Sprintf("学籍名单的学生算不出是哪所学校的（%s还有名单以外的学生），学生总数没有计入汇总。请在名单里加上“学校”一列，或在 liushou.toml 的学校设置里写 pupils。", orDefault(school, "没有写学校的花名册里"))})
		}
	}
	roster.Pupils = pupils
	for i, in := range roster.Inputs {
		if isList[in.File] {
			roster.Inputs[i].Pupils = in.Children + in.NotLeftBehind
		}
	}
	if len(checking) == 0 {
		return refs
	}
	kept, keptRefs := roster.Children[:0], refs[:0]
	for i, c := range roster.Children {
		if !checking[c.File] {
			kept, keptRefs = append(kept, c), append(keptRefs, refs[i])
			if ownAt[i] && classes[c.School+"\x00"+c.Class] && !listed.has(c.ID, c.Class, c.Name) {
				roster.Problems = append(roster.Problems, rules.Problem{File: c.File, Sheet: c.Sheet, Row: c.Row, Cell: refs[i].nameCell(c.Row),
					Severity: rules.Warning, Code: "child_not_in_pupil_list",
					Message: fmt.Sprintf("%s（%s）不在学籍名单里，请核对姓名、身份证号是否与学籍一致，或是否已经转学。", echo(c.Name), c.Class)})
			}
			continue
		}
		acc.uncount(c, "学籍名单上的留守儿童：以学校的花名册为准，这一行只用来核对")
		if !own.has(c.ID, c.Class, c.Name) {
			roster.Problems = append(roster.Problems, rules.Problem{File: c.File, Sheet: c.Sheet, Row: c.Row, Cell: refs[i].nameCell(c.Row),
				Severity: rules.Warning, Code: "pupil_not_on_roster",
				Message: fmt.Sprintf("学籍名单上标为留守儿童的%s（%s）不在学校的花名册里。请核实：确是留守儿童的，请加进花名册（不漏掉一个）；不是的，请更正学籍。", echo(c.Name), c.Class)})
		}
	}
	roster.Children = kept
	for i, in := range roster.Inputs {
		if checking[in.File] {
			roster.Inputs[i].Reason = strings.TrimPrefix(roster.Inputs[i].Reason+"；", "；") +
				fmt.Sprintf("学籍名单：学生 %d 名，其中标为留守儿童 %d 名；用来统计学生总数、核对花名册，留守儿童以花名册为准。", in.Children+in.NotLeftBehind, in.Children)
		}
	}
	return keptRefs
}

// onlySchool is the one school the children are of, or "".
func onlySchool(children []rules.Child) string {
	only := ""
	for i, c := range children {
		if i == 0 {
			only = c.School
		} else if c.School != only {
			return ""
		}
	}
	return only
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// pupilIndex finds a child or pupil by ID number, else by class and name, else by name
// where one side does not say the class.
type pupilIndex struct {
	ids, classNames map[string]bool
	names           map[string]bool
}

func newPupilIndex() pupilIndex {
	return pupilIndex{map[string]bool{}, map[string]bool{}, map[string]bool{}}
}

func (x pupilIndex) add(id, class, name string) {
	if id != "" {
		x.ids[id] = true
	}
	x.classNames[class+"\x00"+name] = true
	x.names[name] = true
}

func (x pupilIndex) has(id, class, name string) bool {
	switch {
	case id != "" && x.ids[id]:
		return true
	case x.classNames[class+"\x00"+name]:
		return true
	}
	return (class == "" || class == "未填班级") && x.names[name]
}
