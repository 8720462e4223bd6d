package output

import (
	"bytes"
	"path/filepath"
	"testing"

	"liushou/rules"
	"liushou/rules/pack"
)

// TestPackedClassesPrintTheSame: the district's 汇总.xlsx and 结对考核.xlsx, and a
// school's classes taken out, are the same whether the children wait packed in memory,
// in a file of the folder given, or are held as they are; the file is gone once the
// store is closed.
func TestPackedClassesPrintTheSame(t *testing.T) {
	var children []rules.Child
	for i, name := range []string{"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"} {
		c := sampleChild()
		c.Name, c.Row = "王"+name, 5+i
		c.School = []string{"青石镇中心小学", "白沙村小学"}[i%2]
		c.Class = []string{"三年级(2)班", "一年级(1)班", "五年级(1)班"}[i%3]
		c.Teacher = []string{"陈老师", "李老师", ""}[i%3]
		c.VisitLog = []rules.Date{{Time: asOf.AddDate(0, 0, -5*i), Sheet: "家访记录"}}
		children = append(children, c)
	}
	write := func(spill string, packed bool) (book, pairing []byte, schools []schoolTally) {
		t.Helper()
		rep := rules.Evaluate(rules.Roster{Children: children}, rules.DefaultPolicy(), asOf)
		classes := rep.Classes()
		ev := Evaluated{classes: classes, tallies: make([]rules.Tally, len(classes)), files: make([][]string, len(classes))}
		for i, c := range classes {
			ev.tallies[i], ev.files[i] = rules.TallyOf(c.Results), classFiles(c.Results)
		}
		if packed {
			store, err := pack.NewStore(spill)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(store.Close)
			if ev.packed, err = packAway(classes, store); err != nil {
				t.Fatal(err)
			}
			for _, c := range classes {
				if c.Results != nil {
					t.Fatalf("%s%s still holds its children", c.School, c.Name)
				}
			}
		}
		dirs := uniqueDirs(classes)
		schools = tallySchools(ev, dirs, nil)
		var b, p bytes.Buffer
		if err := writeOverviewBook(&b, schools, rules.DefaultPolicy(), asOf, spill); err != nil {
			t.Fatal(err)
		}
		if err := writePairing(&p, schools, rules.DefaultPolicy(), asOf); err != nil {
			t.Fatal(err)
		}
		return b.Bytes(), p.Bytes(), schools
	}
	wantBook, wantPairing, held := write("", false)
	dir := t.TempDir()
	for _, spill := range []string{"", dir} {
		book, pairing, schools := write(spill, true)
		if !bytes.Equal(book, wantBook) || !bytes.Equal(pairing, wantPairing) {
			t.Errorf("spill %q: the workbooks differ from those written with the children held", spill)
		}
		if len(schools) != 2 {
			t.Fatalf("%d schools", len(schools))
		}
		for k, s := range schools {
			got, err := s.withChildren()
			if err != nil {
				t.Fatal(err)
			}
			for j, c := range got {
				want := held[k].classes[j].Results
				if len(c.Results) != len(want) || len(c.Results) == 0 {
					t.Fatalf("%s%s: %d children back, want %d", c.School, c.Name, len(c.Results), len(want))
				}
				for n, r := range c.Results {
					w := want[n]
					if r.Child.Name != w.Child.Name || r.Visit != w.Visit || r.DaysSinceVisit != w.DaysSinceVisit ||
						!r.Child.LastVisit.Time.Equal(w.Child.LastVisit.Time) || len(r.Reasons) != len(w.Reasons) {
						t.Errorf("%s%s child %d: got %+v, want %+v", c.School, c.Name, n, r, w)
					}
				}
			}
		}
		if spill != "" {
			if files, _ := filepath.Glob(filepath.Join(dir, "children-*.bin")); len(files) != 1 {
				t.Errorf("store files in the folder while open: %v", files)
			}
		}
	}
}
