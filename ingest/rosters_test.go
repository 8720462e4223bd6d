package ingest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"liushou/rules"
)

// sharedRosters holds the example workbooks written by other office software (openpyxl,
// then LibreOffice), copied from the team's shared/rosters with their expected.json: they
// belong to the project, so that its tests pass in a plain clone.
var sharedRosters = filepath.Join("testdata", "rosters")

type expectedChild struct {
	Sheet      string `json:"sheet"`
	Row        int    `json:"row"`
	Name       string `json:"name"`
	Class      string `json:"class"`
	LeftBehind bool   `json:"left_behind"`
	Visit      string `json:"visit"`
	Call       string `json:"call"`
}

// TestSharedRosters reads every roster (.xlsx and .xls) of testdata/rosters and checks each
// child's class, visit and call status against expected.json.
func TestSharedRosters(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(sharedRosters, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	asOf := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	tested := 0
	for file, body := range doc {
		if !strings.HasSuffix(file, ".xlsx") && !strings.HasSuffix(file, ".xls") {
			continue
		}
		var want []expectedChild
		if err := json.Unmarshal(body, &want); err != nil {
			t.Fatal(err)
		}
		t.Run(file, func(t *testing.T) {
			roster, err := Load([]string{filepath.Join(sharedRosters, file)}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if st := roster.Inputs[0].Status; st != rules.InputOK {
				t.Fatalf("status %s: %s", st, roster.Inputs[0].Reason)
			}
			for _, p := range roster.Problems {
				if p.Severity == rules.Error {
					t.Errorf("unexpected error %s at %s!%s: %s", p.Code, p.Sheet, p.Cell, p.Message)
				}
			}
			rep := rules.Evaluate(roster.Roster, rules.DefaultPolicy(), asOf)
			got := map[string]rules.Result{}
			for _, r := range rep.Results {
				got[r.Child.Sheet+"!"+strconv.Itoa(r.Child.Row)] = r
			}
			inScope, out := 0, 0
			for _, w := range want {
				key := w.Sheet + "!" + strconv.Itoa(w.Row)
				r, ok := got[key]
				if !w.LeftBehind {
					out++
					if ok {
						t.Errorf("%s (%s) is not a left-behind child but was read as one", key, w.Name)
					}
					continue
				}
				inScope++
				if !ok {
					t.Errorf("%s (%s) missing", key, w.Name)
					continue
				}
				if r.Child.Name != w.Name || r.Child.Class != w.Class || string(r.Visit) != w.Visit || string(r.Call) != w.Call {
					t.Errorf("%s = %s %s visit %s call %s; want %s %s visit %s call %s (reasons %q)", key,
						r.Child.Name, r.Child.Class, r.Visit, r.Call, w.Name, w.Class, w.Visit, w.Call, r.Reasons)
				}
			}
			if len(rep.Results) != inScope {
				t.Errorf("read %d children, want %d", len(rep.Results), inScope)
			}
			if roster.Inputs[0].NotLeftBehind != out {
				t.Errorf("not left behind = %d, want %d", roster.Inputs[0].NotLeftBehind, out)
			}
			tested++
		})
	}
	if tested < 3 {
		t.Errorf("tested %d rosters, want at least 3", tested)
	}
}
