// Command gen writes the sample rosters, deterministically:
//
//	go run ./samples/gen                                  # samples/roster.xlsx, one school
//	go run ./samples/gen -size county -o /tmp/county.xlsx # a county: 31 schools, 12,285 children
//	go run ./samples/gen -size county -times 4 -o /tmp/county4.xlsx  # four times the county
//	go run ./samples/gen -size schools -o /tmp/schools    # the county as 31 school files
package main

import (
	"flag"
	"fmt"
	"os"

	"liushou/samples"
)

func main() {
	size := flag.String("size", "school", "school: one school of 60 children; county: 31 schools, 12,285 children; schools: the county as a file per school")
	out := flag.String("o", "", "where to write the workbook (default samples/roster.xlsx, or county.xlsx)")
	seed := flag.Uint64("seed", 20261128, "random seed")
	times := flag.Int("times", 1, "county: how many times the county, in one workbook")
	flag.Parse()
	var err error
	switch *size {
	case "school":
		err = samples.WriteSchool(orDefault(*out, "samples/roster.xlsx"), *seed)
	case "county":
		err = samples.WriteCountyTimes(orDefault(*out, "county.xlsx"), *seed, max(*times, 1))
	case "schools":
		dir := orDefault(*out, "schools")
		if err = os.MkdirAll(dir, 0o755); err == nil {
			err = samples.WriteCountySchools(dir, *seed)
		}
	default:
		err = fmt.Errorf("unknown -size %q: school, county or schools", *size)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
