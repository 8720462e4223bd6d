package output

import (
	"fmt"
	"strings"
	"unicode"
)

var reservedNames = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true}

func init() {
	for i := 1; i <= 9; i++ {
		reservedNames[fmt.Sprintf("COM%d", i)] = true
		reservedNames[fmt.Sprintf("LPT%d", i)] = true
	}
}

// safeName turns a school or class name into a folder name that is valid on Windows and
// Linux and can never leave its parent folder: no < > : " / \ | ? *, no control
// characters, no trailing dot or space, no reserved device name, no "..".
func safeName(s, fallback string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune(`<>:"/\|?*`, r):
			b.WriteRune('_')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
		default:
			b.WriteRune(r)
		}
	}
	name := strings.TrimSpace(b.String())
	name = strings.TrimRight(name, ". ")
	name = strings.TrimLeft(name, ". ")
	if r := []rune(name); len(r) > 60 {
		name = strings.TrimRight(string(r[:60]), ". ")
	}
	if name == "" {
		name = fallback
	}
	base := strings.ToUpper(name)
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	if reservedNames[base] {
		name = "_" + name
	}
	return name
}
