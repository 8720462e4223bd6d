package output

import (
	"bytes"
	"testing"
)

// TestBookKeepsTheFirstError: a setter that fails (a bad cell reference) fails the whole
// workbook when it is written, and nothing is written.
func TestBookKeepsTheFirstError(t *testing.T) {
	b := newBook(asOf)
	b.SetCellValue("Sheet1", "A1", "好")
	b.SetCellValue("Sheet1", "not a cell", "坏")
	b.SetCellValue("没有这张表", "A1", "也坏")
	var buf bytes.Buffer
	if err := b.Write(&buf); err == nil || buf.Len() != 0 {
		t.Fatalf("err %v, %d bytes written", err, buf.Len())
	}
	good := newBook(asOf)
	good.SetCellValue("Sheet1", "A1", "好")
	if err := good.Write(&buf); err != nil || buf.Len() == 0 {
		t.Errorf("a good book: err %v, %d bytes", err, buf.Len())
	}
}
