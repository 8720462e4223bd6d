package ingest

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/shakinm/xlsReader/xls"
)

// readXLS reads an Excel 97-2003 workbook (.xls, what WPS and old Excel save) into grids.
// xlsReader gives no merged ranges, so a two-level header's group cell stands over its
// first sub-column only; findHeader carries it to the right.
func readXLS(label string, data []byte) ([]sheet, error) {
	wb, err := xls.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var out []sheet
	for i := 0; i < wb.GetNumberSheets(); i++ {
		sh, err := wb.GetSheet(i)
		if err != nil {
			return nil, err
		}
		var grid [][]string
		var numeric [][]bool
		cells := 0
		for _, row := range sh.GetRows() {
			cols := row.GetCols()
			if len(cols) > maxColumnsUsed {
				cols = cols[:maxColumnsUsed]
			}
			vals := make([]string, len(cols))
			nums := make([]bool, len(cols))
			for c, cell := range cols {
				vals[c] = cell.GetString()
				t := cell.GetType()
				nums[c] = strings.HasSuffix(t, ".Number") || strings.HasSuffix(t, ".Rk") || strings.HasSuffix(t, ".MulRk")
			}
			for c, v := range vals {
				if len(v) > maxCellText {
					vals[c] = cutText(v)
				}
			}
			if cells += len(vals); cells > maxGridCells || len(grid) >= maxSheetRows {
				out = append(out, sheet{file: label, name: sh.GetName(), err: &limitError{fmt.Sprintf("工作表“%s”太大（超过 %d 行或 %d 个单元格），liushou 读到第 %d 行就停下了，整个文件没有读取。请把它拆成几个文件，每个不超过 %d 行",
					sh.GetName(), maxSheetRows, maxGridCells, len(grid), maxSheetRows)}})
				return out, nil
			}
			grid = append(grid, vals)
			numeric = append(numeric, nums)
		}
		out = append(out, sheet{file: label, name: sh.GetName(), grid: grid, isNumber: func(r, c int) bool {
			return r < len(numeric) && c < len(numeric[r]) && numeric[r][c]
		}})
	}
	// Hidden sheets and rows, as the sheet's own records say them.
	if flags := readXLSFlags(data); len(flags) == len(out) {
		for i, f := range flags {
			out[i].hidden, out[i].hiddenRows, out[i].filtered = f.hidden, f.rows, f.filtered
		}
	}
	return out, nil
}
