package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"liushou/output"
	"liushou/output/outdir"
	"liushou/rules"
)

// night is one liushou run (or letters --reissue): what it was asked, and where it says
// things. Its steps are the run's stages, in order: prepare, readByClass, build, commit (finish), report.
type night struct {
	name, out                   string
	paths                       []string
	asOf, now                   time.Time
	reissue, quiet, acceptFewer bool
	posted, withdrawn           string // letters --posted / --withdrawn: a batch to mark
	set                         settings
	stdout, stderr              io.Writer
	log                         *outdir.RunLog
	stage                       func(string) error
	tidy                        sync.WaitGroup // the staging folder's removal, waited for before the run ends
}

// parseRun reads run's (or letters') command line and the settings; ok is false when the
// command should stop with code.
func parseRun(name string, args []string, stdout, stderr io.Writer, now time.Time) (n *night, code int, ok bool) {
	fs := flags(name, name+" [--out 文件夹] [--as-of 日期] [--config 设置文件] [--quiet] [--accept-fewer] 花名册或文件夹...", stderr)
	out := fs.StringP("out", "o", "", "输出文件夹，所有文件都写在这里（默认 out）")
	reissue := false
	var posted, withdrawn string
	if name == "letters" {
		fs.BoolVar(&reissue, "reissue", false, "给所有家庭重新生成本学期的家长信（另起一批）")
		fs.StringVar(&posted, "posted", "", "记下这一批家长信已经寄出（批次写 信件 文件夹里的名称，如 2026-11-28）")
		fs.StringVar(&withdrawn, "withdrawn", "", "作废还没寄出的这一批家长信：下次运行给这些家庭重新生成")
	}
	quiet := fs.BoolP("quiet", "q", false, "只在出错时输出（适合计划任务）")
	acceptFewer := fs.Bool("accept-fewer", false, "确认花名册确实少了：这次读到的留守儿童比上次少一半以上时也照常生成")
	c, code, ok := parseCommon(fs, args, stderr, now)
	if !ok {
		return nil, code, false
	}
	marks := 0
	for _, set := range []bool{reissue, posted != "", withdrawn != ""} {
		if set {
			marks++
		}
	}
	if name == "letters" && marks != 1 {
		fmt.Fprintln(stderr, "liushou：letters 要写明做什么，三者选一：--posted 批次（这一批已寄出）、--withdrawn 批次（这一批作废，下次重新生成）、--reissue（给所有家庭重新生成本学期的信）。平时每晚的 liushou run 只给还没有收到本学期信的家庭生成。")
		return nil, exitUsage, false
	}
	if *out == "" {
		*out = "out" // set here, so that the help text stays all in Chinese
	}
	set, err := loadSettings(c.config, fs.Args())
	if err != nil {
		fmt.Fprintf(stderr, "liushou：%v\n没有生成任何文件。\n", err)
		return nil, exitFailed, false
	}
	return &night{name: name, out: *out, paths: fs.Args(), asOf: c.asOf, now: now, reissue: reissue, quiet: *quiet, posted: posted, withdrawn: withdrawn,
		acceptFewer: *acceptFewer, set: set, stdout: stdout, stderr: stderr, stage: testStages()}, 0, true
}

// fail says why the run stopped, and that the previous outputs are as they were.
func (n *night) fail(err error) int {
	fmt.Fprintf(n.stderr, "liushou：%v。\n", err)
	return exitFailed
}

func (n *night) run() int {
	last, key, code, done := n.prepare()
	if done {
		return code
	}
	defer n.tidy.Wait()
	// excelize may spill very large sheets to temporary files: they go to a private folder
	// inside --out, emptied at every start in case a run was killed.
	tmp := filepath.Join(n.out, ".liushou", "tmp")
	outdir.RemoveAll(tmp)
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		fmt.Fprintf(n.stderr, "liushou：无法创建输出文件夹 %s：%v。\n", n.out, err)
		return exitFailed
	}
	defer outdir.RemoveAll(tmp)
	secret, err := outdir.Secret(n.out, nil)
	if err != nil {
		fmt.Fprintf(n.stderr, "liushou：无法读取或写入 %s：%v。\n上次生成的文件没有改动。\n", filepath.Join(n.out, outdir.SecretFile), err)
		return exitFailed
	}
	return n.runByClass(last, key, tmp, secret)
}

// runByClass is run for a night that keeps its children on disk and evaluates them a
// class at a time (readByClass).
func (n *night) runByClass(last outdir.State, key, tmp string, secret []byte) int {
	b, err := n.readByClass(&last, tmp, secret)
	if err != nil {
		return n.fail(err)
	}
	defer b.close()
	for _, w := range b.warnings {
		fmt.Fprintf(n.stderr, "liushou：提醒：%s\n", w)
	}
	if msg := tooFew(b.loaded.Roster, b.children, last, n.paths, n.acceptFewer); msg != "" {
		fmt.Fprintf(n.stderr, "liushou：%s\n上次生成的文件没有改动。\n", msg)
		return exitFailed
	}
	var moves map[string][2]int
	if last.Roll != nil {
		moves = rules.Moves(last.Roll, b.roll)
	}
	last.Roll = nil
	written, err := n.build(b, last, tmp, secret)
	return n.finish(last, key, b.loaded.Roster, b.children, written, b.letters, err, b.seen, b.roll, moves)
}

// finish is the end of a night once its documents are written (or not, err): the state
// committed, the run reported, the batches settled.
func (n *night) finish(last outdir.State, key string, roster rules.Roster, children int, written output.Written, letters rules.Letters,
	err error, seen map[string]string, roll rules.Roll, moves map[string][2]int) int {
	if err != nil {
		fmt.Fprintf(n.stderr, "liushou：%v。\n上次生成的文件没有改动。\n", err)
		return exitFailed
	}
	sum := written.Summary
	code := exitCode(sum)
	next, err := n.commit(last, key, code, roster, children, written, seen, roll, moves)
	if err != nil {
		return n.fail(err)
	}
	n.report(sum, written, letters)
	fresh := ""
	if written.Issued.Len() > 0 {
		fresh = written.Issued.Batch(0)
	}
	n.settleBatches(next.Batches, fresh)
	return code
}

// markBatch records that a batch was posted (letters --posted) or is withdrawn (letters
// --withdrawn: its families are lettered again by the next run).
func (n *night) markBatch() int {
	st, err := outdir.LoadState(n.out)
	if err != nil {
		return n.fail(err)
	}
	date := n.asOf.Format("2006-01-02")
	var b outdir.BatchRecord
	if n.posted != "" {
		b, err = st.MarkPosted(n.posted, date)
	} else {
		b, err = st.Withdraw(n.withdrawn, date)
	}
	if err != nil {
		return n.fail(err)
	}
	if err := outdir.SaveBatchStatus(n.out, st, b); err != nil {
		return n.fail(err)
	}
	where := filepath.Join(filepath.Clean(n.out), outdir.LettersDir, b.Name)
	if n.posted != "" {
		fmt.Fprintf(n.stdout, "已记下：%s 的 %d 封家长信于 %s 寄出。\n", where, b.Letters, b.Posted)
	} else {
		fmt.Fprintf(n.stdout, "已记下：%s 的 %d 封家长信作废，没有寄出。下次运行会给这些家庭重新生成，放在新的一批里。\n", where, b.Letters)
	}
	n.log.Printf("批次 %s：%s", b.Name, map[bool]string{true: "已寄出", false: "作废"}[n.posted != ""])
	for _, line := range waitingLines(n.out, outdir.Waiting(st.Batches), nil) {
		fmt.Fprintln(n.stdout, line)
	}
	return exitOK
}

// settleBatches reads the 已寄出 ticks of the batches that wait (batches: the state's, or
// only its head on a night with nothing changed): a batch whose every letter is ticked
// counts as posted from now on, and the whole state is read to record it. It then says
// which batches still wait to be posted, on every run, --quiet or not: until then the
// families are not counted as written to. fresh, if not "", is the batch this run has
// just made: its lists are as the run wrote them, and a county's 400 folders are not
// walked to find that out (a tenth of a second at the end of a night here, and a
// round trip a folder on a shared drive).
func (n *night) settleBatches(batches []outdir.BatchRecord, fresh string) {
	waiting := outdir.Waiting(batches)
	marks := map[string]int{}
	var done []string
	for _, b := range waiting {
		if b.Name == fresh {
			continue
		}
		marks[b.Name] = outdir.PostedMarks(n.out, b)
		if b.Letters > 0 && marks[b.Name] >= b.Letters {
			done = append(done, b.Name)
		}
	}
	if len(done) > 0 {
		st, err := outdir.LoadState(n.out)
		if err != nil {
			fmt.Fprintf(n.stderr, "liushou：无法记下已寄出的批次：%v。\n", err)
			return
		}
		for _, name := range done {
			rec, err := st.MarkPosted(name, n.asOf.Format("2006-01-02"))
			if err == nil {
				err = outdir.SaveBatchStatus(n.out, st, rec)
			}
			if err != nil {
				fmt.Fprintf(n.stderr, "liushou：无法记下已寄出的批次：%v。\n", err)
				continue
			}
			fmt.Fprintf(n.stdout, "邮寄清单上 %s/%s 的 %d 封信都已打勾，这一批记为已寄出。\n", outdir.LettersDir, name, rec.Letters)
		}
		waiting = outdir.Waiting(st.Batches)
	}
	for _, line := range waitingLines(n.out, waiting, marks) {
		fmt.Fprintln(n.stdout, line)
		n.log.Printf("%s", line)
	}
}

// waitingNotes are the first lines of 汇总.pdf: the batches that wait to be posted,
// this run's own included (counted before it is written).
func waitingNotes(batches []outdir.BatchRecord, batch string, l rules.Letters, due int) []string {
	var notes []string
	for _, b := range outdir.Waiting(batches) {
		notes = append(notes, fmt.Sprintf("等待寄出：%s/%s（%d 封）", outdir.LettersDir, b.Name, b.Letters))
	}
	if l.Kind != "" && due > 0 {
		notes = append(notes, fmt.Sprintf("等待寄出：%s/%s（%d 封）", outdir.LettersDir, batch, due))
	}
	if len(notes) > 0 {
		notes = append(notes, "寄出后请在这一批邮寄清单的“已寄出”一栏打√，或运行 liushou letters --posted 批次；寄出前这些家庭不算已收到信。")
	}
	return notes
}

// waitingLines say which batches wait to be posted (with the ticks counted in their
// mailing lists, when marks has them), and how to say they were.
func waitingLines(out string, waiting []outdir.BatchRecord, marks map[string]int) []string {
	if len(waiting) == 0 {
		return nil
	}
	var lines []string
	for _, b := range waiting {
		line := fmt.Sprintf("等待寄出：%s（%s 生成，%d 封）", filepath.Join(filepath.Clean(out), outdir.LettersDir, b.Name), b.Made, b.Letters)
		if m := marks[b.Name]; m > 0 {
			line += fmt.Sprintf("，邮寄清单上已打勾 %d / %d 封", m, b.Letters)
		}
		lines = append(lines, line+"。")
	}
	return append(lines, fmt.Sprintf("寄出后请在邮寄清单的“已寄出”一栏打√，或运行 liushou letters --posted %s --out %s；这一批不会重复生成，寄出前这些家庭不算已收到信。",
		waiting[len(waiting)-1].Name, filepath.Clean(out)))
}

// prepare reads the last run's state (adopting a batch a killed run left unrecorded) and
// says whether there is nothing to do: same rosters, date, policy and program, and all
// its files in place.
func (n *night) prepare() (last outdir.State, key string, code int, done bool) {
	key, err := runKey(n.paths, n.out, n.set.policy, n.set.lettersText, n.asOf)
	if err != nil {
		return last, "", n.fail(err), true
	}
	outdir.CleanStaging(n.out)
	if head, ok := outdir.UpToDateNow(n.out, key); ok && !n.reissue {
		code := n.upToDate(head.Exit)
		n.settleBatches(head.Batches, "")
		return last, key, code, true
	}
	if last, err = outdir.LoadState(n.out); err != nil {
		return last, "", n.fail(err), true
	}
	if msg, err := outdir.AdoptPending(n.out, &last); err != nil {
		return last, "", n.fail(err), true
	} else if msg != "" {
		fmt.Fprintf(n.stderr, "liushou：%s。\n", msg)
	}
	if msg, err := outdir.Rebuild(n.out, &last); err != nil {
		return last, "", n.fail(err), true
	} else if msg != "" {
		fmt.Fprintf(n.stderr, "liushou：%s。\n", msg)
	}
	if !n.reissue && last.UpToDate(n.out, key) {
		code := n.upToDate(last.Exit)
		n.settleBatches(last.Batches, "")
		return last, key, code, true
	}
	return last, key, 0, false
}

// upToDate says that there is nothing to do, and returns the last run's exit code.
func (n *night) upToDate(exit int) int {
	msg := fmt.Sprintf("花名册自上次运行以来没有变化，%s 中的文件已是最新，无需重新生成。\n", filepath.Clean(n.out))
	n.log.Printf("%s", strings.TrimSpace(msg))
	if !n.quiet {
		fmt.Fprint(n.stdout, msg)
	}
	return exit
}

// build writes the documents of what readByClass gathered into a staging folder and moves
// them into place only when complete: a failure leaves the previous outputs as they were.
// tmp is the run's private folder, where the children wait while the documents are written.
func (n *night) build(b *byClass, last outdir.State, tmp string, secret []byte) (output.Written, error) {
	staging := filepath.Join(n.out, outdir.StagingPrefix+strconv.Itoa(os.Getpid()))
	batch := outdir.FreeBatch(n.out, last.Ledger(), n.asOf)
	opts := output.Options{Dir: staging, Policy: n.set.policy, AsOf: n.asOf, Batch: batch,
		Sources: sources(b.loaded, b.evaluated), Templates: n.set.letters, Stage: n.stage, History: last.History,
		Secret: secret, Spill: tmp, Letters: b.letters, Waiting: waitingNotes(last.Batches, batch, b.letters, b.due)}
	if !n.quiet && isTerminal(n.stdout) {
		// A person is watching: one line that counts the classes done.
		opts.Progress = func(done, total int) {
			fmt.Fprintf(n.stdout, "\r正在生成文档：%d / %d 个班", done, total)
			if done == total {
				fmt.Fprint(n.stdout, "\r\033[K")
			}
		}
	}
	written, err := output.WriteEvaluated(b.loaded.Roster, b.ev, opts)
	if err == nil && written.Issued.Len() > 0 {
		// The batch carries its own record: a lost .liushou is rebuilt from it.
		rec := outdir.BatchRecord{Name: batch, Made: n.asOf.Format("2006-01-02"), Letters: written.Issued.Len()}
		err = outdir.StageManifest(filepath.Join(staging, outdir.LettersDir, batch), rec, secret, written.Issued)
	}
	if err == nil {
		// Everything on the disk before anything is moved into place.
		err = outdir.SyncTree(staging)
	}
	if err == nil && written.Issued.Len() > 0 {
		// Recorded before the batch is moved into place: a run killed after that adopts
		// it next time instead of making a second batch for the same families.
		err = outdir.RecordPending(n.out, batch, written.Issued, written.IssuedBySchool)
	}
	if err == nil {
		err = outdir.Publish(staging, n.out, written.Files, last.Files, batch, n.stage)
	}
	if err != nil {
		outdir.RemoveAll(staging)
	} else {
		n.tidy.Go(func() { outdir.RemoveTree(staging) }) // while the state is saved
	}
	return written, err
}

// commit is the commit point: the state and the ledger of letters issued, in one rename,
// after the files are in place. A run killed before it makes the same files and the same
// batch again next time, never a second letter. A run that left a roster for later keeps
// no key, so the next run is not skipped.
// seen are the undated signs with the night each was first seen (rules.SignsSeen); roll
// is who is on the rosters tonight, against which the next night counts who joined and
// left; moves are who joined and left since the last night's roll, per school (nil when
// there was none).
func (n *night) commit(last outdir.State, key string, code int, roster rules.Roster, children int, written output.Written, seen map[string]string, roll rules.Roll, moves map[string][2]int) (outdir.State, error) {
	if err := n.stage("commit"); err != nil {
		return outdir.State{}, err
	}
	ledger := last.Ledger()
	if ledger.Len() == 0 {
		// A first night's ledger is its batch: taken, not copied (a letter a family,
		// 3.5 MB at four times the county, held twice while the state was saved).
		ledger = written.Issued
	} else {
		ledger.AddAll(written.Issued)
	}
	if moves != nil {
		for i, h := range written.History {
			m := moves[h.School]
			written.History[i].Joined, written.History[i].Left, written.History[i].Moves = m[0], m[1], true
		}
	}
	next := outdir.State{Exit: code, Files: written.Files, Letters: ledger,
		Children: children, History: outdir.AddHistory(last.History, written.History, n.asOf)}
	next.Key = key
	next.Batches = last.Batches
	next.SignsSeen = seen
	next.Roll = roll
	if written.Issued.Len() > 0 {
		next.RecordBatch(written.Issued.Batch(0), n.asOf.Format("2006-01-02"), written.Issued.Len(), written.IssuedBySchool)
	}
	for _, in := range roster.Inputs {
		if in.Status == rules.InputDeferred {
			next.Key = ""
		}
	}
	if err := outdir.SaveState(n.out, next); err != nil {
		return next, err
	}
	outdir.ClearPending(n.out)
	return next, nil
}

// draftSchools names each school whose letters are drafts and what it lacks.
func draftSchools(p rules.Policy, l rules.Letters) string {
	var out []string
	for _, school := range slices.Sorted(maps.Keys(l.Drafts)) {
		name := school
		if name == "" {
			name = "（花名册里没有写学校的学生）"
		}
		if _, ok := p.Schools[school]; !ok {
			out = append(out, fmt.Sprintf("%s（liushou.toml 里没有 [schools.\"%s\"]）", name, school))
			continue
		}
		var keys []string
		for _, m := range l.Drafts[school] {
			key, _, _ := strings.Cut(strings.TrimPrefix(m, "school."), "（")
			keys = append(keys, key)
		}
		out = append(out, fmt.Sprintf("%s（[schools.\"%s\"] 里缺少 %s）", name, school, strings.Join(keys, "、")))
	}
	return strings.Join(out, "；")
}

// report says what the run did: totals always to the log, to the terminal unless
// --quiet; what stops the letters going out even with --quiet (on stderr then).
func (n *night) report(sum output.Summary, written output.Written, letters rules.Letters) {
	var say io.Writer = n.log
	if !n.quiet {
		say = io.MultiWriter(n.stdout, n.log)
	}
	fmt.Fprintln(say, settingsLine(n.set.configPath, n.set.policy))
	printTotals(say, sum)
	if n.quiet {
		// Children set aside by a column's value are said even at night.
		for _, line := range setAside(sum) {
			fmt.Fprintln(n.stdout, line)
		}
	}
	if k := written.Issued.Len(); k > 0 {
		n.log.Printf("本次新生成家长信 %d 封，批次 %s", k, written.Issued.Batch(0))
	}
	out := filepath.Clean(n.out)
	if !n.quiet {
		fmt.Fprintf(n.stdout, "已写入 %s：%s，以及%s、%s、%s 和 %s。\n",
			out, madeInWords(written.Files), output.OverviewPDF, output.OverviewXLSX, output.ProblemsFile, output.SummaryFile)
		switch k := written.Issued.Len(); {
		case letters.Kind == "":
			fmt.Fprintln(n.stdout, "现在是假期，没有要寄的家长信。")
		case k > 0:
			fmt.Fprintf(n.stdout, "本次新生成家长信 %d 封，在 %s（含信封和邮寄清单），请寄出这一批。\n", k,
				filepath.Join(out, outdir.LettersDir, written.Issued.Batch(0)))
		case written.Drafts == 0:
			fmt.Fprintln(n.stdout, "所有家庭都已收到本学期的家长信，这次没有新的信。")
		}
	}
	notice := say
	if n.quiet {
		notice = n.stderr
	}
	if letters.Draft && written.Drafts > 0 {
		if len(n.set.policy.Schools) == 0 {
			fmt.Fprintf(notice, "学校信息还没有填写完整（liushou.toml 里缺少 %s），这次的 %d 封家长信是草稿，在 %s 里，不要寄出，也没有记为已寄。填好后下次运行会生成正式的一批。\n",
				strings.Join(letters.Missing, "、"), written.Drafts, filepath.Join(out, output.DraftsDir))
		} else {
			fmt.Fprintf(notice, "%d 所学校的信息还没有填写完整，这些学校的 %d 封家长信是草稿，在 %s 里，不要寄出，也没有记为已寄：%s。填好后下次运行会生成正式的一批。\n",
				len(letters.Drafts), written.Drafts, filepath.Join(out, output.DraftsDir), draftSchools(n.set.policy, letters))
		}
	}
	if letters.Stale > 0 {
		fmt.Fprintf(notice, "有 %d 名学生的花名册最后一次保存在本学期开始（%s）之前，可能还是上学期的名单（班级还没升），这次没有给他们生成开学信。请把本学期的花名册核对、保存一次，下次运行就会生成。\n",
			letters.Stale, rules.ChineseDate(letters.Term.Start))
	}
	if r := letters.Recognised; len(r) > 0 {
		fmt.Fprintf(notice, "寄信记录认出了 %d 个身份证号补上或改过的家庭、%d 个换了班级的家庭（按学校、姓名和监护人电话或出生日期），没有给他们重复生成家长信。\n",
			r[rules.ByIDChanged], r[rules.ByClassChanged])
	}
	if letters.Future > 0 {
		fmt.Fprintf(notice, "寄信记录里有 %d 个家庭的信日期晚于统计日期 %s（可能有一次运行用错了 --as-of），这些记录不影响这次寄信的间隔；请核对每晚运行的日期设置。\n",
			letters.Future, n.asOf.Format("2006-01-02"))
	}
	if letters.Waits > 0 {
		fmt.Fprintf(notice, "%d 个家庭的开学信寄出不到 %d 天，期末信这次不寄，等下学期的开学信（免得几周内收到两封；liushou.toml 的 letters.min_days_between 可以改）。\n",
			letters.Waits, n.set.policy.MinLetterDays)
	}
	if k := written.NoPostcode; k > 0 && written.Issued.Len() > 0 {
		fmt.Fprintf(notice, "有 %d 个信封没有邮编（花名册里没有“务工地邮编”列或没有填写），请在信封上手写补上；花名册模板（liushou template）里有邮编列。\n", k)
	}
	for _, f := range written.NotMarked {
		fmt.Fprintf(say, "%s 太大，没有生成标出问题的副本；问题清单.xlsx 里列出了每个有问题的单元格。\n", f)
	}
	marked := false
	for _, f := range written.Files {
		marked = marked || strings.HasPrefix(f, output.AnnotatedDir+"/")
	}
	switch {
	case n.quiet || sum.Totals.Errors+sum.Totals.Warnings == 0:
	case marked:
		fmt.Fprintf(n.stdout, "问题明细见 %s（出问题的单元格已在 %s 文件夹里的花名册副本中标出），或运行 liushou check 查看。\n",
			filepath.Join(out, output.ProblemsFile), output.AnnotatedDir)
	default:
		fmt.Fprintf(n.stdout, "问题明细见 %s，或运行 liushou check 查看。\n", filepath.Join(out, output.ProblemsFile))
	}
}

// signSeen gives the first night each undated sign was seen, from the state's record of
// them (nil where there is none, or no secret to key them with).
func signSeen(out string, before map[string]string) func(rules.Child) time.Time {
	if len(before) == 0 {
		return nil
	}
	secret, err := outdir.Secret(out, nil)
	if err != nil {
		return nil
	}
	return func(c rules.Child) time.Time {
		t, err := time.Parse("2006-01-02", before[rules.SignKey(c, secret)])
		if err != nil {
			return time.Time{}
		}
		return t
	}
}

// madeInWords says which class documents a run made, with their counts, and nothing it
// did not make: 检查清单 6 份、联系卡 6 份、家访记录表 5 份、家长信 6 个班（信封 6 个班）.
func madeInWords(files []string) string {
	count := map[string]int{}
	for _, f := range files {
		base := path.Base(f)
		if strings.HasPrefix(f, output.DraftsDir+"/") && base == output.LettersFile {
			base = "drafts"
		}
		count[base]++
	}
	var parts []string
	for _, k := range []struct{ file, words string }{
		{output.ChecklistFile, "检查清单 %d 份"}, {output.RecordsFile, "档案 %d 份"}, {output.ContactCardsFile, "联系卡 %d 份"}, {output.VisitFormsFile, "家访记录表 %d 份"},
		{output.LettersFile, "家长信 %d 个班"}, {output.EnvelopesFile, "信封 %d 个班"}, {"drafts", "家长信草稿 %d 个班"},
	} {
		if n := count[k.file]; n > 0 {
			parts = append(parts, fmt.Sprintf(k.words, n))
		}
	}
	if len(parts) == 0 {
		return "没有班级文档"
	}
	return strings.Join(parts, "、")
}
