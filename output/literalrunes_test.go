package output

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var updateRunes = flag.Bool("update", false, "rewrite literalrunes.go (and golden files)")

// TestLiteralRunes: every character of liushou's own wording (the string literals of
// output and rules) is in literalRunes, so that the run's font holds it.
func TestLiteralRunes(t *testing.T) {
	want := map[rune]bool{}
	for _, dir := range []string{".", "../rules"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, "literalrunes.go") {
				continue
			}
			file, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, err := strconv.Unquote(lit.Value)
					if err != nil {
						s = lit.Value
					}
					for _, r := range s {
						if r >= 0x80 {
							want[r] = true
						}
					}
				}
				return true
			})
		}
	}
	var rs []rune
	for r := range want {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	if *updateRunes {
		src := "package output\n\n// literalRunes holds every character above ASCII in the string literals of output and rules:\n" +
			"// what liushou prints of its own. TestLiteralRunes keeps it complete\n" +
			"// (go test ./output -run TestLiteralRunes -update rewrites it).\n" +
			"const literalRunes = " + strconv.Quote(string(rs)) + "\n"
		if err := os.WriteFile("literalrunes.go", []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	var missing []rune
	for _, r := range rs {
		if !strings.ContainsRune(literalRunes, r) {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		t.Errorf("literalRunes lacks %q: run go test ./output -run TestLiteralRunes -update", string(missing))
	}
}
