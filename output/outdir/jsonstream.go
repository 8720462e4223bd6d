package outdir

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"
)

// StreamJSON writes the struct v as indented JSON (indent per level, HTML escaped or
// not), a field at a time and each list field an element at a time: a county's state,
// batch manifest and summary.json are megabytes, and encoding one whole held it three
// times over (the value, its JSON, the JSON indented). The bytes are those of
// json.Encoder with SetIndent("", indent) (TestStreamJSONSameBytes).
//
// lists give the elements of list fields kept elsewhere (a file of the run's temporary
// folder): the field named is written from its list's bytes instead of from v.
func StreamJSON(w io.Writer, v any, indent string, escapeHTML bool, lists ...RawList) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Struct {
		return fmt.Errorf("StreamJSON: %T is not a struct", v)
	}
	value := func(x any, prefix string) error {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(escapeHTML)
		enc.SetIndent(prefix, indent)
		if err := enc.Encode(x); err != nil {
			return err
		}
		_, err := bw.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
		return err
	}
	// elements writes a list of n elements, each on a line of its own, as json.Encoder
	// indents a list.
	elements := func(n int, elem func(k int) error) error {
		bw.WriteString("[")
		for k := range n {
			if k > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n" + indent + indent)
			if err := elem(k); err != nil {
				return err
			}
		}
		bw.WriteString("\n" + indent + "]")
		return nil
	}
	var scratch []byte
	bw.WriteString("{")
	first := true
	for i := range rv.NumField() {
		f := rv.Type().Field(i)
		tag := f.Tag.Get("json")
		if !f.IsExported() || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		fv := rv.Field(i)
		raw := -1
		for k, l := range lists {
			if l.Field == name {
				raw = k
			}
		}
		if raw < 0 && opts == "omitempty" && isEmpty(fv) {
			continue
		}
		if !first {
			bw.WriteString(",")
		}
		first = false
		var key bytes.Buffer
		enc := json.NewEncoder(&key)
		enc.SetEscapeHTML(escapeHTML)
		enc.Encode(name)
		fmt.Fprintf(bw, "\n%s%s: ", indent, bytes.TrimSuffix(key.Bytes(), []byte("\n")))
		if raw >= 0 {
			if err := lists[raw].write(bw, indent); err != nil {
				return err
			}
			continue
		}
		list, isList := fv.Interface().(ElementList)
		var err error
		switch {
		case isList && list.Len() > 0:
			err = elements(list.Len(), func(k int) error {
				scratch = list.AppendElement(scratch[:0], k, indent+indent, indent, escapeHTML)
				_, err := bw.Write(scratch)
				return err
			})
		case !isList && fv.Kind() == reflect.Map && fv.Type().Key().Kind() == reflect.String && fv.Len() > 0:
			// A map a value at a time, in the order of its keys, as encoding/json writes
			// it: the night's roll is a key a child, some megabytes of JSON at four times
			// the county, which encoded whole was held twice more (compact, then indented).
			keys := fv.MapKeys()
			slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
			bw.WriteString("{")
			for k, key := range keys {
				if k > 0 {
					bw.WriteString(",")
				}
				bw.WriteString("\n" + indent + indent)
				scratch = append(AppendJSONString(scratch[:0], key.String(), escapeHTML), ": "...)
				bw.Write(scratch)
				if err = value(fv.MapIndex(key).Interface(), indent+indent); err != nil {
					break
				}
			}
			bw.WriteString("\n" + indent + "}")
		case isList || fv.Kind() != reflect.Slice || fv.IsNil() || fv.Len() == 0:
			err = value(fv.Interface(), indent)
		default:
			err = elements(fv.Len(), func(k int) error {
				if e, ok := fv.Index(k).Interface().(ElementJSON); ok {
					scratch = e.AppendJSON(scratch[:0], indent+indent, indent, escapeHTML)
					_, err := bw.Write(scratch)
					return err
				}
				return value(fv.Index(k).Interface(), indent+indent)
			})
		}
		if err != nil {
			return err
		}
	}
	if first {
		bw.WriteString("}\n")
	} else {
		bw.WriteString("\n}\n")
	}
	return bw.Flush()
}

// ElementList is a list field held otherwise than as a slice (Ledger): StreamJSON writes
// its elements one at a time, as it writes a slice's.
type ElementList interface {
	Len() int
	AppendElement(b []byte, i int, prefix, indent string, escapeHTML bool) []byte
}

// RawList is a list field's elements already encoded, kept elsewhere (a file of the
// run's temporary folder): Open gives the bytes StreamJSON would write between the
// list's [ and its closing line, the elements with their commas and line breaks
// (AppendJSON with prefix indent+indent, each after ",\n" and the prefix), or nothing
// for an empty list.
type RawList struct {
	Field string // the field's JSON name
	Open  func() (io.ReadCloser, error)
}

func (l RawList) write(bw *bufio.Writer, indent string) error {
	r, err := l.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	bw.WriteString("[")
	n, err := bw.ReadFrom(r)
	if err != nil {
		return fmt.Errorf("%s 读不回来：%w", l.Field, err)
	}
	if n > 0 {
		bw.WriteString("\n" + indent)
	}
	_, err = bw.WriteString("]")
	return err
}

// isEmpty is encoding/json's omitempty: false, 0, a nil pointer or interface, and an
// empty array, slice, map or string.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// ElementJSON is a list element with an encoding of its own, the bytes json.Encoder
// writes for it with SetIndent(prefix, indent) (indent not empty). A county's ledger is
// twelve thousand entries a term, written three times at the end of a night (the
// batch's manifest, the pending record, the state) while nothing else runs: through
// encoding/json that was 50 to 80 ms each.
type ElementJSON interface {
	AppendJSON(b []byte, prefix, indent string, escapeHTML bool) []byte
}

// AppendJSONField appends "name": and a string value, on a line of its own.
func AppendJSONField(b []byte, prefix, indent, name, value string, escapeHTML bool) []byte {
	b = append(b, '\n')
	b = append(b, prefix...)
	b = append(b, indent...)
	b = AppendJSONString(b, name, escapeHTML)
	b = append(b, ':', ' ')
	return AppendJSONString(b, value, escapeHTML)
}

// AppendJSONList appends "name": and a list of strings, the list's elements a line each
// and an empty list as [].
func AppendJSONList(b []byte, prefix, indent, name string, list []string, escapeHTML bool) []byte {
	b = append(b, '\n')
	b = append(b, prefix...)
	b = append(b, indent...)
	b = AppendJSONString(b, name, escapeHTML)
	b = append(b, `: [`...)
	if len(list) == 0 {
		return append(b, ']')
	}
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = append(b, prefix...)
		b = append(b, indent...)
		b = append(b, indent...)
		b = AppendJSONString(b, s, escapeHTML)
	}
	b = append(b, '\n')
	b = append(b, prefix...)
	b = append(b, indent...)
	return append(b, ']')
}

// AppendJSONString appends s as encoding/json writes a string: quotes and backslashes
// escaped, control characters as \n, \t… or \u00XX, invalid UTF-8 as \ufffd,
// U+2028 and U+2029 escaped, and <, > and & as \u003c… when escaping HTML.
func AppendJSONString(b []byte, s string, escapeHTML bool) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!escapeHTML || (c != '<' && c != '>' && c != '&')) {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
