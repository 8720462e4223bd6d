package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// TestFastSheetsAsExcelize reads every workbook in the tests (the example rosters written
// by other office software, the official forms, the sample roster and two forms re-saved by
// LibreOffice Calc 7.4 in testdata/libreoffice — its sheet views carry sixteen attributes and its
// shared strings rich text —, the crafted files, and
// the samples) both ways: the scan's rows equal excelize's, cell for cell, whenever the
// scan takes a file on; and it takes on every one but the crafted broken files.
func TestFastSheetsAsExcelize(t *testing.T) {
	var files []string
	for _, root := range []string{"testdata", "../samples"} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".xlsx") || strings.HasSuffix(p, ".xlsm")) {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) < 15 {
		t.Fatalf("found %d workbooks", len(files))
	}
	fast := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		same, took := compareReads(t, p, data)
		if !same {
			t.Errorf("%s: the two reads differ", p)
		}
		if took {
			fast++
		} else if !strings.Contains(filepath.ToSlash(p), "/crafted/") {
			t.Errorf("%s: an ordinary workbook, left to excelize", p) // only the broken ones are
		}
	}
	t.Logf("the scan read %d of %d workbooks", fast, len(files))
}

// compareReads reads data both ways and reports an error for any difference; took says
// the scan read it.
func compareReads(t *testing.T, label string, data []byte) (same, took bool) {
	t.Helper()
	scan, reason := checkZip(data)
	if reason != "" {
		return true, false
	}
	quick, why := scan.sheets(label)
	slow, err := readXLSX(label, data, t.TempDir(), scan.parts)
	if why != "" {
		return true, false
	}
	if err != nil {
		t.Errorf("%s: excelize cannot read what the scan read: %v", label, err)
		return false, true
	}
	if len(quick) != len(slow) {
		t.Errorf("%s: %d sheets, excelize %d", label, len(quick), len(slow))
		return false, true
	}
	for i := range quick {
		q, s := quick[i], slow[i]
		if q.name != s.name || fmt.Sprint(q.err) != fmt.Sprint(s.err) || q.wide != s.wide {
			t.Errorf("%s: sheet %q (%v, %q), excelize %q (%v, %q)", label, q.name, q.err, q.wide, s.name, s.err, s.wide)
			return false, true
		}
		if len(q.grid) != len(s.grid) {
			t.Errorf("%s %s: %d rows, excelize %d", label, q.name, len(q.grid), len(s.grid))
			return false, true
		}
		for r := range q.grid {
			if strings.Join(q.grid[r], "\x00") != strings.Join(s.grid[r], "\x00") || len(q.grid[r]) != len(s.grid[r]) {
				t.Errorf("%s %s row %d:\n%q\nexcelize:\n%q", label, q.name, r+1, q.grid[r], s.grid[r])
				return false, true
			}
		}
	}
	return true, true
}

// TestFastSheetsOddXML: XML the scan cannot be sure of is left to excelize, and what it
// reads of escapes, rich text, phonetic runs and formulas is what excelize reads.
func TestFastSheetsOddXML(t *testing.T) {
	for _, tt := range []struct {
		name, sheet, sst string
		fast             bool
		why              string // when not fast: what check --verbose gives as the reason
	}{
		{"plain", `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1"><v>42</v></c></row>`, `<si><t>学生姓名</t></si>`, true, ""},
		{"rich text and phonetic", `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`,
			`<si><r><rPr><b/></rPr><t>王</t></r><r><t xml:space="preserve"> 芳 </t></r><rPh sb="0" eb="1"><t>wang</t></rPh></si>`, true, ""},
		{"entities and escapes", `<row r="1"><c r="A1" t="inlineStr"><is><t>A&amp;B &lt;x&gt; &#x4E2D;&#25991; _x000D_ _x005F_x</t></is></c><c r="B1" t="str"><f>A1</f><v></v></c></row>`, ``, true, ""},
		{"line ends", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>一\r\n二\r三</t></is></c></row>", ``, true, ""},
		{"formula without a value", `<row r="2"><c r="B2"><f>1/0</f></c><c r="C2" t="e"><v>#DIV/0!</v></c><c r="D2" t="b"><v>1</v></c></row>`, ``, true, ""},
		{"gaps", `<row r="3" spans="1:3"><c r="C3"><v>1</v></c></row><row r="7"/>`, ``, true, ""},
		{"empty rows after the last cell", `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"/></row>` +
			emptyRows(2, 40_000), `<si><t>学生姓名</t></si>`, true, ""},
		{"as Excel writes it", `<row r="1" spans="1:3" ht="18" customHeight="1" x14ac:dyDescent="0.25"><c r="A1" s="3" t="s"><v>0</v></c>` +
			`<c r="B1" s="4"><v>45987</v></c><c r="C1" s="5" t="s" vm="1"><v>1</v></c></row>`,
			`<si><t>王芳</t><phoneticPr fontId="1" type="noConversion"/></si><si><r><rPr><sz val="11"/><color theme="1"/><rFont val="宋体"/>` +
				`<family val="3"/><charset val="134"/><scheme val="minor"/></rPr><t>三年级</t></r><r><rPr><sz val="11"/></rPr><t>(2)班</t></r>` +
				`<rPh sb="0" eb="3"><t>サンネンキュウ</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>`, true, ""},
		{"row without its number", `<row><c r="A1"><v>1</v></c></row>`, ``, false, "行没有行号"},
		{"cell without its reference", `<row r="1"><c><v>1</v></c></row>`, ``, false, "单元格标记的写法不常见"},
		{"prefixed tags", `<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>`, ``, false, "单元格标记的写法不常见"},
		{"unknown entity", `<row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row>`, ``, false, "不常见"},
		{"CDATA", `<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<b>]]></t></is></c></row>`, ``, false, "不常见"},
		{"shared string not there", `<row r="1"><c r="A1" t="s"><v>5</v></c></row>`, `<si><t>一</t></si>`, false, "不存在的共享字符串"},
		{"control character", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\x01b</t></is></c></row>", ``, false, "控制字符"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := zipOf(t, tt.sheet, tt.sst)
			scan, reason := checkZip(data)
			if reason != "" {
				if tt.fast {
					t.Fatalf("checkZip: %s", reason)
				}
				return
			}
			_, why := scan.sheets("t.xlsx")
			if took := why == ""; took != tt.fast || !strings.Contains(why, tt.why) {
				t.Errorf("the scan took it on: %v (%q), want %v (%q)", took, why, tt.fast, tt.why)
			}
			if same, _ := compareReads(t, tt.name, data); !same {
				t.Error("the reads differ")
			}
		})
	}
}

// emptyRows is the XML of rows from..to-1 with a height and nothing in them, as a sheet
// whose rows were given a height as a block has them.
func emptyRows(from, to int) string {
	var b strings.Builder
	for r := from; r < to; r++ {
		fmt.Fprintf(&b, `<row r="%d" ht="20" customHeight="1"/>`, r)
	}
	return b.String()
}

// TestScanCutAnywhere feeds the scan a sheet's XML cut in two at every byte, as it comes
// from the decompressor: the cells it reads, and whether it reads them at all, are those
// of the XML given whole.
func TestScanCutAnywhere(t *testing.T) {
	xml := []byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>王 芳</t></is></c><c r="B1" s="3"/>` +
		`<c r="C1"><v>42</v></c></row><row r="2" ht="20" customHeight="1"/><row r="3"><c r="A3" t="s"><v>0</v></c>` +
		`<c r="B3" t="str"><f>A1</f><v>x</v></c></row><row r="4" ht="20"/><row r="5" ht="20"/></sheetData>` +
		`<mergeCells count="1"><mergeCell ref="A3:A5"/></mergeCells></worksheet>`)
	read := func(parts ...[]byte) (bool, string, []string) {
		o := &orderCheck{ok: true, fast: fastRows{on: true}}
		for _, p := range parts {
			o.Write(p)
		}
		o.done()
		return o.fast.on, fmt.Sprint(o.fast.rows), o.merges
	}
	on, rows, merges := read(xml)
	if !on || !strings.Contains(rows, "王 芳") || len(merges) != 1 {
		t.Fatalf("read whole: on %v, rows %s, merges %v", on, rows, merges)
	}
	for cut := 1; cut < len(xml); cut++ {
		a, b := slices.Clone(xml[:cut]), slices.Clone(xml[cut:])
		if gotOn, gotRows, gotMerges := read(a, b); gotOn != on || gotRows != rows || !slices.Equal(gotMerges, merges) {
			t.Fatalf("cut at %d (%q|%q): on %v, rows %s, merges %v", cut, xml[max(0, cut-10):cut], xml[cut:min(len(xml), cut+10)], gotOn, gotRows, gotMerges)
		}
	}
}

// zipOf makes a workbook of one sheet with the given sheetData content and shared strings.
func zipOf(t *testing.T, sheetData, sst string) []byte {
	t.Helper()
	var parts = map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheetData + `</sheetData></worksheet>`,
		"xl/sharedStrings.xml":     `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + sst + `</sst>`,
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[name]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzFastSheets: whatever bytes come in, the scan never reads a workbook differently
// from excelize (it reads it the same, or leaves it to excelize).
func FuzzFastSheets(f *testing.F) {
	for _, p := range []string{"../samples/roster.xlsx", "testdata/forms/xueji-jibenxinxi.xlsx", "testdata/rosters/hongxing-classes.xlsx"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		if same, _ := compareReads(t, "fuzz.xlsx", data); !same {
			t.Error("the reads differ")
		}
	})
}

// TestFastSheetsMutatedXML breaks a real roster's sheet and shared strings at random, a
// few characters at a time (inside values, and anywhere): the scan either reads it as
// excelize does, or leaves it to excelize; it never reads past what excelize stops at.
func TestFastSheetsMutatedXML(t *testing.T) {
	taken, differ := 0, 0
	mutatedCopies(t, 3, 800, func(data []byte) {
		same, took := compareReads(t, "m.xlsx", data)
		if took {
			taken++
		}
		if !same {
			differ++
			if differ > 3 {
				t.FailNow()
			}
		}
	})
	t.Logf("the scan read %d of 800 broken copies as excelize does; %d read otherwise", taken, differ)
}

// mutatedCopies calls f with n copies of the sample roster whose sheet and shared strings
// are broken at random (seed), a few characters at a time, inside values and anywhere.
func mutatedCopies(t *testing.T, seed int64, n int, f func(data []byte)) {
	orig, _ := os.ReadFile("../samples/roster.xlsx")
	zr, _ := zip.NewReader(bytes.NewReader(orig), int64(len(orig)))
	parts := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		parts[f.Name] = b
		names = append(names, f.Name)
	}
	rng := rand.New(rand.NewSource(seed))
	alphabet := []byte("<>&\"/= 0123456789ABCrvct;x#_\r\n\x01&;#x_aApmlgtuo")
	for range n {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, name := range names {
			b := parts[name]
			if strings.Contains(name, "sheet1") || strings.Contains(name, "sharedStrings") {
				b = append([]byte(nil), b...)
				for k := 0; k < 1+rng.Intn(3); k++ {
					at := rng.Intn(len(b))
					if rng.Intn(2) == 0 { // inside a value or a text
						if j := bytes.Index(b[at:], []byte("<v>")); j >= 0 {
							at += j + 3
						} else if j := bytes.Index(b[at:], []byte("<t>")); j >= 0 {
							at += j + 3
						}
					}
					switch rng.Intn(3) {
					case 0:
						b[at] = alphabet[rng.Intn(len(alphabet))]
					case 1:
						b = append(b[:at], b[min(len(b), at+1+rng.Intn(8)):]...)
					default:
						ins := []byte{alphabet[rng.Intn(len(alphabet))]}
						b = append(b[:at], append(ins, b[at:]...)...)
					}
				}
			}
			w, _ := zw.Create(name)
			w.Write(b)
		}
		zw.Close()
		f(buf.Bytes())
	}
}

// TestRowsInParts: a long roster read in parts on all cores gives exactly what reading
// it row by row gives (children, their cells, problems, in order).
func TestRowsInParts(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4)) // in parts on any machine
	grid := [][]string{{"序号", "班级", "学生姓名", "身份证号", "监护人", "监护人电话", "最近家访日期", "最近通话日期", "是否留守儿童"}}
	for i := 0; i < 9000; i++ {
		id := fmt.Sprintf("5224262015%02d%02d%04d", 1+i%12, 1+i%28, i%10000)
		phone := fmt.Sprintf("138%08d", i)
		visit := fmt.Sprintf("2026-%d-%d", 1+i%11, 1+i%28)
		switch i % 97 {
		case 3:
			id = "12345" // a problem
		case 5:
			phone = "电话"
		case 7:
			visit = "11月3日" // a date without its year
		}
		lb := "是"
		if i%50 == 0 {
			lb = "否"
		}
		grid = append(grid, []string{fmt.Sprint(i + 1), fmt.Sprintf("%d年级(%d)班", 1+i%6, 1+i%3), fmt.Sprintf("学生%d", i),
			id, "监护人", phone, visit, "2026-10-01", lb})
		switch {
		case i%13 == 0 && i < 4000: // blank rows, more in the first part than in the second
			grid = append(grid, nil, []string{"", "", ""})
		case i%101 == 0:
			grid = append(grid, []string{"", "合计", "", "", "", "", "", "", ""})
		}
	}
	ro := readOptions{asOf: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}
	// parseSheet lets go of the rows it reads: each reading gets rows of its own.
	rows := func() [][]string { return slices.Clone(grid) }
	one := parseSheet(sheet{file: "a.xlsx", name: "花名册", grid: rows()}, ro)
	if len(one.children) < 8000 || len(one.problems) == 0 || !one.yearless || one.notLeftBehind == 0 {
		t.Fatalf("the roster read %d children, %d problems: not the test it should be", len(one.children), len(one.problems))
	}
	// With room made ahead, and without (a sheet of more rows than maxRoom).
	for _, room := range []int{maxRoom, 100} {
		defer func(was int) { maxRoom = was }(maxRoom)
		maxRoom = room
		parts := parseSheet(sheet{file: "a.xlsx", name: "花名册", grid: rows(), plain: true, isNumber: func(int, int) bool { return false }}, ro)
		if fmt.Sprintf("%+v", one.children) != fmt.Sprintf("%+v", parts.children) ||
			fmt.Sprintf("%+v", one.problems) != fmt.Sprintf("%+v", parts.problems) ||
			fmt.Sprintf("%+v", one.refs) != fmt.Sprintf("%+v", parts.refs) ||
			one.notLeftBehind != parts.notLeftBehind || one.yearless != parts.yearless {
			t.Errorf("read in parts (room for %d), the roster gives something else", room)
		}
	}
}

// TestParseLetsGoOfRows: the rows a sheet's children are read from are let go of as they
// are read (a county's cells stayed whole beside its children otherwise); the title and
// header rows stay for the caller, who looks at the title of a hidden sheet afterwards.
func TestParseLetsGoOfRows(t *testing.T) {
	grid := [][]string{{"2026年秋季学期留守儿童花名册"}, {"班级", "学生姓名", "监护人", "监护人电话"}}
	for i := 0; i < 5000; i++ { // in parts, on machines of several cores
		grid = append(grid, []string{"三年级(2)班", fmt.Sprintf("学生%d", i), "王芳", "13800000000"})
	}
	for _, plain := range []bool{false, true} {
		g := slices.Clone(grid)
		res := parseSheet(sheet{file: "a.xlsx", name: "花名册", grid: g, plain: plain, isNumber: func(int, int) bool { return false }},
			readOptions{asOf: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)})
		if len(res.children) != 5000 {
			t.Fatalf("plain %v: %d children", plain, len(res.children))
		}
		if g[0] == nil || g[1] == nil {
			t.Errorf("plain %v: the title or header row was let go of", plain)
		}
		for r := 2; r < len(g); r++ {
			if g[r] != nil {
				t.Fatalf("plain %v: row %d still held after it was read", plain, r+1)
			}
		}
	}
}

// TestXMLText: character data decoded as encoding/xml decodes it, and the check that does
// not keep the text agrees with the decoding on every case.
func TestXMLText(t *testing.T) {
	long := strings.Repeat("&#23398;&#26657;", 40) // past the decoder's stack room
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"plain", "王小明", "王小明", true},
		{"entities", "a&lt;b&gt;c&amp;d&quot;e&apos;f", `a<b>c&d"e'f`, true},
		{"decimal reference", "&#23398;&#26657;", "学校", true},
		{"hex reference", "&#x4E2D;&#X4E2D;", "", false},
		{"lower hex reference", "&#x4e2d;", "中", true},
		{"long", long, strings.Repeat("学校", 40), true},
		{"line ends", "a\r\nb\rc\nd", "a\nb\nc\nd", true},
		{"line end and reference", "&#23398;\r\n", "学\n", true},
		{"unknown entity", "&nbsp;", "", false},
		{"unterminated", "a &amp b", "", false},
		{"not an XML character", "&#0;", "", false},
		{"surrogate", "&#xD800;", "", false},
		{"a tag", "a<b", "", false},
		{"invalid UTF-8", "a\xffb", "", false},
		{"invalid UTF-8 with a reference", "&#23398;\xff", "", false},
		{"empty", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := xmlText([]byte(tt.in))
			if got != tt.want || ok != tt.ok {
				t.Errorf("xmlText(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
			if v := validXMLText([]byte(tt.in)); v != tt.ok {
				t.Errorf("validXMLText(%q) = %v; xmlText says %v", tt.in, v, tt.ok)
			}
			var v struct {
				T string `xml:"t"`
			}
			err := xml.Unmarshal([]byte("<x><t>"+tt.in+"</t></x>"), &v)
			if tt.ok && (err != nil || v.T != tt.want) {
				t.Errorf("encoding/xml reads %q as %q (%v)", tt.in, v.T, err)
			}
		})
	}
}

// TestRepeatedTextsKeptOnce: a sheet of inline strings holds each text a column repeats
// once, whatever the number of rows, and still reads as excelize reads it; a column of
// texts that do not repeat, and texts too long to be worth it, are left as they are.
func TestRepeatedTextsKeptOnce(t *testing.T) {
	schools := []string{"青石镇中心小学", "台拱镇第一小学", "南宫乡中心小学", "排羊乡小学", "革一镇小学"}
	long := strings.Repeat("贵州省黔东南州台江县", 4)
	var sheet strings.Builder
	const rows = 3000
	for r := 1; r <= rows; r++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c><c r="B%d" t="inlineStr"><is><t>5224%014d</t></is></c>`+
			`<c r="C%d" t="inlineStr"><is><t>%s</t></is></c></row>`, r, r, schools[r%len(schools)], r, r, r, long)
	}
	data := zipOf(t, sheet.String(), ``)
	scan, reason := checkZip(data)
	if reason != "" {
		t.Fatal(reason)
	}
	sheets, why := scan.sheets("t.xlsx")
	if why != "" || len(sheets) != 1 || len(sheets[0].grid) != rows {
		t.Fatalf("read %d sheets (%q)", len(sheets), why)
	}
	copies := func(col int) int {
		at := map[*byte]bool{}
		for _, row := range sheets[0].grid {
			at[unsafe.StringData(row[col])] = true
		}
		return len(at)
	}
	if n := copies(0); n != len(schools) {
		t.Errorf("the schools' names are held %d times, want once each (%d)", n, len(schools))
	}
	if n := copies(1); n != rows {
		t.Errorf("the ID numbers are held %d times, want %d", n, rows)
	}
	if n := copies(2); n != rows {
		t.Errorf("a long text is held %d times, want once a row (%d)", n, rows)
	}
	if same, took := compareReads(t, "repeated texts", data); !same || !took {
		t.Errorf("the reads differ (%v) or the scan did not read it (%v)", !same, took)
	}
}
