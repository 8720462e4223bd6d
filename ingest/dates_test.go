package ingest

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		raw  string
		want time.Time
		code string // empty: no error
	}{
		{"", time.Time{}, ""},
		{"46334", d(2026, 11, 8), ""},         // a real date cell: Excel serial
		{"46334.75", d(2026, 11, 8), ""},      // with a time of day
		{"45351", d(2024, 2, 29), ""},         // leap day
		{"60", time.Time{}, ""},               // Excel's 29 February 1900 that never was (see below)
		{"2026.9.3", d(2026, 9, 3), ""},       //
		{"2026/09/03", d(2026, 9, 3), ""},     //
		{"2026-9-3", d(2026, 9, 3), ""},       //
		{"2026年9月3日", d(2026, 9, 3), ""},      //
		{"2026 年 9 月 3 日", d(2026, 9, 3), ""}, //
		{"20260903", d(2026, 9, 3), ""},       // typed as 8 digits, as a number or as text
		{"２０２６．９．３", d(2026, 9, 3), ""},       // full-width digits
		{"2026-09-03 14:30", d(2026, 9, 3), ""},
		{"9/3/2026", d(2026, 9, 3), ""}, // m/d/yyyy as Excel's US short date prints it
		{"2024-02-29", d(2024, 2, 29), ""},
		{"2026-02-29", time.Time{}, "date_invalid"},
		{"2026-02-30", time.Time{}, "date_invalid"},
		{"2026.13.45", time.Time{}, "date_invalid"},
		{"26.10.8", time.Time{}, "date_two_digit_year"},
		{"26-10-08", time.Time{}, "date_two_digit_year"},
		{"2026年10月", time.Time{}, "date_no_day"},
		{"上周三", time.Time{}, "date_invalid"},
		{"-5", time.Time{}, "date_invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := parseDate(tt.raw)
			if tt.raw == "60" {
				// Serial 60 is the phantom 1900-02-29; it reads as 1900-02-28 or 03-01, never an error.
				if err != nil || got.Year() != 1900 {
					t.Errorf("parseDate(60) = %v, %v", got, err)
				}
				return
			}
			code := ""
			if err != nil {
				code = err.(*dateError).code
			}
			if code != tt.code || !got.Equal(tt.want) {
				t.Errorf("parseDate(%q) = %v, %q; want %v, %q", tt.raw, got, code, tt.want, tt.code)
			}
		})
	}
}
