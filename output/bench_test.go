package output

import (
	"bytes"
	"testing"

	"liushou/rules"
)

// BenchmarkEmptyDocument is gofpdf's fixed cost for one document with liushou's font:
// load the font, print one line, cut and embed the font subset, write. A run writes
// about three PDFs per class; this cost times their number is a floor no layout work can
// go under. whole-font is the embedded font; run-font is what a run prints with.
func BenchmarkEmptyDocument(b *testing.B) {
	for _, tt := range []struct {
		name string
		font func() *runFont
	}{
		{"whole-font", func() *runFont { return fullFont }},
		{"run-font", func() *runFont { return cutFont(runRunes(rules.Report{}, rules.DefaultPolicy())) }},
	} {
		b.Run(tt.name, func(b *testing.B) {
			font := tt.font()
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				d := newDoc("P", "测试", asOf, font)
				d.pdf.AddPage()
				d.at(20, 20, 100, 8, "致家长的一封信", "L")
				if err := d.output(&buf); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(font.ttf))/1024, "font-KB")
		})
	}
}
