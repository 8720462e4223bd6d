package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"time"
)

var zzStart = time.Now()

func init() {
	if p := os.Getenv("ZZCPU"); p != "" {
		f, _ := os.Create(p)
		pprof.StartCPUProfile(f)
	}
	testStages = func() func(string) error {
		return func(s string) error {
			if os.Getenv("ZZT") != "" {
				fmt.Fprintf(os.Stderr, "ZZ %s %.3f\n", s, time.Since(zzStart).Seconds())
			}
			zzHeap(s)
			zzMem(s)
			if s == "commit" && os.Getenv("ZZCPU") != "" {
				pprof.StopCPUProfile()
			}
			return nil
		}
	}
}
