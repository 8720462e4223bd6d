package outdir

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// StreamJSON writes the struct v as indented JSON (indent per level, HTML escaped or
// not), a field at a time and each list field an element at a time: a county's state,
// batch manifest and summary.json are megabytes, and encoding one whole held it three
// times over (the value, its JSON, the JSON indented). The bytes are those of
// json.Encoder with SetIndent("", indent) (TestStreamJSONSameBytes).
func StreamJSON(w io.Writer, v any, indent string, escapeHTML bool) error {
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
		if opts == "omitempty" && isEmpty(fv) {
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
		if fv.Kind() != reflect.Slice || fv.IsNil() || fv.Len() == 0 {
			if err := value(fv.Interface(), indent); err != nil {
				return err
			}
			continue
		}
		bw.WriteString("[")
		for k := range fv.Len() {
			if k > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n" + indent + indent)
			if err := value(fv.Index(k).Interface(), indent+indent); err != nil {
				return err
			}
		}
		bw.WriteString("\n" + indent + "]")
	}
	if first {
		bw.WriteString("}\n")
	} else {
		bw.WriteString("\n}\n")
	}
	return bw.Flush()
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
