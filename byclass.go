package main

import (
	"path/filepath"
	"slices"
	"time"

	"liushou/ingest"
	"liushou/output"
	"liushou/output/outdir"
	"liushou/rules"
	"liushou/rules/pack"
)

// byClass is what a night that evaluates its children a class at a time gathers as they
// pass: each class's results packed away for the documents, and what the letters, the
// state and the summaries need of all of them. The night holds one class of children.
type byClass struct {
	loaded    ingest.Loaded
	ev        output.Evaluated
	evaluated []rules.Problem // the evaluation's problems
	children  int
	letters   rules.Letters
	due       int // children whose letter goes to the post (lettersDue)
	seen      map[string]string
	roll      rules.Roll
	warnings  []string
	store     *pack.Store
}

func (b *byClass) close() {
	b.loaded.Spill.Close()
	if b.store != nil {
		b.store.Close()
	}
}

// readByClass reads the rosters into a spill in tmp (rosters changed in the last two
// minutes are looked at twice, a second apart: a teacher may still be saving, or the copy
// to the share still running), then takes the classes out one at a time in print order: each is evaluated, its letters decided (last's ledger, rekeyed
// first if it is an older one), its undated signs and its roll noted, and its results
// added to the summary and packed away. It is readRosters, the night's reckoning and
// output.Write's packing, in one pass that never holds the run's children.
func (n *night) readByClass(last *outdir.State, tmp string, secret []byte) (*byClass, error) {
	s := &n.set
	n.stage("ingest")
	loaded, err := ingest.Load(n.paths, ingest.Options{Skip: n.out, TmpDir: tmp, Now: n.now, Recent: 2 * time.Minute,
		Settle: settleTime, CacheDir: filepath.Join(n.out, ".liushou", "cache"), CacheSalt: program(), AsOf: n.asOf, Columns: s.policy.Columns,
		SpillDir: tmp, FolderSchool: s.schoolOf})
	if err != nil {
		return nil, err
	}
	b := &byClass{loaded: loaded, seen: map[string]string{}, roll: rules.Roll{}}
	fail := func(err error) (*byClass, error) {
		b.close()
		return nil, err
	}
	spill := loaded.Spill
	s.applyFolderPlaces(spill.Places())
	n.stage("rules")
	signSeen := signSeen(n.out, last.SignsSeen)

	order, names, schools := keptClasses(spill) // in print order below
	cs := rules.NewClassSorter()
	byPrint := cs.Order(names)

	// An older ledger's plain digests, keyed once while the children pass: the first
	// child of a digest in roster order gets it, as Rekey gives it over a whole list.
	ledger := last.Ledger()
	if plain := ledger.PlainDigests(); len(plain) > 0 {
		type placed struct {
			at int32
			c  rules.Child
		}
		var found []placed
		for _, i := range order {
			children, at, err := spill.Class(i)
			if err != nil {
				return fail(err)
			}
			for j := range children {
				if plain[rules.ChildKey(children[j])] {
					found = append(found, placed{at[j], children[j]})
				}
			}
		}
		slices.SortFunc(found, func(a, b placed) int { return int(a.at - b.at) })
		results := make([]rules.Result, len(found))
		for j := range found {
			results[j].Child = &found[j].c
		}
		ledger.Rekey(results, secret)
	}
	last.Letters = ledger

	posted := last.PostedDates()
	issued := ledger.Lookup().IssuedTo(secret, posted)
	decider := rules.NewLetterDecider(schools, s.policy, n.asOf, n.reissue, len(posted) > 0)
	// Children without an ID whose letter is posted if due (school, class, name): their
	// family is known by those, which another row may share, so they are counted at the end.
	var noID [][3]string
	teachers := newTeacherCheck(*s, s.configPath)
	if b.store, err = pack.NewStore(tmp); err != nil {
		return fail(err)
	}
	packer := output.NewClassPacker(b.store)
	sum, err := output.NewSummaryMaker(tmp, loaded.Problems)
	if err != nil {
		return fail(err)
	}
	defer sum.Close()
	// A class is taken out and evaluated on a core of its own while the one before it is
	// reckoned and packed here: two or three classes are held at a time.
	type evaluatedClass struct {
		rep rules.Report
		at  []int32
		err error
	}
	next := make(chan evaluatedClass, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(next)
		for _, k := range byPrint {
			children, at, err := spill.Class(order[k])
			var e evaluatedClass
			if err != nil {
				e.err = err
			} else {
				e = evaluatedClass{rep: rules.EvaluateTaking(&rules.Roster{Children: children, SignSeen: signSeen}, s.policy, n.asOf), at: at}
			}
			select {
			case next <- e:
			case <-stop:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	for _, k := range byPrint {
		e := <-next
		if e.err != nil {
			return fail(e.err)
		}
		rep, at := e.rep, e.at
		b.evaluated = append(b.evaluated, rep.Problems...)
		sum.Named(rep.Problems)
		draft := decider.Draft(names[k][0])
		for j := range rep.Results {
			r := &rep.Results[j]
			c := r.Child
			switch due := decider.Add(r, issued(*c)); {
			case draft:
			case c.ID != "":
				if due { // an ID is one child's: its family is due only if it was made so
					b.due++
				}
			default:
				// Without an ID a child's family is known by school, class and name, which
				// another row may share: counted once all are decided.
				noID = append(noID, [3]string{c.School, c.Class, c.Name})
			}
			rules.AddSignSeen(b.seen, *r, last.SignsSeen, secret, n.asOf)
			b.roll.Add(c, secret)
			teachers.add(int(at[j]), c)
		}
		cs.Children(rep.Results)
		due := false
		for _, r := range rep.Results {
			sum.Add(r)
			due = due || decider.Due(*r.Child)
		}
		b.children += len(rep.Results)
		if err := packer.Add(rules.Class{School: names[k][0], Name: names[k][1], Results: rep.Results}, due); err != nil {
			return fail(err)
		}
	}
	// The keys of the children and the spill's file are not needed past the pass.
	spill.Close()
	b.loaded.Spill = nil
	b.roll.Sort()
	b.letters = decider.Letters()
	for _, k := range noID {
		if b.letters.Kind != "" && b.letters.Due.Has(rules.Child{School: k[0], Class: k[1], Name: k[2]}) {
			b.due++
		}
	}
	b.warnings = teachers.warnings()
	summary, err := sum.Summary(loaded.Roster, b.evaluated, n.asOf)
	if err != nil {
		return fail(err)
	}
	b.ev = packer.Evaluated(summary)
	return b, nil
}

// keptClasses are the spill's classes that kept a child, with their school and name.
func keptClasses(spill *ingest.Spill) (order []int, names [][2]string, schools []string) {
	for i, c := range spill.Classes() {
		if c.Kept > 0 {
			order, names, schools = append(order, i), append(names, [2]string{c.School, c.Class}), append(schools, c.School)
		}
	}
	return order, names, schools
}

// eachClass reads the rosters into a spill packed in memory and evaluates them a class at
// a time in print order, as the night does (readByClass), for a command that has no
// output folder of its own to keep the children in (check, report): nothing of a child
// is written, and a class of children is held at a time, the others packed. begin gets
// what was read before the first class; use gets each class (its children in roster
// order), each child's place in roster order, and the class's evaluation problems.
// skip is an output folder among the paths. tmp is for excelize's own temporary files.
func eachClass(paths []string, s *settings, asOf time.Time, tmp, skip string, begin func(ingest.Loaded),
	use func(c rules.Class, at []int32, problems []rules.Problem)) (ingest.Loaded, error) {
	loaded, err := ingest.Load(paths, ingest.Options{TmpDir: tmp, Skip: skip, AsOf: asOf, Columns: s.policy.Columns,
		SpillInMemory: true, FolderSchool: s.schoolOf})
	if err != nil {
		return loaded, err
	}
	spill := loaded.Spill
	defer spill.Close()
	loaded.Spill = nil
	s.applyFolderPlaces(spill.Places())
	begin(loaded)
	order, names, _ := keptClasses(spill)
	for _, k := range rules.NewClassSorter().Order(names) {
		children, at, err := spill.Class(order[k])
		if err != nil {
			return loaded, err
		}
		rep := rules.EvaluateTaking(&rules.Roster{Children: children}, s.policy, asOf)
		use(rules.Class{School: names[k][0], Name: names[k][1], Results: rep.Results}, at, rep.Problems)
	}
	return loaded, nil
}

// checkByClass is liushou check's reading (eachClass): the summary check prints (inputs,
// problems, totals; a SummaryMaker with no folder keeps no list of children) and the
// class-teacher warnings. It is what reading the rosters whole gave
// (TestCheckByClassAsWhole).
func checkByClass(paths []string, s *settings, asOf time.Time, tmp string) (output.Summary, []string, error) {
	sum, err := output.NewSummaryMaker("", nil)
	if err != nil {
		return output.Summary{}, nil, err
	}
	defer sum.Close()
	teachers := newTeacherCheck(*s, s.configPath)
	var evaluated []rules.Problem
	loaded, err := eachClass(paths, s, asOf, tmp, "", func(loaded ingest.Loaded) { sum.Named(loaded.Problems) },
		func(c rules.Class, at []int32, problems []rules.Problem) {
			evaluated = append(evaluated, problems...)
			sum.Named(problems)
			for j, r := range c.Results {
				teachers.add(int(at[j]), r.Child)
				sum.Add(r)
			}
		})
	if err != nil {
		return output.Summary{}, nil, err
	}
	summary, err := sum.Summary(loaded.Roster, evaluated, asOf)
	return summary, teachers.warnings(), err
}
