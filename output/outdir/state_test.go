package outdir

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"liushou/rules"
)

// TestLoadStateAsUnmarshal: the state read an entry of the ledger at a time is what
// json.Unmarshal makes of the file: as SaveState writes it, with the ledger null, empty
// or missing, in another order, with a field it does not know. A damaged state is an
// error, and the entries of a batch share their term, kind, date and batch name.
func TestLoadStateAsUnmarshal(t *testing.T) {
	entry := func(child, batch string) LedgerEntry {
		return LedgerEntry{Child: "id:" + child, Keys: []string{"id:" + child, "class:" + child}, Term: "2026年秋季学期",
			Kind: "start", Date: batch, Batch: batch, Hash: "h" + child}
	}
	saved := t.TempDir()
	full := State{Key: "k", Exit: 3, Files: []string{"汇总.pdf"}, Batches: []BatchRecord{{Name: "2026-11-28", Made: "2026-11-28", Letters: 3}},
		Letters:  LedgerOf(entry("a", "2026-11-28"), entry("b", "2026-11-28"), LedgerEntry{Child: "old", Term: "t", Kind: "end", Date: "d", Batch: "b"}),
		Children: 3, History: []SchoolDay{{Date: "2026-11-28", School: "青石", Children: 3}},
		SignsSeen: map[string]string{"s": "2026-11-27"}, Roll: rules.RollOf([]rules.Result{
			{Child: &rules.Child{School: "青石", Name: "王芳", ID: "522401201908122589"}}, {Child: &rules.Child{School: "青石", Name: "李强"}}}, []byte("s"))}
	if err := SaveState(saved, full); err != nil {
		t.Fatal(err)
	}
	written, err := os.ReadFile(filepath.Join(saved, StateFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, text string }{
		{"as saved", string(written)},
		{"ledger null", `{"key": "k", "letters": null, "children": 2}`},
		{"ledger empty", `{"letters": [], "exit": 1}`},
		{"no ledger", `{"key": "k", "files": ["a"]}`},
		{"ledger first, a field unknown", `{"letters": [{"child": "c", "term": "t"}], "later": {"x": [1]}, "Key": "K"}` + "\n\n"},
		// Entries not as liushou writes them are read as json.Unmarshal reads them.
		{"escapes, an unknown field, a field twice", `{"key":"k","letters":[{"child":"id:\u0061\"b","term":"\u79cb"},` +
			`{"child":"c","extra":{"a":[1,"]}"]},"term":"t"},{"child":"c","child":"d","keys":null},{"Child":"e","KEYS":["e"]}],"exit":2}`},
		{"keys empty, an entry null, no spaces, ledger last", `{"exit":1,"letters":[{"child":"c","keys":[]},null,{}]}`},
		{"bad UTF-8 and a control character", "{\"letters\": [{\"child\": \"\xff\"}, {\"term\": \"a\x7fb\"}]}"},
		{"letters twice", `{"letters": [{"child": "a"}], "exit": 1, "letters": [{"child": "b"}]}`},
		{"whitespace everywhere", "{ \"letters\" \n: \t[ { \"child\" : \"c\" , \"keys\" : [ \"c\" , \"d\" ] } \n] \r\n, \"exit\" : 3 }\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want State
			if err := json.Unmarshal([]byte(tc.text), &want); err != nil {
				t.Fatal(err)
			}
			got := load(t, tc.text)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read\n%+v\nwant\n%+v", got, want)
			}
		})
	}
	got := load(t, string(written))
	if a, b := got.Letters.Entry(0), got.Letters.Entry(1); unsafe.StringData(a.Term) != unsafe.StringData(b.Term) ||
		unsafe.StringData(a.Batch) != unsafe.StringData(b.Batch) || unsafe.StringData(a.Child) != unsafe.StringData(a.Keys[0]) {
		t.Error("the entries of a batch do not share their strings")
	}
	for _, damaged := range []string{
		string(written[:len(written)/2]), string(written) + "}", `{"letters": {"child": "c"}}`,
		`{"letters": [{"child": 7}]}`, `{"exit": "three"}`, `[]`, ``,
		`{"letters": [{"child": "c"},]}`, `{"letters": [{"child": "c"}], }`, `{"letters": [{"child": "c"} {"child": "d"}]}`,
		`{"letters": [{"child": "c`, `{"letters": [7]}`, `{"letters" [{"child": "c"}]}`, `{"letters": nul}`,
		`{"letters": [{"child": "c"}] "exit": 1}`, `{"letters": [{"child": "c"}]`,
	} {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, ".liushou"), 0o755)
		os.WriteFile(filepath.Join(dir, StateFile), []byte(damaged), 0o600)
		if _, err := LoadState(dir); err == nil || !strings.Contains(err.Error(), "已损坏") {
			t.Errorf("%.40q: %v", damaged, err)
		}
	}
}

// TestStateRollNotRead: a roll that cannot be read is dropped (the night counts no one
// joined or left, as on a first night); the state is read, its ledger with it.
func TestStateRollNotRead(t *testing.T) {
	for _, roll := range []string{`{"青石": ["x", "y"]}`, `{"青石": [7]}`, `["a"]`} {
		got := load(t, `{"key": "k", "letters": [{"child": "c", "term": "t"}], "roll": `+roll+`, "exit": 3}`)
		if got.Roll != nil || got.Key != "k" || got.Exit != 3 || got.Letters.Len() != 1 {
			t.Errorf("roll %s: read %+v", roll, got)
		}
	}
	got := load(t, `{"roll": {"青石": [":0123456789ab", "a0a1a2a3a4a5:0123456789ab"]}, "exit": 3}`)
	if len(got.Roll["青石"]) != 2 || got.Exit != 3 {
		t.Errorf("a good roll read as %+v", got)
	}
}

// load reads the state text from a folder of its own.
func load(t *testing.T, text string) State {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, ".liushou"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, StateFile), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := LoadState(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestKeyIndexAsMap: the ledger's key index finds, for every key, exactly the entries
// that hold it, in ledger order (the old ledger's plain digests under "legacy:"), and
// nothing for a key no entry holds.
func TestKeyIndexAsMap(t *testing.T) {
	var entries []LedgerEntry
	want := map[string][]int{}
	for i := range 5000 {
		e := LedgerEntry{Child: "d" + strconv.Itoa(i%3000)}
		if i%7 != 0 { // every seventh an older ledger's entry, without keys
			e.Keys = []string{"id:" + strconv.Itoa(i%2500), "class:" + strconv.Itoa(i%40), "phone:" + strconv.Itoa(i)}
		}
		entries = append(entries, e)
		if len(e.Keys) == 0 {
			want["legacy:"+e.Child] = append(want["legacy:"+e.Child], i)
		}
		for _, k := range e.Keys {
			want[k] = append(want[k], i)
		}
	}
	x := indexKeys(LedgerOf(entries...))
	for k, w := range want {
		if got := x.entries(x.keyHash(strings.TrimPrefix(k, "legacy:"), strings.HasPrefix(k, "legacy:"))); !slices.Equal(got, w) {
			t.Fatalf("%s: entries %v, want %v", k, got, w)
		}
	}
	for _, k := range []string{"id:2500", "legacy:d3000", "", "phone:-1"} {
		if got := x.entries(x.keyHash(strings.TrimPrefix(k, "legacy:"), strings.HasPrefix(k, "legacy:"))); len(got) != 0 {
			t.Errorf("%q: entries %v, want none", k, got)
		}
	}
}

// FuzzReadStateAsUnmarshal: whatever the state file holds, it is read as json.Unmarshal
// reads it, or refused when json.Unmarshal refuses it: the ledger's own reader
// (scanLedger) never takes a damaged file for a sound one, nor reads an entry otherwise.
func FuzzReadStateAsUnmarshal(f *testing.F) {
	entries, _ := ledgerEntries(6)
	var saved bytes.Buffer
	StreamJSON(&saved, State{Key: "k", Letters: LedgerOf(entries...), Children: 6}, "  ", true)
	for _, s := range []string{saved.String(), `{"letters": null}`, `{"letters": []}`, `{"exit": 1, "letters": [{"child": "c", "keys": ["c"]}]}`,
		`{"letters": [{"child": "a\u0062", "x": [{"}": "]"}]}, null], "key": "k"}`, `{"letters": [{"child": "c"},]}`,
		`{"letters": [{"child": "c"}], }`, `{"letters": [{"Child": "c", "hash": "0011223344556677"}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var want State
		werr := json.Unmarshal(b, &want)
		var got State
		gerr := decodeState(bytes.NewReader(b), &got, int64(len(b)))
		switch {
		case werr == nil && gerr != nil:
			t.Fatalf("refused what json.Unmarshal reads: %v\n%q", gerr, b)
		case werr != nil && gerr == nil:
			t.Fatalf("read what json.Unmarshal refuses (%v)\n%q", werr, b)
		case werr == nil && !reflect.DeepEqual(got.Letters.Entries(), want.Letters.Entries()):
			t.Fatalf("read the letters\n%+v\nwant\n%+v\n%q", got.Letters.Entries(), want.Letters.Entries(), b)
		}
	})
}
