package output

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

// fontTTF is LXGW WenKai Regular (SIL OFL 1.1, see font/OFL.txt): it covers ASCII, every
// GBK hanzi and full-width punctuation. The bytes are shared by all documents.
//
//go:embed font/LXGWWenKai-Regular.ttf
var fontTTF []byte

const fontName = "wenkai"

// Stand-in is printed for a character the font cannot show (a rare name character
// above U+FFFF, which gofpdf cannot encode, or a glyph the font lacks). It is the
// 〓 that Chinese typesetters use for a missing character.
const standIn = '〓'

var (
	coverageOnce sync.Once
	coverage     *sfnt.Font
)

// hasGlyph reports whether the embedded font draws r.
func hasGlyph(r rune) bool {
	coverageOnce.Do(func() {
		f, err := sfnt.Parse(fontTTF)
		if err == nil {
			coverage = f
		}
	})
	if coverage == nil {
		return r < 0x80
	}
	var buf sfnt.Buffer
	i, err := coverage.GlyphIndex(&buf, r)
	return err == nil && i != 0
}

var glyphCache sync.Map // rune -> bool

// printable returns s as gofpdf can print it: control and format characters (RTL marks,
// zero-width spaces) removed, white space folded to a space, characters above U+FFFF and
// characters missing from the font replaced by the stand-in.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if r >= 0x7F || r < 0x20 {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteRune(' ')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
		case r > 0xFFFF:
			b.WriteRune(standIn)
		case r < 0x80:
			b.WriteRune(r)
		default:
			ok, seen := glyphCache.Load(r)
			if !seen {
				ok = hasGlyph(r)
				glyphCache.Store(r, ok)
			}
			if ok.(bool) {
				b.WriteRune(r)
			} else {
				b.WriteRune(standIn)
			}
		}
	}
	return b.String()
}
