package ingest

import (
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"liushou/rules"
)

// csvRoster is a two-level header with no merges, as a CSV export has it: the group
// cell 父亲 stands over its first sub-column only.
const csvRoster = "红星小学留守儿童名单\n" +
	"班级,学生姓名,父亲,,母亲,,最近家访日期\n" +
	",,姓名,联系电话,姓名,联系电话,\n" +
	"三(2)班,王芳,王建军,13812345678,张丽,１３９１２３４５６７８,2026/11/03\n"

func TestReadCSV(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(csvRoster))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"utf-8", []byte(csvRoster)},
		{"utf-8 with BOM", append([]byte("\xEF\xBB\xBF"), csvRoster...)},
		{"gbk from WPS", gbk},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := ReadBytes("名单.csv", tt.data)
			if res.Input.Status != rules.InputOK || len(res.Children) != 1 {
				t.Fatalf("status %s %s, %d children, problems %+v", res.Input.Status, res.Input.Reason, len(res.Children), res.Problems)
			}
			c := res.Children[0]
			if c.Sheet != "名单" || c.Row != 4 || c.School != "红星小学" || c.Class != "三年级(2)班" || c.Name != "王芳" ||
				c.Father.Name != "王建军" || c.Father.Phone != "13812345678" || c.Mother.Name != "张丽" || c.Mother.Phone != "13912345678" ||
				c.LastVisit.Time.Format("2006-01-02") != "2026-11-03" || c.LastVisit.Cell != "G4" {
				t.Errorf("child %+v", c)
			}
		})
	}
}
