package ingest

import "liushou/rules"

// field is what a roster column holds.
type field int

// The roster fields. Each is declared once, in fields below: its name, the header words
// that name it (for a plain field), how much of it is printed, and where its value goes.
// The header classifier, the row reader, the column map, [columns] and the text-length
// warning all read that table.
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
	fParentName  // 家长姓名: a parent the roster does not say is father or mother
	fParentPhone // 家长联系电话
	fStatus      // 在校状态: 在校, or 转出/离校/休学/毕业 (not a current pupil)
	fCareText    // 帮扶记录: free text of dated visits and calls (9月3日家访，10月8日电话沟通)
	fClassTeacher
	fClassTeacherPhone
	fWeChat
	// What the roster says of the last visit or call besides its date (家访人, 家访形式,
	// 家访内容, 家长反馈, 通话内容): kept as the visit's or call's entry in the care record.
	fVisitBy
	fVisitHow
	fVisitText
	fVisitReply
	fCallText
	fIgnored // recognised, but not used (民族, 备注, 家访内容 …)
	fieldCount
)

// valueKind is how a plain field's cell is read.
type valueKind uint8

const (
	kindText  valueKind = iota // trimmed, cleaned text
	kindName                   // a person's name: titles and notes taken off
	kindPhone                  // a phone number, checked (one; more are a warning)
)

// fieldDecl declares a roster field.
type fieldDecl struct {
	// name is the field's Chinese name: in messages about columns, in check's column map
	// and as the role a school may give a column in [columns].
	name string
	// print is how many characters of it the documents print (0: not printed alone);
	// a longer value is warned about, and cut when printed.
	print int
	// words, for a plain field, are the header words that name it (matched after the
	// header is normalised: 微信号 matches 家长微信号（必填）). The built-in fields are
	// recognised by the ordered rules of classify, which know their neighbours.
	words []string
	// kind and fill, for a plain field: how its cell is read and where the value goes.
	// The built-in fields are read by readChild, which knows how they combine.
	kind valueKind
	fill func(c *rules.Child, v string)
}

var fields = [fieldCount]fieldDecl{
	fSchool: {name: "学校", print: rules.PrintSchool}, fGrade: {name: "年级"}, fClass: {name: "班级", print: rules.PrintClass},
	fName: {name: "学生姓名", print: rules.PrintName}, fGender: {name: "性别"}, fBirth: {name: "出生日期"},
	fID: {name: "身份证号"}, fLeftBehind: {name: "是否留守儿童"},
	fGuardian: {name: "监护人姓名", print: rules.PrintName}, fRelation: {name: "与学生关系", print: rules.PrintShort},
	fGuardianPhone: {name: "监护人电话"}, fAddress: {name: "家庭住址", print: rules.PrintPlace},
	fFatherName: {name: "父亲姓名", print: rules.PrintName}, fFatherWork: {name: "父亲务工地点", print: rules.PrintPlace},
	fFatherPhone: {name: "父亲电话"},
	fMotherName:  {name: "母亲姓名", print: rules.PrintName}, fMotherWork: {name: "母亲务工地点", print: rules.PrintPlace},
	fMotherPhone: {name: "母亲电话"},
	fParentWork:  {name: "家长务工地点", print: rules.PrintPlace}, fTeacher: {name: "结对帮扶教师", print: rules.PrintName},
	fFatherPostcode: {name: "父亲务工地邮编"}, fMotherPostcode: {name: "母亲务工地邮编"}, fParentPostcode: {name: "邮政编码"},
	fParentName: {name: "家长姓名", print: rules.PrintName}, fParentPhone: {name: "家长电话"},
	fVisit: {name: "最近家访日期"}, fCall: {name: "最近通话日期"}, fSign: {name: "必访情况"}, fSignDate: {name: "情况登记日期"},
	fStatus: {name: "在校状态"}, fCareText: {name: "帮扶记录"},
	fVisitBy: {name: "家访人"}, fVisitHow: {name: "家访形式"}, fVisitText: {name: "家访内容"}, fVisitReply: {name: "家长反馈"},
	fCallText:     {name: "通话内容"},
	fClassTeacher: {name: "班主任", print: rules.PrintName}, fClassTeacherPhone: {name: "班主任电话"},
	fWeChat: {name: "家长微信号", print: rules.PrintName, words: []string{"微信号"}, kind: kindText,
		fill: func(c *rules.Child, v string) { c.WeChat = v }},
}

// fieldNames are the fields' Chinese names, by field.
var fieldNames = func() (names [fieldCount]string) {
	for f, d := range fields {
		names[f] = d.name
	}
	return names
}()

// printLimit is how many characters of a field the documents print (output cuts the rest).
func printLimit(f field) int {
	if n := fields[f].print; n > 0 {
		return n
	}
	return rules.PrintPlace
}

// plainField is the plain field whose words name the normalised header l.
func plainField(l string) (field, bool) {
	for f, d := range fields {
		if len(d.words) > 0 && has(l, d.words...) {
			return field(f), true
		}
	}
	return fNone, false
}

// readPlain reads a row's plain fields into the child.
func (p *sheetParser) readPlain(r int, c *rules.Child) {
	for f, d := range fields {
		if d.fill == nil {
			continue
		}
		var v string
		switch d.kind {
		case kindText:
			v = p.text(r, field(f), d.print > 0)
		case kindName:
			v = cleanName(p.text(r, field(f), d.print > 0))
		case kindPhone:
			v = p.phone(r, field(f), d.name)
		}
		if v != "" {
			d.fill(c, v)
		}
	}
}
