package rules

import "strings"

// Sign is one of the must-visit signs and the words that recognise it in free text.
type Sign struct {
	Name  string
	Words []string
}

// Policy is a school's follow-up rules. DefaultPolicy is what the schools' own
// term reports describe; later a policy file can change every field.
type Policy struct {
	VisitEvery int // days allowed between home visits
	CallEvery  int // days allowed between calls with the parents
	// DueSoon is how many days before the deadline a visit or call counts as due soon:
	// with VisitEvery 30 and DueSoon 7, day 23 to day 30 is due soon, day 31 is overdue.
	DueSoon int
	Signs   []Sign
	// MaskPhones masks phone numbers in printouts (138****5678); MaskIDs masks ID numbers.
	MaskPhones bool
	MaskIDs    bool
	// School sends the letters; Terms is the school calendar; ClassTeachers has each
	// class teacher's name and phone, by canonical class name.
	School        School
	Terms         []Term
	ClassTeachers map[string]Contact
	// ClassTeacherLines is where each class teacher is set in the policy file, for a
	// warning about a class that no roster holds.
	ClassTeacherLines map[string]int `json:"-"`
	// LetterStartFile and LetterEndFile are the letter templates the school wrote, as
	// given in the policy file (relative to it); empty: the built-in letters.
	LetterStartFile, LetterEndFile string
	// Columns are the school's corrections to how roster columns are read ([columns]).
	Columns []ColumnOverride
	// MaxPerTeacher is the most children one paired teacher should have (the schools'
	// reports: 每位教师结对2—3名学生); 结对考核 flags a teacher with more.
	MaxPerTeacher int
	// VisitWindows are the parts of each term (期初, 期中, 期末: its thirds) in which a
	// child must be visited at least once ([rules] visit_windows); none: only VisitEvery.
	VisitWindows []string
	// TalkEvery and HealthEvery are the most days between a child's 谈心 (a teacher's talk
	// with the child) and between health checks, TrainingPerTerm the least trainings of
	// the guardian (隔代家长培训) a term: 0, the default, is no such rule. Each counts the
	// entries of its log (Child.Entries) and is told in the child's reasons.
	TalkEvery, HealthEvery, TrainingPerTerm int
	// MessageText is the text of a message to the parents (liushou export --form 短信),
	// with the places of MessageFields; [messages] text.
	MessageText string
	// MinLetterDays is the least time between a family's start letter and the start of
	// the term-end window for the term-end letter to go out too ([letters]
	// min_days_between); otherwise it waits for the next term's start letter.
	MinLetterDays int
	// Schools are a district's schools by the name rosters give them, each with its own
	// details and class teachers ([schools."…"]); with them, School is the district's.
	Schools map[string]SchoolSettings
	// OwnSchool says School is the pupil's own school's, from [schools] (ForSchool).
	OwnSchool bool `json:"-"`
}

// SchoolSettings are one school's details and class teachers in a district's settings.
type SchoolSettings struct {
	School        School
	ClassTeachers map[string]Contact
}

// ClassTeacherOf is a class's teacher: as the settings give it, else as the class's own
// rows on the roster do.
func (p Policy) ClassTeacherOf(class string, children []Child) Contact {
	if ct := p.ClassTeachers[class]; ct.Name != "" || ct.Phone != "" {
		return ct
	}
	for _, c := range children {
		if c.Class == class && (c.ClassTeacher.Name != "" || c.ClassTeacher.Phone != "") {
			return c.ClassTeacher
		}
	}
	return Contact{}
}

// ForSchool is the policy as it applies to the pupils of one school: with [schools],
// that school's details and class teachers, or none at all (its letters are then
// drafts, and the run says what it lacks) — never the district's or another school's.
// Without [schools], the policy is one school's and applies as it is.
func (p Policy) ForSchool(name string) Policy {
	if len(p.Schools) == 0 {
		return p
	}
	q := p
	s, ok := p.Schools[strings.TrimSpace(name)]
	if !ok {
		q.School, q.ClassTeachers = School{}, map[string]Contact{}
		return q
	}
	q.School, q.ClassTeachers, q.OwnSchool = s.School, s.ClassTeachers, true
	return q
}

// ColumnOverride says what a roster column holds, by its header text, for one file
// (File, its name as found) or for every file (File empty).
// Which roles there are is ingest's to say (ingest.CheckColumns): they are its fields.
type ColumnOverride struct {
	File, Header, Role string
	// Settings and Line are where it was written, for a message about it.
	Settings string
	Line     int
}

// Mistake is a settings error about the override, naming the file and line.
func (o ColumnOverride) Mistake(msg string) error {
	table := "columns"
	if o.File != "" {
		table = "columns." + o.File
	}
	return &policyError{File: o.Settings, Line: o.Line, Key: table + "." + o.Header, Msg: msg}
}

// IgnoreColumn is the role of a column not to be read.
const IgnoreColumn = "不读取"

// DefaultPolicy returns the rules most schools write in their term reports: a visit
// and a call every month, and an immediate visit on any of the five must-visit signs.
func DefaultPolicy() Policy {
	return Policy{
		VisitEvery:    30,
		MaxPerTeacher: 3,
		CallEvery:     30,
		DueSoon:       7,
		// A school that starts in late November sends its 开学 letter then: its 期末
		// letter would follow three weeks later.
		MinLetterDays: 35,
		MaskPhones:    false, // the checklist is what teachers call the parents from
		MaskIDs:       true,
		Signs: []Sign{
			{Name: "情绪不好", Words: []string{"情绪不好", "情绪低落", "情绪异常", "情绪波动", "情绪不稳", "心情不好", "心情低落", "闷闷不乐", "沉默寡言", "孤僻", "哭闹", "哭", "想家", "想妈妈", "想爸爸", "想念父母", "想父母", "自卑", "焦虑", "抑郁", "发脾气", "心理问题"}},
			{Name: "身体不佳", Words: []string{"身体不佳", "身体不好", "身体差", "生病", "患病", "住院", "发烧", "发热", "感冒", "咳嗽", "受伤", "骨折", "手术", "病假", "不舒服", "头疼", "头痛", "肚子疼", "营养不良", "体弱"}},
			{Name: "成绩下降", Words: []string{"成绩下降", "成绩下滑", "成绩退步", "退步", "学习下降", "成绩差", "成绩不理想", "不及格", "学习吃力", "跟不上", "厌学"}},
			{Name: "迟到早退", Words: []string{"迟到早退", "迟到", "早退", "旷课", "逃学", "缺课", "缺勤", "没来上学", "不来上学", "未到校", "没到校", "辍学倾向", "辍学", "不想上学"}},
			{Name: "与同学争吵", Words: []string{"与同学争吵", "争吵", "吵架", "打架", "冲突", "闹矛盾", "欺负", "被打", "骂人", "打人", "排挤"}},
		},
	}
}
