package output

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"liushou/rules"
)

// TestPairingFigures: 结对考核.xlsx counts each paired teacher's children, flags one over
// the limit, credits this term's visits and calls (not last term's), and lists the child
// with no paired teacher.
func TestPairingFigures(t *testing.T) {
	var children []rules.Child
	for i, name := range []string{"甲", "乙", "丙", "丁", "戊", "己"} {
		c := sampleChild()
		c.Name, c.Row = "王"+name, 5+i
		c.Teacher = "陈老师"
		switch {
		case i == 4:
			c.Teacher = "李老师"
			c.VisitLog = []rules.Date{{Time: asOf.AddDate(0, 0, -5), Sheet: "家访记录"}, {Time: asOf.AddDate(0, -6, 0), Sheet: "家访记录"}}
			c.CallLog = []rules.Date{{Time: asOf.AddDate(0, 0, -2), Sheet: "通话记录"}}
		case i == 5:
			c.Teacher = ""
		}
		children = append(children, c)
	}
	rep := rules.Evaluate(rules.Roster{Children: children}, rules.DefaultPolicy(), asOf)
	var buf bytes.Buffer
	if err := writePairing(&buf, []schoolTally{{School: "青石镇中心小学", classes: rep.Classes()}}, rules.DefaultPolicy(), asOf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("结对教师")
	got := map[string][]string{}
	for _, r := range rows[1:] {
		got[r[1]] = r
	}
	if r := got["陈老师"]; len(r) < 6 || r[2] != "4" || r[3] != "超过 1 名" || r[4] != "0" {
		t.Errorf("陈老师: %q", r)
	}
	if r := got["李老师"]; len(r) < 6 || r[2] != "1" || r[3] != "" || r[4] != "1" || r[5] != "1" {
		t.Errorf("李老师 (one visit this term, one last term; one call): %q", r)
	}
	none, _ := f.GetRows("没有结对教师的学生")
	if len(none) != 2 || none[1][2] != "王己" {
		t.Errorf("no paired teacher: %q", none)
	}
}
