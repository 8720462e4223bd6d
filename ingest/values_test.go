package ingest

import (
	"liushou/rules"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		raw  string
		want time.Time
		code string // empty: no error
	}{
		{"", time.Time{}, ""},
		{"46334", d(2026, 11, 8), ""},         // a real date cell: Excel serial
		{"46334.75", d(2026, 11, 8), ""},      // with a time of day
		{"45351", d(2024, 2, 29), ""},         // leap day
		{"60", time.Time{}, ""},               // Excel's 29 February 1900 that never was (see below)
		{"2026.9.3", d(2026, 9, 3), ""},       //
		{"2026/09/03", d(2026, 9, 3), ""},     //
		{"2026-9-3", d(2026, 9, 3), ""},       //
		{"2026年9月3日", d(2026, 9, 3), ""},      //
		{"2026 年 9 月 3 日", d(2026, 9, 3), ""}, //
		{"20260903", d(2026, 9, 3), ""},       // typed as 8 digits, as a number or as text
		{"２０２６．９．３", d(2026, 9, 3), ""},       // full-width digits
		{"2026-09-03 14:30", d(2026, 9, 3), ""},
		{"9/3/2026", d(2026, 9, 3), ""}, // m/d/yyyy as Excel's US short date prints it
		{"2024-02-29", d(2024, 2, 29), ""},
		{"2026-02-29", time.Time{}, "date_invalid"},
		{"2026-02-30", time.Time{}, "date_invalid"},
		{"2026.13.45", time.Time{}, "date_invalid"},
		{"26.10.8", time.Time{}, "date_two_digit_year"},
		{"26-10-08", time.Time{}, "date_two_digit_year"},
		{"2026年10月", time.Time{}, "date_no_day"},
		{"上周三", time.Time{}, "date_invalid"},
		{"-5", time.Time{}, "date_invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := parseDate(tt.raw)
			if tt.raw == "60" {
				// Serial 60 is the phantom 1900-02-29; it reads as 1900-02-28 or 03-01, never an error.
				if err != nil || got.Year() != 1900 {
					t.Errorf("parseDate(60) = %v, %v", got, err)
				}
				return
			}
			code := ""
			if err != nil {
				code = err.(*dateError).code
			}
			if code != tt.code || !got.Equal(tt.want) {
				t.Errorf("parseDate(%q) = %v, %q; want %v, %q", tt.raw, got, code, tt.want, tt.code)
			}
		})
	}
}

func TestCheckID(t *testing.T) {
	tests := []struct {
		name, raw string
		number    bool
		wantID    string
		gender    string
		code      string
	}{
		{"valid", "522426201905093492", false, "522426201905093492", "男", ""},
		{"check character X", "52240120190523127X", false, "52240120190523127X", "男", ""},
		{"small x is fine", "52240120190523127x", false, "52240120190523127X", "男", ""},
		{"full-width digits and spaces", "５２２４２６ ２０１９０５０９ ３４９２", false, "522426201905093492", "男", ""},
		{"female", "522401201908122589", false, "522401201908122589", "女", ""},
		{"wrong check character", "522426201905093493", false, "", "", "id_checksum"},
		{"impossible birth date", "522426201902303492", false, "", "", "id_birth"},
		{"too short", "52242620190509349", false, "", "", "id_length"},
		{"letters", "52242620190509349A", false, "", "", "id_chars"},
		{"stored as a number, scientific", "5.22426201905093E+17", true, "", "", "id_numeric"},
		{"stored as a number, digits lost", "522426201905093000", true, "", "", "id_numeric"},
		{"old 15-digit ID", "522426900509349", false, "522426900509349", "男", "id_old_format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, prob := checkID(tt.raw, tt.number)
			code := ""
			if prob != nil {
				code = prob.code
			}
			if code != tt.code || info.ID != tt.wantID || info.Gender != tt.gender {
				t.Errorf("checkID(%q) = %+v, %q; want %q %q, %q", tt.raw, info, code, tt.wantID, tt.gender, tt.code)
			}
		})
	}
	// The message names the right check character, as a teacher needs it.
	if _, p := checkID("522426201905093493", false); p == nil || p.msg != "身份证号校验位不正确（应为 2），请核对后重新填写。" {
		t.Errorf("checksum message = %+v", p)
	}
}

func TestNormalisePhone(t *testing.T) {
	tests := []struct {
		raw, want string
		ok        bool
	}{
		{"13812345678", "13812345678", true},
		{"138 1234 5678", "13812345678", true},
		{"138-1234-5678", "13812345678", true},
		{"+86 138 1234 5678", "13812345678", true},
		{"+86 158-1234-5678", "15812345678", true},
		{"008613812345678", "13812345678", true},
		{"１３８１２３４５６７８", "13812345678", true},
		{"0577-65123456", "0577-65123456", true},
		{"0857-7712345", "0857-7712345", true},
		{"(0577)65123456", "057765123456", true},
		{"13812345678/13912345678", "13812345678", true},
		{"父13812345678", "", false},
		{"1381234567", "", false},
		{"12812345678", "", false},
		{"", "", true},
	}
	for _, tt := range tests {
		got, ok := normalisePhone(tt.raw)
		if got != tt.want || ok != tt.ok {
			t.Errorf("normalisePhone(%q) = %q, %v; want %q, %v", tt.raw, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCanonicalClass(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"三年级(2)班", "三年级(2)班"},
		{"三年级（2）班", "三年级(2)班"},
		{"三(2)班", "三年级(2)班"},
		{"3年级2班", "三年级(2)班"},
		{"三年级2班", "三年级(2)班"},
		{"三年级二班", "三年级(2)班"},
		{"３年级（２）班", "三年级(2)班"},
		{"六年级(10)班", "六年级(10)班"},
		{"初一(3)班", "七年级(3)班"},
		{" 三年级 2 班 ", "三年级(2)班"},
		{"全校", ""},
	}
	for _, tt := range tests {
		got, _ := rules.CanonicalClass(tt.in)
		if got != tt.want {
			t.Errorf("rules.CanonicalClass(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	joined := []struct{ grade, class, want string }{
		{"四年级", "1", "四年级(1)班"},
		{"4", "1班", "四年级(1)班"},
		{"四", "(1)班", "四年级(1)班"},
		{"四年级", "四年级(1)班", "四年级(1)班"},
	}
	for _, tt := range joined {
		if got, _ := rules.ClassFromGrade(tt.grade, tt.class); got != tt.want {
			t.Errorf("rules.ClassFromGrade(%q, %q) = %q, want %q", tt.grade, tt.class, got, tt.want)
		}
	}
	inText := []struct{ in, want string }{
		{"红星小学一年级(1)班留守儿童花名册", "一年级(1)班"},
		{"一(1)班", "一年级(1)班"},
		{"三年级2班", "三年级(2)班"},
		{"花名册", ""},
	}
	for _, tt := range inText {
		if got, _ := rules.ClassInText(tt.in); got != tt.want {
			t.Errorf("rules.ClassInText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"王　芳", "王芳"},
		{" 王 芳 ", "王芳"},
		{"欧阳　诗涵", "欧阳诗涵"},
		{"买买提·艾力", "买买提·艾力"},
		{"Anna Li", "Anna Li"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := cleanName(tt.in); got != tt.want {
			t.Errorf("cleanName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClassifyHeader(t *testing.T) {
	tests := []struct {
		label string
		want  field
	}{
		{"学生姓名", fName}, {"姓名", fName}, {"儿童姓名", fName},
		{"公民身份证号码", fID}, {"身份证号", fID}, {"监护人身份证号", fIgnored},
		{"临时监护人姓名", fGuardian}, {"代管家长", fGuardian}, {"监护人", fGuardian}, {"委托监护人姓名", fGuardian},
		{"与学生关系", fRelation}, {"与临时监护人的关系", fRelation}, {"监护人关系", fRelation},
		{"临时监护人的联系电话", fGuardianPhone}, {"监护人联系电话", fGuardianPhone}, {"受委托监护人电话", fGuardianPhone},
		{"父亲姓名", fFatherName}, {"父亲当前务工地点", fFatherWork}, {"父亲务工地", fFatherWork}, {"父亲联系电话", fFatherPhone},
		{"母亲姓名", fMotherName}, {"母亲务工地", fMotherWork}, {"母亲电话", fMotherPhone},
		{"家长务工单位详细地址", fParentWork}, {"打工地址", fParentWork},
		{"结对帮扶教师", fTeacher}, {"帮扶老师", fTeacher}, {"代理家长", fTeacher},
		{"最近家访日期", fVisit}, {"上次家访", fVisit}, {"家访时间", fVisit}, {"家访内容", fIgnored},
		{"最近通话日期", fCall}, {"与家长通话", fCall}, {"上次通话", fCall}, {"通话对象", fIgnored}, {"通话内容", fIgnored},
		{"必访情况", fSign}, {"近期情况", fSign}, {"情况登记日期", fSignDate},
		{"学校名称", fSchool}, {"就读学校", fSchool}, {"年级", fGrade}, {"班级", fClass}, {"所在班级", fClass},
		{"是否留守儿童", fLeftBehind}, {"是否留守学生", fLeftBehind},
		{"出生日期（年月日）", fBirth}, {"出生年月", fBirth}, {"性别", fGender}, {"*学生姓名", fName},
		{"家庭住址", fAddress}, {"现居住地", fAddress}, {"民族", fIgnored}, {"序号", fSeq},
		{"爱好", fNone},
	}
	for _, tt := range tests {
		if got := classify(tt.label); got != tt.want {
			t.Errorf("classify(%q) = %d, want %d", tt.label, got, tt.want)
		}
	}
}
