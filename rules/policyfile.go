package rules

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// PolicyFileName is the school's policy file, found beside the rosters.
const PolicyFileName = "liushou.toml"

// School is who sends the letters.
type School struct {
	Name, Address, Postcode, Phone string
	// Pupils is the school's number of pupils ([school] pupils, 学生总数), for the share
	// left behind when no 学籍 list is in the inbox; 0: not known.
	Pupils int
}

// Term is one school term of the calendar.
type Term struct {
	Name       string
	Start, End time.Time
}

// Contact is a class teacher's name and phone, for letters and checklists.
type Contact struct {
	Name, Phone string
}

// policyFile is the TOML shape of liushou.toml.
type policyFile struct {
	School struct {
		Name     string `toml:"name"`
		Address  string `toml:"address"`
		Postcode string `toml:"postcode"`
		Phone    string `toml:"phone"`
		Pupils   int    `toml:"pupils"`
	} `toml:"school"`
	Rules struct {
		VisitEveryDays *int     `toml:"visit_every_days"`
		CallEveryDays  *int     `toml:"call_every_days"`
		DueSoonDays    *int     `toml:"due_soon_days"`
		VisitWindows   []string `toml:"visit_windows"`
		MaxPerTeacher  *int     `toml:"max_children_per_teacher"`
		TalkEvery      *int     `toml:"talk_every_days"`
		HealthEvery    *int     `toml:"health_check_every_days"`
		Training       *int     `toml:"training_per_term"`
	} `toml:"rules"`
	Privacy struct {
		MaskIDNumbers *bool `toml:"mask_id_numbers"`
		MaskPhones    *bool `toml:"mask_phones"`
	} `toml:"privacy"`
	Signs   map[string][]string `toml:"signs"`
	Terms   []termFile          `toml:"terms"`
	Letters struct {
		StartTemplate  string `toml:"start_template"`
		EndTemplate    string `toml:"end_template"`
		MinDaysBetween *int   `toml:"min_days_between"`
	} `toml:"letters"`
	Messages struct {
		Text *string `toml:"text"`
	} `toml:"messages"`
	ClassTeachers map[string]struct {
		Name  string `toml:"name"`
		Phone string `toml:"phone"`
	} `toml:"class_teachers"`
	// Schools holds a district's schools, each with its own details and class teachers:
	// [schools."青石镇中心小学"] and [schools."青石镇中心小学".class_teachers."三年级(2)班"].
	Schools map[string]schoolFile `toml:"schools"`
	// Columns maps header text to a column role, for every file; a table inside it
	// (columns."花名册.xls") does the same for one file.
	Columns map[string]any `toml:"columns"`
}

type schoolFile struct {
	Name          string `toml:"name"`
	Address       string `toml:"address"`
	Postcode      string `toml:"postcode"`
	Phone         string `toml:"phone"`
	Pupils        int    `toml:"pupils"`
	ClassTeachers map[string]struct {
		Name  string `toml:"name"`
		Phone string `toml:"phone"`
	} `toml:"class_teachers"`
}

type termFile struct {
	Name  string `toml:"name"`
	Start any    `toml:"start"`
	End   any    `toml:"end"`
}

// policyError is a bad setting in a policy file, with the key and the line it is on.
type policyError struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *policyError) Error() string {
	switch {
	case e.Line > 0 && e.Key != "":
		return fmt.Sprintf("%s 第 %d 行 %s：%s", e.File, e.Line, e.Key, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s 第 %d 行：%s", e.File, e.Line, e.Msg)
	case e.Key != "":
		return fmt.Sprintf("%s %s：%s", e.File, e.Key, e.Msg)
	}
	return fmt.Sprintf("%s：%s", e.File, e.Msg)
}

// ParsePolicy reads a policy file over the defaults: a setting the file leaves out keeps
// its default. name is the file's name for messages. Class names are read as rosters'
// are (三(2)班 is 三年级(2)班).
func ParsePolicy(name string, data []byte) (Policy, error) {
	// Notepad saves in GBK or UTF-16 as readily as in UTF-8, with or without a mark.
	data, _, err := DecodeText(data)
	if err != nil {
		return DefaultPolicy(), &policyError{File: name, Msg: err.Error() + "后保存。"}
	}
	// The slips people make most are named before the TOML parser sees them: its own
	// messages are in English and often point elsewhere.
	if err := commonSlips(name, data); err != nil {
		return DefaultPolicy(), err
	}
	r := &policyReader{name: name, data: data, p: DefaultPolicy()}
	for _, step := range []func() error{r.decode, r.unknownKeys, r.intervals, r.privacyAndSchool, r.signs, r.terms, r.classTeachers, r.schools, r.columns} {
		if err := step(); err != nil {
			return r.p, err
		}
	}
	return r.p, nil
}

// policyReader reads a policy file step by step into p; each step checks its section.
type policyReader struct {
	name string
	data []byte
	f    policyFile
	md   toml.MetaData
	p    Policy
}

func (r *policyReader) bad(key, msg string) error {
	return &policyError{File: r.name, Line: lineOf(r.data, key), Key: key, Msg: msg}
}

// decode parses the TOML, saying in Chinese where and why it could not.
func (r *policyReader) decode() error {
	md, err := toml.NewDecoder(bytes.NewReader(r.data)).Decode(&r.f)
	r.md = md
	if err == nil {
		return nil
	}
	var pe toml.ParseError
	var ppe *toml.ParseError
	if errors.As(err, &ppe) {
		pe = *ppe
	}
	if ppe != nil || errors.As(err, &pe) {
		return &policyError{File: r.name, Line: pe.Position.Line, Key: pe.LastKey, Msg: "这一行的写法不对。设置写成 名称 = 值：文字加英文双引号（name = \"红星小学\"），数字和日期不加引号（visit_every_days = 30，start = 2026-09-01）。请对照 liushou init 生成的示例改正。"}
	}
	if m := typeErr.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		want := map[string]string{"integer": "应为整数，不加引号", "bool": "应为 true 或 false", "string": "应为文字，加双引号",
			"slice": "应为用方括号括起的一组词", "array": "应为用方括号括起的一组词"}[m[3]]
		if want == "" {
			want = "类型不对"
		}
		return &policyError{File: r.name, Line: line, Key: m[2], Msg: "格式不对（" + want + "）。"}
	}
	return &policyError{File: r.name, Msg: "无法读取，文件的写法不对。请对照 liushou init 生成的示例改正。"}
}

// unknownKeys refuses a misspelt setting ([columns] tables are read by columns).
func (r *policyReader) unknownKeys() error {
	for _, k := range r.md.Undecoded() {
		if len(k) < 2 || k[0] != "columns" {
			return r.bad(k.String(), "不认识这个设置，请检查拼写（可用的设置见 liushou init 生成的示例）。")
		}
	}
	return nil
}

// intervals reads [rules]: the days between visits and calls, and the due-soon window.
func (r *policyReader) intervals() error {
	days := func(key string, v *int, min, max int, into *int) error {
		if v == nil {
			return nil
		}
		if *v < min || *v > max {
			return r.bad(key, fmt.Sprintf("应为 %d 到 %d 之间的整数（现在是 %d）。", min, max, *v))
		}
		*into = *v
		return nil
	}
	p, f := &r.p, r.f
	if err := days("rules.visit_every_days", f.Rules.VisitEveryDays, 1, 366, &p.VisitEvery); err != nil {
		return err
	}
	if err := days("rules.call_every_days", f.Rules.CallEveryDays, 1, 366, &p.CallEvery); err != nil {
		return err
	}
	if err := days("rules.due_soon_days", f.Rules.DueSoonDays, 0, 365, &p.DueSoon); err != nil {
		return err
	}
	if p.DueSoon >= p.VisitEvery || p.DueSoon >= p.CallEvery {
		return r.bad("rules.due_soon_days", fmt.Sprintf("提前提醒的天数（%d）必须小于家访和通话的间隔天数。", p.DueSoon))
	}
	if err := days("rules.max_children_per_teacher", f.Rules.MaxPerTeacher, 1, 100, &p.MaxPerTeacher); err != nil {
		return err
	}
	if err := days("rules.talk_every_days", f.Rules.TalkEvery, 0, 366, &p.TalkEvery); err != nil {
		return err
	}
	if err := days("rules.health_check_every_days", f.Rules.HealthEvery, 0, 732, &p.HealthEvery); err != nil {
		return err
	}
	if err := days("rules.training_per_term", f.Rules.Training, 0, 10, &p.TrainingPerTerm); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, w := range f.Rules.VisitWindows {
		w = strings.TrimSpace(w)
		if !slices.Contains(VisitWindowNames, w) || seen[w] {
			return r.bad("rules.visit_windows", fmt.Sprintf("“%s”不是可用的家访时段，或写了两次。可以写：%s。", w, strings.Join(VisitWindowNames, "、")))
		}
		seen[w] = true
		p.VisitWindows = append(p.VisitWindows, w)
	}
	return nil
}

// privacyAndSchool reads [privacy], [school] and [letters].
func (r *policyReader) privacyAndSchool() error {
	p, f := &r.p, r.f
	if f.Privacy.MaskIDNumbers != nil {
		p.MaskIDs = *f.Privacy.MaskIDNumbers
	}
	if f.Privacy.MaskPhones != nil {
		p.MaskPhones = *f.Privacy.MaskPhones
	}
	p.School = School{Name: strings.TrimSpace(f.School.Name), Address: strings.TrimSpace(f.School.Address),
		Postcode: strings.TrimSpace(f.School.Postcode), Phone: strings.TrimSpace(f.School.Phone), Pupils: f.School.Pupils}
	if p.School.Pupils < 0 || p.School.Pupils > 100000 {
		return r.bad("school.pupils", fmt.Sprintf("学生总数应为 0 到 100000 之间的整数（现在是 %d）。", p.School.Pupils))
	}
	if pc := p.School.Postcode; pc != "" && (len(pc) != 6 || strings.Trim(pc, "0123456789") != "") {
		return r.bad("school.postcode", fmt.Sprintf("邮政编码应为 6 位数字（现在是“%s”）。", pc))
	}
	if msg := badPhone(p.School.Phone); msg != "" {
		return r.bad("school.phone", msg)
	}
	if v := f.Letters.MinDaysBetween; v != nil {
		if *v < 0 || *v > 150 {
			return r.bad("letters.min_days_between", fmt.Sprintf("应为 0 到 150 之间的整数（现在是 %d）。", *v))
		}
		p.MinLetterDays = *v
	}
	if t := f.Messages.Text; t != nil {
		if bad := BadMessageText(*t); bad != "" {
			return r.bad("messages.text", bad)
		}
		p.MessageText = strings.TrimSpace(*t)
	}
	p.LetterStartFile = strings.TrimSpace(f.Letters.StartTemplate)
	p.LetterEndFile = strings.TrimSpace(f.Letters.EndTemplate)
	return nil
}

// signs reads [signs]: written at all, it replaces the five default signs.
func (r *policyReader) signs() error {
	if !r.md.IsDefined("signs") {
		return nil
	}
	r.p.Signs = nil
	names := make([]string, 0, len(r.f.Signs))
	for n := range r.f.Signs {
		names = append(names, n)
	}
	// The five signs keep their customary order; others follow by name.
	order := map[string]int{}
	for i, sg := range DefaultPolicy().Signs {
		order[sg.Name] = i + 1
	}
	rank := func(n string) int {
		if o := order[n]; o > 0 {
			return o
		}
		return 99
	}
	sort.Slice(names, func(i, j int) bool {
		if oi, oj := rank(names[i]), rank(names[j]); oi != oj {
			return oi < oj
		}
		return names[i] < names[j]
	})
	for _, n := range names {
		var words []string
		for _, w := range r.f.Signs[n] {
			if w = strings.TrimSpace(w); w != "" {
				words = append(words, w)
			}
		}
		if strings.TrimSpace(n) == "" || len(words) == 0 {
			return r.bad(fmt.Sprintf("signs.%s", n), "每种必访情况至少要有一个识别用的词。")
		}
		r.p.Signs = append(r.p.Signs, Sign{Name: n, Words: words})
	}
	return nil
}

// terms reads [[terms]]: named, dated, not overlapping.
func (r *policyReader) terms() error {
	for i, t := range r.f.Terms {
		key := fmt.Sprintf("terms[%d]", i+1)
		start, ok1 := tomlDate(t.Start)
		end, ok2 := tomlDate(t.End)
		if !ok1 || !ok2 {
			return r.bad(key, "学期的 start 和 end 要写成日期，不加引号，如 start = 2026-09-01。")
		}
		if !end.After(start) {
			return r.bad(key, "学期的结束日期必须晚于开始日期。")
		}
		name := strings.TrimSpace(t.Name)
		if name == "" {
			return r.bad(key, "请给学期写上名称，如 name = \"2026年秋季学期\"。")
		}
		for _, o := range r.p.Terms {
			if !start.After(o.End) && !o.Start.After(end) {
				return r.bad(key, fmt.Sprintf("“%s”与“%s”的日期重叠。", name, o.Name))
			}
		}
		r.p.Terms = append(r.p.Terms, Term{Name: name, Start: start, End: end})
	}
	return nil
}

// classTeachers reads [class_teachers."三年级(2)班"]: a class rosters can name, a phone
// that can be called.
func (r *policyReader) classTeachers() error {
	r.p.ClassTeachers = map[string]Contact{}
	r.p.ClassTeacherLines = map[string]int{}
	for class, c := range r.f.ClassTeachers {
		canon, ok := CanonicalClass(class)
		if !ok {
			return r.bad("class_teachers."+class, "班级名称看不懂，请写成“三年级(2)班”的样子。")
		}
		phone := strings.TrimSpace(c.Phone)
		if msg := badPhone(phone); msg != "" {
			return &policyError{File: r.name, Line: lineIn(r.data, "class_teachers."+class, "phone"), Key: "class_teachers." + class + ".phone", Msg: msg}
		}
		r.p.ClassTeachers[canon] = Contact{Name: strings.TrimSpace(c.Name), Phone: phone}
		r.p.ClassTeacherLines[canon] = lineIn(r.data, "class_teachers."+class, "name")
		if r.p.ClassTeacherLines[canon] == 0 {
			r.p.ClassTeacherLines[canon] = lineOf(r.data, "class_teachers."+class)
		}
	}
	return nil
}

// schools reads [schools."…"]: each school of a district with its own details, printed
// on its pupils' letters and envelopes, and its own class teachers. With such tables,
// [school] is the district's (the district summary) and class teachers belong to a
// school: a [class_teachers] table of its own would put one school's teacher on every
// school's letters of that class.
func (r *policyReader) schools() error {
	if len(r.f.Schools) == 0 {
		return nil
	}
	if len(r.f.ClassTeachers) > 0 {
		return r.bad("class_teachers."+slices.Sorted(maps.Keys(r.f.ClassTeachers))[0], "有了各校的 [schools.\"学校名称\"] 表，班主任要写在各自学校下面，如 [schools.\"青石镇中心小学\".class_teachers.\"三年级(2)班\"]，否则一所学校的班主任会印在所有学校同名班级的信上。")
	}
	r.p.Schools = map[string]SchoolSettings{}
	for key, f := range r.f.Schools {
		name := strings.TrimSpace(key)
		at := "schools." + key
		s := SchoolSettings{School: School{Name: strings.TrimSpace(f.Name), Address: strings.TrimSpace(f.Address),
			Postcode: strings.TrimSpace(f.Postcode), Phone: strings.TrimSpace(f.Phone), Pupils: f.Pupils}, ClassTeachers: map[string]Contact{}}
		if s.School.Pupils < 0 || s.School.Pupils > 100000 {
			return &policyError{File: r.name, Line: lineIn(r.data, at, "pupils"), Key: at + ".pupils", Msg: fmt.Sprintf("学生总数应为 0 到 100000 之间的整数（现在是 %d）。", s.School.Pupils)}
		}
		if s.School.Name == "" {
			s.School.Name = name
		}
		if pc := s.School.Postcode; pc != "" && (len(pc) != 6 || strings.Trim(pc, "0123456789") != "") {
			return &policyError{File: r.name, Line: lineIn(r.data, at, "postcode"), Key: at + ".postcode", Msg: fmt.Sprintf("邮政编码应为 6 位数字（现在是“%s”）。", pc)}
		}
		if msg := badPhone(s.School.Phone); msg != "" {
			return &policyError{File: r.name, Line: lineIn(r.data, at, "phone"), Key: at + ".phone", Msg: msg}
		}
		for class, c := range f.ClassTeachers {
			canon, ok := CanonicalClass(class)
			if !ok {
				return r.bad(at+".class_teachers."+class, "班级名称看不懂，请写成“三年级(2)班”的样子。")
			}
			phone := strings.TrimSpace(c.Phone)
			if msg := badPhone(phone); msg != "" {
				return r.bad(at+".class_teachers."+class, msg)
			}
			s.ClassTeachers[canon] = Contact{Name: strings.TrimSpace(c.Name), Phone: phone}
		}
		r.p.Schools[name] = s
	}
	return nil
}

// columns reads [columns].
func (r *policyReader) columns() error {
	cols, err := parseColumns(r.name, r.data, r.f.Columns)
	r.p.Columns = cols
	return err
}

// parseColumns reads [columns]: "表头" = "身份证号" for every file, and the same inside
// [columns."文件名.xlsx"] for one file. Whether each role is one ingest reads is
// ingest's to check (ingest.CheckColumns).
func parseColumns(name string, data []byte, raw map[string]any) ([]ColumnOverride, error) {
	var out []ColumnOverride
	add := func(file, header string, v any) error {
		table := "columns"
		if file != "" {
			table = "columns." + file
		}
		where := &policyError{File: name, Line: lineIn(data, table, header), Key: table + "." + header}
		role, ok := v.(string)
		if !ok {
			where.Msg = "应为文字，加双引号，如 \"身份证号\"。"
			return where
		}
		role = strings.TrimSpace(role)
		if role == "忽略" || role == "不读" {
			role = IgnoreColumn
		}
		if strings.TrimSpace(header) == "" {
			where.Msg = "表头不能是空的。"
			return where
		}
		out = append(out, ColumnOverride{File: file, Header: strings.TrimSpace(header), Role: role, Settings: name, Line: where.Line})
		return nil
	}
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		if sub, ok := raw[k].(map[string]any); ok {
			for _, h := range slices.Sorted(maps.Keys(sub)) {
				if err := add(k, h, sub[h]); err != nil {
					return nil, err
				}
			}
			continue
		}
		if err := add("", k, raw[k]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// lineIn finds the line of key in the TOML table named table (quotes ignored).
func lineIn(data []byte, table, key string) int {
	unq := func(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), `"`, "") }
	current := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			current = unq(strings.Trim(line, "[]"))
			continue
		}
		if k, _, ok := strings.Cut(line, "="); ok && current == unq(table) && unq(k) == unq(key) {
			return n
		}
	}
	return 0
}

// typeErr is how the TOML decoder reports a value of the wrong type.
var typeErr = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): incompatible types: .*destination has type (\w+)`)

// tomlDate accepts a TOML local date (2026-09-01) or a date-time.
func tomlDate(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
	}
	return time.Time{}, false
}

// lineOf finds the line of a dotted key ("rules.visit_every_days") in a TOML file: the
// decoder keeps key positions to itself.
// LineOf is the line of a policy file where a setting (letters.start_template) is written,
// or 0.
func LineOf(data []byte, key string) int { return lineOf(data, key) }

func lineOf(data []byte, key string) int {
	table, leaf := "", key
	if i := strings.LastIndex(key, "."); i >= 0 {
		table, leaf = key[:i], key[i+1:]
	}
	if j := strings.Index(table, "["); j >= 0 { // terms[2]: the table's own line
		table, leaf = table[:j], ""
	}
	if j := strings.Index(key, "["); j >= 0 && table == "" {
		table, leaf = key[:j], ""
	}
	current := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			current = strings.Trim(line, "[] ")
			if (leaf == "" && current == table) || strings.ReplaceAll(current, `"`, "") == key {
				return n
			}
			continue
		}
		if k, _, ok := strings.Cut(line, "="); ok && current == table && strings.Trim(strings.TrimSpace(k), `"`) == leaf {
			return n
		}
	}
	return 0
}

// badPhone says what is wrong with a phone number in the settings, or "": a mobile number
// has 11 digits starting with 1; a landline has its area code (0855-5312345).
func badPhone(s string) string {
	if s == "" {
		return ""
	}
	d := strings.NewReplacer(" ", "", "-", "", "－", "", "(", "", ")", "", "（", "", "）", "").Replace(s)
	d = strings.TrimPrefix(d, "+86")
	for _, r := range d {
		if r < '0' || r > '9' {
			return fmt.Sprintf("电话“%s”里有数字以外的字符，请只写号码，如 13812345678 或 0855-5312345。", s)
		}
	}
	switch {
	case len(d) == 11 && d[0] == '1' && d[1] >= '3':
		return ""
	case d[0] == '0' && len(d) >= 10 && len(d) <= 12:
		return ""
	}
	return fmt.Sprintf("电话“%s”的位数不对：手机号是 11 位（1 开头），固定电话要带区号（如 0855-5312345）。", s)
}

var (
	slipChineseQuote = regexp.MustCompile(`[“”‘’「」]`)
	slipUnit         = regexp.MustCompile(`^\s*([A-Za-z_]+)\s*=\s*([0-9]+)\s*(天|日|次|个月|月|周)`)
	slipDottedDate   = regexp.MustCompile(`^\s*(start|end)\s*=\s*"?\s*([0-9]{4})\s*[./年]\s*([0-9]{1,2})\s*[./月]\s*([0-9]{1,2})\s*日?\s*"?\s*$`)
	slipBareTable    = regexp.MustCompile(`^\s*\[+\s*([A-Za-z_]+)\.([^"\]]+)\]+\s*$`)
	slipFullWidthEq  = regexp.MustCompile(`^\s*[A-Za-z_]+\s*＝`)
)

// commonSlips finds, line by line, the mistakes people make in liushou.toml and says how
// to write it: Chinese quotes, a unit after a number (14天), a dotted date (2026.9.1), a
// table name with Chinese characters but no quotes ([class_teachers.三年级(2)班]).
func commonSlips(name string, data []byte) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 && !strings.Contains(line[:i], `"`) {
			line = line[:i] // a comment
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		fail := func(msg string) error { return &policyError{File: name, Line: n, Msg: msg} }
		switch {
		case slipChineseQuote.MatchString(line):
			return fail("用了中文引号（“ ” 或 ‘ ’），请改成英文双引号 \"，如 name = \"红星小学\"。")
		case slipFullWidthEq.MatchString(line):
			return fail("等号是中文的“＝”，请改成英文的“=”。")
		}
		if m := slipUnit.FindStringSubmatch(line); m != nil {
			return fail(fmt.Sprintf("数字后面不要写“%s”：写成 %s = %s。", m[3], m[1], m[2]))
		}
		if m := slipDottedDate.FindStringSubmatch(line); m != nil && !strings.Contains(line, "-") {
			return fail(fmt.Sprintf("日期请写成 %s-%02s-%02s 这样（用横线，不加引号）：%s = %s-%02s-%02s。", m[2], m[3], m[4], m[1], m[2], m[3], m[4]))
		}
		if m := slipBareTable.FindStringSubmatch(line); m != nil && strings.ContainsFunc(m[2], func(r rune) bool { return r > 127 }) {
			return fail(fmt.Sprintf("方括号里的名称有中文，要加英文双引号：[%s.\"%s\"]。", m[1], strings.TrimSpace(m[2])))
		}
	}
	return nil
}
