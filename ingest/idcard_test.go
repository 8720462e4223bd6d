package ingest

import (
	"testing"
)

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
