package ingest

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

var (
	idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	idChecks  = "10X98765432"
	id18      = regexp.MustCompile(`^\d{17}[\dX]$`)
	id15      = regexp.MustCompile(`^\d{15}$`)
	sciNumber = regexp.MustCompile(`^\d(\.\d+)?[Ee]\+?\d+$`)
)

// idInfo is what a valid ID number tells about its holder.
type idInfo struct {
	ID     string
	Birth  time.Time
	Gender string // 男 or 女
}

// idProblem is a problem with an ID number: a code and a Chinese message.
type idProblem struct {
	code, msg string
	sev       string // "error" or "warning"
}

// checkID validates an ID number (GB 11643-1999). storedAsNumber says the cell held
// a number, not text: Excel keeps 15 significant digits, so an 18-digit ID has lost
// its last ones and cannot be repaired.
func checkID(raw string, storedAsNumber bool) (idInfo, *idProblem) {
	// A leading ' is how people type a number as text in Excel.
	s := strings.ToUpper(strings.Join(strings.Fields(strings.TrimLeft(narrow(raw), "'‘’`")), ""))
	if sciNumber.MatchString(s) || (storedAsNumber && len(s) > 15) {
		return idInfo{}, &idProblem{"id_numeric",
			"身份证号被 Excel 当成数字保存，后几位已经丢失，无法恢复。请把这一列设为“文本”格式后重新输入完整的身份证号。", "error"}
	}
	switch {
	case id18.MatchString(s):
		birth, ok := idBirth(s[6:14])
		if !ok {
			return idInfo{}, &idProblem{"id_birth",
				fmt.Sprintf("身份证号中的出生日期“%s”不存在，请核对后重新填写。", s[6:14]), "error"}
		}
		sum := 0
		for i := 0; i < 17; i++ {
			sum += int(s[i]-'0') * idWeights[i]
		}
		if want := idChecks[sum%11]; s[17] != want {
			return idInfo{}, &idProblem{"id_checksum",
				fmt.Sprintf("身份证号校验位不正确（应为 %c），请核对后重新填写。", want), "error"}
		}
		return idInfo{ID: s, Birth: birth, Gender: genderOf(s[16])}, nil
	case id15.MatchString(s):
		birth, ok := idBirth("19" + s[6:12])
		if !ok {
			return idInfo{}, &idProblem{"id_birth",
				fmt.Sprintf("15位身份证号中的出生日期“%s”不存在，请核对后重新填写。", s[6:12]), "error"}
		}
		return idInfo{ID: s, Birth: birth, Gender: genderOf(s[14])}, &idProblem{"id_old_format",
			"这是15位的旧身份证号，请换成18位的新号码。", "warning"}
	case len([]rune(s)) != 18 && len([]rune(s)) != 15:
		return idInfo{}, &idProblem{"id_length",
			fmt.Sprintf("身份证号应为18位，这里是%d位，请核对后重新填写。", len([]rune(s))), "error"}
	}
	return idInfo{}, &idProblem{"id_chars",
		"身份证号只能由数字组成，最后一位可以是 X，请核对后重新填写。", "error"}
}

func idBirth(yyyymmdd string) (time.Time, bool) {
	t, err := time.Parse("20060102", yyyymmdd)
	return t, err == nil && t.Year() >= 1900
}

func genderOf(digit byte) string {
	if (digit-'0')%2 == 1 {
		return "男"
	}
	return "女"
}
