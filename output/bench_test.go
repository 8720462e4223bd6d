package output

import (
	"bytes"
	"testing"
)

// BenchmarkEmptyDocument is the fixed cost of one document: a page with one line, the
// font cut to its characters and embedded. A run writes about two PDFs per class; this
// cost times their number is a floor no layout work can go under.
func BenchmarkEmptyDocument(b *testing.B) {
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		d := newDoc("P", "测试", asOf)
		d.addPage()
		d.at(20, 20, 100, 8, "致家长的一封信", "L")
		if err := d.output(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "PDF-KB")
}
