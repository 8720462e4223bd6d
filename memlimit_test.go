package main

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

func TestFollowerLimit(t *testing.T) {
	const mib = 1 << 20
	type step struct {
		live, other uint64
		share       float64
		want        int64
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"a county: the bound holds", []step{{30 * mib, 20 * mib, 0.07, memoryLimit}, {50 * mib, 25 * mib, 0.08, memoryLimit}}},
		{"cheap even when live passes the bound", []step{{200 * mib, 0, 0.10, memoryLimit}}},
		{"too dear: live and a quarter, and what else is held", []step{{200 * mib, 30 * mib, 0.20, 280 * mib}}},
		{"dear early in a run, but the bound does not bind", []step{{10 * mib, 0, 0.30, memoryLimit}, {25 * mib, 20 * mib, 0.20, memoryLimit}}},
		{"let go, never below the bound", []step{{40 * mib, 0, 0.30, memoryLimit}, {10 * mib, 0, 0.30, memoryLimit}}},
		{"let go: live and a quarter once past the bound", []step{{40 * mib, 0, 0.30, memoryLimit}, {48 * mib, 4 * mib, 0.20, 64 * mib}}},
		{"once let go, it follows", []step{
			{200 * mib, 0, 0.20, 250 * mib},
			{160 * mib, 40 * mib, 0.12, 240 * mib},
			{30 * mib, 10 * mib, 0.05, memoryLimit},
			{120 * mib, 0, 0.05, 150 * mib},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f follower
			for i, s := range tt.steps {
				if got := f.limit(s.live, s.other, s.share); got != s.want {
					t.Fatalf("step %d: limit = %d MiB, want %d MiB", i, got/mib, s.want/mib)
				}
			}
		})
	}
}

func TestAfterEachGC(t *testing.T) {
	var calls atomic.Int32
	afterEachGC(func() { calls.Add(1) })
	deadline := time.Now().Add(10 * time.Second)
	for calls.Load() < 3 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := calls.Load(); n < 3 {
		t.Fatalf("called %d times after collections, want at least 3", n)
	}
}
