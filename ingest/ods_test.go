package ingest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// odsBytes builds an .ods as LibreOffice writes one: content.xml with the given tables.
func odsBytes(t *testing.T, styles, tables string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = zw.Create("content.xml")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">
<office:automatic-styles>%s</office:automatic-styles>
<office:body><office:spreadsheet>%s</office:spreadsheet></office:body></office:document-content>`, styles, tables)
	zw.Close()
	return buf.Bytes()
}

func odsCell(v string) string {
	return `<table:table-cell office:value-type="string"><text:p>` + v + `</text:p></table:table-cell>`
}

// TestODS: a roster saved by LibreOffice: a merged title, dates and numbers typed as
// such, a hidden row of a pupil who left, a hidden sheet of last year's list, and the
// million repeated empty rows and 16,384 repeated cells LibreOffice ends a sheet with.
func TestODS(t *testing.T) {
	styles := `<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>
<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>`
	row := func(cells ...string) string {
		return "<table:table-row>" + strings.Join(cells, "") + "</table:table-row>"
	}
	main := `<table:table table:name="三年级(2)班" table:style-name="ta1">
<table:table-row><table:table-cell table:number-columns-spanned="5" office:value-type="string"><text:p>青石镇中心小学三年级(2)班</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="4"/></table:table-row>` +
		row(odsCell("学生姓名"), odsCell("身份证号"), odsCell("监护人"), odsCell("最近家访日期"), odsCell("在校状态")) +
		row(odsCell("王芳"), odsCell(testID(1)), odsCell("祖母"), `<table:table-cell office:value-type="date" office:date-value="2026-11-03"><text:p>2026/11/3</text:p></table:table-cell>`, odsCell("在校")) +
		row(odsCell("李 明"), `<table:table-cell office:value-type="float" office:value="522426201801020000"><text:p>5.22E+17</text:p></table:table-cell>`, odsCell("外公"), "<table:table-cell/>", odsCell("在校")) +
		`<table:table-row table:visibility="collapse">` + odsCell("赵磊") + odsCell(testID(3)) + odsCell("奶奶") + "<table:table-cell/>" + odsCell("转出") + "</table:table-row>" +
		row(odsCell("陈<text:s text:c=\"2\"/>晨"), odsCell(testID(4)), `<table:table-cell office:value-type="string"><text:p>祖父</text:p><office:annotation><text:p>批注</text:p></office:annotation></table:table-cell>`) +
		`<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
</table:table>`
	old := `<table:table table:name="2025年名单" table:style-name="ta2">` + row(odsCell("学生姓名"), odsCell("身份证号"), odsCell("监护人")) +
		row(odsCell("王芳"), odsCell(testID(1)), odsCell("祖母")) + `</table:table>`
	data := odsBytes(t, styles, main+old)

	res := readBytes("名单.ods", data, readOptions{asOf: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)})
	if res.Input.Status != "ok" || res.format != "ods" {
		t.Fatalf("input %+v format %q: %+v", res.Input, res.format, res.Problems)
	}
	names := []string{}
	for _, c := range res.Children {
		names = append(names, c.Name+"/"+c.Class+"/"+c.Guardian)
	}
	if got := strings.Join(names, " "); got != "王芳/三年级(2)班/祖母 李明/三年级(2)班/外公 陈晨/三年级(2)班/祖父" {
		t.Errorf("children %s", got)
	}
	if v := res.Children[0].LastVisit.Time; !v.Equal(time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("visit %v", v)
	}
	codes := problemCodes(res.Problems)
	if codes["三年级(2)班!B4"] != "id_numeric" {
		t.Errorf("an ID typed as a number is not said: %v", codes)
	}
	acc := res.Input.Sheets
	if len(acc) != 2 || acc[0].Rows != 6 || acc[0].Children != 3 || !acc[1].Hidden || acc[1].Kind != "旧名单" {
		t.Errorf("accounts %+v", acc)
	}
	for _, a := range acc {
		if !a.Balanced() {
			t.Errorf("%s does not add up: %+v", a.Sheet, a)
		}
	}
}

// TestODSRepeatsCostNothing: a row of content repeated past the sheet limit fails as too
// large, at once; empty repeats to the end of the sheet take no memory.
func TestODSRepeatsCostNothing(t *testing.T) {
	head := "<table:table-row>" + odsCell("学生姓名") + odsCell("班级") + "</table:table-row>"
	big := `<table:table table:name="S">` + head + `<table:table-row table:number-rows-repeated="2000000">` + odsCell("王芳") + odsCell("三年级(2)班") + `</table:table-row></table:table>`
	res := readBytes("big.ods", odsBytes(t, "", big), readOptions{})
	if res.Input.Status != "failed" || !strings.Contains(res.Input.Reason, "太大") {
		t.Errorf("2,000,000 repeated rows: %+v", res.Input)
	}
}
