package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"liushou/output"
	"liushou/output/outdir"
)

// TestTemplateRoundTrip: a roster filled in on the template ingests with zero problems,
// and the template never overwrites a file.
func TestTemplateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "模板.xlsx")
	if code, _, stderr := runCmd(t, "template", path); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "template", path); code != exitFailed || !strings.Contains(stderr, "已经存在") {
		t.Errorf("second template over the first: exit %d, %q", code, stderr)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	header, _ := f.GetRows("花名册")
	if len(header) < 2 || strings.Join(header[1], ",") != strings.Join(output.TemplateHeaders(), ",") {
		t.Fatalf("header row %q", header)
	}
	if dvs, _ := f.GetDataValidations("花名册"); len(dvs) < 6 {
		t.Errorf("%d data validations, want drop-downs and date checks", len(dvs))
	}
	// Fill two children as a teacher would: IDs and phones typed into text cells, dates
	// typed as dates, a sign chosen from the list; the pre-formatted rows stay empty.
	rows := [][]any{
		{1, "青石镇中心小学", "三年级(2)班", "王芳", "女", "522401201908122589", "李桂英", "祖母", "13698765432",
			"王建军", "广东省东莞市长安镇兴发路 12 号", "523850", "13812345678", "张丽", "浙江省义乌市", "", "13912345678", "陈晓燕",
			time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), "情绪不好", time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), ""},
		{2, "青石镇中心小学", "三年级(2)班", "赵磊", "男", "52240120190523127X", "赵德", "祖父", "0857-7712345",
			"赵强", "上海市松江区", "", "13812345679", "", "", "", "", "陈晓燕", "2026-11-25", "", "", "", "寄宿"},
	}
	for i, r := range rows {
		if err := f.SetSheetRow("花名册", fmt.Sprintf("A%d", i+3), &r); err != nil {
			t.Fatal(err)
		}
	}
	filled := filepath.Join(dir, "filled.xlsx")
	defer f.Close()
	// A visit logged on the template's 家访记录 sheet counts.
	f.SetSheetRow("家访记录", "A2", &[]any{time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), "三年级(2)班", "赵磊", "陈晓燕", "入户", "学习进步"})
	if err := f.SaveAs(filled); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := runCmd(t, "check", "--as-of", "2026-11-28", filled)
	if code != exitOK || !strings.Contains(stdout, "留守儿童 2 名，没有发现问题") || !strings.Contains(stdout, "工作表“家访记录”按家访记录读取") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	for _, sh := range []string{"家访记录", "通话记录", "填写说明"} {
		if idx, _ := f.GetSheetIndex(sh); idx < 0 {
			t.Errorf("the template has no %s sheet", sh)
		}
	}
}

// TestPolicyFile: a liushou.toml beside the rosters changes the statuses exactly as
// configured; a bad setting stops the run before any file is written.
func TestPolicyFile(t *testing.T) {
	roster := [][]any{
		{"班级", "学生姓名", "父亲电话", "最近家访日期", "最近通话日期", "近期情况", "情况登记日期"},
		{"三年级(2)班", "甲", "13812345678", "2026-11-18", "2026-11-18", "", ""},                 // 10 days
		{"三年级(2)班", "乙", "13812345678", "2026-11-16", "2026-11-16", "", ""},                 // 12 days
		{"三年级(2)班", "丙", "13812345678", "2026-11-13", "2026-11-13", "", ""},                 // 15 days
		{"三年级(2)班", "丁", "13812345678", "2026-11-18", "2026-11-27", "总是念叨外婆", "2026-11-20"}, // a school's own sign
		{"三年级(2)班", "戊", "13812345678", "2026-11-18", "2026-11-27", "迟到", "2026-11-20"},     // 迟到 no longer a sign word
	}
	tests := []struct {
		name   string
		policy string
		visits map[string]string
		calls  map[string]string
	}{
		{"defaults", "",
			map[string]string{"甲": "ok", "乙": "ok", "丙": "ok", "丁": "ok", "戊": "urgent"},
			map[string]string{"甲": "ok", "乙": "ok", "丙": "ok"}},
		{"fortnightly visits, weekly calls", "[rules]\nvisit_every_days = 14\ncall_every_days = 7\ndue_soon_days = 3\n",
			map[string]string{"甲": "ok", "乙": "due_soon", "丙": "overdue", "戊": "urgent"},
			map[string]string{"甲": "overdue", "乙": "overdue", "丙": "overdue", "丁": "ok"}},
		{"the school's own sign words", "[signs]\n\"想家\" = [\"念叨外婆\", \"想家\"]\n\"迟到早退\" = [\"早退\"]\n",
			map[string]string{"丁": "urgent", "戊": "ok"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeRoster(t, filepath.Join(dir, "r.xlsx"), roster)
			if tt.policy != "" {
				os.WriteFile(filepath.Join(dir, "liushou.toml"), []byte(tt.policy), 0o644)
			}
			out := filepath.Join(t.TempDir(), "out")
			if code, stdout, stderr := runCmd(t, "run", "-q", "--out", out, "--as-of", "2026-11-28", dir); code != exitOK {
				t.Fatalf("exit %d %s %s", code, stdout, stderr)
			}
			raw, _ := os.ReadFile(filepath.Join(out, "summary.json"))
			var sum output.Summary
			json.Unmarshal(raw, &sum)
			for _, c := range sum.Children {
				if w, ok := tt.visits[c.Name]; ok && c.Visit != w {
					t.Errorf("%s visit %s, want %s (%q)", c.Name, c.Visit, w, c.Reasons)
				}
				if w, ok := tt.calls[c.Name]; ok && c.Call != w {
					t.Errorf("%s call %s, want %s", c.Name, c.Call, w)
				}
			}
		})
	}
	t.Run("bad setting", func(t *testing.T) {
		dir := t.TempDir()
		writeRoster(t, filepath.Join(dir, "r.xlsx"), roster)
		os.WriteFile(filepath.Join(dir, "liushou.toml"), []byte("[rules]\n# 每两周\nvisit_every_days = 0\n"), 0o644)
		out := filepath.Join(t.TempDir(), "out")
		code, _, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", dir)
		if code != exitFailed || !strings.Contains(stderr, "liushou.toml 第 3 行 rules.visit_every_days：应为 1 到 366 之间的整数（现在是 0）") {
			t.Errorf("exit %d, %q", code, stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Error("files were written despite the bad setting")
		}
	})
	t.Run("init writes the default once", func(t *testing.T) {
		dir := t.TempDir()
		if code, _, stderr := runCmd(t, "init", dir); code != exitOK {
			t.Fatalf("exit %d %s", code, stderr)
		}
		if code, _, _ := runCmd(t, "init", dir); code != exitFailed {
			t.Errorf("second init: exit %d, want %d", code, exitFailed)
		}
		writeRoster(t, filepath.Join(dir, "r.xlsx"), roster)
		if code, stdout, _ := runCmd(t, "check", "--as-of", "2026-11-28", dir); code != exitOK {
			t.Errorf("check with the default liushou.toml: exit %d\n%s", code, stdout)
		}
	})
}

// TestLetterTemplates: an edited letter template changes the letters; a template with an
// unknown field is refused, with its line, before any file is written.
func TestLetterTemplates(t *testing.T) {
	needPdftotext(t)
	dir := t.TempDir()
	if code, _, stderr := runCmd(t, "init", dir); code != exitOK {
		t.Fatalf("init: %d %s", code, stderr)
	}
	writeRoster(t, filepath.Join(dir, "r.xlsx"), [][]any{
		{"班级", "学生姓名", "父亲姓名", "父亲电话", "最近家访日期", "最近通话日期"},
		{"三年级(2)班", "王芳", "王建军", "13812345678", "2026-11-20", "2026-11-21"},
	})
	tpl := filepath.Join(dir, "开学家长信.txt")
	text, _ := os.ReadFile(tpl)
	edited := strings.Replace(string(text), "## 三、联系方式", "本学期学校新建了留守儿童之家，{{.学生姓名}}每周三下午可以在那里和您视频通话。\n## 三、联系方式", 1)
	os.WriteFile(tpl, []byte(edited), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	if code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", dir); code != exitOK {
		t.Fatalf("exit %d %s %s", code, stdout, stderr)
	}
	// liushou init leaves the school's details empty: the letters are drafts.
	letters, _ := exec.Command("pdftotext", filepath.Join(out, output.DraftsDir, "未填学校", "三年级(2)班", output.LettersFile), "-").Output()
	if !strings.Contains(squeeze(string(letters)), "本学期学校新建了留守儿童之家，王芳每周三下午可以在那里和您视频通话。") {
		t.Errorf("the edited sentence is not in the letter:\n%s", letters)
	}

	broken := strings.Replace(edited, "{{.学生姓名}}每周三", "{{.孩子名字}}每周三", 1)
	os.WriteFile(tpl, []byte(broken), 0o644)
	out2 := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCmd(t, "run", "--out", out2, "--as-of", "2026-11-28", dir)
	line := strings.Count(broken[:strings.Index(broken, "{{.孩子名字}}")], "\n") + 1
	want := "开学家长信.txt 第 " + strconv.Itoa(line) + " 行：没有“{{.孩子名字}}”这个字段"
	if code != exitFailed || !strings.Contains(stderr, want) || !strings.Contains(stderr, "没有生成任何文件") {
		t.Errorf("exit %d, %q; want %q", code, stderr, want)
	}
	if _, err := os.Stat(out2); !os.IsNotExist(err) {
		t.Error("files were written despite the broken template")
	}
}

// schoolSettings are the school's own details, without which letters are drafts.
const schoolSettings = "[school]\nname = \"红星小学\"\naddress = \"红星镇 1 号\"\nphone = \"0857-1234567\"\n"

// TestDraftLettersUntilSchoolIsSet: a first run without the school's details prints the
// letters as drafts, records none and says what is missing; once the details are set,
// the first real batch goes to every family.
func TestDraftLettersUntilSchoolIsSet(t *testing.T) {
	needPdftotext(t)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	os.Mkdir(in, 0o755)
	writeRoster(t, filepath.Join(in, "r.xlsx"), [][]any{{"学校", "班级", "学生姓名", "父亲姓名", "父亲电话"},
		{"红星小学", "三年级(2)班", "王芳", "王建军", "13812345678"}, {"红星小学", "三年级(2)班", "李明", "李强", "13812345679"}})
	code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", in)
	if code != exitOK || !strings.Contains(stdout, "这次的 2 封家长信是草稿") || !strings.Contains(stdout, "school.address") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	draft := filepath.Join(out, output.DraftsDir, "红星小学", "三年级(2)班", output.LettersFile)
	text, _ := exec.Command("pdftotext", draft, "-").Output()
	if strings.Count(string(text), "草稿：学校信息还没有填写完整，请勿寄出") != 2 {
		t.Errorf("drafts not marked on each page:\n%s", text)
	}
	if _, err := os.Stat(filepath.Join(out, outdir.LettersDir)); err == nil {
		t.Error("a letter batch was made from drafts")
	}
	if st, _ := outdir.LoadState(out); st.Letters.Len() != 0 {
		t.Errorf("drafts recorded as sent: %d", st.Letters.Len())
	}
	os.WriteFile(filepath.Join(in, "liushou.toml"), []byte(schoolSettings), 0o644)
	code, stdout, _ = runCmd(t, "run", "--out", out, "--as-of", "2026-11-29", in)
	if code != exitOK || !strings.Contains(stdout, "本次新生成家长信 2 封") {
		t.Errorf("after the settings: exit %d\n%s", code, stdout)
	}
	if _, err := os.Stat(draft); err == nil {
		t.Error("the drafts stayed after the real batch")
	}
}

// TestSettingsNameAClassNoRosterHolds: a class teacher set for a class that is on no
// roster is pointed at by its line, in check and in run.
func TestSettingsNameAClassNoRosterHolds(t *testing.T) {
	dir := t.TempDir()
	writeRoster(t, filepath.Join(dir, "r.xlsx"), [][]any{{"班级", "学生姓名"}, {"三年级2班", "王芳"}})
	os.WriteFile(filepath.Join(dir, "liushou.toml"), []byte("[class_teachers.\"三年级(2)班\"]\nname = \"陈\"\n\n[class_teachers.\"五年级(3)班\"]\nname = \"李\"\n"), 0o644)
	_, stdout, _ := runCmd(t, "check", "--as-of", "2026-11-28", dir)
	if !strings.Contains(stdout, "liushou.toml 第 5 行 class_teachers：花名册里没有“五年级(3)班”") || strings.Contains(stdout, "没有“三年级(2)班”") {
		t.Errorf("check:\n%s", stdout)
	}
	_, _, stderr := runCmd(t, "run", "-q", "--out", filepath.Join(dir, "out"), "--as-of", "2026-11-28", dir)
	if !strings.Contains(stderr, "花名册里没有“五年级(3)班”") {
		t.Errorf("run:\n%s", stderr)
	}
}

// TestInitThenRunFindsTheSettings: init in the roster folder, a school's details filled
// in with Notepad as GBK, and run on that folder: the run names the file and its letters
// carry the school (not drafts). init with no folder says where run looks.
func TestInitThenRunFindsTheSettings(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "花名册")
	os.MkdirAll(in, 0o755)
	if code, stdout, stderr := runCmd(t, "init", in); code != exitOK || strings.Contains(stdout, "注意") {
		t.Fatalf("init: exit %d %s %s", code, stdout, stderr)
	}
	b, err := os.ReadFile(filepath.Join(in, "liushou.toml"))
	if err != nil || !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) || !bytes.Contains(b, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(b, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatalf("init should write UTF-8 with a BOM and CRLF line ends: %v %q", err, b[:min(len(b), 40)])
	}
	text := strings.Replace(string(b[3:]), `name = ""`, `name = "红星镇中心小学"`, 1)
	text = strings.Replace(text, `address = ""`, `address = "台江县红星镇 1 号"`, 1)
	text = strings.Replace(text, `phone = ""`, `phone = "0855-5312345"`, 1)
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(in, "liushou.toml"), gbk, 0o644)
	writeRoster(t, filepath.Join(in, "三年级.xlsx"), [][]any{{"班级", "学生姓名", "父亲电话"}, {"三年级(2)班", "王芳", "13812345678"}})
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCmd(t, "run", "--out", out, "--as-of", "2026-11-28", in)
	if code != exitOK && code != exitDataErrors {
		t.Fatalf("run: exit %d %s", code, stderr)
	}
	if !strings.Contains(stdout, "设置文件："+filepath.Join(in, "liushou.toml")) || strings.Contains(stdout, "草稿") {
		t.Errorf("the run should name the settings it read and make real letters:\n%s", stdout)
	}
	here := t.TempDir()
	t.Chdir(here)
	if code, stdout, _ := runCmd(t, "init"); code != exitOK || !strings.Contains(stdout, "在花名册所在的文件夹里找") {
		t.Errorf("init with no folder: exit %d\n%s", code, stdout)
	}
}
