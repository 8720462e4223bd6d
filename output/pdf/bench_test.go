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
// letters as finish compresses them, the content every page shares once and then each
// page's own, by one writer kept throughout. It reports the compressed bytes of the
// document's content beside the time.
func BenchmarkContentCompression(b *testing.B) {
	var streams [][]byte
	keep := func(_ io.Writer, _ []byte, _ []fontMap, p parts) error {
		if len(p.shared) > 0 {
			streams = append(streams, bytes.Clone(p.shared))
		}
		for _, page := range p.pages {
			streams = append(streams, bytes.Clone(page))
		}
		return nil
	}
	// Like a class's letters: the same text on every page but the family's own lines.
	names := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖")
	d := familyLettersDoc(33, func(p int) string {
		return fmt.Sprintf("%c%c同学家长：贵州省台江县台拱镇%d号", names[p], names[(p*7)%len(names)], 100+p)
	})
	if err := d.renderWith(io.Discard, keep); err != nil {
		b.Fatal(err)
	}
	if len(streams) < 33 {
		b.Fatalf("%d streams", len(streams))
	}
	raw := 0
	for _, s := range streams {
		raw += len(s)
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
				for _, s := range streams {
					zw.Reset(&out)
					zw.Write(s)
					zw.Close()
				}
			}
			b.ReportMetric(float64(out.Len()), "bytes/doc")
			b.ReportMetric(float64(raw), "raw-bytes/doc")
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
