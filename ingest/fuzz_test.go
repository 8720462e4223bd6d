package ingest

import (
	"liushou/rules"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseDate: any text gives a date or a Chinese reason, never both, never a panic;
// a date it accepts has a four-digit year.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"46334", "2026.9.3", "2026/09/03", "2026-9-3", "2026年9月3日", "20260903", "２０２６．９．３",
		"26.10.8", "2026-02-30", "9/3/2026", "2026-09-03 14:30", "1e308", "-0", "NaN", "2958466", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDate(s)
		switch {
		case err != nil && !d.IsZero():
			t.Errorf("parseDate(%q) = %v and an error", s, d)
		case err != nil && err.(*dateError).msg == "":
			t.Errorf("parseDate(%q): error without a message", s)
		case err == nil && !d.IsZero() && (d.Year() < 1900 || d.Year() > 9999):
			t.Errorf("parseDate(%q) = %v", s, d)
		}
	})
}

// FuzzCheckID: a number it accepts as an 18-digit ID has the right check character and
// a real birth date; anything else has a code and a message.
func FuzzCheckID(f *testing.F) {
	for _, s := range []string{"522426201905093492", "52240120190523127x", "5.22426201905093E+17", "522426900509349", "", "X", "１２３"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, number bool) {
		info, prob := checkID(s, number)
		if prob != nil && (prob.code == "" || prob.msg == "") {
			t.Errorf("checkID(%q): problem without code or message", s)
		}
		if info.ID == "" {
			if prob == nil {
				t.Errorf("checkID(%q): no ID and no problem", s)
			}
			return
		}
		if len(info.ID) == 18 {
			sum := 0
			for i := 0; i < 17; i++ {
				sum += int(info.ID[i]-'0') * idWeights[i]
			}
			if idChecks[sum%11] != info.ID[17] || info.Birth.IsZero() {
				t.Errorf("checkID(%q) accepted %q", s, info.ID)
			}
		}
	})
}

// FuzzNormalisePhone: a number it keeps is a mobile or landline number in ASCII digits.
func FuzzNormalisePhone(f *testing.F) {
	for _, s := range []string{"13812345678", "+86 138-1234-5678", "１３８１２３４５６７８", "0577-65123456", "138/139", "父13812345678", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := normalisePhone(s)
		if p != "" && !mobile.MatchString(p) && !landline.MatchString(p) {
			t.Errorf("normalisePhone(%q) = %q", s, p)
		}
		if !ok && p != "" {
			t.Errorf("normalisePhone(%q) = %q, not ok", s, p)
		}
	})
}

// FuzzHeader: any header cells classify without panic, and findHeader over any grid
// returns a header whose columns are in range.
func FuzzHeader(f *testing.F) {
	f.Add("学生姓名", "父亲", "联系电话", "班级")
	f.Add("序号", "监护人", "关系", "最近家访日期")
	f.Add("", "（）", "\u3000", "*姓名:")
	f.Fuzz(func(t *testing.T, a, b, c, d string) {
		for _, s := range []string{a, b, c, d} {
			if !utf8.ValidString(s) {
				return
			}
			classify(s)
			rules.CanonicalClass(s)
			rules.ClassInText(s)
		}
		grid := [][]string{{"标题 " + a}, {a, b, "", c}, {"", d, b, ""}, {b, a, d, c}, strings.Fields(a + " " + d)}
		h := findHeader(grid, 20, nil)
		if h == nil {
			return
		}
		for f, col := range h.cols {
			if col < 0 || col >= len(h.labels) {
				t.Errorf("field %d at column %d of %d", f, col, len(h.labels))
			}
		}
		parseSheet(sheet{file: "f.xlsx", name: "s", grid: grid}, readOptions{})
	})
}
