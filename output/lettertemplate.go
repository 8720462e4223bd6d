package output

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"
	"time"

	"liushou/rules"
)

// The default letters, in the template format a school can edit without code (liushou init
// writes them as files). A line starting with "# " is the title, the first other line the
// salutation, "## " starts a heading, and every other line is a paragraph. Fields are
// written {{.学生姓名}}; {{if .结对教师}}…{{end}} prints a part only when the field is
// filled in. letterFields lists the fields.
const DefaultStartLetter = `# 致家长的一封信
尊敬的{{.称呼}}：
您好！您在外辛苦工作，孩子在{{.学校}}{{.班级}}学习、生活。孩子不在您身边，学校始终把孩子的健康成长放在心上。现将学校的关爱工作向您介绍，恳请您与我们携手陪伴{{.学生姓名}}成长。
## 一、学校为孩子做了什么
学校为每一名留守儿童建立了成长档案和联系卡；{{if .结对教师}}结对帮扶教师{{.结对教师}}{{else}}老师们{{end}}在学习上辅导、生活上照顾、心理上疏导。老师{{.家访间隔}}至少到家中家访一次，{{.通话间隔}}至少与您通一次电话；孩子一旦出现{{.必访情况}}等情况，老师会立即上门家访，并及时与您联系。
## 二、希望您这样做
1. 每月至少给孩子打一次电话或视频通话，多问问孩子的学习和心情，多鼓励、少责备。
2. 常与监护人{{.监护人}}{{if .监护人关系}}（{{.监护人关系}}）{{end}}和班主任联系，了解孩子在家、在校的表现和安全。
3. 您的电话号码或务工地点有变化时，请及时告诉班主任。
4. 节假日尽量回家看看孩子，或接孩子到身边团聚。
## 三、联系方式
{{if .班主任}}班主任是{{.班主任}}老师{{if .班主任电话}}，电话 {{.班主任电话}}{{end}}。{{end}}{{if .学校电话}}学校电话：{{.学校电话}}。{{end}}孩子有任何情况，或您想了解孩子的近况，都欢迎随时与我们联系。
{{.祝福}}
`

// DefaultEndLetter is the term-end letter: it also tells the parents how often the
// school visited and called this term.
const DefaultEndLetter = `# 致家长的一封信
尊敬的{{.称呼}}：
您好！{{.学期}}就要结束了。感谢您一学期来对学校工作的支持。现将孩子{{.学生姓名}}本学期的情况和学校的关爱工作向您简要说明。
## 一、孩子这学期的情况
{{if .本学期最近家访}}本学期，老师{{if .本学期家访次数}}到家中家访 {{.本学期家访次数}} 次，最近一次{{else}}最近一次到家中家访{{end}}是在{{.本学期最近家访}}。{{else}}本学期老师还没有到家中家访，我们会尽快安排。{{end}}{{if .本学期最近通话}}老师{{if .本学期通话次数}}与您通话 {{.本学期通话次数}} 次，最近一次{{else}}最近一次与您通话{{end}}是在{{.本学期最近通话}}。{{else}}本学期老师还没有和您通上电话，请您把现在用的电话号码告诉班主任。{{end}}
{{if .登记的必访情况}}{{if .必访家访日期}}孩子这学期出现过{{.登记的必访情况}}的情况，老师已于{{.必访家访日期}}上门家访。{{else}}孩子最近出现了{{.登记的必访情况}}的情况，老师会尽快上门家访，也请您多给孩子和监护人打电话，多关心孩子。{{end}}{{else}}孩子一旦出现{{.必访情况}}等情况，老师会上门家访，并与您联系。{{end}}{{if .结对教师}}结对帮扶教师{{.结对教师}}{{else}}老师们{{end}}在学习上辅导、生活上照顾、心理上疏导。
## 二、{{.假期}}里希望您这样做
1. {{.假期}}里尽量回家陪陪孩子，或接孩子到身边团聚；不能回来的，每周至少和孩子通一次电话或视频。
2. 叮嘱孩子和监护人{{.监护人}}注意假期安全：{{.假期安全}}。
3. 关心孩子的假期作业和作息，多鼓励、少责备。
4. 您的电话号码或务工地点有变化时，请及时告诉班主任。
## 三、联系方式
{{if .班主任}}班主任是{{.班主任}}老师{{if .班主任电话}}，电话 {{.班主任电话}}{{end}}。{{end}}{{if .学校电话}}学校电话：{{.学校电话}}。{{end}}假期中孩子有任何情况，都欢迎与学校联系。
{{.祝福}}
`

// letterField is one field a letter template can use: its name, what it holds (for the
// template's error messages and the README) and a sample value (to try a template on
// before any letter is made). Declared once here: letterData must fill exactly these
// fields (TestLetterFieldsDeclaredOnce), and the README lists them.
type letterField struct{ name, about, sample string }

var letterFieldList = []letterField{
	{"称呼", "信的抬头：父母的姓名（王建军先生、张丽女士），没有时为“某某同学家长”", "王建军先生"},
	{"学生姓名", "孩子的姓名", "王芳"},
	{"班级", "如 三年级(2)班", "三年级(2)班"},
	{"学校", "学校名称", "青石镇中心小学"},
	{"学期", "如 2026年秋季学期", "2026年秋季学期"},
	{"结对教师", "结对帮扶教师的姓名（花名册里没有时为空）", "陈晓燕"},
	{"监护人", "临时监护人的姓名（花名册里没有时为空）", "李桂英"},
	{"监护人关系", "监护人与孩子的关系，如 祖母", "祖母"},
	{"班主任", "班主任姓名（liushou.toml 里的 class_teachers）", "陈晓燕"},
	{"班主任电话", "班主任电话", "13812345678"},
	{"学校电话", "学校电话（liushou.toml 里的 school.phone）", "0857-7712345"},
	{"日期", "统计日期，如 2026年11月28日", "2026年11月28日"},
	{"本学期家访次数", "本学期到目前为止家访的次数（花名册和家访记录中不同的日期数）", "3"},
	{"本学期通话次数", "本学期到目前为止与家长通话的次数", "4"},
	{"最近家访日期", "最近一次家访的日期，如 11月3日（没有时为空）", "11月3日"},
	{"最近通话日期", "最近一次通话的日期（没有时为空）", "11月20日"},
	{"家访间隔", "学校规定的家访间隔，如 每月、每两周（liushou.toml 里的 rules.visit_every_days）", "每月"},
	{"通话间隔", "学校规定的与家长通话的间隔，如 每月", "每月"},
	{"必访情况", "必访情况，如 情绪不好、身体不佳或与同学争吵（liushou.toml 里的 signs）", "情绪不好、身体不佳或与同学争吵"},
	{"登记的必访情况", "孩子登记了的必访情况，如 迟到早退（没有时为空）", "迟到早退"},
	{"必访家访日期", "登记必访情况以后老师上门家访的日期，如 11月23日（还没有家访或登记时没写日期时为空）", "11月23日"},
	{"本学期最近家访", "本学期最近一次家访的日期（本学期还没有家访时为空）", "11月23日"},
	{"本学期最近通话", "本学期最近一次与家长通话的日期（本学期还没有通话时为空）", "11月20日"},
	{"假期", "学期结束后的假期：寒假或暑假", "寒假"},
	{"假期安全", "假期安全提醒，寒假和暑假各有侧重", "防火、防煤气中毒、防冻、交通安全"},
	{"祝福", "信末的祝福语，按学期和开学、期末选好", "祝您工作顺利，新年快乐，阖家幸福！"},
}

// letterFields are the declared fields by name, with what each one holds.
var letterFields = func() map[string]string {
	m := map[string]string{}
	for _, f := range letterFieldList {
		m[f.name] = f.about
	}
	return m
}()

// LetterTemplates are the parsed templates of a run's letters.
type LetterTemplates struct {
	Start, End *template.Template
	source     string // both templates' text, for the characters the run's font must hold
}

// Text is the templates' text as written.
func (lt LetterTemplates) Text() string { return lt.source }

// ParseLetterTemplates parses the term-start and term-end letter templates (empty text:
// the default) and tries each on a sample child, so that an unknown field or a broken
// template is refused before any file is written. The names are for messages.
func ParseLetterTemplates(startName, start, endName, end string) (LetterTemplates, error) {
	var lt LetterTemplates
	var err error
	if start == "" {
		startName, start = "默认开学家长信", DefaultStartLetter
	}
	if end == "" {
		endName, end = "默认期末家长信", DefaultEndLetter
	}
	lt.source = start + end
	if lt.Start, err = parseLetterTemplate(startName, start); err != nil {
		return lt, err
	}
	lt.End, err = parseLetterTemplate(endName, end)
	return lt, err
}

var templateErrLine = regexp.MustCompile(`^template: [^:]*:(\d+)(?::\d+)?: (.*)$`)
var noEntry = regexp.MustCompile(`map has no entry for key "([^"]*)"`)

func parseLetterTemplate(name, text string) (*template.Template, error) {
	t, err := template.New(name).Option("missingkey=error").Parse(text)
	if err == nil {
		err = plainTemplate(t)
	}
	if err == nil {
		var sb strings.Builder
		err = t.Execute(&sb, sampleLetterData())
		if err == nil && !strings.HasPrefix(strings.TrimSpace(sb.String()), "# ") {
			return nil, fmt.Errorf("信件模板 %s：第一行应是以“# ”开头的标题，如“# 致家长的一封信”", name)
		}
	}
	if err == nil {
		return t, nil
	}
	msg := err.Error()
	line := ""
	if m := templateErrLine.FindStringSubmatch(msg); m != nil {
		line, msg = " 第 "+m[1]+" 行", m[2]
	}
	if m := noEntry.FindStringSubmatch(msg); m != nil {
		fields := make([]string, 0, len(letterFields))
		for f := range letterFields {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		return nil, fmt.Errorf("信件模板 %s%s：没有“{{.%s}}”这个字段。可以用的字段有：%s", name, line, m[1], strings.Join(fields, "、"))
	}
	return nil, fmt.Errorf("信件模板 %s%s：写法有误（%s）", name, line, msg)
}

// plainTemplate allows a letter template only what a letter needs: fields ({{.学生姓名}})
// and parts printed when a field is filled in ({{if .结对教师}}…{{else}}…{{end}}). A
// template comes from a share many people write to: no loops ({{range 200000000}} ran a
// night out of memory), no functions, no other templates.
func plainTemplate(t *template.Template) error {
	if len(t.Templates()) > 1 {
		return fmt.Errorf("%s", "不能定义别的模板（define、block）")
	}
	var walk func(n parse.Node) error
	field := func(n parse.Node, pipe *parse.PipeNode) error {
		if pipe == nil || len(pipe.Decl) > 0 || len(pipe.Cmds) != 1 || len(pipe.Cmds[0].Args) != 1 {
			return lineErr(t, n, "只能写 {{.字段}} 或 {{if .字段}}")
		}
		if _, ok := pipe.Cmds[0].Args[0].(*parse.FieldNode); !ok {
			return lineErr(t, n, "只能写 {{.字段}} 或 {{if .字段}}")
		}
		return nil
	}
	walk = func(n parse.Node) error {
		switch n := n.(type) {
		case nil, *parse.TextNode, *parse.CommentNode:
			return nil
		case *parse.ListNode:
			if n == nil {
				return nil
			}
			for _, c := range n.Nodes {
				if err := walk(c); err != nil {
					return err
				}
			}
			return nil
		case *parse.ActionNode:
			return field(n, n.Pipe)
		case *parse.IfNode:
			if err := field(n, n.Pipe); err != nil {
				return err
			}
			if err := walk(n.List); err != nil {
				return err
			}
			return walk(n.ElseList)
		}
		return lineErr(t, n, "只能用 {{.字段}} 和 {{if .字段}}…{{else}}…{{end}}，不能用 range、with、template 等")
	}
	return walk(t.Tree.Root)
}

// lineErr is a template error at its node's line, in the form the parse errors take.
func lineErr(t *template.Template, n parse.Node, msg string) error {
	loc, _ := t.Tree.ErrorContext(n)
	parts := strings.Split(loc, ":")
	line := "1"
	if len(parts) >= 2 {
		line = parts[1]
	}
	return fmt.Errorf("template: %s:%s: %s", t.Name(), line, msg)
}

func sampleLetterData() map[string]any {
	m := map[string]any{}
	for _, f := range letterFieldList {
		m[f.name] = f.sample
	}
	return m
}

// letterData fills a template's fields for one child. Counts of visits and calls come
// only from log entries (家访记录, 通话记录): a roster that holds only the latest date
// cannot say how many there were, and then the count is left empty.
func letterData(c rules.Child, p rules.Policy, asOf time.Time, dec rules.Letters) map[string]any {
	term := dec.Term
	if term.Name == "" {
		term = p.CurrentTerm(asOf)
	}
	school := orDefault(c.School, orDefault(clip(p.School.Name, maxSchool), "学校"))
	if p.OwnSchool {
		school = clip(p.School.Name, maxSchool) // the name the school wants printed
	}
	ct := p.ClassTeacherOf(c.Class, []rules.Child{c})
	// Distinct dates in the term, of the logs and the roster's own column: only when
	// there are logs, since a column alone holds the latest date and no count.
	count := func(column rules.Date, log []rules.Date) string {
		if len(log) == 0 {
			return ""
		}
		return strconv.Itoa(rules.CountInTerm(append([]rules.Date{column}, log...), term, asOf))
	}
	holiday, safety := "暑假", "防溺水、防中暑、防电，不独自外出玩水，注意交通安全"
	wish := "祝您工作顺利，身体健康，阖家幸福！"
	if term.Autumn() {
		holiday, safety = "寒假", "防火、防煤气中毒、防冻，燃放烟花爆竹注意安全，注意交通安全"
	}
	if dec.Kind == rules.TermEndLetter {
		wish = "祝您工作顺利，" + holiday + "愉快，阖家幸福！"
		if term.Autumn() {
			wish = "祝您工作顺利，新春快乐，阖家幸福！"
		}
	}
	d := map[string]any{"称呼": addressee(c), "学生姓名": c.Name, "班级": c.Class, "学校": school, "学期": term.Name,
		"结对教师": c.Teacher, "监护人": c.Guardian, "监护人关系": c.GuardianRelation,
		"班主任": clip(ct.Name, maxName), "班主任电话": ct.Phone, "学校电话": p.School.Phone, "日期": rules.ChineseDate(asOf),
		"本学期家访次数": count(c.LastVisit, c.VisitLog), "本学期通话次数": count(c.LastCall, c.CallLog),
		"最近家访日期": "", "最近通话日期": "",
		"家访间隔": rules.EveryInWords(p.VisitEvery), "通话间隔": rules.EveryInWords(p.CallEvery), "必访情况": p.SignNames(),
		"假期": holiday, "假期安全": safety, "祝福": wish}
	if !c.LastVisit.IsZero() {
		d["最近家访日期"] = rules.ShortDate(c.LastVisit.Time)
	}
	if !c.LastCall.IsZero() {
		d["最近通话日期"] = rules.ShortDate(c.LastCall.Time)
	}
	// What the letter says of this term is what the roster and the logs say, no more.
	visit, call := latestBy(c.LastVisit, c.VisitLog, asOf), latestBy(c.LastCall, c.CallLog, asOf)
	inTerm := func(t time.Time) string {
		if t.IsZero() || t.Before(term.Start) {
			return ""
		}
		return rules.ShortDate(t)
	}
	d["本学期最近家访"], d["本学期最近通话"] = inTerm(visit), inTerm(call)
	d["登记的必访情况"], d["必访家访日期"] = strings.Join(rules.SignsOf(c, p), "、"), ""
	if d["登记的必访情况"] != "" && !c.SignDate.IsZero() && !visit.IsZero() && !visit.Before(c.SignDate.Time) {
		d["必访家访日期"] = rules.ShortDate(visit)
	}
	return d
}

// latestBy is the latest of a roster date and log dates that is not after asOf.
func latestBy(column rules.Date, log []rules.Date, asOf time.Time) time.Time {
	var best time.Time
	for _, d := range append([]rules.Date{column}, log...) {
		if !d.IsZero() && !d.Time.After(asOf) && d.Time.After(best) {
			best = d.Time
		}
	}
	return best
}

// renderLetter executes a template for one child and reads the result into the title,
// salutation and paragraphs of a letter.
func renderLetter(t *template.Template, data map[string]any) (title, salutation string, paras []letterPara, err error) {
	var sb strings.Builder
	if err := t.Execute(&sb, data); err != nil {
		return "", "", nil, fmt.Errorf("信件模板 %s：%v", t.Name(), err)
	}
	for _, line := range strings.Split(sb.String(), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case title == "" && strings.HasPrefix(line, "# "):
			title = strings.TrimSpace(line[2:])
		case salutation == "":
			salutation = line
		case strings.HasPrefix(line, "## "):
			paras = append(paras, letterPara{Heading: true, Text: strings.TrimSpace(line[3:])})
		default:
			paras = append(paras, letterPara{Text: line})
		}
	}
	return title, salutation, paras, nil
}
