package pdf

import (
	"bytes"
	"slices"
	"sync"

	"github.com/klauspost/compress/zlib"

	"liushou/output/pdf/fontcut"
)

// A fontShare is the part of the font that a run's documents of one kind (every class's
// letters, every class's checklist) have in common: the characters of their fixed text
// and of what most classes share. It is cut and compressed once per run, and each
// document embeds it as it is, beside a cut of its own remaining characters (its names,
// mostly): a county's letters would otherwise cut and compress the same characters once
// per class, a large part of the run's CPU.
//
// Which characters are shared is learnt from what is laid out, not from a list: the
// documents of two classes of the run (its first and its last, by then usually of two
// schools) are laid out first, and the characters both print are shared. A character
// missed only costs its place in each document's own cut. The same rosters give the same
// two classes, so a run's files stay byte for byte the same.
type Share struct {
	mu      sync.Mutex
	planned bool // documents laid out now are counted, not written
	counts  []map[rune]int
	first   []rune // the first counted document's characters, in the order first printed

	runes []rune    // shared, the most printed first
	has   []uint64  // runes as a set of the Basic Multilingual Plane
	enc   encoding  // their slices, the first of every document's
	once  sync.Once // cuts and compresses them
	file  []byte    // the cut, compressed
	size  int       // the cut's size once decompressed
	dicts [][]byte  // the slices' font dictionaries and descriptors (fontDicts)
	descs [][]byte
	cmaps [][]byte // their ToUnicode maps, compressed
	err   error
}

// newFontShare starts planning a share: documents written with it until freeze are
// counted only.
func NewShare() *Share { return &Share{planned: true} }

// record counts the characters of a document laid out while planning.
func (s *Share) record(byFirst []rune, count *[0x10000]int32) {
	m := make(map[rune]int, len(byFirst))
	for _, r := range byFirst {
		m[r] = int(count[r])
	}
	s.mu.Lock()
	if s.counts == nil {
		s.first = slices.Clone(byFirst)
	}
	s.counts = append(s.counts, m)
	s.mu.Unlock()
}

// freeze ends planning: the characters every counted document printed are shared. With
// fewer than two documents counted there is nothing to learn from, and nothing is shared.
func (s *Share) Freeze() {
	s.planned = false
	if len(s.counts) < 2 {
		return
	}
	total := map[rune]int{}
	var byFirst []rune
	for _, r := range s.first {
		n := 0
		for _, m := range s.counts {
			c, ok := m[r]
			if !ok {
				n = 0
				break
			}
			n += c
		}
		if n > 0 {
			total[r] = n
			byFirst = append(byFirst, r)
		}
	}
	s.counts, s.first = nil, nil
	s.runes = slices.Clone(byFirst)
	slices.SortFunc(s.runes, func(a, b rune) int {
		if total[a] != total[b] {
			return total[b] - total[a]
		}
		return int(a - b)
	})
	s.has = make([]uint64, 0x10000/64)
	for _, r := range s.runes {
		s.has[r/64] |= 1 << (r % 64)
	}
	// Slices as a document's own: the most printed in each, the rest in the order the
	// first document printed them, so that a line seldom changes fonts.
	s.enc = newEncoding(s.runes, byFirst)
}

// Active reports whether documents written with s embed a shared part.
func (s *Share) Active() bool { return s != nil && !s.planned && len(s.runes) > 0 }

func (s *Share) contains(r rune) bool { return r < 0x10000 && s.has[r/64]&(1<<(r%64)) != 0 }

// prepare cuts and compresses the shared characters and defines their slices, once.
func (s *Share) prepare(font *fontcut.Font, widths []uint16) error {
	s.once.Do(func() {
		cut := font.Cut(s.runes)
		var z bytes.Buffer
		if s.err = compressSharedFont(&z, cut); s.err != nil {
			return
		}
		s.file, s.size = z.Bytes(), len(cut)
		s.dicts, s.descs = fontDicts(font, widths, s.enc.slices, 0)
		// The slices' ToUnicode maps, compressed once (as well as can be: it costs
		// nothing per document): every document carries them as they are.
		zw, _ := zlib.NewWriterLevel(nil, sharedFontCompression)
		for _, sl := range s.enc.slices {
			var m bytes.Buffer
			zw.Reset(&m)
			zw.Write(toUnicodeCMap(sl))
			if s.err = zw.Close(); s.err != nil {
				return
			}
			s.cmaps = append(s.cmaps, m.Bytes())
		}
	})
	return s.err
}

// join is the encoding of a document that prints the characters byFirst: the shared
// slices, then the slices of its own characters (own).
func (s *Share) join(own encoding, byFirst []rune) encoding {
	k := len(s.enc.slices)
	e := encoding{slices: append(slices.Clip(s.enc.slices), own.slices...), codes: append(slices.Clip(s.enc.codes), own.codes...),
		home: make(map[rune]int, len(byFirst))}
	for _, r := range byFirst {
		if s.contains(r) {
			e.home[r] = s.enc.home[r]
		} else {
			e.home[r] = k + own.home[r]
		}
	}
	return e
}
