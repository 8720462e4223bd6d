package ingest

import "liushou/rules"

// ReadBytes reads one roster file from its bytes. label names it in messages. It never
// panics: a file that cannot be read comes back failed, with a reason a teacher can act on.
func ReadBytes(label string, data []byte) fileResult {
	return readBytes(label, data, readOptions{})
}

// newRunKeys keys children (with their cells) held in memory, as Load does roster by roster.
func newRunKeys(children []rules.Child, refs []childRef) *runKeys {
	rk := &runKeys{k: make([]childKey, 0, len(children)), index: map[string]int32{}, children: children}
	for i := range children {
		rk.add(&children[i], refs[i])
	}
	return rk
}
