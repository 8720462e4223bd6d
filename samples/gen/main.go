// Command gen writes the sample rosters, deterministically:
//
//	go run ./samples/gen                                  # samples/roster.xlsx, one school
//	go run ./samples/gen -size county -o /tmp/county.xlsx # a county: 31 schools, 12,285 children
package main

import (
	"flag"
	"fmt"
	"os"

	"liushou/samples"
)

func main() {
	size := flag.String("size", "school", "school: one school of 60 children; county: 31 schools, 12,285 children")
	out := flag.String("o", "", "where to write the workbook (default samples/roster.xlsx, or county.xlsx)")
	seed := flag.Uint64("seed", 20261128, "random seed")
	flag.Parse()
	var err error
	switch *size {
	case "school":
		err = samples.WriteSchool(orDefault(*out, "samples/roster.xlsx"), *seed)
	case "county":
		err = samples.WriteCounty(orDefault(*out, "county.xlsx"), *seed)
	default:
		err = fmt.Errorf("unknown -size %q: school or county", *size)
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
