package rules

import "testing"

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
		got, _ := CanonicalClass(tt.in)
		if got != tt.want {
			t.Errorf("CanonicalClass(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	joined := []struct{ grade, class, want string }{
		{"四年级", "1", "四年级(1)班"},
		{"4", "1班", "四年级(1)班"},
		{"四", "(1)班", "四年级(1)班"},
		{"四年级", "四年级(1)班", "四年级(1)班"},
	}
	for _, tt := range joined {
		if got, _ := ClassFromGrade(tt.grade, tt.class); got != tt.want {
			t.Errorf("ClassFromGrade(%q, %q) = %q, want %q", tt.grade, tt.class, got, tt.want)
		}
	}
	inText := []struct{ in, want string }{
		{"红星小学一年级(1)班留守儿童花名册", "一年级(1)班"},
		{"一(1)班", "一年级(1)班"},
		{"三年级2班", "三年级(2)班"},
		{"花名册", ""},
	}
	for _, tt := range inText {
		if got, _ := ClassInText(tt.in); got != tt.want {
			t.Errorf("ClassInText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
