package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// BenchmarkReadSample reads the sample roster: a school of 60 children.
func BenchmarkReadSample(b *testing.B) {
	data, err := os.ReadFile("../samples/roster.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if res := ReadBytes("roster.xlsx", data); res.Input.Status != "ok" {
			b.Fatal(res.Input.Reason)
		}
	}
}

// manyClassFiles writes n small rosters, one class each (a county that keeps a file per
// class), into dir, and returns how many children they hold.
func manyClassFiles(b testing.TB, dir string, n int) int {
	b.Helper()
	children := 0
	for i := 0; i < n; i++ {
		class := fmt.Sprintf("%s年级(%d)班", []string{"一", "二", "三", "四", "五", "六"}[i%6], i/6+1)
		rows := [][]any{{"学校", "班级", "学生姓名", "监护人", "监护人电话"}}
		for j := 0; j < 3; j++ {
			rows = append(rows, []any{fmt.Sprintf("第%d小学", i/60), class, fmt.Sprintf("学生%c%c", '甲'+rune(i%50), '子'+rune(j)), "祖母", "13812345678"})
			children++
		}
		f := excelize.NewFile()
		for r, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			f.SetSheetRow("Sheet1", cell, &row)
		}
		sub := filepath.Join(dir, fmt.Sprintf("学校%03d", i/60))
		os.MkdirAll(sub, 0o755)
		if err := f.SaveAs(filepath.Join(sub, class+".xlsx")); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	return children
}

// BenchmarkManyFiles reads an inbox of 1,000 and of 10,000 small class files: time and
// memory should grow with the files' children, not with the square of the files.
func BenchmarkManyFiles(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := b.TempDir()
			want := manyClassFiles(b, dir, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				roster, err := Load([]string{dir}, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if len(roster.Inputs) != n || len(roster.Children) != want {
					b.Fatalf("%d inputs, %d children; want %d, %d", len(roster.Inputs), len(roster.Children), n, want)
				}
			}
		})
	}
}
