package ingest

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"liushou/rules"
)

var update = flag.Bool("update", false, "rewrite the crafted files in testdata/crafted")

const craftedDir = "testdata/crafted"

// minimalXLSX builds an OOXML workbook by hand from one sheet's XML, so that a test can
// put anything in it that office software would never write.
func minimalXLSX(sheetXML string, extra map[string]string) []byte {
	parts := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/sharedStrings.xml":       `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>班级</t></si><si><t>学生姓名</t></si></sst>`,
		"xl/worksheets/sheet1.xml":   `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheetXML + `</sheetData></worksheet>`,
	}
	for k, v := range extra {
		parts[k] = v
	}
	names := make([]string, 0, len(parts))
	for k := range parts {
		names = append(names, k)
	}
	// A fixed order: the crafted files are the same on every -update.
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			if names[j] < names[i] {
				names[i], names[j] = names[j], names[i]
			}
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, _ := zw.Create(n)
		w.Write([]byte(parts[n]))
	}
	zw.Close()
	return buf.Bytes()
}

func inl(cell, text string) string {
	return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, cell, text)
}

// header and one child, in inline strings.
var craftedRows = `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` +
	`<row r="2">` + inl("A2", "三年级(2)班") + inl("B2", "王芳") + `</row>`

// craftedFiles makes each hostile file.
func craftedFiles() map[string][]byte {
	good := minimalXLSX(craftedRows, nil)
	files := map[string][]byte{
		"good.xlsx":      good,
		"empty.xlsx":     {},
		"truncated.xlsx": good[:len(good)*2/3],
		// Every cell out of order: rows 3 then 1 then 2, columns C before A.
		"out-of-order.xlsx": minimalXLSX(`<row r="3">`+inl("B3", "李明")+inl("A3", "三年级(2)班")+`</row>`+
			`<row r="1"><c r="B1" t="s"><v>1</v></c><c r="A1" t="s"><v>0</v></c></row>`+
			`<row r="2">`+inl("B2", "王芳")+inl("A2", "三年级(2)班")+`</row>`, nil),
		// The last row Excel allows, and a child in it.
		"huge-row-number.xlsx": minimalXLSX(craftedRows+`<row r="1048576">`+inl("A1048576", "三年级(2)班")+inl("B1048576", "李明")+`</row>`, nil),
		// A row number past Excel's limit.
		"bad-row-number.xlsx": minimalXLSX(craftedRows+`<row r="99999999">`+inl("A99999999", "三年级(2)班")+`</row>`, nil),
		// Shared-string indexes that point nowhere.
		"negative-shared-string.xlsx": minimalXLSX(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>`+
			`<row r="2"><c r="A2" t="s"><v>-1</v></c><c r="B2" t="s"><v>99999</v></c></row>`, nil),
		// A password-protected workbook is an OLE file with an EncryptionInfo stream.
		"encrypted.xlsx":      encryptedOLE(),
		"not-a-workbook.xlsx": []byte("这不是表格"),
	}
	// One byte of the stored sheet changed: its zip checksum no longer matches.
	crc := bytes.Clone(good)
	i := bytes.Index(crc, []byte("三年级"))
	if i < 0 {
		// Deflated: change a byte in the middle of the compressed sheet instead.
		i = bytes.Index(crc, []byte("xl/worksheets/sheet1.xml")) + 40
	}
	crc[i] ^= 0x55
	files["crc-corrupted.xlsx"] = crc
	// A zip bomb: 300 MB of spaces in the sheet, under half a megabyte on disk.
	files["zip-bomb.xlsx"] = minimalXLSX(craftedRows+"<!--"+strings.Repeat(" ", 300<<20)+"-->", nil)
	return files
}

func encryptedOLE() []byte {
	b := make([]byte, 1536)
	copy(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	copy(b[1024:], utf16le("EncryptionInfo"))
	copy(b[1152:], utf16le("EncryptedPackage"))
	return b
}

// TestCraftedFiles reads each hostile file of testdata/crafted and wants its own clear
// result: no panic, the right status, the problem code and a message that says what to do.
// go test ./ingest -run TestCraftedFiles -update rewrites the files.
func TestCraftedFiles(t *testing.T) {
	if *update {
		os.MkdirAll(craftedDir, 0o755)
		for name, b := range craftedFiles() {
			if err := os.WriteFile(filepath.Join(craftedDir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		file     string
		status   string
		code     string // the file's problem code; "" for none
		message  string // part of the reason or problem
		children int
	}{
		{"good.xlsx", rules.InputOK, "", "", 1},
		{"empty.xlsx", rules.InputFailed, "file_empty", "文件是空的", 0},
		{"truncated.xlsx", rules.InputFailed, "file_corrupt", "文件不完整或已损坏（可能还没有复制完", 0},
		{"crc-corrupted.xlsx", rules.InputFailed, "file_corrupt", "已损坏", 0},
		{"zip-bomb.xlsx", rules.InputFailed, "file_corrupt", "文件解压后过大", 0},
		{"out-of-order.xlsx", rules.InputFailed, "file_corrupt", "顺序错乱", 0},
		{"huge-row-number.xlsx", rules.InputOK, "", "", 2},
		{"bad-row-number.xlsx", rules.InputFailed, "file_corrupt", "工作表无法读取", 0},
		{"negative-shared-string.xlsx", rules.InputOK, "missing_children", "", 0},
		{"encrypted.xlsx", rules.InputFailed, "file_encrypted", "设置了打开密码", 0},
		{"xls-renamed.xlsx", rules.InputOK, "", "", 60}, // the sample saved as .xls by LibreOffice, renamed
		{"not-a-workbook.xlsx", rules.InputFailed, "file_not_excel", "不是 Excel 工作簿", 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(craftedDir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			res := ReadBytes(tt.file, data)
			if res.Input.Status != tt.status || len(res.Children) != tt.children {
				t.Fatalf("status %s (%s), %d children; want %s, %d", res.Input.Status, res.Input.Reason, len(res.Children), tt.status, tt.children)
			}
			if tt.status == rules.InputFailed && (res.Input.Reason == "" || !strings.Contains(res.Input.Reason, tt.message)) {
				t.Errorf("reason %q, want it to say %q", res.Input.Reason, tt.message)
			}
			if tt.code != "" {
				found := false
				for _, p := range res.Problems {
					found = found || p.Code == tt.code
				}
				if !found {
					t.Errorf("problems %+v, want %s", res.Problems, tt.code)
				}
			}
		})
	}
}

// TestOrderCheckInPieces: the order check gives the same answer however the XML is cut
// as it is decompressed, down to one byte at a time.
func TestOrderCheckInPieces(t *testing.T) {
	good := `<sheetData><row r="1"><c r="A1"/><c r="B1" t="s"><v>1</v></c></row><x:row r="2"><x:c r="A2"/><x:c r="AA2"/></x:row></sheetData>`
	bad := []string{
		`<row r="2"><c r="A2"/></row><row r="1"><c r="A1"/></row>`,
		`<row r="1"><c r="B1"/><c r="A1"/></row>`,
		`<row r="1"><c r="A1"/><c r="A1"/></row>`,
	}
	check := func(xml string, piece int) bool {
		o := &orderCheck{ok: true}
		for i := 0; i < len(xml); i += piece {
			o.Write([]byte(xml[i:min(i+piece, len(xml))]))
		}
		return o.done()
	}
	// Long numbers (an ID typed as a number, also after a formula) and merged ranges are
	// found however the XML is cut; texts and short numbers are not long numbers.
	cells := `<sheetData><row r="1" spans="1:4"><c r="A1" s="2"><v>522426201503150012</v></c>` +
		`<c r="B1" t="s"><v>123456789012345678</v></c><c r="C1"><f>A1*1</f><v>522426201503150013</v></c>` +
		`<c r="D1" t="n"><v>12345</v></c></row><row r="3"><c r="B3" t="n"><v>5.2242620150315E+17</v></c></row></sheetData>` +
		`<mergeCells count="2"><mergeCell ref="A1:B1"/><x:mergeCell ref="C3:D4"/></mergeCells>`
	for _, piece := range []int{1, 2, 5, 1000} {
		o := &orderCheck{ok: true}
		for i := 0; i < len(cells); i += piece {
			o.Write([]byte(cells[i:min(i+piece, len(cells))]))
		}
		if !o.done() || !o.plainCells {
			t.Fatalf("in pieces of %d: taken for out of order", piece)
		}
		want := map[[2]int]bool{{0, 0}: true, {0, 2}: true, {2, 1}: true}
		if !maps.Equal(o.longNumbers, want) || !slices.Equal(o.merges, []string{"A1:B1", "C3:D4"}) || o.lastRow != 3 {
			t.Errorf("in pieces of %d: long numbers %v, merges %v, last row %d", piece, o.longNumbers, o.merges, o.lastRow)
		}
	}
	for _, piece := range []int{1, 2, 3, 7, 1000} {
		if !check(good, piece) {
			t.Errorf("in pieces of %d: good XML taken for out of order", piece)
		}
		for _, b := range bad {
			if check(b, piece) {
				t.Errorf("in pieces of %d: %s taken for in order", piece, b)
			}
		}
	}
}
