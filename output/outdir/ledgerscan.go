package outdir

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// scanLedger reads the state's "letters" value from br, which is positioned just after
// the key (json.Decoder leaves the colon): null, or a list of entries. An entry written
// as liushou writes them (fields known, once each, strings without escapes) is read
// here; any other goes to json.Unmarshal, which reads it as before or says what is
// wrong. Read through json.Decoder, a county's ledger after four batches (200,000 letters,
// 100 MB) took 1.6 s of every night before anything else began. size is the file's.
func scanLedger(br *bufio.Reader, out *Ledger, size int64) error {
	if c, err := nextByte(br); err != nil || c != ':' {
		return errState(err, "缺少冒号")
	}
	c, err := nextByte(br)
	if err != nil {
		return errState(err, "")
	}
	if c == 'n' {
		if rest, err := readN(br, 3); err != nil || string(rest) != "ull" {
			return errState(err, "不是列表")
		}
		*out = Ledger{}
		return nil
	}
	if c != '[' {
		return fmt.Errorf("不是列表")
	}
	var l Ledger
	// Room made once for what the file can hold (liushou writes some 500 bytes a letter),
	// not grown letter by letter: copying the keys as they outgrew their room was a third
	// of reading a county's ledger.
	l.grow(int(min(size/400, 1<<24)))
	shared := map[string]string{}
	one := func(s *string) {
		if c, ok := shared[*s]; ok {
			*s = c
		} else {
			shared[*s] = *s
		}
	}
	var raw []byte
	for first := true; ; first = false {
		c, err := nextByte(br)
		if err != nil {
			return errState(err, "")
		}
		if c == ']' && first {
			break
		}
		raw, err = readValue(br, c, raw[:0])
		if err != nil {
			return err
		}
		e, ok := fastEntry(raw)
		if !ok {
			e = LedgerEntry{}
			if err := json.Unmarshal(raw, &e); err != nil {
				return err
			}
		}
		if l.Add(e); l.recs[len(l.recs)-1].flags&recOdd != 0 {
			// Kept as read: its strings shared with the entries before it, as a batch's are.
			e := &l.odd[len(l.odd)-1]
			one(&e.Term)
			one(&e.Kind)
			one(&e.Date)
			one(&e.Batch)
			for _, k := range e.Keys {
				if k == e.Child {
					e.Child = k
					break
				}
			}
		}
		if c, err = nextByte(br); err != nil {
			return errState(err, "")
		}
		if c == ']' {
			break
		}
		if c != ',' {
			return fmt.Errorf("列表里缺少逗号")
		}
	}
	*out = l.clipped()
	return nil
}

func errState(err error, what string) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	if err != nil {
		return err
	}
	return errors.New(what)
}

// nextByte is the next byte that is not JSON white space.
func nextByte(br *bufio.Reader) (byte, error) {
	for {
		c, err := br.ReadByte()
		if err != nil || c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			return c, err
		}
	}
}

func readN(br *bufio.Reader, n int) ([]byte, error) {
	b := make([]byte, n)
	_, err := io.ReadFull(br, b)
	return b, err
}

// readValue appends to dst the JSON value that begins with c: an object to its matching
// close (strings and their escapes stepped over), or a word or a number to the byte before
// the next comma, close or space. It checks nothing else: json.Unmarshal or fastEntry does.
// A list is no entry. An object is read a stretch up to a '}' at a time (ReadSlice), not a
// byte at a time: the close that ends it is such a stretch's last byte.
func readValue(br *bufio.Reader, c byte, dst []byte) ([]byte, error) {
	dst = append(dst, c)
	switch c {
	case '[':
		return dst, fmt.Errorf("列表里的一项不是对象")
	case '{':
	default:
		for {
			b, err := br.Peek(1)
			if err != nil || bytes.IndexByte([]byte(",]} \n\r\t"), b[0]) >= 0 {
				return dst, nil // the end, or EOF: the caller's next byte says which
			}
			br.ReadByte()
			dst = append(dst, b[0])
		}
	}
	depth, inString, escaped := 1, false, false
	for {
		chunk, err := br.ReadSlice('}')
		if err != nil && err != bufio.ErrBufferFull {
			return dst, errState(err, "")
		}
		dst = append(dst, chunk...)
		for _, b := range chunk {
			switch {
			case inString && escaped:
				escaped = false
			case inString && b == '\\':
				escaped = true
			case b == '"':
				inString = !inString
			case inString:
			case b == '{' || b == '[':
				depth++
			case b == '}' || b == ']':
				if depth--; depth == 0 {
					if b == ']' {
						return dst, fmt.Errorf("括号不配对")
					}
					return dst, nil // the chunk's last byte
				}
			}
		}
	}
}

// fastEntry reads an entry as liushou writes it: an object of the known fields, each at
// most once, every value a string (keys: a list of strings) of printable UTF-8 without
// escapes. Anything else is not read here (ok false), and json.Unmarshal reads it.
func fastEntry(b []byte) (e LedgerEntry, ok bool) {
	p := scanner{b: b}
	if !p.byte('{') {
		return e, false
	}
	fields := [...]struct {
		name string
		to   *string // nil: the keys
		seen bool
	}{{"child", &e.Child, false}, {"term", &e.Term, false}, {"kind", &e.Kind, false}, {"date", &e.Date, false},
		{"batch", &e.Batch, false}, {"hash", &e.Hash, false}, {"keys", nil, false}}
	for first := true; ; first = false {
		if first && p.peek('}') {
			break
		}
		name, ok := p.str()
		if !ok || !p.byte(':') {
			return e, false
		}
		f := -1
		for i := range fields {
			if fields[i].name == name {
				f = i
			}
		}
		if f < 0 || fields[f].seen {
			return e, false
		}
		fields[f].seen = true
		if to := fields[f].to; to != nil {
			if *to, ok = p.str(); !ok {
				return e, false
			}
		} else if e.Keys, ok = p.strs(); !ok {
			return e, false
		}
		if p.byte('}') {
			break
		}
		if !p.byte(',') {
			return e, false
		}
	}
	p.space()
	return e, p.at == len(p.b)
}

type scanner struct {
	b  []byte
	at int
}

func (p *scanner) space() {
	for p.at < len(p.b) && (p.b[p.at] == ' ' || p.b[p.at] == '\n' || p.b[p.at] == '\r' || p.b[p.at] == '\t') {
		p.at++
	}
}

// byte steps over white space and c, or says it is not next.
func (p *scanner) byte(c byte) bool {
	p.space()
	if p.at < len(p.b) && p.b[p.at] == c {
		p.at++
		return true
	}
	return false
}

func (p *scanner) peek(c byte) bool {
	p.space()
	return p.at < len(p.b) && p.b[p.at] == c
}

// str reads a string without escapes or control characters, in valid UTF-8.
func (p *scanner) str() (string, bool) {
	if !p.byte('"') {
		return "", false
	}
	start := p.at
	for p.at < len(p.b) {
		c := p.b[p.at]
		switch {
		case c == '"':
			s := p.b[start:p.at]
			p.at++
			if !utf8.Valid(s) {
				return "", false
			}
			return string(s), true
		case c == '\\' || c < 0x20:
			return "", false
		}
		p.at++
	}
	return "", false
}

// strs reads a list of such strings; null is no list.
func (p *scanner) strs() ([]string, bool) {
	p.space()
	if bytes.HasPrefix(p.b[p.at:], []byte("null")) {
		p.at += 4
		return nil, true
	}
	if !p.byte('[') {
		return nil, false
	}
	out := []string{}
	if p.byte(']') {
		return out, true
	}
	for {
		s, ok := p.str()
		if !ok {
			return nil, false
		}
		out = append(out, s)
		if p.byte(']') {
			return out, true
		}
		if !p.byte(',') {
			return nil, false
		}
	}
}
