package pdf

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestNumbersAsStrconv: coordinates, sizes and colour levels are written as strconv
// writes them, but for a tie broken the other way (a hundredth of a point at most).
func TestNumbersAsStrconv(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	values := []float64{0, 0.004, -0.004, 0.005, 1.005, 841.89, 595.28, -18.43, 2.835, 1e6, -1e6, 12345.675}
	for range 100000 {
		values = append(values, (rng.Float64()-0.3)*1200)
	}
	ties := 0
	for _, v := range values {
		got, want := string(appendFixed(nil, v)), strconv.FormatFloat(v, 'f', 2, 64)
		if got == want || want == "-0.00" && got == "0.00" {
			continue
		}
		g, _ := strconv.ParseFloat(got, 64)
		w, _ := strconv.ParseFloat(want, 64)
		frac := math.Abs(v*100 - math.Trunc(v*100))
		if math.Abs(g-w) > 0.0100001 || math.Abs(frac-0.5) > 1e-6 { // only a tie may go the other way
			t.Errorf("%v: %s, strconv %s", v, got, want)
		}
		ties++
	}
	if ties > len(values)/1000 {
		t.Errorf("%d of %d values written otherwise than strconv", ties, len(values))
	}
	for _, v := range []float64{6, 7.2, 8, 9, 10.5, 11, 12, 14, 18, 20, 22.5, 0.3, 7.25, 1e-7, 100} {
		if got, want := string(appendSize(nil, v)), strconv.FormatFloat(v, 'f', -1, 64); got != want {
			t.Errorf("size %v: %s, strconv %s", v, got, want)
		}
	}
	for v := range 256 {
		want := strconv.FormatFloat(float64(v)/255, 'f', 3, 64)
		if g, _ := strconv.ParseFloat(string(appendLevel(nil, uint8(v))), 64); math.Abs(g-float64(v)/255) > 0.0005 {
			t.Errorf("level %d: %s, want %s", v, appendLevel(nil, uint8(v)), want)
		}
	}
	if string(appendLevel(nil, 90)) != ".353" || string(appendLevel(nil, 0)) != "0" || string(appendLevel(nil, 255)) != "1" {
		t.Errorf("levels 90, 0, 255: %s %s %s", appendLevel(nil, 90), appendLevel(nil, 0), appendLevel(nil, 255))
	}
}
