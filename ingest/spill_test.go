package ingest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"liushou/rules"
)

// TestSpillAsChildren: a Load whose children go to disk by class gives back, class by
// class, exactly the children a Load in memory keeps, with the same inputs, problems,
// columns and pupils: on every workbook of the tests and the samples together, copies and
// partial copies, a 学籍 list that checks a roster, logs with reply slips, and a large
// roster in no order of classes (its classes in many packs).
func TestSpillAsChildren(t *testing.T) {
	defer func(n, b int) { spillBuffer, blockRows = n, b }(spillBuffer, blockRows)
	blockRows = 700 // a large roster is read and spilled in several blocks
	asOf := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	folders := map[string]func(t *testing.T, dir string){
		"every workbook of the tests": func(t *testing.T, dir string) {
			n := 0
			for _, root := range []string{"testdata/forms", "testdata/libreoffice", "testdata/rosters", "../samples"} {
				filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
					if err != nil || d.IsDir() || strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".md") || !strings.Contains(p, ".") ||
						!rosterExts[strings.ToLower(filepath.Ext(p))] {
						return nil
					}
					data, err := os.ReadFile(p)
					if err != nil {
						t.Fatal(err)
					}
					n++
					name := filepath.Join(dir, fmt.Sprintf("%02d-%s", n, filepath.Base(p)))
					if err := os.WriteFile(name, data, 0o644); err != nil {
						t.Fatal(err)
					}
					return nil
				})
			}
			// The sample roster again, older (a copy), and its first rows, newer.
			data, err := os.ReadFile("../samples/roster.xlsx")
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, "roster - 副本.xlsx"), data, 0o644)
			old := time.Now().Add(-72 * time.Hour)
			os.Chtimes(filepath.Join(dir, "roster - 副本.xlsx"), old, old)
		},
		"copies and shared children": func(t *testing.T, dir string) {
			writeBook(t, dir, "a.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: rosterRows(0, 10)}}})
			writeBook(t, dir, "b.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: append(rosterRows(0, 3), rosterRows(40, 5)[1:]...)}}})
			writeBook(t, dir, "c.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: rosterRows(0, 10)}}})
			writeBook(t, dir, "d.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: append(rosterRows(2, 4), []any{"三年级(2)班", "学生甲丁", testID(99), "外婆", "13900000000"})}}})
			now := time.Now()
			for i, name := range []string{"a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx"} {
				at := now.Add(time.Duration(i-4) * time.Hour)
				os.Chtimes(filepath.Join(dir, name), at, at)
			}
		},
		"logs and reply slips": func(t *testing.T, dir string) {
			writeBook(t, dir, "r.xlsx", book{sheets: []bookSheet{
				{name: "花名册", rows: [][]any{
					{"班级", "学生姓名", "身份证号", "监护人", "父亲电话", "母亲电话", "父亲务工地", "最近家访日期", "最近通话日期"},
					{"三年级(2)班", "王芳", "522401201908122589", "李桂英", "13812345678", "", "广东东莞", "2026-11-20", ""},
					{"三年级(2)班", "赵磊", "52240120190523127X", "赵德", "13812345679", "13812345689", "", "2026-10-01", "2026-10-01"},
					{"四年级(1)班", "赵磊", "", "赵强", "13812345670", "", "", "", ""},
					{"四年级(1)班", "孙丽", "", "孙红", "13812345671", "", "", "", ""},
					{"三年级(2)班", "王芳", "522401201908122589", "李桂英", "13812345678", "", "", "", ""},
				}},
				{name: "家访记录", rows: [][]any{
					{"家访日期", "班级", "学生姓名", "家访教师", "家访内容"},
					{"2026-11-01", "三年级(2)班", "王芳", "陈老师", "了解学习情况"},
					{"2026-11-25", "三(2)班", "赵磊", "陈老师", "谈心"},
					{"2026-11-26", "", "赵磊", "陈老师", "谈心"},
					{"2026-11-26", "五年级(1)班", "钱多", "陈老师", "谈心"},
					{"2026-11-27", "四年级(1)班", "孙丽", "陈老师", "谈心"},
				}},
				{name: "通话记录", rows: [][]any{
					{"通话日期", "身份证号", "学生姓名", "通话对象", "通话内容"},
					{"2026-11-10", "52240120190523127X", "", "父亲", "学习"},
					{"2026-11-21", "522401201908122589", "王芳", "母亲", "生活"},
				}},
				{name: "回执登记", rows: [][]any{
					{"回执日期", "班级", "学生姓名", "与学生关系", "新的务工地址", "新的联系电话", "家长意见"},
					{"2026-11-15", "三年级(2)班", "王芳", "父亲", "浙江省宁波市", "13900000001", "收到"},
					{"2026-11-16", "四年级(1)班", "孙丽", "母亲", "", "13900000002", "收到"},
					{"2026-11-17", "三年级(2)班", "赵磊", "母亲", "", "13812345689", "没有变"},
				}},
				{name: "谈心记录", rows: [][]any{
					{"谈心日期", "班级", "学生姓名", "谈心教师", "谈心内容"},
					{"2026-11-18", "四年级(1)班", "孙丽", "陈老师", "想妈妈"},
				}},
			}})
		},
		"a 学籍 list that checks the roster": func(t *testing.T, dir string) {
			writeBook(t, dir, "花名册.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: rosterRows(0, 12)}}})
			rows := [][]any{{"班级", "学生姓名", "身份证号", "是否留守儿童"}}
			for i := 2; i < 16; i++ {
				leftBehind := "是"
				if i >= 13 {
					leftBehind = "否"
				}
				rows = append(rows, []any{"三年级(2)班", fmt.Sprintf("学生%c%c", '甲'+rune(i/10), '子'+rune(i%10)), testID(i), leftBehind})
			}
			writeBook(t, dir, "学籍.xlsx", book{sheets: []bookSheet{{name: "学生基本信息", rows: rows}}})
		},
		"hidden sheets": func(t *testing.T, dir string) {
			// One hidden sheet holds mostly the visible roster's children (an old list,
			// told by its children, not its name); another holds other children.
			// (Without the ID column: its 2018 births would make any sheet an old one by its
			// first rows.)
			noIDs := func(rows [][]any) [][]any {
				for i, r := range rows {
					rows[i] = append(r[:2:2], r[3:]...)
				}
				return rows
			}
			writeBook(t, dir, "r.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: noIDs(rosterRows(0, 30))},
				{name: "Sheet2", rows: noIDs(rosterRows(5, 20)), hidden: true}, {name: "Sheet3", rows: noIDs(rosterRows(60, 10)), hidden: true}}})
		},
		"a large roster in no order of classes": func(t *testing.T, dir string) {
			rows := [][]any{{"班级", "学生姓名", "身份证号", "监护人", "监护人电话"}}
			for i := 0; i < 3000; i++ {
				class := fmt.Sprintf("%s年级(%d)班", []string{"一", "二", "三", "四", "五", "六"}[(i*7)%6], 1+(i*11)%5)
				rows = append(rows, []any{class, fmt.Sprintf("学生%c%c%c", '甲'+rune(i/100), '子'+rune(i/10%10), '子'+rune(i%10)), testID(i), "祖母", "13812345678"})
			}
			rows = append(rows, rows[17], rows[2900]) // the same child twice
			writeBook(t, dir, "全县.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: rows}}})
			writeBook(t, dir, "部分.xlsx", book{sheets: []bookSheet{{name: "花名册", rows: append(rows[:1:1], rows[100:160]...)}}})
		},
	}
	names := make([]string, 0, len(folders))
	for name := range folders {
		names = append(names, name)
	}
	sort.Strings(names)
	seen := map[string]bool{} // the problems the folders gave
	for _, name := range names {
		for _, buffer := range []int{spillBuffer, 7} {
			t.Run(fmt.Sprintf("%s, %d waiting", name, buffer), func(t *testing.T) {
				spillBuffer = buffer
				dir := t.TempDir()
				folders[name](t, dir)
				want, err := Load([]string{dir}, Options{AsOf: asOf})
				if err != nil {
					t.Fatal(err)
				}
				if len(want.Children) == 0 {
					t.Fatal("no children: the folder tests nothing")
				}
				for _, p := range want.Problems {
					seen[p.Code] = true
				}
				// Read from the rosters, then again from the parse cache (the children go
				// from the cache to the spill a chunk at a time, never whole in memory).
				cache := t.TempDir()
				for _, from := range []string{"the rosters", "the cache"} {
					got, err := Load([]string{dir}, Options{AsOf: asOf, SpillDir: t.TempDir(), CacheDir: cache, CacheSalt: "test"})
					if err != nil {
						t.Fatal(err)
					}
					if got.Spill.drafted == 0 {
						t.Fatalf("from %s, no child went to the spill as it was read", from)
					}
					compareSpill(t, from, got, want)
				}
				// The entries the spilling Load wrote (their children in the spill's order,
				// placed as read) read in memory as the rosters do.
				again, err := Load([]string{dir}, Options{AsOf: asOf, CacheDir: cache, CacheSalt: "test"})
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(again, want) {
					t.Errorf("the spill's cache entries read in memory differ from the rosters: %d children, %d", len(again.Children), len(want.Children))
				}
			})
		}
	}
	// What the folders are there for: the checks across files that set rows aside or
	// give children what the logs say.
	for _, code := range []string{"duplicate_file", "duplicate_file_shared", "duplicate_file_diff", "duplicate_id",
		"pupil_not_on_roster", "child_not_in_pupil_list", "reply_newer", "log_ambiguous", "hidden_sheet_old", "hidden_sheet"} {
		if !seen[code] {
			t.Errorf("no %s in any folder", code)
		}
	}
}

// compareSpill compares a Load whose children are in a spill with the same Load in memory:
// the children class by class, and the rest of what it read.
func compareSpill(t *testing.T, from string, got, want Loaded) {
	t.Helper()
	defer got.Spill.Close()
	if len(got.Children) != 0 || got.Spill == nil {
		t.Fatalf("from %s: %d children in memory with a spill (%v)", from, len(got.Children), got.Spill != nil)
	}
	children := spilled(t, got.Spill)
	if len(children) != len(want.Children) {
		t.Fatalf("from %s: %d children spilled, %d in memory", from, len(children), len(want.Children))
	}
	for i := range children {
		if !reflect.DeepEqual(children[i], want.Children[i]) {
			t.Fatalf("from %s, child %d differs:\nspilled   %+v\nin memory %+v", from, i, children[i], want.Children[i])
		}
	}
	got.Spill, got.Children = nil, want.Children
	if !reflect.DeepEqual(got, want) {
		t.Errorf("from %s, the rest of the load differs:\nspilled   %+v\nin memory %+v", from, got.Problems, want.Problems)
	}
}

// spilled is every child a spill gives back, in roster order.
func spilled(t *testing.T, s *Spill) []rules.Child {
	t.Helper()
	type placed struct {
		at int32
		c  rules.Child
	}
	var all []placed
	read := 0
	for i, cl := range s.Classes() {
		children, at, err := s.Class(i)
		if err != nil {
			t.Fatal(err)
		}
		read += cl.Read
		for j, c := range children {
			if c.School != cl.School || c.Class != cl.Class {
				t.Fatalf("class %d (%s %s) gave a child of %s %s", i, cl.School, cl.Class, c.School, c.Class)
			}
			all = append(all, placed{at[j], c})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].at < all[j].at })
	out := make([]rules.Child, len(all))
	for i, p := range all {
		out[i] = p.c
	}
	return out
}
