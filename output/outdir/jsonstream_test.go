package outdir

import (
	"bytes"
	"encoding/json"
	"testing"

	"liushou/rules"
)

// TestStreamJSONSameBytes: the state and a batch's manifest, streamed, are the bytes
// json.Encoder writes for them whole: empty and omitted fields, lists, a map, and text
// that HTML escaping changes.
func TestStreamJSONSameBytes(t *testing.T) {
	entry := LedgerEntry{Child: "k1", Keys: []string{"k1", "k2"}, Term: "2026年秋季学期", Kind: "start", Date: "2026-09-01", Batch: "2026-09-01", Hash: "ab<>&"}
	cases := []struct {
		name   string
		v      any
		indent string
	}{
		{"empty state", State{}, "  "},
		{"state", State{Key: "k", Exit: 3, Files: []string{"a/汇总.pdf", "b&c.pdf"}, Batches: []BatchRecord{{Name: "2026-09-01", Made: "2026-09-01", Letters: 2}},
			Letters: LedgerOf(entry, LedgerEntry{Child: "old", Term: "t", Kind: "end", Date: "d", Batch: "b"}), Children: 2,
			History:   []SchoolDay{{Date: "2026-09-01", School: "青石镇中心小学", Children: 2}},
			SignsSeen: map[string]string{"z": "2026-09-01", "a": "2026-08-30", "<&>\u2028\xff": "x", "": ""},
			Roll: rules.RollOf([]rules.Result{{Child: &rules.Child{School: "青石", Name: "王芳", ID: "522401201908122589"}},
				{Child: &rules.Child{School: "青石", Name: "李强"}}, {Child: &rules.Child{School: "a<b", Name: "张敏"}},
				{Child: &rules.Child{School: "", Name: "赵磊"}}}, []byte("s"))}, "  "},
		{"state, a school on the roll with no one", State{Roll: rules.Roll{"一小": nil, "二小": {}}}, "\t"},
		{"manifest", manifest{Batch: BatchRecord{Name: "n", Made: "m", Letters: 1, Posted: "p"}, Secret: "00ff", Entries: LedgerOf(entry)}, " "},
		{"manifest without entries", manifest{Secret: "s"}, " "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var whole, streamed bytes.Buffer
			enc := json.NewEncoder(&whole)
			enc.SetIndent("", tc.indent)
			if err := enc.Encode(tc.v); err != nil {
				t.Fatal(err)
			}
			if err := StreamJSON(&streamed, tc.v, tc.indent, true); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(whole.Bytes(), streamed.Bytes()) {
				t.Errorf("streamed:\n%s\nwant:\n%s", streamed.Bytes(), whole.Bytes())
			}
		})
	}
}

// TestLedgerEntryJSON: a ledger entry's own encoding is encoding/json's, byte for byte,
// for text that needs escaping of every kind, with and without HTML escaping, keys and
// a prefix.
func TestLedgerEntryJSON(t *testing.T) {
	texts := []string{"", "2026年秋季学期", `quo"te\back/slash`, "\x00\x01\b\f\n\r\t\x1f\x7f", "a<b>c&d",
		"\u2028line\u2029", "bad \xff\xfe utf-8 \xe4\xb8", "𠀀 outside the BMP", "e\u0301 combining"}
	for i, s := range texts {
		e := LedgerEntry{Child: s, Term: texts[(i+1)%len(texts)], Kind: "start", Date: "2026-09-01", Batch: s, Hash: texts[(i+2)%len(texts)]}
		if i%2 == 0 {
			e.Keys = []string{s, "k2", texts[(i+3)%len(texts)]}
		}
		for _, html := range []bool{true, false} {
			for _, form := range [][2]string{{"", " "}, {"    ", "  "}, {"\t", "\t"}} {
				var want bytes.Buffer
				enc := json.NewEncoder(&want)
				enc.SetEscapeHTML(html)
				enc.SetIndent(form[0], form[1])
				if err := enc.Encode(e); err != nil {
					t.Fatal(err)
				}
				got := e.AppendJSON(nil, form[0], form[1], html)
				if w := bytes.TrimSuffix(want.Bytes(), []byte("\n")); !bytes.Equal(got, w) {
					t.Errorf("%q (html %v, %q): got\n%s\nwant\n%s", s, html, form, got, w)
				}
			}
		}
	}
}
