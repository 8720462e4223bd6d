package ingest

import (
	"os"
	"testing"
)

// BenchmarkReadSample reads the sample roster: a school of 60 children.
func BenchmarkReadSample(b *testing.B) {
	data, err := os.ReadFile("../samples/roster.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if res := ReadBytes("roster.xlsx", data); res.Input.Status != "ok" {
			b.Fatal(res.Input.Reason)
		}
	}
}
