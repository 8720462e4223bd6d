package ingest

import (
	"testing"
)

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
		{"最近家访日期", fVisit}, {"上次家访", fVisit}, {"家访时间", fVisit}, {"家访内容", fVisitText}, {"家访形式", fVisitHow}, {"家访教师", fVisitBy}, {"家访教师电话", fIgnored}, {"家长反馈", fVisitReply}, {"家访情况记录", fCareText},
		{"最近通话日期", fCall}, {"与家长通话", fCall}, {"上次通话", fCall}, {"通话对象", fIgnored}, {"通话内容", fCallText}, {"通话时长", fIgnored},
		{"必访情况", fSign}, {"近期情况", fSign}, {"情况登记日期", fSignDate},
		{"学校名称", fSchool}, {"就读学校", fSchool}, {"年级", fGrade}, {"班级", fClass}, {"所在班级", fClass},
		{"是否留守儿童", fLeftBehind}, {"是否留守学生", fLeftBehind},
		{"出生日期（年月日）", fBirth}, {"出生年月", fBirth}, {"性别", fGender}, {"*学生姓名", fName},
		{"家庭住址", fAddress}, {"现居住地", fAddress}, {"民族", fIgnored}, {"序号", fSeq},
		{"爱好", fNone},
		{"与父母联系日期", fCall}, {"电话沟通时间", fCall}, {"最近联系时间", fCall}, {"视频联系日期", fCall}, {"家长联系电话", fParentPhone},
		{"帮扶记录", fCareText}, {"关爱情况", fCareText}, {"家访记录", fCareText}, {"在校状态", fStatus}, {"学籍状态", fStatus}, {"状态", fStatus},
		{"联系电话（父亲）", fFatherPhone}, {"电话(母亲)", fMotherPhone}, {"姓名（监护人）", fGuardian}, {"出生日期（年月日）", fBirth},
		{"班主任", fClassTeacher}, {"班主任电话", fClassTeacherPhone}, {"班主任联系电话", fClassTeacherPhone}, {"留守儿童类型", fLeftBehind}, {"留守类别", fLeftBehind}, {"监护类型", fIgnored},
		{"走访日期", fVisit}, {"上门走访时间", fVisit}, {"电话回访日期", fCall}, {"与家长联系时间", fCall}, {"近期表现", fSign}, {"家长电话", fParentPhone}, {"父母务工地", fParentWork}, {"监护人手机号", fGuardianPhone},
	}
	for _, tt := range tests {
		if got := classify(tt.label); got != tt.want {
			t.Errorf("classify(%q) = %d, want %d", tt.label, got, tt.want)
		}
	}
}
