package main

import (
	"time"

	"liushou/ingest"
	"liushou/output"
	"liushou/rules"
)

// settings are what a run depends on besides the rosters: the school's policy and the
// letter templates it names. A bad setting stops before anything is read or written.
type settings struct {
	policy      rules.Policy
	letters     output.LetterTemplates
	lettersText string // the templates' text, which the outputs depend on
}

func loadSettings(config string, paths []string) (settings, error) {
	policy, configPath, err := loadPolicy(config, paths)
	if err != nil {
		return settings{}, err
	}
	letters, text, err := loadLetters(policy, configPath)
	return settings{policy: policy, letters: letters, lettersText: text}, err
}

// readRosters is the one pipeline run and check share, so that they cannot read rosters
// differently: find and read them (never from an output folder), then evaluate them on
// the as-of date. opt carries what only run uses (the cache, the wait for files still
// being copied); beforeRules, if set, marks the stage for the crash tests.
func readRosters(paths []string, s settings, asOf time.Time, opt ingest.Options, beforeRules func()) (rules.Roster, rules.Report, error) {
	opt.AsOf, opt.Columns = asOf, s.policy.Columns
	roster, err := ingest.Load(paths, opt)
	if err != nil {
		return roster, rules.Report{}, err
	}
	if beforeRules != nil {
		beforeRules()
	}
	return roster, rules.Evaluate(roster, s.policy, asOf), nil
}
