package output

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDocumentsSayOnlyWhatIsOnAPage: the documents (letters, checklists, envelopes,
// summaries) reach PDF through package pdf alone; fonts, encodings and gofpdf are the
// engine's.
func TestDocumentsSayOnlyWhatIsOnAPage(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) < 10 {
		t.Fatalf("%d files, %v", len(files), err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.Contains(path, "gofpdf") || strings.HasPrefix(path, "liushou/output/pdf/") {
				t.Errorf("%s imports %s: only package pdf may", name, path)
			}
		}
	}
}
