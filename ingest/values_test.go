package ingest

import (
	"testing"
)

func TestCleanName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"王　芳", "王芳"},
		{" 王 芳 ", "王芳"},
		{"欧阳　诗涵", "欧阳诗涵"},
		{"买买提·艾力", "买买提·艾力"},
		{"Anna Li", "Anna Li"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := cleanName(tt.in); got != tt.want {
			t.Errorf("cleanName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
