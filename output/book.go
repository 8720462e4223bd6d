package output

import (
	"archive/zip"
	"github.com/klauspost/compress/flate"
	"io"
	"sync"

	"github.com/xuri/excelize/v2"
)

// book is a workbook being written. Its setters keep the first error instead of
// returning it: a sheet is written in many small steps, and a failure in any of them (a
// bad sheet name or cell reference: a bug, never the data) fails the whole workbook when
// it is written, so that no half-made workbook reaches the output folder.
type book struct {
	*excelize.File
	err error
}

func (b *book) keep(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

func (b *book) SetSheetName(from, to string)         { b.keep(b.File.SetSheetName(from, to)) }
func (b *book) NewSheet(name string)                 { _, err := b.File.NewSheet(name); b.keep(err) }
func (b *book) SetSheetRow(sh, cell string, row any) { b.keep(b.File.SetSheetRow(sh, cell, row)) }
func (b *book) SetCellValue(sh, cell string, v any)  { b.keep(b.File.SetCellValue(sh, cell, v)) }
func (b *book) SetCellStyle(sh, from, to string, id int) {
	b.keep(b.File.SetCellStyle(sh, from, to, id))
}
func (b *book) SetColWidth(sh, from, to string, w float64) {
	b.keep(b.File.SetColWidth(sh, from, to, w))
}
func (b *book) SetRowHeight(sh string, row int, h float64) { b.keep(b.File.SetRowHeight(sh, row, h)) }
func (b *book) MergeCell(sh, from, to string)              { b.keep(b.File.MergeCell(sh, from, to)) }
func (b *book) SetPanes(sh string, p *excelize.Panes)      { b.keep(b.File.SetPanes(sh, p)) }
func (b *book) AutoFilter(sh, ref string, opts []excelize.AutoFilterOptions) {
	b.keep(b.File.AutoFilter(sh, ref, opts))
}
func (b *book) SetCellHyperLink(sh, cell, link, kind string) {
	b.keep(b.File.SetCellHyperLink(sh, cell, link, kind))
}
func (b *book) AddDataValidation(sh string, dv *excelize.DataValidation) {
	b.keep(b.File.AddDataValidation(sh, dv))
}
func (b *book) AddComment(sh string, c excelize.Comment) { b.keep(b.File.AddComment(sh, c)) }
func (b *book) DeleteComment(sh, cell string)            { b.keep(b.File.DeleteComment(sh, cell)) }
func (b *book) SetPageLayout(sh string, o *excelize.PageLayoutOptions) {
	b.keep(b.File.SetPageLayout(sh, o))
}
func (b *book) SetSheetProps(sh string, o *excelize.SheetPropsOptions) {
	b.keep(b.File.SetSheetProps(sh, o))
}
func (b *book) SetPageMargins(sh string, o *excelize.PageLayoutMarginsOptions) {
	b.keep(b.File.SetPageMargins(sh, o))
}
func (b *book) SetDefinedName(d *excelize.DefinedName) { b.keep(b.File.SetDefinedName(d)) }
func (b *book) SetDocProps(p *excelize.DocProperties)  { b.keep(b.File.SetDocProps(p)) }

// NewStyle adds a style; a style that cannot be made is kept as the book's error.
func (b *book) NewStyle(st *excelize.Style) int {
	id, err := b.File.NewStyle(st)
	b.keep(err)
	return id
}

// Write writes the workbook, or the first error of its making.
func (b *book) Write(w io.Writer) error {
	if b.err != nil {
		return b.err
	}
	b.File.SetZipWriter(fastZip)
	return b.File.Write(w)
}

// fastZip is a zip writer that deflates at the fastest level: the parts of a workbook are
// small and compress well at any level, and the default level took as long as making
// the workbook (372 mailing lists in a county run).
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		fw := deflaters.Get().(*flate.Writer)
		fw.Reset(out)
		return pooledDeflater{fw}, nil
	})
	return zw
}

var deflaters = sync.Pool{New: func() any {
	fw, _ := flate.NewWriter(nil, flate.BestSpeed)
	return fw
}}

// pooledDeflater returns its compressor to the pool once closed.
type pooledDeflater struct{ *flate.Writer }

func (p pooledDeflater) Close() error {
	err := p.Writer.Close()
	deflaters.Put(p.Writer)
	return err
}
