package ingest

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"
)

// wellFormed checks, tag by tag, that a worksheet's XML is well-formed, as strictly as
// encoding/xml (which excelize reads with) for what a worksheet holds: names, attributes,
// entities, nesting. What excelize would stop at, the scan must not read past.
type wellFormed struct {
	names map[string]string
	open  []string // the elements open, outermost first
	roots int
	tags  int
}

// feed checks the tags of xml and the text between them. xml holds whole tags: it ends
// before a '<' or at the end of the part.
func (w *wellFormed) feed(xml []byte) bool {
	text := 0 // where the text since the last tag begins
	for i := 0; ; i = text {
		lt := bytes.IndexByte(xml[i:], '<')
		if lt < 0 {
			return w.text(xml[text:])
		}
		gt := bytes.IndexByte(xml[i+lt:], '>')
		if gt < 0 || !w.text(xml[text:i+lt]) || !w.tag(xml[i+lt+1:i+lt+gt]) {
			return false
		}
		text = i + lt + gt + 1
	}
}

// tag checks a tag's inside (between < and >).
func (w *wellFormed) tag(t []byte) bool {
	w.tags++
	if len(t) == 0 || !utf8.Valid(t) || hasControl(t) {
		return false
	}
	switch t[0] {
	case '?':
		return w.declaration(t)
	case '!':
		return false // a comment, CDATA or a DOCTYPE: left to excelize
	case '/':
		name, rest := xmlName(t[1:])
		if len(name) == 0 || len(bytes.TrimRight(rest, " \t\r\n")) > 0 || len(w.open) == 0 || w.open[len(w.open)-1] != string(name) {
			return false
		}
		w.open = w.open[:len(w.open)-1]
		return true
	}
	name, rest := xmlName(t)
	if len(name) == 0 {
		return false
	}
	empty := len(rest) > 0 && rest[len(rest)-1] == '/'
	if empty {
		rest = rest[:len(rest)-1]
	}
	if !attributes(rest) {
		return false
	}
	if len(w.open) == 0 {
		if w.roots++; w.roots > 1 {
			return false
		}
	}
	if !empty {
		w.open = append(w.open, w.intern(name))
	}
	return true
}

// declaration checks the XML declaration: only before anything else, of UTF-8 text.
func (w *wellFormed) declaration(t []byte) bool {
	if w.tags != 1 || len(t) < 5 || string(t[:5]) != "?xml " || t[len(t)-1] != '?' {
		return false
	}
	decl := t[5 : len(t)-1]
	enc := attrValue(decl, "encoding")
	return string(attrValue(decl, "version")) == "1.0" && (enc == nil || strings.EqualFold(string(enc), "UTF-8"))
}

// attributes checks a start tag's attributes: name="value" pairs, each name once.
func attributes(rest []byte) bool {
	var room [16][]byte // most tags have a few attributes (LibreOffice's sheet view has 16)
	seen := room[:0]
	for {
		trimmed := bytes.TrimLeft(rest, " \t\r\n")
		if len(trimmed) == 0 {
			return true
		}
		if len(trimmed) == len(rest) {
			return false // attributes are separated by space
		}
		attr, after := xmlName(trimmed)
		if len(attr) == 0 || slices.ContainsFunc(seen, func(a []byte) bool { return bytes.Equal(a, attr) }) {
			return false
		}
		seen = append(seen, attr)
		after = bytes.TrimLeft(after, " \t\r\n")
		if len(after) == 0 || after[0] != '=' {
			return false
		}
		after = bytes.TrimLeft(after[1:], " \t\r\n")
		if len(after) == 0 || (after[0] != '"' && after[0] != '\'') {
			return false
		}
		end := bytes.IndexByte(after[1:], after[0])
		if end < 0 || bytes.IndexByte(after[1:1+end], '<') >= 0 {
			return false
		}
		if !validXMLText(after[1 : 1+end]) {
			return false
		}
		rest = after[2+end:]
	}
}

// intern gives the element name as a string, made once per name.
func (w *wellFormed) intern(name []byte) string {
	if s, ok := w.names[string(name)]; ok {
		return s
	}
	if w.names == nil {
		w.names = map[string]string{}
	}
	s := string(name)
	w.names[s] = s
	return s
}

// text checks the character data between two tags.
func (w *wellFormed) text(t []byte) bool {
	if !utf8.Valid(t) || hasControl(t) {
		return false
	}
	if len(w.open) == 0 {
		return len(bytes.TrimLeft(t, " \t\r\n")) == 0 // nothing but space outside the root
	}
	if bytes.IndexByte(t, '&') < 0 {
		return true
	}
	return validXMLText(t)
}

// complete says every element was closed.
func (w *wellFormed) complete() bool { return w.roots == 1 && len(w.open) == 0 }

// xmlName reads an XML name (ASCII, or any non-ASCII letters) at the start of b.
func xmlName(b []byte) ([]byte, []byte) {
	n := 0
	for n < len(b) {
		c := b[n]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80:
		case n > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.'):
		default:
			return b[:n], b[n:]
		}
		n++
	}
	return b[:n], b[n:]
}

// wellFormedXML checks a whole part.
func wellFormedXML(xml []byte) bool {
	var w wellFormed
	text := 0
	for i := 0; ; {
		lt := bytes.IndexByte(xml[i:], '<')
		if lt < 0 {
			return w.text(xml[text:]) && w.complete()
		}
		gt := bytes.IndexByte(xml[i+lt:], '>')
		if gt < 0 || !w.text(xml[text:i+lt]) || !w.tag(xml[i+lt+1:i+lt+gt]) {
			return false
		}
		i += lt + gt + 1
		text = i
	}
}

// hasControl finds a control character XML does not allow.
func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return true
		}
	}
	return false
}
