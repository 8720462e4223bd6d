package rules

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// DefaultMessageText is the message to parents when the settings give none.
const DefaultMessageText = "{学校}提醒：{学生}家长您好，请抽空给孩子打个电话，关心孩子的学习和生活。班主任电话 {班主任电话}。"

// MessageFields are the places a message text may name, each in braces.
var MessageFields = []string{"学校", "学校电话", "班级", "学生", "班主任", "班主任电话"}

var messageField = regexp.MustCompile(`\{([^{}]*)\}`)

// BadMessageText says what is wrong with a message text, or "".
func BadMessageText(t string) string {
	if strings.TrimSpace(t) == "" {
		return "短信内容不能是空的。"
	}
	for _, m := range messageField.FindAllStringSubmatch(t, -1) {
		if !contains(MessageFields, m[1]) {
			return fmt.Sprintf("没有“{%s}”这个位置。可以写：{%s}。", m[1], strings.Join(MessageFields, "}、{"))
		}
	}
	if n := utf8.RuneCountInString(t); n > 200 {
		return fmt.Sprintf("短信内容太长（%d 个字），请写在 200 个字以内。", n)
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Message is a text with its places filled.
func Message(text string, values map[string]string) string {
	if text == "" {
		text = DefaultMessageText
	}
	return messageField.ReplaceAllStringFunc(text, func(m string) string { return values[m[1:len(m)-1]] })
}
