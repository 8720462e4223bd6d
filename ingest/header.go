package ingest

import (
	"regexp"
	"strings"
)

// field is what a roster column holds.
type field int

const (
	fNone field = iota
	fSeq
	fSchool
	fGrade
	fClass
	fName
	fGender
	fBirth
	fID
	fLeftBehind
	fGuardian
	fRelation
	fGuardianPhone
	fAddress
	fFatherName
	fFatherWork
	fFatherPhone
	fMotherName
	fMotherWork
	fMotherPhone
	fParentWork
	fTeacher
	fVisit
	fCall
	fSign
	fSignDate
	fFatherPostcode
	fMotherPostcode
	fParentPostcode
	fIgnored // recognised, but not used (民族, 备注, 家访内容 …)
	fieldCount
)

// fieldNames are the Chinese names used in messages about columns.
var fieldNames = [fieldCount]string{
	fSchool: "学校", fGrade: "年级", fClass: "班级", fName: "学生姓名", fGender: "性别",
	fBirth: "出生日期", fID: "身份证号", fLeftBehind: "是否留守儿童", fGuardian: "监护人姓名",
	fRelation: "与学生关系", fGuardianPhone: "监护人电话", fAddress: "家庭住址",
	fFatherName: "父亲姓名", fFatherWork: "父亲务工地点", fFatherPhone: "父亲电话",
	fMotherName: "母亲姓名", fMotherWork: "母亲务工地点", fMotherPhone: "母亲电话",
	fParentWork: "家长务工地点", fTeacher: "结对帮扶教师", fFatherPostcode: "父亲务工地邮编", fMotherPostcode: "母亲务工地邮编", fParentPostcode: "邮政编码", fVisit: "最近家访日期",
	fCall: "最近通话日期", fSign: "必访情况", fSignDate: "情况登记日期",
}

var (
	parenthetical = regexp.MustCompile(`\([^)]*\)|\[[^\]]*\]`)
	labelJunk     = strings.NewReplacer(" ", "", "\n", "", "\r", "", "\t", "", "*", "", "＊", "", ":", "", "：", "")
)

// normLabel prepares a header cell for matching: full-width folded, spaces, required
// marks and notes in brackets removed (出生日期（年月日） is 出生日期).
func normLabel(s string) string {
	s = narrow(s)
	s = labelJunk.Replace(s)
	if t := parenthetical.ReplaceAllString(s, ""); t != "" {
		s = t
	}
	return s
}

func has(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// classify matches a column by meaning: the label is the header text, with the group
// cell of a two-level header in front (父亲 over 联系电话 gives 父亲联系电话).
func classify(label string) field {
	l := normLabel(label)
	phone := has(l, "电话", "手机", "联系方式", "号码")
	work := has(l, "务工", "工作", "打工", "单位", "地点", "地址", "去向")
	switch {
	case l == "":
		return fNone
	case has(l, "序号", "编号") && len(l) <= 9:
		return fSeq
	case has(l, "身份证"):
		if has(l, "监护人", "父亲", "母亲", "家长") {
			return fIgnored
		}
		return fID
	case has(l, "是否留守"), l == "留守类型", l == "留守情况":
		return fLeftBehind
	case has(l, "家访"):
		if has(l, "内容", "教师", "老师", "人", "记录", "方式", "效果", "次数") && !has(l, "日期", "时间") {
			return fIgnored
		}
		return fVisit
	case has(l, "通话", "电话联系"):
		if has(l, "内容", "次数", "对象", "人", "方式", "时长", "情况") && !has(l, "日期", "时间") {
			return fIgnored
		}
		return fCall
	case has(l, "登记日期", "登记时间", "发现日期", "必访日期") || (has(l, "情况") && has(l, "日期", "时间")):
		return fSignDate
	case has(l, "必访", "近期情况", "异常情况", "特殊情况"):
		return fSign
	case has(l, "邮编", "邮政编码"):
		switch {
		case has(l, "父亲"):
			return fFatherPostcode
		case has(l, "母亲"):
			return fMotherPostcode
		}
		return fParentPostcode
	case has(l, "结对", "帮扶", "代理家长", "包保", "联系教师", "关爱教师"):
		return fTeacher
	case has(l, "父亲") || l == "父":
		switch {
		case phone:
			return fFatherPhone
		case work:
			return fFatherWork
		case has(l, "姓名") || l == "父亲":
			return fFatherName
		}
		return fIgnored
	case has(l, "母亲") || l == "母":
		switch {
		case phone:
			return fMotherPhone
		case work:
			return fMotherWork
		case has(l, "姓名") || l == "母亲":
			return fMotherName
		}
		return fIgnored
	case has(l, "监护人", "代管家长", "托管人"):
		switch {
		case has(l, "关系"):
			return fRelation
		case phone:
			return fGuardianPhone
		case has(l, "姓名") || strings.HasSuffix(l, "监护人") || strings.HasSuffix(l, "代管家长") || strings.HasSuffix(l, "托管人"):
			return fGuardian
		}
		return fIgnored
	case has(l, "关系"):
		return fRelation
	case has(l, "家长", "打工", "务工") && work:
		return fParentWork
	case l == "姓名" || l == "学生姓名" || l == "儿童姓名" || l == "留守儿童姓名" || l == "学生" || l == "幼儿姓名":
		return fName
	case l == "性别":
		return fGender
	case has(l, "出生"):
		return fBirth
	case has(l, "学校"):
		return fSchool
	case l == "年级":
		return fGrade
	case has(l, "班级", "班别", "所在班", "所属班") || l == "班":
		return fClass
	case has(l, "住址", "居住地", "户籍", "家庭地址"):
		return fAddress
	case l == "联系电话" || l == "电话" || l == "联系方式" || l == "手机":
		return fGuardianPhone
	case has(l, "民族", "备注", "寄宿", "健康", "身体情况", "年龄", "学籍"):
		return fIgnored
	}
	return fNone
}

// groupWords are the cells that stand over sub-columns in a two-level header.
var groupWords = []string{"父亲", "母亲", "监护人", "委托监护人", "临时监护人", "代管家长", "家长", "父母"}

func isGroupWord(s string) bool {
	n := normLabel(s)
	for _, g := range groupWords {
		if n == g {
			return true
		}
	}
	return false
}

// header is the column layout of one sheet.
type header struct {
	rows   int             // number of header rows (1 or 2)
	seq    int             // the 序号 column, or -1: pre-numbered empty rows are blank
	first  int             // index of the first header row (0-based)
	cols   map[field]int   // field -> column index (the first column wins)
	labels []string        // per column, the header text as written
	dupes  map[field][]int // further columns with the same meaning
}

func (h *header) col(f field) (int, bool) {
	i, ok := h.cols[f]
	return i, ok
}

// findHeader looks in the first rows of a grid for the header: the row (or pair of rows,
// for a two-level header) whose cells name the most distinct fields. It returns nil when
// no row names a child's name column and at least one more field.
func findHeader(grid [][]string, maxRows int) *header {
	var best *header
	bestScore := 0
	for r := 0; r < len(grid) && r < maxRows; r++ {
		for _, two := range []bool{false, true} {
			if two && (r+1 >= len(grid) || distinct(grid[r]) < 2 || !subHeaderRow(grid[r+1])) {
				continue
			}
			h := buildHeader(grid, r, two)
			if _, ok := h.cols[fName]; !ok {
				continue
			}
			score := len(h.cols)
			if score >= 2 && score > bestScore {
				best, bestScore = h, score
			}
		}
	}
	return best
}

// distinct counts the different non-empty values of a row: a title row, even merged
// across the sheet, has one.
func distinct(row []string) int {
	seen := map[string]bool{}
	for _, c := range row {
		if c = strings.TrimSpace(c); c != "" {
			seen[c] = true
		}
	}
	return len(seen)
}

// subHeaderRow reports whether a row looks like the lower row of a two-level header:
// short texts, no digits (a data row has phone numbers and dates).
func subHeaderRow(row []string) bool {
	n := 0
	for _, c := range row {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if strings.ContainsAny(narrow(c), "0123456789") || len([]rune(c)) > 12 {
			return false
		}
		n++
	}
	return n >= 2
}

func buildHeader(grid [][]string, r int, two bool) *header {
	h := &header{first: r, rows: 1, seq: -1, cols: map[field]int{}, dupes: map[field][]int{}}
	if two {
		h.rows = 2
	}
	width := len(grid[r])
	if two && len(grid[r+1]) > width {
		width = len(grid[r+1])
	}
	h.labels = make([]string, width)
	group := "" // the group cell standing over the columns to its right
	for c := 0; c < width; c++ {
		top := strings.TrimSpace(cell(grid, r, c))
		label := top
		if two {
			sub := strings.TrimSpace(cell(grid, r+1, c))
			// Without merge information (.xls, CSV) a group cell such as 父亲 stands over
			// its first sub-column only: carry it right while the sub-columns go on.
			switch {
			case top != "" && sub != "" && isGroupWord(top):
				group = top
			case top == "" && sub != "" && group != "":
				top = group
			default:
				group = ""
			}
			switch {
			case sub == "" || sub == top:
			case top == "":
				label = sub
			case has(normLabel(sub), normLabel(top)):
				label = sub // 监护人 over 监护人姓名
			default:
				label = top + sub
			}
		}
		h.labels[c] = label
		f := classify(label)
		switch {
		case f == fNone:
		case f == fSeq:
			if h.seq < 0 {
				h.seq = c
			}
		case f == fIgnored:
		default:
			if _, dup := h.cols[f]; dup {
				h.dupes[f] = append(h.dupes[f], c)
			} else {
				h.cols[f] = c
			}
		}
	}
	return h
}

func cell(grid [][]string, r, c int) string {
	if r < 0 || r >= len(grid) || c < 0 || c >= len(grid[r]) {
		return ""
	}
	return grid[r][c]
}
