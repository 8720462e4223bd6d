package ingest

import (
	"bytes"
	"encoding/csv"
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
	for {
		rec, err := r.Read()
		if err != nil {
			break // io.EOF, or the rest of a malformed file
		}
		if len(rec) > maxColumnsUsed {
			rec = rec[:maxColumnsUsed]
		}
		if cells += len(rec); cells > maxGridCells {
			break
		}
		grid = append(grid, rec)
	}
	name := strings.TrimSuffix(path.Base(label), path.Ext(label))
	return []sheet{{file: label, name: name, grid: grid}}, true
}
