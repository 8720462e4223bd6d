package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestReplySlipUsedNextRun: a family's reply slip, entered in the roster's 回执登记
// sheet, gives a new phone and a new work address. The next run's checklist calls the
// new phone, the letter's envelope and the mailing list use the new address and the
// mailing list marks the reply; the roster is not changed, and the problem list names
// its row; the child's 档案 lists the reply, and a 谈心记录 entry beside it.
func TestReplySlipUsedNextRun(t *testing.T) {
	skipIfShort(t)
	in := sampleInbox(t)
	roster := filepath.Join(in, "roster.xlsx")
	// 潘若曦 of 一年级(1)班: father 潘军 13534119488, working in 浙江省宁波市慈溪市 (too vague
	// to post to); the reply gives a street address and a new number.
	addSheets(t, roster,
		logSheet{"回执登记", [][]any{{"回执日期", "班级", "学生姓名", "与学生关系", "新的务工地址", "新的联系电话", "家长意见"},
			{"2026-11-20", "一年级（1）班", "潘若曦", "父亲", "浙江省宁波市慈溪市浒山街道新城大道北路 88 号", "139 0574 2211", "孩子拜托老师多费心"}}},
		logSheet{"谈心记录", [][]any{{"谈心日期", "班级", "学生姓名", "谈心教师", "谈心内容"},
			{"2026-11-18", "一年级（1）班", "潘若曦", "陈晓燕", "想妈妈，聊了半小时"}}})
	before, _ := os.ReadFile(roster)

	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-28", in); code != 3 && code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	if after, _ := os.ReadFile(roster); string(after) != string(before) {
		t.Fatal("the roster was changed")
	}
	class := filepath.Join(out, "青石镇中心小学", "一年级(1)班")
	checklist := squeeze(pdfText(t, filepath.Join(class, "检查清单.pdf")))
	if !strings.Contains(checklist, "13905742211") || strings.Contains(checklist, "13534119488") {
		t.Errorf("the checklist does not call the reply's number instead of the roster's:\n%s", checklist)
	}
	record := squeeze(pdfText(t, filepath.Join(class, "档案.pdf")))
	for _, want := range []string{"回执", "谈心", "回执登记", "谈心记录"} {
		if !strings.Contains(record, want) {
			t.Errorf("the 档案 lacks %q", want)
		}
	}
	batch := filepath.Join(out, "信件", "2026-11-28", "青石镇中心小学", "一年级(1)班")
	envelopes := squeeze(pdfText(t, filepath.Join(batch, "信封.pdf")))
	if !strings.Contains(envelopes, "浒山街道新城大道北路88号") {
		t.Errorf("no envelope to the reply's address:\n%s", envelopes)
	}
	m, err := excelize.OpenFile(filepath.Join(batch, "邮寄清单.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	rows, _ := m.GetRows("邮寄")
	found := false
	for _, r := range rows[1:] {
		if len(r) > 9 && r[3] == "潘若曦" {
			found = true
			if !strings.Contains(r[6], "新城大道北路") || r[9] != "2026-11-20" {
				t.Errorf("mailing list row = %q", r)
			}
		}
	}
	if !found {
		t.Errorf("潘若曦 is not on the posted list: %q", rows)
	}
	p, err := excelize.OpenFile(filepath.Join(out, "问题清单.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	all := ""
	for _, sh := range p.GetSheetList() {
		rs, _ := p.GetRows(sh)
		for _, r := range rs {
			all += strings.Join(r, "|") + "\n"
		}
	}
	if !strings.Contains(all, "回执") || !strings.Contains(all, "请把花名册改过来") {
		t.Errorf("the problem list does not name the roster's row to update:\n%s", all)
	}
}

// TestAwaitedReplies: a month after a batch is recorded as posted, every family of it with
// no reply slip dated since is asked after in its child's reasons (the checklist); a
// family whose reply came back is not. Before the month is out, nobody is.
func TestAwaitedReplies(t *testing.T) {
	skipIfShort(t)
	in := sampleInbox(t)
	out := filepath.Join(t.TempDir(), "out")
	runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-28", in)
	if code, _, stderr := runCmd(t, "letters", "--posted", "2026-11-28", "--out", out, "--as-of", "2026-11-28", in); code != 0 {
		t.Fatalf("letters --posted: exit %d\n%s", code, stderr)
	}
	roster := filepath.Join(in, "roster.xlsx")
	f, err := excelize.OpenFile(roster)
	if err != nil {
		t.Fatal(err)
	}
	f.NewSheet("回执登记")
	for i, row := range [][]any{{"回执日期", "班级", "学生姓名", "与学生关系", "家长意见"}, {"2026-12-10", "一年级（1）班", "潘若曦", "父亲", "收到"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("回执登记", cell, &row)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	old := time.Now().Add(-time.Hour)
	os.Chtimes(roster, old, old)
	early := askedAt(t, out, in, "2026-12-20")
	if len(early) != 0 {
		t.Errorf("asked after before the month is out: %v", early)
	}
	late := askedAt(t, out, in, "2026-12-29")
	if late["潘若曦"] || len(late) < 5 {
		t.Errorf("asked after on 2026-12-29: %v (潘若曦 replied on 2026-12-10)", late)
	}
}

// askedAt runs on asOf and names the children of 一年级(1)班 whose reply is asked after.
func askedAt(t *testing.T, out, in, asOf string) map[string]bool {
	t.Helper()
	runCmd(t, "run", "-q", "--out", out, "--as-of", asOf, in)
	names := map[string]bool{}
	for _, c := range readSummary(t, out).Children {
		if c.Class == "一年级(1)班" && strings.Contains(strings.Join(c.Reasons, "；"), "没有收到回执") {
			names[c.Name] = true
		}
	}
	return names
}
