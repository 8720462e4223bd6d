package ingest

import (
	"testing"
)

func TestNormalisePhone(t *testing.T) {
	tests := []struct {
		raw, want string
		ok        bool
	}{
		{"13812345678", "13812345678", true},
		{"138 1234 5678", "13812345678", true},
		{"138-1234-5678", "13812345678", true},
		{"+86 138 1234 5678", "13812345678", true},
		{"+86 158-1234-5678", "15812345678", true},
		{"008613812345678", "13812345678", true},
		{"１３８１２３４５６７８", "13812345678", true},
		{"0577-65123456", "0577-65123456", true},
		{"0857-7712345", "0857-7712345", true},
		{"(0577)65123456", "057765123456", true},
		{"13812345678/13912345678", "13812345678", true},
		{"父13812345678", "", false},
		{"1381234567", "", false},
		{"12812345678", "", false},
		{"", "", true},
	}
	for _, tt := range tests {
		got, ok := normalisePhone(tt.raw)
		if got != tt.want || ok != tt.ok {
			t.Errorf("normalisePhone(%q) = %q, %v; want %q, %v", tt.raw, got, ok, tt.want, tt.ok)
		}
	}
}
