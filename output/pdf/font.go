package pdf

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// fontTTF is LXGW WenKai Regular (SIL OFL 1.1, see font/OFL.txt): it covers ASCII, every
// GBK hanzi and full-width punctuation. The bytes are shared by all documents.
//
//go:embed font/LXGWWenKai-Regular.ttf
var fontTTF []byte

// Stand-in is printed for a character the font cannot show (a rare name character
// above U+FFFF, which gofpdf cannot encode, or a glyph the font lacks). It is the
// 〓 that Chinese typesetters use for a missing character.
const standIn = '〓'

var (
	coverageOnce sync.Once
	// missing[r] is set for each rune of the Basic Multilingual Plane the font cannot draw.
	missing [0x10000]bool
	// unclean[r] is set for each rune of the Basic Multilingual Plane printable changes.
	unclean [0x10000]bool
)

// loadCoverage reads the font's character map once, for all documents.
func loadCoverage() {
	f, _, err := embeddedFont()
	for i := range missing {
		r := rune(i)
		switch {
		case r < 0x20 || r == 0x7F:
			unclean[r] = true
		case r >= 0x80:
			missing[r] = err != nil || !f.Has(r)
			unclean[r] = missing[r] || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
		}
	}
}

// needsCleaning reports whether printable would change r.
func needsCleaning(r rune) bool { return r > 0xFFFF || unclean[r] }

// printable returns s as gofpdf can print it: control and format characters (RTL marks,
// zero-width spaces) removed, line breaks and tabs as spaces, characters above U+FFFF and
// characters missing from the font replaced by the stand-in. Clean text is returned as
// it is, without a copy.
func printable(s string) string {
	coverageOnce.Do(loadCoverage)
	clean := true
	for _, r := range s {
		if needsCleaning(r) {
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
		case r == utf8.RuneError || r > 0xFFFF:
			b.WriteRune(standIn)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
		case r >= 0x80 && missing[r]:
			b.WriteRune(standIn)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
