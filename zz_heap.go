package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"time"
)

func zzHeap(s string) {
	if s == os.Getenv("ZZSTAGE") && os.Getenv("ZZHEAP") != "" {
		runtime.GC()
		f, _ := os.Create(os.Getenv("ZZHEAP"))
		pprof.WriteHeapProfile(f)
		f.Close()
	}
}

func init() {
	if os.Getenv("ZZTIMED") == "" {
		return
	}
	go func() {
		for i := 1; i <= 6; i++ {
			time.Sleep(500 * time.Millisecond)
			f, _ := os.Create(fmt.Sprintf("/tmp/heapt%d.prof", i))
			pprof.WriteHeapProfile(f)
			f.Close()
		}
	}()
}

func zzMem(s string) {
	if os.Getenv("ZZMEM") == "" {
		return
	}
	all := metrics.All()
	var ss []metrics.Sample
	for _, d := range all {
		if strings.HasPrefix(d.Name, "/memory/classes/") {
			ss = append(ss, metrics.Sample{Name: d.Name})
		}
	}
	metrics.Read(ss)
	fmt.Fprintf(os.Stderr, "== %s\n", s)
	for _, x := range ss {
		if x.Value.Kind() == metrics.KindUint64 && x.Value.Uint64() > 1<<20 {
			fmt.Fprintf(os.Stderr, "%-55s %8.1f MB\n", x.Name, float64(x.Value.Uint64())/1e6)
		}
	}
}
