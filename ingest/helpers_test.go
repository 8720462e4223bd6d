package ingest

// ReadBytes reads one roster file from its bytes. label names it in messages. It never
// panics: a file that cannot be read comes back failed, with a reason a teacher can act on.
func ReadBytes(label string, data []byte) fileResult {
	return readBytes(label, data, readOptions{})
}
