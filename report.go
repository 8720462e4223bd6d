package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"liushou/ingest"
	"liushou/output"
	"liushou/output/outdir"
	"liushou/rules"
)

// cmdReport writes a month's report (月报) into the output folder: per school (per class
// for a school's own), the children at the month's end and the change since the month
// before, the visits and calls made in the month, the share followed up in time, the
// must-visit signs registered and visited, the letters posted, the rosters' problems.
func cmdReport(args []string, stdout, stderr io.Writer, now time.Time) int {
	fs := flags("report", "report --month 2026-11 [--out 文件夹] [--config 设置文件] 花名册或文件夹...", stderr)
	month := fs.String("month", "", "统计的月份，如 2026-11 或 2026年11月（默认上个月）")
	out := fs.StringP("out", "o", "out", "输出文件夹：月报写在这里，上月人数和寄出的家长信从这里的每晚运行记录里读")
	c, code, ok := parseCommon(fs, args, stderr, now)
	if !ok {
		return code
	}
	if fs.Changed("as-of") {
		fmt.Fprintln(stderr, "liushou：report 按 --month 统计，不用 --as-of。")
		return exitUsage
	}
	from, err := parseMonth(*month, now)
	if err != nil {
		fmt.Fprintf(stderr, "liushou：%v。\n", err)
		return exitUsage
	}
	to := from.AddDate(0, 1, -1)
	asOf := to
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	switch {
	case from.After(today):
		fmt.Fprintf(stderr, "liushou：%d年%d月还没有到，不能统计。\n", from.Year(), int(from.Month()))
		return exitUsage
	case to.After(today):
		asOf = today // the month in progress: as it stands today
	}
	return withSettings(fs.Args(), c.config, stderr, func(set settings, tmp string) int {
		return writeReport(fs.Args(), *out, from, to, asOf, tmp, set, stdout, stderr)
	})
}

// writeReport writes the month's report of the rosters at paths into the output folder
// out: read and counted a class at a time (eachClass, a MonthlyMaker).
func writeReport(paths []string, out string, from, to, asOf time.Time, tmp string, set settings, stdout, stderr io.Writer) int {
	history, posted := nightsOfMonth(out, from, to)
	var mm *output.MonthlyMaker
	var problems []rules.Problem
	_, err := eachClass(paths, &set, asOf, tmp, out, func(loaded ingest.Loaded) {
		problems = loaded.Problems
		mm = output.NewMonthlyMaker(from, to, asOf, history, posted, set.policy.School.Name, problems)
	}, func(c rules.Class, _ []int32, evaluated []rules.Problem) {
		problems = append(problems, evaluated...)
		mm.Named(evaluated)
		mm.Add(c)
	})
	if err != nil {
		fmt.Fprintf(stderr, "liushou：%v。\n", err)
		return exitFailed
	}
	m := mm.Monthly(problems)
	if err := os.MkdirAll(out, 0o755); err != nil {
		fmt.Fprintf(stderr, "liushou：无法创建输出文件夹 %s：%v。\n", out, err)
		return exitFailed
	}
	name := output.MonthlyName(from)
	for _, f := range []struct {
		ext   string
		write func(io.Writer, output.Monthly) error
	}{{".xlsx", output.WriteMonthlyXLSX}, {".pdf", output.WriteMonthlyPDF}} {
		path := filepath.Join(out, name+f.ext)
		if err := outdir.WriteFile(path, func(w io.Writer) error { return f.write(w, m) }); err != nil {
			fmt.Fprintf(stderr, "liushou：无法写入 %s：%v。\n", path, err)
			return exitFailed
		}
	}
	fmt.Fprintf(stdout, "已生成 %s：%d 所学校，留守儿童 %d 名，本月家访 %d 次、通话 %d 次。\n",
		filepath.Join(out, name+".xlsx 和 .pdf"), len(m.Schools), m.Total.Children, m.Total.Visits, m.Total.Calls)
	return exitOK
}

// nightsOfMonth is what the nights' record in the output folder out says of the month
// from..to, when there is one: the schools' counts night by night (the children a month
// before), and the letters posted in the month.
func nightsOfMonth(out string, from, to time.Time) ([]outdir.SchoolDay, output.Posted) {
	posted := output.Posted{Total: -1}
	var history []outdir.SchoolDay
	if st, err := outdir.LoadState(out); err == nil && len(st.History)+len(st.Batches) > 0 {
		history, posted = st.History, output.Posted{BySchool: map[string]int{}}
		for _, b := range st.Batches {
			if b.Posted >= from.Format("2006-01-02") && b.Posted <= to.Format("2006-01-02") {
				posted.Total += b.Letters
				switch {
				case b.Schools == nil && b.Letters > 0:
					posted.BySchool = nil // recorded before letters were counted by school
				case posted.BySchool != nil:
					for school, n := range b.Schools {
						posted.BySchool[school] += n
					}
				}
			}
		}
	}
	return history, posted
}

// parseMonth reads --month (2026-11, 2026/11, 2026.11, 2026年11月), or takes the month
// before now's.
func parseMonth(s string, now time.Time) (time.Time, error) {
	if s == "" {
		first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
		return first.AddDate(0, -1, 0), nil
	}
	t, err := ingest.ParseDay(strings.TrimSuffix(strings.TrimSpace(s), "月") + "-01")
	if err == nil {
		return t, nil
	}
	if t, err := ingest.ParseDay(strings.TrimSpace(s) + "1日"); err == nil && strings.Contains(s, "年") {
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC), nil
	}
	return time.Time{}, fmt.Errorf("--month 的月份“%s”无效，请写成 2026-11 或 2026年11月", s)
}
