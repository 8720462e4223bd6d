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
	ymdText  = regexp.MustCompile(`^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?(?:\s*[T ]?\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$`)
	mdyText  = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
	compact  = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	shortYr  = regexp.MustCompile(`^(\d{1,2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})日?$`)
	ymText   = regexp.MustCompile(`^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$`)
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
