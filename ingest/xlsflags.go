package ingest

import (
	"bytes"
	"encoding/binary"
	"io"

	"github.com/richardlehane/mscfb"
)

// xlsFlags is what an .xls workbook says of each sheet (in the workbook's order) that
// xlsReader keeps to itself: whether it is hidden, which of its rows are hidden by hand,
// and whether it has an autofilter (whose hidden rows are a view).
type xlsFlags struct {
	hidden   bool
	rows     map[int]bool // 1-based
	filtered bool
}

// BIFF8 record types read here.
const (
	biffBoundSheet = 0x0085
	biffRow        = 0x0208
	biffAutoFilter = 0x009D
	biffEOF        = 0x000A
	rowHidden      = 0x0020 // ROW's fDyZero
)

// readXLSFlags scans the workbook stream of an .xls for its sheets' visibility and
// hidden rows. Anything it cannot read gives no flags: the sheets are then read as shown.
func readXLSFlags(data []byte) []xlsFlags {
	doc, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	var stream []byte
	for entry, err := doc.Next(); err == nil; entry, err = doc.Next() {
		if entry.Name == "Workbook" || entry.Name == "Book" {
			stream, _ = io.ReadAll(io.LimitReader(entry, int64(len(data))))
			break
		}
	}
	record := func(at int) (typ, size int, body []byte, ok bool) {
		if at+4 > len(stream) {
			return 0, 0, nil, false
		}
		typ = int(binary.LittleEndian.Uint16(stream[at:]))
		size = int(binary.LittleEndian.Uint16(stream[at+2:]))
		if at+4+size > len(stream) {
			return 0, 0, nil, false
		}
		return typ, size, stream[at+4 : at+4+size], true
	}
	// The workbook globals: one BOUNDSHEET per sheet, with where its substream starts.
	var out []xlsFlags
	var starts []int
	for at := 0; ; {
		typ, size, body, ok := record(at)
		if !ok {
			return nil
		}
		if typ == biffBoundSheet && len(body) >= 6 {
			starts = append(starts, int(binary.LittleEndian.Uint32(body)))
			out = append(out, xlsFlags{hidden: body[4]&0x03 != 0})
		}
		at += 4 + size
		if typ == biffEOF {
			break
		}
	}
	for i, start := range starts {
		for at := start; ; {
			typ, size, body, ok := record(at)
			if !ok {
				break
			}
			switch {
			case typ == biffRow && len(body) >= 14 && binary.LittleEndian.Uint16(body[12:])&rowHidden != 0:
				if out[i].rows == nil {
					out[i].rows = map[int]bool{}
				}
				if len(out[i].rows) < maxSheetRows {
					out[i].rows[int(binary.LittleEndian.Uint16(body))+1] = true
				}
			case typ == biffAutoFilter:
				out[i].filtered = true
			}
			at += 4 + size
			if typ == biffEOF {
				break
			}
		}
	}
	return out
}
