package pdf

import (
	"bytes"
	stdzlib "compress/zlib"
	"fmt"
	"io"
	"testing"

	"github.com/klauspost/compress/zlib"
)

// zlibWriter is what both libraries' writers do.
type zlibWriter interface {
	io.WriteCloser
	Reset(io.Writer)
}

// candidates are the compressors weighed: the standard library's levels, and
// klauspost/compress's at the levels given.
func candidates(levels ...int) []struct {
	name string
	make func() (zlibWriter, error)
} {
	type candidate = struct {
		name string
		make func() (zlibWriter, error)
	}
	var out []candidate
	for _, l := range []struct {
		name  string
		level int
	}{{"huffman", stdzlib.HuffmanOnly}, {"speed", stdzlib.BestSpeed}, {"default", stdzlib.DefaultCompression}, {"best", stdzlib.BestCompression}} {
		out = append(out, candidate{"std-" + l.name, func() (zlibWriter, error) { return stdzlib.NewWriterLevel(nil, l.level) }})
	}
	for _, l := range levels {
		out = append(out, candidate{fmt.Sprintf("klauspost-%d", l), func() (zlibWriter, error) { return zlib.NewWriterLevel(nil, l) }})
	}
	return out
}

// BenchmarkContentCompression weighs the compressors for page content: a class's
// letters as gofpdf writes them, each page's content compressed by one writer kept
// throughout (as finish does). It reports the compressed bytes per page beside the time.
func BenchmarkContentCompression(b *testing.B) {
	var pages [][]byte
	keep := func(_ io.Writer, _ []byte, _ []fontMap, p parts) error {
		for _, page := range p.pages {
			pages = append(pages, bytes.Clone(page))
		}
		return nil
	}
	if err := lettersDoc(33).renderWith(io.Discard, keep); err != nil {
		b.Fatal(err)
	}
	if len(pages) < 33 {
		b.Fatalf("%d pages", len(pages))
	}
	for _, c := range candidates(zlib.BestSpeed, 3, zlib.DefaultCompression, zlib.BestCompression) {
		b.Run(c.name, func(b *testing.B) {
			zw, err := c.make()
			if err != nil {
				b.Fatal(err)
			}
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

// BenchmarkFontCompression weighs the compressors for a cut of the font: the
// characters of a letter.
func BenchmarkFontCompression(b *testing.B) {
	font, _, err := embeddedFont()
	if err != nil {
		b.Fatal(err)
	}
	cut := font.Cut([]rune("尊敬的家长您好为了更好地关心孩子成长学校建立留守儿童档案和联系卡请在外务工期间经常与通电话学习生活身体心理健康如有变化及时告诉班主任老师此致敬礼年月日回执姓名班级地址意见签字王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢涵欣怡梓萱诗浩宇轩俊杰一诺雨桐思远博文佳嘉豪志强晓东婷丽娟华明天佑若曦沐阳广省莞市长安镇浙江义乌稠城街道州昆山福泉晋上海松区0123456789"))
	for _, c := range candidates(zlib.BestSpeed, 3, zlib.DefaultCompression, zlib.BestCompression) {
		b.Run(c.name, func(b *testing.B) {
			zw, err := c.make()
			if err != nil {
				b.Fatal(err)
			}
			var out bytes.Buffer
			for b.Loop() {
				out.Reset()
				zw.Reset(&out)
				zw.Write(cut)
				zw.Close()
			}
			b.ReportMetric(float64(out.Len()), "bytes")
		})
	}
}
