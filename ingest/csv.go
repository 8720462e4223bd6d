package ingest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// looksLikeText reports whether data could be a CSV export: no NUL bytes, line breaks
// and commas (or tabs) in the first kilobytes.
func looksLikeText(data []byte) bool {
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	return !bytes.ContainsRune(head, 0) && bytes.ContainsAny(head, ",\t") && bytes.ContainsAny(head, "\n\r")
}

// decodeText returns the text of a CSV file in UTF-8 (with or without a byte-order
// mark) or GBK/GB18030, which WPS and Excel on Chinese Windows write.
func decodeText(data []byte) (string, bool) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if utf8.Valid(data) {
		return string(data), true
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", false
	}
	return string(out), true
}

// readCSV reads a CSV export as one sheet named after the file.
func readCSV(label string, data []byte) ([]sheet, bool) {
	text, ok := decodeText(data)
	if !ok {
		return nil, false
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	comma := ','
	if first, _, _ := strings.Cut(text, "\n"); strings.Count(first, "\t") > strings.Count(first, ",") {
		comma = '\t'
	}
	r.Comma = comma
	var grid [][]string
	cells := 0
	name := strings.TrimSuffix(path.Base(label), path.Ext(label))
	s := sheet{file: label, name: name}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			s.err = fmt.Errorf("第 %d 行之后的内容格式不对（%v）", len(grid), err)
			return []sheet{s}, true
		}
		if len(rec) > maxColumnsUsed {
			for c := len(rec) - 1; c >= maxColumnsUsed && s.wide == ""; c-- {
				if rec[c] != "" {
					s.wide = axis(len(grid), c)
				}
			}
			rec = rec[:maxColumnsUsed]
		}
		for i, v := range rec {
			if len(v) > maxCellText {
				rec[i] = cutText(v)
			}
		}
		if cells += len(rec); cells > maxGridCells || len(grid) >= maxSheetRows {
			s.err = &limitError{fmt.Sprintf("表格太大（超过 %d 行或 %d 个单元格），liushou 读到第 %d 行就停下了，整个文件没有读取。请把它拆成几个文件，每个不超过 %d 行",
				maxSheetRows, maxGridCells, len(grid), maxSheetRows)}
			return []sheet{s}, true
		}
		grid = append(grid, rec)
	}
	s.grid = grid
	return []sheet{s}, true
}
