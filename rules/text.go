package rules

import (
	"bytes"
	"errors"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// ErrTextEncoding is for a text file (settings, a letter template) in no encoding that
// Chinese Windows' Notepad saves in.
var ErrTextEncoding = errors.New("不是 UTF-8、GBK 或 UTF-16 编码的文字。请用记事本打开，“另存为”时编码选“UTF-8”")

// DecodeText gives a text file a person saved as UTF-8: UTF-8 with or without a byte
// order mark, UTF-16 with a mark or without one (Notepad's "Unicode"), or GBK/GB18030
// (Notepad's "ANSI" on Chinese Windows before 2019). Line ends are left as they are.
// It also names the encoding it found.
func DecodeText(data []byte) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
		if !utf8.Valid(data) {
			return nil, "", ErrTextEncoding
		}
		return data, "UTF-8", nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Bytes(data)
		if err != nil {
			return nil, "", ErrTextEncoding
		}
		return out, "UTF-16", nil
	case utf8.Valid(data):
		return data, "UTF-8", nil
	}
	if order, ok := utf16Without(data); ok {
		out, err := unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Bytes(data)
		if err == nil && utf8.Valid(out) {
			return out, "UTF-16", nil
		}
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return nil, "", ErrTextEncoding
	}
	return out, "GBK", nil
}

// utf16Without tells UTF-16 without a byte order mark by its zero bytes: ASCII text (the
// keys, brackets and quotes of a settings file) has one in every pair, on one side.
func utf16Without(data []byte) (unicode.Endianness, bool) {
	if len(data) < 4 || len(data)%2 != 0 {
		return unicode.LittleEndian, false
	}
	var even, odd int
	for i := 0; i+1 < len(data); i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	pairs := len(data) / 2
	switch {
	case odd*3 > pairs && even == 0:
		return unicode.LittleEndian, true
	case even*3 > pairs && odd == 0:
		return unicode.BigEndian, true
	}
	return unicode.LittleEndian, false
}
