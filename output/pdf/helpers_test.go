package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"liushou/internal/testtool"
)

var asOf = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

func toolMissing(t testing.TB, msg string) { t.Helper(); testtool.Missing(t, msg) }

func pdfText(t *testing.T, pdf []byte, args ...string) string {
	t.Helper()
	return testtool.PDFText(t, pdf, args...)
}

func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// letterLines are a page of a parent letter's kind of text: more different characters
// than one font dictionary names, with digits, brackets and full-width punctuation.
var letterLines = []string{
	"致家长的一封信",
	"2026—2027学年第一学期（期初）",
	"尊敬的王小明同学的家长：您好！",
	"您在外务工辛苦了。孩子在学校的学习和生活情况良好，老师们每月家访一次，每月与您通话一次。",
	"如孩子出现情绪不好、身体不佳、成绩下降、迟到早退、与同学争吵等情况，学校将立即家访并告知您。",
	"请您每周至少给孩子打一次电话，多关心孩子的学习、身体和心情；如联系方式有变，请及时告诉班主任。",
	"学校地址：贵州省台江县文化路1号，邮编556400，电话0855-5312345。班主任：李老师 13812345678。",
	"回执：家长姓名＿＿＿＿ 联系电话＿＿＿＿ 现工作地址＿＿＿＿＿＿＿＿ 家长意见＿＿＿＿＿＿＿＿＿＿",
	"春夏秋冬，东南西北，甲乙丙丁戊己庚辛壬癸，子丑寅卯辰巳午未申酉戌亥，金木水火土，江河湖海，山川草木。",
	"鸟兽虫鱼，风雨雷电，日月星辰，衣食住行，柴米油盐酱醋茶，琴棋书画诗酒花，梅兰竹菊，松柏杨柳，桃李杏梨。",
	manyHanzi(260),
}

// manyHanzi is n different hanzi: with the lines above, more than two dictionaries' worth.
func manyHanzi(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteRune(rune(0x4E00 + 7*i))
	}
	return b.String()
}

// lettersDoc lays the lines out on pages as a class's letters would be.
func lettersDoc(pages int) *Doc { return familyLettersDoc(pages, nil) }

// familyLettersDoc is lettersDoc with each page's own line above the lines, as a
// class's letters are addressed to each family: own(p) for page p, none when nil.
func familyLettersDoc(pages int, own func(p int) string) *Doc {
	d := New("P", "测试", asOf)
	for p := range pages {
		d.AddPage()
		y := 20.0
		if own != nil {
			d.Font(11)
			y = d.Paragraph(20, 12, 170, 7, own(p), false)
		}
		for i, l := range letterLines {
			d.Font(11)
			if i == 0 {
				d.Font(20)
			}
			y = d.Paragraph(20, y, 170, 7, l, i > 2)
		}
	}
	return d
}

var objStm = regexp.MustCompile(`/Type /ObjStm /N (\d+) /First (\d+) /Filter /FlateDecode /Length (\d+)>>\nstream\n`)

// unpacked is a PDF with the objects of its object streams written out after it, each as
// "n 0 obj … endobj", for tests that look for what a dictionary says.
func unpacked(t testing.TB, pdf []byte) []byte {
	t.Helper()
	out := slices.Clone(pdf)
	for _, m := range objStm.FindAllSubmatchIndex(pdf, -1) {
		n, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
		first, _ := strconv.Atoi(string(pdf[m[4]:m[5]]))
		length, _ := strconv.Atoi(string(pdf[m[6]:m[7]]))
		zr, err := zlib.NewReader(bytes.NewReader(pdf[m[1] : m[1]+length]))
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		head := strings.Fields(string(data[:first]))
		if len(head) != 2*n {
			t.Fatalf("object stream of %d objects heads %d numbers", n, len(head))
		}
		for i := 0; i < n; i++ {
			at, _ := strconv.Atoi(head[2*i+1])
			end := len(data)
			if i+1 < n {
				next, _ := strconv.Atoi(head[2*i+3])
				end = first + next
			}
			out = fmt.Appendf(out, "\n%s 0 obj\n%s\nendobj\n", head[2*i], bytes.TrimSpace(data[first+at:end]))
		}
	}
	return out
}

// qpdfCheck writes pdf to a file and has qpdf check its structure, where qpdf is installed
// (bash .ci/test installs it); it returns the file's path.
func qpdfCheck(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if qpdf, err := exec.LookPath("qpdf"); err == nil {
		if out, err := exec.Command(qpdf, "--check", path).CombinedOutput(); err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") {
			t.Errorf("qpdf --check: %v\n%.500s", err, out)
		}
	}
	return path
}
