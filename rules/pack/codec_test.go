package pack

import (
	"fmt"
	"os"
	"reflect"
	"runtime"
	"testing"
	"time"

	"liushou/rules"
)

// fill gives every field under v a value of its own (n tells apart the values of one
// result from another's), so that a field the codec forgets cannot come back equal.
// A kind of field it does not know fails the test: the codec must learn it first.
func fill(t *testing.T, v reflect.Value, path string, n int) {
	t.Helper()
	if v.Type() == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(time.Date(2020+n, time.Month(1+len(path)%12), 1+len(path)%28, 0, 0, 0, 0, time.UTC)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("%s·留守%d", path, n))
	case reflect.Int:
		v.SetInt(int64(len(path)*7 - 50 + n))
	case reflect.Struct:
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				t.Fatalf("%s: unexported field %s", path, v.Type().Field(i).Name)
			}
			fill(t, v.Field(i), path+"."+v.Type().Field(i).Name, n)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(t, v.Index(i), fmt.Sprintf("%s[%d]", path, i), n)
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(t, v.Elem(), path, n)
	default:
		t.Fatalf("%s: the pack codec does not know a field of kind %s", path, v.Kind())
	}
}

// TestPackRoundTrip: every field of a result, and of its child, comes back from the
// store as it went in; an empty list or a missing reply slip comes back as none.
func TestPackRoundTrip(t *testing.T) {
	var results []rules.Result
	for n := range 3 {
		var r rules.Result
		fill(t, reflect.ValueOf(&r).Elem(), "r", n)
		results = append(results, r)
	}
	results = append(results, rules.Result{Child: &rules.Child{}})
	got, err := ReadResults(AppendResults(nil, results))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, results) {
		for i := range results {
			if !reflect.DeepEqual(got[i], results[i]) {
				t.Errorf("result %d:\n got %+v\nwant %+v", i, *got[i].Child, *results[i].Child)
			}
		}
	}
	if got, _ := ReadResults(AppendResults(nil, nil)); len(got) != 0 {
		t.Errorf("no results came back as %d", len(got))
	}
}

// TestPackTimesPrintTheSame: a date in a zone of its own (a roster saved at +08:00) comes
// back the same instant, printed the same, as gob gave it back before.
func TestPackTimesPrintTheSame(t *testing.T) {
	saved := time.Date(2026, 11, 27, 23, 30, 0, 0, time.FixedZone("CST", 8*3600))
	c := &rules.Child{RosterSaved: saved, Birth: time.Date(2015, 3, 9, 0, 0, 0, 0, time.UTC)}
	got, err := ReadResults(AppendResults(nil, []rules.Result{{Child: c}}))
	if err != nil {
		t.Fatal(err)
	}
	g := got[0].Child
	if !g.RosterSaved.Equal(saved) || g.RosterSaved.Format(time.RFC3339) != saved.Format(time.RFC3339) {
		t.Errorf("saved %v came back %v", saved, g.RosterSaved)
	}
	if !g.Birth.Equal(c.Birth) || g.Birth.Location() != time.UTC {
		t.Errorf("birth %v came back %v", c.Birth, g.Birth)
	}
	// Shanghai's local mean time (+8:05:43), an offset of no whole minute, comes back.
	if sh, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		old := time.Date(1890, 5, 1, 0, 0, 0, 0, sh)
		got, err := ReadResults(AppendResults(nil, []rules.Result{{Child: &rules.Child{Birth: old}}}))
		if err != nil || !got[0].Child.Birth.Equal(old) {
			t.Errorf("a date of 1890 in Shanghai came back %v (%v)", got[0].Child.Birth, err)
		}
	}
}

// TestPackDamaged: a pack cut short, or with bytes after its end, is an error, never a
// panic or a child made up.
func TestPackDamaged(t *testing.T) {
	var r rules.Result
	fill(t, reflect.ValueOf(&r).Elem(), "r", 1)
	b := AppendResults(nil, []rules.Result{r, r})
	for n := range len(b) {
		if _, err := ReadResults(b[:n]); err == nil {
			t.Fatalf("a pack cut at %d of %d bytes was read", n, len(b))
		}
	}
	if _, err := ReadResults(append(b, 0)); err == nil {
		t.Error("a pack with a byte after its end was read")
	}
}

// TestPackStringsStandAlone: a string read back keeps only itself alive. A name kept by
// the district's list of children to follow up once kept its class's whole pack alive:
// 21 MB more at the start of a 4x county's documents.
func TestPackStringsStandAlone(t *testing.T) {
	results := make([]rules.Result, 40)
	for i := range results {
		fill(t, reflect.ValueOf(&results[i]).Elem(), "r", i)
	}
	b := AppendResults(nil, results)
	const packs = 200
	kept := make([]string, 0, packs)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range packs {
		got, err := ReadResults(b)
		if err != nil {
			t.Fatal(err)
		}
		kept = append(kept, got[7].Child.Name)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	if limit := int64(packs * len(b) / 10); grew > limit {
		t.Errorf("keeping one name of each of %d packs of %d bytes kept %d bytes alive (more than %d)", packs, len(b), grew, limit)
	}
	runtime.KeepAlive(kept)
}

// TestStoreFileRemoved: what is put comes back, and closing a store removes its file.
func TestStoreFileRemoved(t *testing.T) {
	dir := t.TempDir()
	s, err := NewStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := &rules.Child{Name: "王芳", Class: "三年级(2)班"}
	p, err := s.Put([]rules.Result{{Child: c, DaysSinceVisit: 3}})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(p); err != nil || len(got) != 1 || got[0].Child.Name != "王芳" || got[0].DaysSinceVisit != 3 {
		t.Fatalf("got %+v, %v", got, err)
	}
	if st, err := os.Stat(s.f.Name()); err != nil || s.Size() != st.Size() || s.Size() != p.n {
		t.Errorf("the store says it holds %d bytes; its pack is %d, its file %v (%v)", s.Size(), p.n, st, err)
	}
	s.Close()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left in the folder: %v", entries)
	}
}
