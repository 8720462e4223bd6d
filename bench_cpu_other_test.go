//go:build !unix

package main

import "time"

// cpuTime is not measured here: BenchmarkCountyScale reports no cpu-s/op.
func cpuTime() time.Duration { return 0 }
