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
// The children are read through rk; those not counted are marked gone.
func checkPupilLists(roster *rules.Roster, rk *runKeys, lists []pupilList, acc accounts) {
	if len(lists) == 0 {
		return
	}
	isList := map[string]bool{}
	for _, l := range lists {
		isList[l.file] = true
	}
	class := func(k *childKey) string { return rk.str(k.class) }
	own := newPupilIndex() // the rosters' children
	ownAt := make([]bool, len(rk.k))
	rk.live(func(i int, k *childKey) {
		if !isList[rk.str(k.file)] {
			own.add(k.id, class(k), k.name)
			ownAt[i] = true
		}
	})
	pupils := map[string]int{}
	checking := map[string]bool{}  // the lists that check the rosters
	classes := map[[2]int32]bool{} // the rosters' classes they cover (school, class)
	listed := newPupilIndex()      // every pupil of those lists
	for _, l := range lists {
		var marked, matched []int
		rk.live(func(i int, k *childKey) {
			if rk.str(k.file) == l.file {
				marked = append(marked, i)
				if own.has(k.id, class(k), k.name) {
					matched = append(matched, i)
				}
			}
		})
		check := len(matched) > 0 && 2*len(matched) >= len(marked)
		// A pupil's school: the row's, else the one school of the children it is about.
		about := marked
		if check {
			about = nil
			found := newPupilIndex()
			for _, m := range matched {
				found.add(rk.k[m].id, class(&rk.k[m]), rk.k[m].name)
			}
			rk.live(func(i int, k *childKey) {
				if ownAt[i] && found.has(k.id, class(k), k.name) {
					about = append(about, i)
					classes[[2]int32{k.school, k.class}] = true
				}
			})
		}
		only := rk.onlySchool(about)
		for _, i := range marked {
			pupils[orDefault(rk.str(rk.k[i].school), only)]++
		}
		for _, p := range l.others {
			pupils[orDefault(p.School, only)]++
		}
		if check {
			checking[l.file] = true
			for _, i := range marked {
				listed.add(rk.k[i].id, class(&rk.k[i]), rk.k[i].name)
			}
			for _, p := range l.others {
				listed.add(digest(p.ID), p.Class, digest(p.Name))
			}
		}
	}
	// A school's pupils count only when its children are all the lists' own (a list read
	// as the roster) or of the classes the lists check: else the count and the children
	// are of different schools (a list that names no school, beside other schools'
	// rosters), and the share would be nonsense. Said at the list.
	rk.live(func(_ int, k *childKey) {
		school := rk.str(k.school)
		if _, ok := pupils[school]; !ok || isList[rk.str(k.file)] || classes[[2]int32{k.school, k.class}] {
			return
		}
		delete(pupils, school)
		for _, l := range lists {
			roster.Problems = append(roster.Problems, rules.Problem{File: l.file, Severity: rules.Warning, Code: "pupils_school_unknown",
				Message: fmt.Sprintf("学籍名单的学生算不出是哪所学校的（%s还有名单以外的学生），学生总数没有计入汇总。请在名单里加上“学校”一列，或在 liushou.toml 的学校设置里写 pupils。", orDefault(school, "没有写学校的花名册里"))})
		}
	})
	roster.Pupils = pupils
	for i, in := range roster.Inputs {
		if isList[in.File] {
			roster.Inputs[i].Pupils = in.Children + in.NotLeftBehind
		}
	}
	if len(checking) == 0 {
		return
	}
	rk.live(func(i int, k *childKey) {
		file, sheet, row := rk.str(k.file), rk.str(k.sheet), int(k.row)
		if !checking[file] {
			if ownAt[i] && classes[[2]int32{k.school, k.class}] && !listed.has(k.id, class(k), k.name) {
				roster.Problems = append(roster.Problems, rules.Problem{File: file, Sheet: sheet, Row: row, Cell: k.ref.nameCell(row),
					Severity: rules.Warning, Code: "child_not_in_pupil_list",
					Message: fmt.Sprintf("%s（%s）不在学籍名单里，请核对姓名、身份证号是否与学籍一致，或是否已经转学。", echo(rk.child(i).Name), class(k))})
			}
			return
		}
		k.gone = true
		rk.uncount(acc, k, "学籍名单上的留守儿童：以学校的花名册为准，这一行只用来核对")
		if !own.has(k.id, class(k), k.name) {
			roster.Problems = append(roster.Problems, rules.Problem{File: file, Sheet: sheet, Row: row, Cell: k.ref.nameCell(row),
				Severity: rules.Warning, Code: "pupil_not_on_roster",
				Message: fmt.Sprintf("学籍名单上标为留守儿童的%s（%s）不在学校的花名册里。请核实：确是留守儿童的，请加进花名册（不漏掉一个）；不是的，请更正学籍。", echo(rk.child(i).Name), class(k))})
		}
	})
	for i, in := range roster.Inputs {
		if checking[in.File] {
			roster.Inputs[i].Reason = strings.TrimPrefix(roster.Inputs[i].Reason+"；", "；") +
				fmt.Sprintf("学籍名单：学生 %d 名，其中标为留守儿童 %d 名；用来统计学生总数、核对花名册，留守儿童以花名册为准。", in.Children+in.NotLeftBehind, in.Children)
		}
	}
}

// onlySchool is the one school the children (indices) are of, or "".
func (rk *runKeys) onlySchool(children []int) string {
	for _, i := range children {
		if rk.k[i].school != rk.k[children[0]].school {
			return ""
		}
	}
	if len(children) == 0 {
		return ""
	}
	return rk.str(rk.k[children[0]].school)
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// pupilIndex finds a child or pupil by ID number, else by class and name, else by name
// where one side does not say the class. IDs and names are digests (childKey).
type pupilIndex struct {
	ids, names map[uint64]bool
	classNames map[classAndName]bool
}

type classAndName struct {
	class string
	name  uint64
}

func newPupilIndex() pupilIndex {
	return pupilIndex{map[uint64]bool{}, map[uint64]bool{}, map[classAndName]bool{}}
}

func (x pupilIndex) add(id uint64, class string, name uint64) {
	if id != 0 {
		x.ids[id] = true
	}
	x.classNames[classAndName{class, name}] = true
	x.names[name] = true
}

func (x pupilIndex) has(id uint64, class string, name uint64) bool {
	switch {
	case id != 0 && x.ids[id]:
		return true
	case x.classNames[classAndName{class, name}]:
		return true
	}
	return (class == "" || class == "未填班级") && x.names[name]
}
