package ingest

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"liushou/rules"
)

var (
	parenthetical = regexp.MustCompile(`\([^)]*\)|\[[^\]]*\]`)
	labelJunk     = strings.NewReplacer(" ", "", "\n", "", "\r", "", "\t", "", "*", "", "＊", "", ":", "", "：", "")
)

// normLabel prepares a header cell for matching: full-width folded, spaces, required
// marks and notes in brackets removed (出生日期（年月日） is 出生日期).
//
// A note that names whose the column is (联系电话（父亲）) is part of its meaning: it is
// put in front (父亲联系电话).
func normLabel(s string) string {
	s = narrow(s)
	s = labelJunk.Replace(s)
	whose := ""
	for _, m := range parenthetical.FindAllString(s, -1) {
		if inner := strings.Trim(m, "()[]"); personNote(inner) {
			whose += inner
		}
	}
	if t := parenthetical.ReplaceAllString(s, ""); t != "" {
		s = t
	}
	if whose != "" && !strings.Contains(s, whose) {
		s = whose + s
	}
	return s
}

// personNote reports a bracketed note that is a person: 父亲, 母亲, 监护人, 家长.
func personNote(s string) bool {
	switch s {
	case "父亲", "母亲", "父", "母", "监护人", "临时监护人", "家长", "爸爸", "妈妈":
		return true
	}
	return false
}

func has(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// negativeWords make a header something other than the value it names: 身份证件类型 is
// the kind of document, not its number; 学校标识码 a code, not the school's name;
// 家访形式 how a visit was made, not when; 成员1是否监护人 a yes/no, not a name.
var negativeWords = []string{"类型", "标识码", "代码", "形式", "时间段", "是否", "方式"}

// negated reports a header carrying a negative word (联系方式 is a phone, 是否留守 the
// left-behind mark: both are what they say).
func negated(l string) bool {
	l = strings.ReplaceAll(l, "联系方式", "")
	if has(l, "留守") { // 留守类型, 留守儿童类型, 是否留守: the left-behind column itself
		return false
	}
	return has(l, negativeWords...)
}

func negativeWord(l string) string {
	l = strings.ReplaceAll(l, "联系方式", "")
	for _, w := range negativeWords {
		if strings.Contains(l, w) {
			return w
		}
	}
	return ""
}

// classify matches a column by meaning: the label is the header text, with the group
// cell of a two-level header in front (父亲 over 联系电话 gives 父亲联系电话).
func classify(label string) field {
	l := normLabel(label)
	if l == "" {
		return fNone
	}
	if f, ok := classifyDetail(l); ok {
		return f
	}
	if negated(l) {
		return fIgnored
	}
	if f, ok := plainField(l); ok {
		return f
	}
	// In this order: a header about a visit's date names a visit before it names a person.
	for _, step := range []func(string) (field, bool){classifyRecord, classifyFollowUp, classifyFamily, classifyChild} {
		if f, ok := step(l); ok {
			return f
		}
	}
	return fNone
}

// classifyRecord reads the columns about the record itself: its number, the ID, whether
// the pupil is left behind.
func classifyRecord(l string) (field, bool) {
	switch {
	case has(l, "序号", "编号") && len(l) <= 9:
		return fSeq, true
	case has(l, "身份证", "身份号", "身份证件号", "证件号"):
		if has(l, "监护人", "父亲", "母亲", "家长", "成员") {
			return fIgnored, true
		}
		return fID, true
	case has(l, "是否留守"), has(l, "留守") && has(l, "类型", "类别", "情况", "属性"):
		return fLeftBehind, true
	case has(l, "在校状态", "学籍状态", "在校情况", "是否在校", "学生状态", "在读状态", "异动", "变动情况", "学籍变动"), l == "状态":
		return fStatus, true
	}
	return fNone, false
}

// classifyDetail reads the columns that say more of the last visit or call than its
// date: who went, how, what was said, what the parents answered. It comes before the
// negative words: 家访形式 is how a visit was made, which is worth keeping.
func classifyDetail(l string) (field, bool) {
	if has(l, "日期", "时间", "时候", "次数", "时长", "对象") {
		return fNone, false
	}
	visit := has(l, "家访", "走访")
	call := has(l, "通话", "电话联系", "亲情电话", "电话回访", "电话沟通")
	switch {
	case visit && has(l, "形式", "方式", "类型"):
		return fVisitHow, true
	case visit && has(l, "教师", "老师", "家访人", "走访人") && !has(l, "电话", "手机", "号码"):
		return fVisitBy, true
	case visit && has(l, "内容", "效果"):
		return fVisitText, true
	case has(l, "家长反馈", "家长意见", "家长诉求") || visit && has(l, "反馈", "意见"):
		return fVisitReply, true
	case call && has(l, "内容", "情况"):
		return fCallText, true
	}
	return fNone, false
}

// classifyFollowUp reads the columns about visits, calls and must-visit signs.
func classifyFollowUp(l string) (field, bool) {
	when := has(l, "日期", "时间", "时候")
	switch {
	case !when && has(l, "记录", "情况", "措施", "过程", "台账") && has(l, "帮扶", "关爱", "家访", "走访", "跟踪", "联系家长", "家校联系") &&
		!has(l, "内容", "反馈", "效果", "次数", "教师", "老师", "人"):
		return fCareText, true
	case has(l, "家访", "走访"):
		if has(l, "内容", "教师", "老师", "人", "记录", "效果", "次数", "反馈") && !when {
			return fIgnored, true
		}
		return fVisit, true
	case has(l, "通话", "电话联系", "亲情电话", "亲情通话", "视频通话", "电话回访", "电访", "联系家长", "与家长联系"):
		if has(l, "内容", "次数", "对象", "人", "时长", "情况") && !when {
			return fIgnored, true
		}
		return fCall, true
	case when && has(l, "联系", "沟通", "视频", "微信", "通讯", "电话") && !has(l, "情况", "登记", "发现"):
		// 与父母联系日期, 电话沟通时间, 最近联系时间: the date of a call by another name.
		return fCall, true
	case has(l, "登记日期", "登记时间", "发现日期", "发现时间", "必访日期") || (has(l, "情况") && when):
		return fSignDate, true
	case has(l, "必访", "近期情况", "异常情况", "特殊情况", "近况", "备注", "情况说明", "近期表现", "情况记录"):
		return fSign, true
	}
	return fNone, false
}

// classifyFamily reads the columns about the parents, the guardian and the paired teacher.
func classifyFamily(l string) (field, bool) {
	phone := has(l, "电话", "手机", "联系方式", "号码")
	work := has(l, "务工", "工作", "打工", "单位", "地点", "地址", "去向")
	switch {
	case has(l, "班主任") && phone:
		return fClassTeacherPhone, true
	case l == "班主任" || has(l, "班主任姓名", "班主任老师"):
		return fClassTeacher, true
	case has(l, "邮编", "邮政编码"):
		switch {
		case has(l, "父亲"):
			return fFatherPostcode, true
		case has(l, "母亲"):
			return fMotherPostcode, true
		}
		return fParentPostcode, true
	case has(l, "结对", "帮扶", "代理家长", "包保", "联系教师", "关爱教师"):
		if phone {
			return fIgnored, true
		}
		return fTeacher, true
	case has(l, "父亲") || l == "父":
		return parentField(l, phone, work, fFatherName, fFatherPhone, fFatherWork), true
	case has(l, "母亲") || l == "母":
		return parentField(l, phone, work, fMotherName, fMotherPhone, fMotherWork), true
	case has(l, "监护人", "代管家长", "托管人"):
		return guardianField(l, phone), true
	case has(l, "关系", "称谓"):
		return fRelation, true
	case has(l, "家长", "父母"):
		switch {
		case work:
			return fParentWork, true
		case phone:
			return fParentPhone, true
		case has(l, "姓名") || l == "家长":
			return fParentName, true
		}
		return fNone, true
	case has(l, "打工", "务工") && work:
		return fParentWork, true
	}
	return fNone, false
}

func guardianField(l string, phone bool) field {
	switch {
	case has(l, "关系", "称谓"):
		return fRelation
	case phone:
		return fGuardianPhone
	case has(l, "姓名") || strings.HasSuffix(l, "监护人") || strings.HasSuffix(l, "代管家长") || strings.HasSuffix(l, "托管人"):
		return fGuardian
	}
	return fIgnored
}

// childNames are the headers of the child's name column.
var childNames = map[string]bool{"姓名": true, "学生姓名": true, "儿童姓名": true, "留守儿童姓名": true, "学生": true, "幼儿姓名": true, "孩子姓名": true}

// classifyChild reads the columns about the child: name, gender, birth, school, class,
// home, and a bare phone column (the family's).
func classifyChild(l string) (field, bool) {
	switch {
	case childNames[l]:
		return fName, true
	case l == "性别":
		return fGender, true
	case has(l, "出生"):
		return fBirth, true
	case has(l, "学校"):
		return fSchool, true
	case l == "年级":
		return fGrade, true
	case has(l, "班级", "班别", "所在班", "所属班") || l == "班":
		return fClass, true
	case has(l, "住址", "居住地", "户籍", "家庭地址"):
		return fAddress, true
	case l == "联系电话" || l == "电话" || l == "联系方式" || l == "手机" || l == "手机号码" || l == "电话号码":
		return fGuardianPhone, true
	case has(l, "民族", "寄宿", "健康", "身体情况", "年龄", "学籍", "就学", "职业", "班主任", "填表", "审核"):
		return fIgnored, true
	}
	return fNone, false
}

func parentField(l string, phone, work bool, name, tel, place field) field {
	switch {
	case phone:
		return tel
	case work:
		return place
	case has(l, "姓名") || l == "父亲" || l == "母亲" || l == "父" || l == "母":
		return name
	}
	return fIgnored
}

// personWords make a group cell of a two-level header name a person (父亲 over 姓名 is
// the father's name); a group such as 关爱帮扶情况 only gathers columns and says nothing
// about the ones below it.
var personWords = []string{"父亲", "母亲", "监护人", "家长", "父母", "代管", "托管", "教师", "老师", "成员", "父", "母"}

func personGroup(s string) bool {
	n := normLabel(s)
	return has(n, personWords...) && !has(n, "情况", "记录")
}

// memberPattern finds the family members a 学籍 export lists column by column:
// 成员1姓名, 成员1关系, 成员1联系电话, 成员1是否监护人.
var memberPattern = regexp.MustCompile(`^(?:家庭)?(?:主要)?(?:成员|监护人|家长)(?:或监护人)?([0-9一二三])(.*)$`)

// memberNumber reads a member's number, in Arabic or Chinese digits.
func memberNumber(s string) int {
	switch s {
	case "一":
		return 1
	case "二":
		return 2
	case "三":
		return 3
	}
	return int(s[0] - '0')
}

// member is where one family member's cells are; -1 for a column the sheet lacks.
type member struct {
	name, relation, phone, guardian, work int
}

// memberPart reads the part of a member column after its number.
func memberPart(rest string) string {
	switch {
	case has(rest, "是否监护人", "是否为监护人"):
		return "是否监护人"
	case negated(rest):
		return ""
	case has(rest, "姓名"):
		return "姓名"
	case has(rest, "关系", "称谓"):
		return "关系"
	case has(rest, "电话", "手机", "联系方式"):
		return "联系电话"
	case has(rest, "单位", "务工", "工作", "地址"):
		return "工作单位"
	}
	return ""
}

// overrides are a school's own word on what columns hold, from [columns] in liushou.toml,
// by header text: a field, or fIgnored for a column not to read.
type overrides map[string]field

// ColumnRoles are the names a school can give a column in [columns]: every field's name,
// and rules.IgnoreColumn.
func ColumnRoles() []string {
	var out []string
	for f := fSchool; f < fIgnored; f++ {
		if fieldNames[f] != "" {
			out = append(out, fieldNames[f])
		}
	}
	return append(out, rules.IgnoreColumn)
}

// CheckColumns says, naming the settings file and line, the first [columns] entry whose
// role is not a field ingest reads.
func CheckColumns(cols []rules.ColumnOverride) error {
	for _, o := range cols {
		if _, ok := roleField(o.Role); !ok {
			return o.Mistake(fmt.Sprintf("“%s”不是可用的列名。可以写：%s。", o.Role, strings.Join(ColumnRoles(), "、")))
		}
	}
	return nil
}

func roleField(name string) (field, bool) {
	if name == rules.IgnoreColumn {
		return fIgnored, true
	}
	for f := fSchool; f < fIgnored; f++ {
		if fieldNames[f] != "" && fieldNames[f] == name {
			return f, true
		}
	}
	return fNone, false
}

// columnOverrides keeps the [columns] entries that apply to a file: those for every file,
// and those given for this file by its name (the file's own name or its path in the inbox).
func columnOverrides(label string, all []rules.ColumnOverride) overrides {
	out := overrides{}
	for _, pass := range []bool{false, true} { // a file's own entries win
		for _, o := range all {
			if (o.File != "") != pass || (pass && o.File != label && o.File != path.Base(label)) {
				continue
			}
			if f, ok := roleField(o.Role); ok {
				out[normLabel(o.Header)] = f
			}
		}
	}
	return out
}

// column is what one column of a sheet was read as, and why: the column map.
type column struct {
	label    string // the header as written (group and sub-header joined)
	f        field
	member   int    // for 学籍 family-member columns: the member's number
	part     string // and what of that member
	override bool   // set by [columns]
	note     string // why the column is not read, when it is not
}

// header is the column layout of one sheet.
type header struct {
	rows    int             // number of header rows (1 or 2)
	seq     int             // the 序号 column, or -1: pre-numbered empty rows are blank
	first   int             // index of the first header row (0-based)
	cols    map[field]int   // field -> column index
	labels  []string        // per column, the header text as written
	dupes   map[field][]int // further columns with the same meaning
	signs   []int           // every free-text column where must-visit signs may be written
	members map[int]*member // 学籍 family members by number
	columns []column        // per column, what it was read as
	cands   map[field][]int // columns that name each field, before their values are checked
}

func (h *header) col(f field) (int, bool) {
	i, ok := h.cols[f]
	return i, ok
}

// any reports whether the header has a column for one of fs.
func (h *header) any(fs ...field) bool {
	for _, f := range fs {
		if _, ok := h.cols[f]; ok {
			return true
		}
	}
	return false
}

// findHeader looks in the first rows of a grid for the header: the row (or pair of rows,
// for a two-level header) whose cells name the most distinct fields. It returns nil when
// no row names a child's name column and at least one more field. The columns' values
// below the header are checked against what their headers say (resolve).
func findHeader(grid [][]string, maxRows int, ov overrides) *header {
	var best *header
	bestScore := 0
	for r := 0; r < len(grid) && r < maxRows; r++ {
		for _, two := range []bool{false, true} {
			if two && (r+1 >= len(grid) || distinct(grid[r]) < 2 || !subHeaderRow(grid[r+1])) {
				continue
			}
			h := buildHeader(grid, r, two, ov)
			if _, ok := h.cands[fName]; !ok {
				continue
			}
			score := len(h.cands) + len(h.members)
			if score >= 2 && score > bestScore {
				best, bestScore = h, score
			}
		}
	}
	if best != nil {
		best.resolve(grid)
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

// headerLabel joins the cells of a two-level header for one column: a person group
// (父亲, 受委托监护人) is part of the meaning; another group (关爱帮扶情况) is not.
func headerLabel(top, sub string) (label, meaning string) {
	switch {
	case sub == "" || sub == top:
		return top, top
	case top == "":
		return sub, sub
	case has(normLabel(sub), normLabel(top)):
		return sub, sub // 监护人 over 监护人姓名
	case personGroup(top):
		return top + sub, top + sub
	case personNote(normLabel(sub)):
		return top + "·" + sub, sub + top // 联系电话 over 父亲 and 母亲: the father's phone
	}
	return top + "·" + sub, sub
}

func buildHeader(grid [][]string, r int, two bool, ov overrides) *header {
	h := &header{first: r, rows: 1, seq: -1, cols: map[field]int{}, dupes: map[field][]int{},
		members: map[int]*member{}, cands: map[field][]int{}}
	if two {
		h.rows = 2
	}
	width := len(grid[r])
	if two && len(grid[r+1]) > width {
		width = len(grid[r+1])
	}
	h.labels = make([]string, width)
	h.columns = make([]column, width)
	group := "" // the group cell standing over the columns to its right
	for c := 0; c < width; c++ {
		top := strings.TrimSpace(cell(grid, r, c))
		label, meaning := top, top
		if two {
			sub := strings.TrimSpace(cell(grid, r+1, c))
			// Without merge information (.xls, CSV) a group cell stands over its first
			// sub-column only: carry it right while the sub-columns go on.
			switch {
			case top != "" && sub != "" && top != sub:
				group = top
			case top == "" && sub != "" && group != "":
				top = group
			default:
				group = ""
			}
			label, meaning = headerLabel(top, sub)
		}
		h.labels[c] = label
		h.columns[c] = column{label: label}
		if f, ok := ov.lookup(label, meaning, cell(grid, h.first+h.rows-1, c)); ok {
			h.columns[c].f, h.columns[c].override = f, true
			if f != fIgnored {
				h.cands[f] = append(h.cands[f], c)
			}
			continue
		}
		if m := memberPattern.FindStringSubmatch(normLabel(meaning)); m != nil {
			if part := memberPart(m[2]); part != "" {
				h.addMember(c, memberNumber(m[1]), part)
				continue
			}
		}
		f := classify(meaning)
		h.columns[c].f = f
		if n := normLabel(meaning); f == fIgnored && negated(n) {
			h.columns[c].note = "表头里的“" + negativeWord(n) + "”说明这一列不是要读的号码、名称或日期本身"
		}
		switch f {
		case fNone, fIgnored:
		case fSeq:
			if h.seq < 0 {
				h.seq = c
			}
		default:
			h.cands[f] = append(h.cands[f], c)
		}
	}
	return h
}

// lookup finds the school's word for a column by its whole header, its meaning or its
// lowest header cell, whichever the school wrote.
func (ov overrides) lookup(texts ...string) (field, bool) {
	for _, t := range texts {
		if n := normLabel(t); n != "" {
			if f, ok := ov[n]; ok {
				return f, true
			}
		}
	}
	return fNone, false
}

func (h *header) addMember(c, n int, part string) {
	m := h.members[n]
	if m == nil {
		m = &member{-1, -1, -1, -1, -1}
		h.members[n] = m
	}
	h.columns[c].member, h.columns[c].part = n, part
	slot := map[string]*int{"姓名": &m.name, "关系": &m.relation, "联系电话": &m.phone, "是否监护人": &m.guardian, "工作单位": &m.work}[part]
	if *slot < 0 {
		*slot = c
	}
}

// resolve checks each candidate column's values against what its header says and keeps,
// for each field, the first column whose values fit: an ID column holds IDs, a date
// column dates, a phone column phone numbers, a school column names rather than codes.
// A column the school named in [columns] is taken as it is.
func (h *header) resolve(grid [][]string) {
	fields := make([]field, 0, len(h.cands))
	for f := range h.cands {
		fields = append(fields, f)
	}
	sort.Slice(fields, func(i, j int) bool { return fields[i] < fields[j] })
	sample := sampleBelow(grid, h.first+h.rows)
	for _, f := range fields {
		for _, c := range h.cands[f] {
			if !h.columns[c].override {
				// A few odd values are data errors; most of many values not fitting is
				// a wrong guess (so is any misfit when another column offers the field).
				vals := columnValues(grid, sample, c)
				if len(vals) < 3 && len(h.cands[f]) == 1 {
					vals = nil
				}
				if why := misfit(f, vals); why != "" {
					h.columns[c].note = why
					continue
				}
			}
			switch _, taken := h.cols[f]; {
			case f == fSign:
				h.signs = append(h.signs, c)
				if !taken {
					h.cols[f] = c
				}
			case taken:
				h.dupes[f] = append(h.dupes[f], c)
			default:
				h.cols[f] = c
			}
		}
	}
}

// sampleRows is how many rows below the header the value checks look at.
const sampleRows = 300

// sampleBelow gives the rows the value checks look at: up to sampleRows below the
// header, without totals and footers merged across the row. Found once per header, not
// once per column (it reads every cell of those rows).
func sampleBelow(grid [][]string, from int) []int {
	var rows []int
	for r := from; r < len(grid) && r < from+sampleRows; r++ {
		if !notChild(grid[r]) {
			rows = append(rows, r)
		}
	}
	return rows
}

// columnValues returns the filled cells of column c in the sample rows.
func columnValues(grid [][]string, sample []int, c int) []string {
	var out []string
	for _, r := range sample {
		if v := strings.TrimSpace(cell(grid, r, c)); !emptyValue(v) {
			out = append(out, narrow(v))
		}
	}
	return out
}

// misfit says why the values of a column do not fit a field (most of them must), or "".
func misfit(f field, vals []string) string {
	if len(vals) == 0 {
		return ""
	}
	share := func(ok func(string) bool) float64 {
		n := 0
		for _, v := range vals {
			if ok(v) {
				n++
			}
		}
		return float64(n) / float64(len(vals))
	}
	digits := func(v string) int {
		n := 0
		for _, r := range v {
			if r >= '0' && r <= '9' {
				n++
			}
		}
		return n
	}
	yesNo := func(v string) bool {
		switch v {
		case "是", "否", "√", "×", "Y", "N", "y", "n", "有", "无":
			return true
		}
		return false
	}
	switch f {
	case fID:
		if share(func(v string) bool { return digits(v) >= 10 || strings.ContainsAny(v, "Ee") && digits(v) >= 3 }) < 0.5 {
			return "值不像身份证号（如“" + echo(vals[0]) + "”）"
		}
	case fVisit, fCall, fSignDate, fBirth:
		if share(func(v string) bool { return digits(v) > 0 }) < 0.5 {
			return "值不像日期（如“" + echo(vals[0]) + "”）"
		}
	case fGuardianPhone, fFatherPhone, fMotherPhone, fParentPhone:
		if share(func(v string) bool { return digits(v) >= 7 }) < 0.5 {
			return "值不像电话号码（如“" + echo(vals[0]) + "”）"
		}
	case fSchool:
		if share(func(v string) bool { return digits(v) == len(strings.TrimSpace(v)) }) >= 0.5 {
			return "值是数字代码，不是学校名称（如“" + echo(vals[0]) + "”）"
		}
	case fName, fGuardian, fFatherName, fMotherName, fParentName, fTeacher, fClass:
		if share(yesNo) >= 0.5 {
			return "值只有“是/否”（如“" + echo(vals[0]) + "”）"
		}
	}
	return ""
}

func cell(grid [][]string, r, c int) string {
	if r < 0 || r >= len(grid) || c < 0 || c >= len(grid[r]) {
		return ""
	}
	return grid[r][c]
}
