package pdf

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// fixedWidth measures CJK characters as 1 and ASCII as 0.5.
func fixedWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x80 {
			w += 0.5
		} else {
			w++
		}
	}
	return w
}

func TestWrapText(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"fits", "您好", 5, []string{"您好"}},
		{"plain break", "一二三四五六七", 3, []string{"一二三", "四五六", "七"}},
		{"comma never starts a line", "一二三，四五", 3, []string{"一二", "三，四", "五"}},
		{"two closing marks carried together", "一二三。」四", 3, []string{"一二", "三。」", "四"}},
		{"opening bracket never ends a line", "一二（三）", 3, []string{"一二", "（三）"}},
		{"phone number kept whole", "电话13812345678", 6, []string{"电话", "13812345678"}},
		{"masked phone kept whole", "电话138****5678", 6, []string{"电话", "138****5678"}},
		{"run wider than a line is split", "1234567890", 2, []string{"1234", "5678", "90"}},
		{"space at a break vanishes", "ab cd ef", 2.5, []string{"ab cd", "ef"}},
		{"explicit newlines", "一\n二", 3, []string{"一", "二"}},
		{"empty", "", 3, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrapText(tt.text, tt.width, fixedWidth)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("wrapText(%q, %v) = %q, want %q", tt.text, tt.width, got, tt.want)
			}
		})
	}
}

// TestWrapKeepsEveryCharacter wraps a long letter paragraph at many widths and checks
// that no character is lost and the punctuation rules hold on every line.
func TestWrapKeepsEveryCharacter(t *testing.T) {
	text := "学校为每一名留守儿童建立了成长档案和联系卡（含监护人电话13812345678），安排结对帮扶教师，每月家访一次；孩子出现情绪不好、身体不佳、成绩下降、迟到早退或与同学争吵时，我们会第一时间家访！"
	for w := 2.0; w < 40; w += 0.75 {
		lines := wrapText(text, w, fixedWidth)
		if got := strings.Join(lines, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Fatalf("width %v lost characters:\n%q\n%q", w, got, text)
		}
		for i, l := range lines {
			if i > 0 && startsWithAny(l, noLineStart) {
				t.Errorf("width %v: line %d starts with closing punctuation: %q", w, i, l)
			}
			if i < len(lines)-1 && endsWithAny(l, noLineEnd) {
				t.Errorf("width %v: line %d ends with opening punctuation: %q", w, i, l)
			}
			if fixedWidth(l) > w && utf8.RuneCountInString(l) > 1 && !strings.ContainsAny(l, "，。、；！（）") {
				t.Errorf("width %v: line %d too wide: %q", w, i, l)
			}
		}
	}
}

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"王芳", "王芳"},
		{"吉\U00020BB7祥", "吉〓祥"},
		{"a\u200fb\u200bc", "abc"},
		{"一\t二\n三", "一 二 三"},
		{"王\u3000芳", "王\u3000芳"},
		{"张三😀", "张三〓"},
		{"plain ascii", "plain ascii"},
	}
	for _, tt := range tests {
		if got := printable(tt.in); got != tt.want {
			t.Errorf("printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzWrap: wrapping never loses or reorders a character (spaces at a break aside).
func FuzzWrap(f *testing.F) {
	f.Add("学校为每一名留守儿童建立了成长档案（含电话13812345678），每月家访一次！", 5.5)
	f.Add("a b  c，。", 1.0)
	f.Fuzz(func(t *testing.T, s string, w float64) {
		if w <= 0 || w > 1000 || w != w || !utf8.ValidString(s) || strings.ContainsAny(s, "\n\t\r") {
			return
		}
		lines := wrapText(s, w, fixedWidth)
		if got, want := strings.ReplaceAll(strings.Join(lines, ""), " ", ""), strings.ReplaceAll(s, " ", ""); got != want {
			t.Errorf("wrapText(%q, %v) = %q", s, w, lines)
		}
	})
}

// wrapText wraps s as a document does, with working space of its own.
func wrapText(s string, width float64, measure measurer) []string {
	return new(wrapScratch).wrap(s, width, measure)
}
