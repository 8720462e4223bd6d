// Package output prints a run's results: per class, the parents' letters and the class
// teacher's checklist as PDF; for the whole run, summary.json.
package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"liushou/output/outdir"
	"liushou/output/pdf"
	"math"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"liushou/rules"
	"liushou/rules/pack"
)

// FormatVersion changes whenever the documents liushou writes change for the same input,
// so that a new program does not take the last run's files for up to date.
const FormatVersion = "2026-11-28.2"

// DraftsDir holds the letters printed while the school's details are missing.
const DraftsDir = "信件草稿"

// Document file names inside each class folder.
const (
	LettersFile   = "家长信.pdf"
	ChecklistFile = "检查清单.pdf"
	SummaryFile   = "summary.json"
)

// Options say where and how to write.
type Options struct {
	// Dir is the folder written into: a staging folder, whose files reach the disk when
	// the caller syncs it (outdir.SyncTree); nothing is written outside it.
	Dir    string
	Policy rules.Policy
	AsOf   time.Time
	// Sources are the rosters to copy with their problems marked, for 问题标注/.
	Sources []Source
	// Templates are the letter templates (ParseLetterTemplates); zero means the defaults.
	Templates LetterTemplates
	// Letters is what rules decided about this run's letters: the kind, the families due
	// one, and whether they are drafts. Batch names the new batch.
	Letters rules.Letters
	Batch   string
	// History is each school's counts of earlier runs (the state's), for the change
	// since the previous week on the district's summary.
	History []outdir.SchoolDay
	// Secret keys the ledger's hashes of families (rules.FamilyKeys).
	Secret []byte
	// Waiting are the lines that say which letter batches wait to be posted: the first
	// lines of the top 汇总.pdf.
	Waiting []string
	// Spill, if set, is a private folder of the output (the run's tmp) where the children
	// wait, packed, while the documents are written (pack.Store); else they wait packed
	// in memory.
	Spill string
	// Progress, if set, is told after each class how many of how many are done.
	Progress func(done, total int)
	// Stage, if set, is called as each kind of file is about to be written; an error it
	// returns fails the write there. The tests use it to kill the process or to fill the
	// disk at each stage, to prove that no stage leaves a half-written output.
	Stage func(stage string) error
}

func (o Options) stage(name string) error {
	if o.Stage != nil {
		return o.Stage(name)
	}
	return nil
}

// Written lists the files a Write produced, relative to the output folder, and the
// letters it issued.
type Written struct {
	Files  []string
	Issued outdir.Ledger
	Drafts int // letters printed as drafts (Issued is then empty)
	// IssuedBySchool counts Issued per school, for the batch's record.
	IssuedBySchool map[string]int
	// NoPostcode counts the envelopes printed without the recipient's postcode.
	NoPostcode int
	// History is each school's counts of this run, for the state's history.
	History []outdir.SchoolDay
	// NotMarked names the rosters too large for a marked-up copy (the problem list still
	// names every cell).
	NotMarked []string
	// Summary is what summary.json says.
	Summary Summary
}

// Write writes every class's documents, each school's summaries, the top summary and
// the marked-up rosters, concurrently on all cores; then the problem list and
// summary.json. The first error stops the run; files already complete stay in place.
// The children are rep's; of the roster, Write reads the inputs, columns and problems.
func Write(roster rules.Roster, rep rules.Report, opt Options) (Written, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return Written{}, err
	}
	store, err := pack.NewStore(opt.Spill)
	if err != nil {
		return Written{}, err
	}
	defer store.Close()
	ev, err := packReport(roster, rep, opt, store)
	if err != nil {
		return Written{}, err
	}
	return WriteEvaluated(roster, ev, opt)
}

// withDefaults fills in the batch's name and the letter templates.
func (o Options) withDefaults() (Options, error) {
	if o.Batch == "" {
		o.Batch = o.AsOf.Format("2006-01-02")
	}
	if o.Templates.Start == nil || o.Templates.End == nil {
		var err error
		if o.Templates, err = ParseLetterTemplates("", "", "", ""); err != nil {
			return o, err
		}
	}
	return o, nil
}

// Evaluated is a run's children as the documents take them: the classes in print order
// (rules.Report.Classes'), each class's results packed away in a store, and what the
// summaries need of every class. packReport makes it from a whole report; a night
// evaluating class by class can make it as it goes, holding one class at a time.
type Evaluated struct {
	classes []rules.Class // names only: their results are in the store
	tallies []rules.Tally // each class's
	files   [][]string    // the roster files each class's children came from
	due     []bool        // whether the class has a child due a letter (opt.Letters)
	summary Summary
	packed  *packedClasses
}

// packReport packs a whole report's classes away, beside its summary (both only read the
// results, and a county's summary took as long as the packing).
func packReport(roster rules.Roster, rep rules.Report, opt Options, store *pack.Store) (Evaluated, error) {
	ev := Evaluated{classes: rep.Classes()}
	summed := make(chan error, 1)
	go func() {
		summed <- safely(func() error {
			ev.summary = newSummary(roster, rep, opt.AsOf, opt.Spill)
			return nil
		})
	}()
	ev.tallies = make([]rules.Tally, len(ev.classes))
	ev.files = make([][]string, len(ev.classes))
	ev.due = make([]bool, len(ev.classes))
	for i, c := range ev.classes {
		ev.tallies[i] = rules.TallyOf(c.Results)
		ev.files[i] = classFiles(c.Results)
		ev.due[i] = lettersDue(c.Results, opt.Letters)
	}
	// From here each job takes out the children it prints: the report's list is let go.
	packed, err := packAway(ev.classes, store)
	if serr := <-summed; err == nil {
		err = serr
	}
	ev.packed = packed
	return ev, err
}

// lettersDue says whether a child of results is due a letter.
func lettersDue(results []rules.Result, l rules.Letters) bool {
	for _, r := range results {
		if l.Kind != "" && l.Due.Has(*r.Child) {
			return true
		}
	}
	return false
}

// classFiles are the roster files of results, in the order first named.
func classFiles(results []rules.Result) []string {
	var files []string
	for _, r := range results {
		if !slices.Contains(files, r.Child.File) {
			files = append(files, r.Child.File)
		}
	}
	return files
}

// WriteEvaluated is Write for children already evaluated and packed away.
func WriteEvaluated(roster rules.Roster, ev Evaluated, opt Options) (Written, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return Written{}, err
	}
	classes, sum, packed := ev.classes, ev.summary, ev.packed
	dirs := uniqueDirs(classes)
	schools := tallySchools(ev, dirs, filesWithErrors(sum.Problems))
	for i := range schools {
		schools[i].Pupils = pupilsOf(schools[i].School, roster.Pupils, opt.Policy)
	}
	attachPrevious(schools, opt.History, opt.AsOf)
	sh, err := planShares(classes, packed, ev.due, opt)
	if err != nil {
		return Written{}, err
	}
	if _, pupils, share, ok := pupilShare(schools); ok {
		sum.Totals.Pupils, sum.Totals.LeftBehindShare = pupils, math.Round(share*1000)/1000
		sum.Totals.PupilsBySchool = map[string]int{}
		for _, s := range schools {
			if s.Pupils > 0 {
				sum.Totals.PupilsBySchool[s.School] = s.Pupils
			}
		}
	}

	var (
		mu        sync.Mutex
		written   Written
		annotated = map[string]string{}
		done      int
	)
	files := func(fs ...string) {
		mu.Lock()
		written.Files = append(written.Files, fs...)
		mu.Unlock()
	}
	// allClasses is every class with its children: the top summaries of a run of one school.
	allClasses := func() ([]rules.Class, error) {
		if len(schools) == 1 {
			return schools[0].withChildren()
		}
		return classes, nil // none
	}
	// The longest jobs first, so that no core is left with one at the end.
	var jobs []func() error
	jobs = append(jobs, func() error {
		if err := opt.stage("overview"); err != nil {
			return err
		}
		err := outdir.WriteStaged(filepath.Join(opt.Dir, OverviewXLSX), func(w io.Writer) error {
			if len(schools) > 1 {
				return writeOverviewBook(w, schools, opt.Policy, opt.AsOf, opt.Spill)
			}
			all, err := allClasses()
			if err != nil {
				return err
			}
			return writeOverviewXLSX(w, all, opt.Policy, opt.AsOf)
		})
		if err == nil {
			files(OverviewXLSX)
		}
		if err == nil && len(schools) > 1 {
			// The district's 结对考核: every school's teachers, and a row per school.
			err = outdir.WriteStaged(filepath.Join(opt.Dir, PairingFile), func(w io.Writer) error {
				return writePairing(w, schools, opt.Policy, opt.AsOf)
			})
			if err == nil {
				files(PairingFile)
			}
		}
		return err
	}, func() error {
		// The top: the school's summary, or the district's when the run holds several.
		err := outdir.WriteStaged(filepath.Join(opt.Dir, OverviewPDF), func(w io.Writer) error {
			if len(schools) > 1 {
				return writeDistrictPDF(w, schools, opt.Policy.School.Name, opt.AsOf, opt.Waiting)
			}
			all, err := allClasses()
			if err != nil {
				return err
			}
			pupils := 0
			if len(schools) == 1 {
				pupils = schools[0].Pupils
			}
			return writeOverviewPDF(w, all, pupils, opt.Policy, opt.AsOf, opt.Waiting...)
		})
		if err == nil {
			files(OverviewPDF)
		}
		return err
	})
	byFile := map[string][]rules.Problem{}
	for _, p := range sum.Problems {
		byFile[p.File] = append(byFile[p.File], p)
	}
	marked, notMarked := markedCopies(opt.Sources, byFile)
	written.NotMarked = notMarked
	for _, m := range marked {
		jobs = append(jobs, func() error {
			copied, ok := annotate(m.src, byFile[m.src.Input.File], opt.AsOf)
			if !ok {
				return nil // the problem list still names every cell
			}
			rel := filepath.Join(AnnotatedDir, m.name)
			if err := outdir.WriteStaged(filepath.Join(opt.Dir, rel), func(w io.Writer) error {
				_, err := w.Write(copied)
				return err
			}); err != nil {
				return err
			}
			mu.Lock()
			annotated[m.src.Input.File] = m.name
			mu.Unlock()
			files(filepath.ToSlash(rel))
			return nil
		})
	}
	// Each school's folder: its own summary, and its paired teachers' lists.
	for _, s := range schools {
		jobs = append(jobs, func() error {
			fs, err := writeSchool(s, opt)
			files(fs...)
			return err
		})
	}
	for i, c := range classes {
		jobs = append(jobs, func() error {
			c, err := packed.loadClass(c, i)
			if err != nil {
				return err
			}
			fs, issued, noPostcode, drafts, err := writeClass(c, dirs[i], opt, sh)
			mu.Lock()
			defer mu.Unlock()
			written.NoPostcode += noPostcode
			written.Drafts += drafts
			written.Files = append(written.Files, fs...)
			for _, e := range issued {
				written.Issued.Add(e) // held compact: a county's letters are tens of thousands
			}
			if len(issued) > 0 {
				if written.IssuedBySchool == nil {
					written.IssuedBySchool = map[string]int{}
				}
				written.IssuedBySchool[c.School] += len(issued)
			}
			done++
			if opt.Progress != nil {
				opt.Progress(done, len(classes))
			}
			return err
		})
	}
	if err := runJobs(jobs); err != nil {
		return written, err
	}
	outdir.StartSync(opt.Dir)
	written.History = schoolHistory(schools, opt.AsOf)

	sum.Letters = &SummaryLetters{Term: opt.Letters.Term.Name, Kind: string(opt.Letters.Kind),
		Issued: written.Issued.Len(), Draft: opt.Letters.Draft, Missing: opt.Letters.Missing}
	sum.Letters.Drafts = written.Drafts
	if written.Drafts > 0 {
		sum.Letters.DraftSchools = opt.Letters.Drafts
	}
	if written.Issued.Len() > 0 {
		sum.Letters.Batch = outdir.LettersDir + "/" + opt.Batch
	}
	if err := opt.stage("problems"); err != nil {
		return written, err
	}
	if err := outdir.WriteStaged(filepath.Join(opt.Dir, ProblemsFile), func(w io.Writer) error {
		return writeProblemBook(w, sum, annotated, opt.AsOf)
	}); err != nil {
		return written, err
	}
	written.Files = append(written.Files, ProblemsFile)
	if err := opt.stage("summary"); err != nil {
		return written, err
	}
	if err := outdir.WriteStaged(filepath.Join(opt.Dir, SummaryFile), func(w io.Writer) error { return writeSummary(w, sum) }); err != nil {
		return written, err
	}
	written.Files = append(written.Files, SummaryFile)
	written.Summary = sum
	sort.Strings(written.Files) // jobs finish in any order
	written.Issued.Sort()       // by child: one batch
	return written, nil
}

// runJobs runs jobs on all cores, in their order, one at a time per worker (which keeps
// memory to what the jobs at hand need). After the first error no new job starts; that
// error is returned.
// safely runs a job, turning a panic into an error: one document that cannot be made
// fails the run (exit 1, yesterday's outputs kept), never the process (exit 2, which a
// monitor reads as a usage error).
func safely(job func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("生成文件时出现内部错误（%v），这次没有更新任何文件", r)
		}
	}()
	return job()
}

func runJobs(jobs []func() error) error {
	next := make(chan func() error)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range next {
				if err := safely(job); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, job := range jobs {
		mu.Lock()
		failed := first != nil
		mu.Unlock()
		if failed {
			break
		}
		next <- job
	}
	close(next)
	wg.Wait()
	return first
}

// markedCopy is a roster to copy with its problems marked, and the copy's name.
type markedCopy struct {
	src  Source
	name string
}

// markedCopies names the marked-up copies to make: one per roster with a problem,
// unless it is too large to copy (those are returned apart).
// problems holds each file's problems: an inbox of 10,000 class files is not searched
// through for each of them.
func markedCopies(sources []Source, problems map[string][]rules.Problem) (copies []markedCopy, tooBig []string) {
	taken := map[string]bool{}
	for _, src := range sources {
		if len(notesFor(src.Input.File, problems[src.Input.File])) == 0 {
			continue
		}
		if tooBigToMark(src) {
			tooBig = append(tooBig, src.Input.File)
			continue
		}
		name := annotatedName(src.Input)
		if taken[strings.ToLower(name)] { // sub/a.xlsx beside sub_a.xlsx, or names that differ in case
			sum := sha256.Sum256([]byte(src.Input.File))
			name = strings.TrimSuffix(name, ".xlsx") + "-" + hex.EncodeToString(sum[:3]) + ".xlsx"
		}
		taken[strings.ToLower(name)] = true
		copies = append(copies, markedCopy{src, name})
	}
	return copies, tooBig
}

// uniqueDirs gives each class its folder; names that differ only in case, or that
// became equal when made safe, get a numbered suffix so that they stay distinct.
func uniqueDirs(classes []rules.Class) []string {
	dirs := make([]string, len(classes))
	used := map[string]bool{}
	schoolDirs := map[string]string{}
	for i, c := range classes {
		sd, ok := schoolDirs[c.School]
		if !ok {
			sd = safeName(c.School, "未填学校")
			for n := 2; used["school\x00"+strings.ToLower(sd)]; n++ {
				sd = safeName(c.School, "未填学校") + "_" + strconv.Itoa(n)
			}
			used["school\x00"+strings.ToLower(sd)] = true
			schoolDirs[c.School] = sd
		}
		cd := safeName(c.Name, "未填班级")
		base := cd
		for n := 2; used[strings.ToLower(sd+"/"+cd)]; n++ {
			cd = base + "_" + strconv.Itoa(n)
		}
		used[strings.ToLower(sd+"/"+cd)] = true
		dirs[i] = filepath.Join(sd, cd)
	}
	return dirs
}

// annotate makes the marked-up copy in memory. A roster that excelize read once can still
// trip it while copying styles: such a copy is skipped rather than stopping the run.
func annotate(src Source, problems []rules.Problem, asOf time.Time) (out []byte, ok bool) {
	defer func() {
		if recover() != nil {
			out, ok = nil, false
		}
	}()
	if src.Load != nil {
		var err error
		if src.XLSX, src.Grids, err = src.Load(); err != nil {
			return nil, false // changed since it was read: the problem list still names every cell
		}
	}
	var buf bytes.Buffer
	done, err := writeAnnotated(&buf, src, problems, asOf)
	return buf.Bytes(), done && err == nil
}

// writeClass writes a class's checklist, and the letters due (with their envelopes and
// mailing list) into the run's batch. dir is the class folder relative to opt.Dir; the
// files come back relative to opt.Dir.
func writeClass(c rules.Class, dir string, opt Options, sh shares) (files []string, issued []outdir.LedgerEntry, noPostcode, drafts int, err error) {
	// The class's own school: its details and class teachers, never another's.
	opt.Policy = opt.Policy.ForSchool(c.School)
	files, issued, noPostcode, err = writeClassFor(c, dir, opt, sh)
	if opt.Letters.DraftFor(c.School) {
		drafts, issued = len(issued), nil // printed as drafts, not recorded
	}
	return files, issued, noPostcode, drafts, err
}

func writeClassFor(c rules.Class, dir string, opt Options, sh shares) (files []string, issued []outdir.LedgerEntry, noPostcode int, err error) {
	out := func(parts ...string) string { return filepath.ToSlash(filepath.Join(parts...)) }
	checklist := out(dir, ChecklistFile)
	if err := opt.stage("checklist"); err != nil {
		return files, nil, 0, err
	}
	if err := outdir.WriteStaged(filepath.Join(opt.Dir, checklist), func(w io.Writer) error { return writeChecklist(w, c, opt.Policy, opt.AsOf, sh.checklist) }); err != nil {
		return files, nil, 0, err
	}
	files = append(files, checklist)
	cards := out(dir, ContactCardsFile)
	if err := outdir.WriteStaged(filepath.Join(opt.Dir, cards), func(w io.Writer) error { return writeContactCards(w, c, opt.Policy, opt.AsOf, sh.cards) }); err != nil {
		return files, nil, 0, err
	}
	files = append(files, cards)
	records := out(dir, RecordsFile)
	if err := outdir.WriteStaged(filepath.Join(opt.Dir, records), func(w io.Writer) error { return writeRecords(w, c, opt.Policy, opt.AsOf, sh.records) }); err != nil {
		return files, nil, 0, err
	}
	files = append(files, records)
	if len(dueForVisit(c)) > 0 {
		name := out(dir, VisitFormsFile)
		if err := outdir.WriteStaged(filepath.Join(opt.Dir, name), func(w io.Writer) error {
			_, err := writeVisitForms(w, c, opt.Policy, opt.AsOf, sh.forms)
			return err
		}); err != nil {
			return files, nil, 0, err
		}
		files = append(files, name)
	}

	dec := opt.Letters
	lc, texts, err := dueLetters(c, opt)
	if err != nil || len(texts) == 0 {
		return files, nil, 0, err // in the holidays, no letter is due
	}
	// Each letter is composed once: its text is recorded (by its digest) and printed.
	date := opt.AsOf.Format("2006-01-02") // one string for the class's entries
	for i, r := range lc.Results {
		keys := rules.FamilyKeys(*r.Child, opt.Secret)
		issued = append(issued, outdir.LedgerEntry{Child: keys[0], Keys: keys, Term: dec.Term.Name, Kind: string(dec.Kind),
			Date: date, Batch: opt.Batch, Hash: letterHash(texts[i])})
	}
	batch := filepath.Join(outdir.LettersDir, opt.Batch, dir)
	draft := dec.DraftFor(c.School)
	if draft {
		// Drafts are for looking at, not for mailing: no envelopes, no mailing list, not
		// recorded; they are made again each run until the school's details are set.
		batch = filepath.Join(DraftsDir, dir)
	}
	letters := out(batch, LettersFile)
	if err := opt.stage("letters"); err != nil {
		return files, nil, 0, err
	}
	if err := outdir.WriteStaged(filepath.Join(opt.Dir, letters), func(w io.Writer) error {
		return printLetters(w, lc, opt.AsOf, texts, sh.letters)
	}); err != nil {
		return files, nil, 0, err
	}
	files = append(files, letters)
	if draft {
		return files, issued, 0, nil // counted as drafts by Write, not recorded
	}
	var envelopes bytes.Buffer
	if err := opt.stage("envelopes"); err != nil {
		return files, nil, 0, err
	}
	for _, r := range lc.Results {
		if m := deliveryFor(printableChild(*r.Child)); m.ByHand == "" && m.Postcode == "" {
			noPostcode++
		}
	}
	n, err := writeEnvelopes(&envelopes, lc, opt.Policy, opt.AsOf)
	if err != nil {
		return files, nil, 0, err
	} else if n > 0 {
		name := out(batch, EnvelopesFile)
		if err := outdir.WriteStaged(filepath.Join(opt.Dir, name), func(w io.Writer) error { _, err := w.Write(envelopes.Bytes()); return err }); err != nil {
			return files, nil, 0, err
		}
		files = append(files, name)
	}
	list := out(batch, MailingListFile)
	if err := opt.stage("mailing"); err != nil {
		return files, nil, 0, err
	}
	if err := outdir.WriteStaged(filepath.Join(opt.Dir, list), func(w io.Writer) error { return writeMailingList(w, lc, opt.Policy, opt.AsOf) }); err != nil {
		return files, nil, 0, err
	}
	return append(files, list), issued, noPostcode, nil
}

// dueLetters are the letters due to a class's families: the class with only those
// children, by name, and each one's letter.
func dueLetters(c rules.Class, opt Options) (rules.Class, []letterText, error) {
	dec := opt.Letters
	lc := c
	lc.Results = nil
	if dec.Kind == "" {
		return lc, nil, nil // the holidays
	}
	opt.Policy = opt.Policy.ForSchool(c.School)
	tpl := opt.Templates.Start
	if dec.Kind == rules.TermEndLetter {
		tpl = opt.Templates.End
	}
	for _, r := range c.Results {
		if dec.Due.Has(*r.Child) {
			lc.Results = append(lc.Results, r)
		}
	}
	rules.SortByName(lc.Results)
	texts := make([]letterText, len(lc.Results))
	for i, r := range lc.Results {
		var err error
		if texts[i], err = composeLetter(*r.Child, opt.Policy, opt.AsOf, dec, tpl); err != nil {
			return lc, nil, err
		}
	}
	return lc, texts, nil
}

// shares are the parts of the font that the run's checklists, and its letters, have in
// common (see fontShare).
type shares struct{ checklist, letters, cards, forms, records *pdf.Share }

// planShares lays out the checklists and the letters of the run's first and last classes
// (the letters of the first and last that have any) and shares what both print.
func planShares(classes []rules.Class, packed *packedClasses, due []bool, opt Options) (shares, error) {
	sh := shares{checklist: pdf.NewShare(), letters: pdf.NewShare(), cards: pdf.NewShare(), forms: pdf.NewShare(), records: pdf.NewShare()}
	if len(classes) < 2 {
		for _, s := range []*pdf.Share{sh.checklist, sh.letters, sh.cards, sh.forms, sh.records} {
			s.Freeze()
		}
		return sh, nil
	}
	loaded := map[int]rules.Class{} // the few classes taken out of the store, by place
	var loadErr error
	class := func(i int) rules.Class {
		if c, ok := loaded[i]; ok {
			return c
		}
		c, err := packed.loadClass(classes[i], i)
		if err != nil && loadErr == nil {
			loadErr = err
		}
		loaded[i] = c
		return c
	}
	for _, c := range []rules.Class{class(0), class(len(classes) - 1)} {
		if loadErr != nil {
			return sh, loadErr
		}
		p := opt.Policy.ForSchool(c.School)
		if err := writeChecklist(io.Discard, c, opt.Policy, opt.AsOf, sh.checklist); err != nil {
			return sh, err
		}
		if err := writeContactCards(io.Discard, c, p, opt.AsOf, sh.cards); err != nil {
			return sh, err
		}
		if _, err := writeVisitForms(io.Discard, c, p, opt.AsOf, sh.forms); err != nil {
			return sh, err
		}
		if err := writeRecords(io.Discard, c, p, opt.AsOf, sh.records); err != nil {
			return sh, err
		}
	}
	for _, s := range []*pdf.Share{sh.checklist, sh.cards, sh.forms, sh.records} {
		s.Freeze()
	}
	first := slices.Index(due, true)
	last := len(classes) - 1
	for last > first && !due[last] {
		last--
	}
	if first >= 0 && last > first {
		for _, c := range []rules.Class{class(first), class(last)} {
			lc, texts, err := dueLetters(c, opt)
			if err == nil {
				err = printLetters(io.Discard, lc, opt.AsOf, texts, sh.letters)
			}
			if err != nil {
				return sh, err
			}
		}
	}
	sh.letters.Freeze()
	return sh, loadErr
}

// writeSchool writes a school's own summary (汇总.pdf, 汇总.xlsx) and its paired
// teachers' lists into its folder.
func writeSchool(s schoolTally, opt Options) (files []string, err error) {
	if s.classes, err = s.withChildren(); err != nil {
		return nil, err
	}
	s.packed = nil
	pdfName := filepath.ToSlash(filepath.Join(s.Dir, OverviewPDF))
	if err := outdir.WriteStaged(filepath.Join(opt.Dir, pdfName), func(w io.Writer) error {
		return writeOverviewPDF(w, s.classes, s.Pupils, opt.Policy, opt.AsOf)
	}); err != nil {
		return files, err
	}
	xlsxName := filepath.ToSlash(filepath.Join(s.Dir, OverviewXLSX))
	if err := outdir.WriteStaged(filepath.Join(opt.Dir, xlsxName), func(w io.Writer) error {
		return writeOverviewXLSX(w, s.classes, opt.Policy, opt.AsOf)
	}); err != nil {
		return files, err
	}
	files = append(files, pdfName, xlsxName)
	pairingName := filepath.ToSlash(filepath.Join(s.Dir, PairingFile))
	if err := outdir.WriteStaged(filepath.Join(opt.Dir, pairingName), func(w io.Writer) error {
		return writePairing(w, []schoolTally{s}, opt.Policy.ForSchool(s.School), opt.AsOf)
	}); err != nil {
		return files, err
	}
	files = append(files, pairingName)
	var teachers bytes.Buffer
	ok, err := writeTeachersPDF(&teachers, s, opt.Policy, opt.AsOf)
	if err != nil || !ok {
		return files, err
	}
	name := filepath.ToSlash(filepath.Join(s.Dir, TeachersFile))
	if err := outdir.WriteStaged(filepath.Join(opt.Dir, name), func(w io.Writer) error { _, err := w.Write(teachers.Bytes()); return err }); err != nil {
		return files, err
	}
	return append(files, name), nil
}

// filesWithErrors names the rosters that have at least one error.
func filesWithErrors(problems []rules.Problem) map[string]bool {
	out := map[string]bool{}
	for _, p := range problems {
		if p.Severity == rules.Error {
			out[p.File] = true
		}
	}
	return out
}

// markLimit is the most pupils of a roster copied with its problems marked: a copy is
// made in memory, whole, and for a county's single roster that was more memory than the
// rest of the run together.
const markLimit = 8000

func tooBigToMark(src Source) bool {
	return src.Input.Children+src.Input.NotLeftBehind > markLimit
}
