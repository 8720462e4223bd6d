package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"testing"
)

// BenchmarkContentCompression weighs the levels for page content: a class's letters
// as gofpdf writes them, each page's content compressed by one writer kept throughout
// (as finish does). It reports the compressed bytes per page beside the time.
func BenchmarkContentCompression(b *testing.B) {
	var raw bytes.Buffer
	keep := func(w io.Writer, pdf []byte, _ []fontMap) error { _, err := w.Write(pdf); return err }
	if err := lettersDoc(33).renderWith(&raw, keep); err != nil {
		b.Fatal(err)
	}
	var pages [][]byte
	for rest := raw.Bytes(); ; {
		_, after, ok := bytes.Cut(rest, []byte(">>\nstream\n"))
		if !ok {
			break
		}
		data, next, _ := bytes.Cut(after, []byte("\nendstream\n"))
		if !bytes.HasPrefix(data, []byte{0x78}) { // not the compressed font
			pages = append(pages, data)
		}
		rest = next
	}
	if len(pages) < 33 {
		b.Fatalf("%d pages", len(pages))
	}
	for _, lvl := range []struct {
		name  string
		level int
	}{{"none", zlib.NoCompression}, {"huffman", zlib.HuffmanOnly}, {"speed", zlib.BestSpeed}, {"default", zlib.DefaultCompression}, {"best", zlib.BestCompression}} {
		b.Run(lvl.name, func(b *testing.B) {
			zw, _ := zlib.NewWriterLevel(nil, lvl.level)
			var out bytes.Buffer
			for b.Loop() {
				out.Reset()
				for _, p := range pages {
					zw.Reset(&out)
					zw.Write(p)
					zw.Close()
				}
			}
			b.ReportMetric(float64(out.Len())/float64(len(pages)), "bytes/page")
		})
	}
}
