package ingest

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateError says, in Chinese, why a cell is not a usable date. The message starts
// with the value; the caller puts the column's name in front (最近家访日期“2026.2.30”不存在…).
type dateError struct {
	code string
	msg  string
}

func (e *dateError) Error() string { return e.msg }

var (
	ymdText = regexp.MustCompile(`^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?(?:\s*[T ]?\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$`)
	mdyText = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
	compact = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	shortYr = regexp.MustCompile(`^(\d{1,2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})日?$`)
	ymText  = regexp.MustCompile(`^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$`)
	// noYear is a date typed without its year: 11月23日, 11.23, 11/23.
	noYear   = regexp.MustCompile(`^(\d{1,2})\s*(?:月|[./-])\s*(\d{1,2})\s*[日号]?$`)
	excelMin = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
)

// parseDate reads a date cell. raw is the cell's raw value: a number for real date
// cells (Excel's serial day count, whatever the number format) or the text typed.
// It never guesses a two-digit year. An empty cell gives a zero time and no error.
func parseDate(raw string) (time.Time, error) {
	s := strings.TrimSpace(narrow(raw))
	if s == "" {
		return time.Time{}, nil
	}
	if m := compact.FindStringSubmatch(s); m != nil {
		return ymd(s, m[1], m[2], m[3])
	}
	if noYear.MatchString(s) {
		return time.Time{}, &dateError{"date_no_year",
			fmt.Sprintf("“%s”没有写年份，请写全年月日，如 2026-09-03。", echo(raw))}
	}
	if ymText.MatchString(s) && strings.ContainsAny(s, ".年") {
		return time.Time{}, &dateError{"date_no_day",
			fmt.Sprintf("“%s”缺少日，请写全年月日，如 2026-09-03。", echo(raw))}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return serialDate(s, f)
	}
	if m := ymdText.FindStringSubmatch(s); m != nil {
		return ymd(s, m[1], m[2], m[3])
	}
	if m := mdyText.FindStringSubmatch(s); m != nil {
		return ymd(s, m[3], m[1], m[2])
	}
	if shortYr.MatchString(s) {
		return time.Time{}, &dateError{"date_two_digit_year",
			fmt.Sprintf("“%s”只写了两位年份，无法确定是哪一年，请写成 2026-09-03 这样的四位年份。", echo(raw))}
	}
	if ymText.MatchString(s) {
		return time.Time{}, &dateError{"date_no_day",
			fmt.Sprintf("“%s”缺少日，请写全年月日，如 2026-09-03。", echo(raw))}
	}
	return time.Time{}, &dateError{"date_invalid",
		fmt.Sprintf("“%s”不是可识别的日期，请写成 2026-09-03 或 2026年9月3日。", echo(raw))}
}

func ymd(raw, ys, ms, ds string) (time.Time, error) {
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1900 || m < 1 || m > 12 || d < 1 || t.Day() != d || t.Month() != time.Month(m) {
		return time.Time{}, &dateError{"date_invalid",
			fmt.Sprintf("“%s”不存在（%d年%d月没有%d日，或月份不对），请核对后改正。", echo(raw), y, m, d)}
	}
	return t, nil
}

// serialDate converts Excel's serial day number (1900 date system) to a date.
func serialDate(raw string, f float64) (time.Time, error) {
	// 1 is 1900-01-01; 2958465 is 9999-12-31. Serials below 1 or beyond are not dates.
	if f < 1 || f > 2958465 || math.IsNaN(f) {
		return time.Time{}, &dateError{"date_invalid",
			fmt.Sprintf("“%s”不是日期，请填写日期，如 2026-09-03。", echo(raw))}
	}
	days := math.Floor(f)
	if days < 61 { // Excel counts a 29 February 1900 that never was.
		days++
	}
	return excelMin.AddDate(0, 0, int(days)), nil
}

// parseDateAsOf is parseDate for a date that teachers may type without its year (11月23日,
// 11.23): it is the latest such date not after asOf, and year names the year assumed
// (0 when the date had its year). Without an as-of date, such a date is an error.
func parseDateAsOf(raw string, asOf time.Time) (t time.Time, year int, err error) {
	s := strings.TrimSpace(narrow(raw))
	m := noYear.FindStringSubmatch(s)
	if m == nil || asOf.IsZero() {
		t, err = parseDate(raw)
		return t, 0, err
	}
	mo, _ := strconv.Atoi(m[1])
	d, _ := strconv.Atoi(m[2])
	for y := asOf.Year(); y >= asOf.Year()-1; y-- {
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d || t.Month() != time.Month(mo) {
			if mo == 2 && d == 29 {
				continue // 2月29日: the latest leap year before
			}
			break
		}
		if !t.After(asOf) {
			return t, y, nil
		}
	}
	if mo == 2 && d == 29 {
		for y := asOf.Year() - 1; y > asOf.Year()-8; y-- {
			if t := time.Date(y, 2, 29, 0, 0, 0, 0, time.UTC); t.Day() == 29 {
				return t, y, nil
			}
		}
	}
	return time.Time{}, 0, &dateError{"date_invalid",
		fmt.Sprintf("“%s”不存在（没有%d月%d日），请核对后改正。", echo(raw), mo, d)}
}

// yearMonth reads a year and month without a day (出生年月 2016.03, 2016年3月).
func yearMonth(raw string) (time.Time, bool) {
	m := ymText.FindStringSubmatch(strings.TrimSpace(narrow(raw)))
	if m == nil {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	if y < 1900 || mo < 1 || mo > 12 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC), true
}

// ParseDay reads a date as rosters write it (2026-11-28, 2026/11/28, 2026.11.28,
// 2026年11月28日, 20261128): for dates given on the command line.
func ParseDay(s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, fmt.Errorf("没有日期")
	}
	if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && !compact.MatchString(strings.TrimSpace(s)) {
		return time.Time{}, fmt.Errorf("不是日期") // a bare number is a serial day only in a cell
	}
	return parseDate(s)
}
