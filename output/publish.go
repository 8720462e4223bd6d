package output

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// StagingPrefix names the folders, inside --out, where a run builds its files before
// they are moved into place.
const StagingPrefix = ".liushou/staging-"

// CleanStaging removes staging folders left by runs that were killed. Call it while
// holding the lock: no other run is using them.
func CleanStaging(dir string) {
	leftovers, _ := filepath.Glob(filepath.Join(dir, StagingPrefix+"*"))
	for _, l := range leftovers {
		os.RemoveAll(l)
	}
}

// Publish moves a complete run's files from the staging folder into the output folder,
// each by one rename (a reader sees the old file or the new one, never half of one), then
// removes the files of the previous run that this run no longer makes (a class that left
// the roster) and the folders they leave empty. Letter batches are never removed.
// stage, if not nil, is called half-way (see Options.Stage).
func Publish(staging, dir string, files, previous []string, stage func(string) error) error {
	for i, f := range files {
		if stage != nil && i == len(files)/2 {
			if err := stage("publish"); err != nil {
				return err
			}
		}
		from, to := filepath.Join(staging, filepath.FromSlash(f)), filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(to), dirPerm); err != nil {
			return fmt.Errorf("无法创建文件夹 %s：%w", filepath.Dir(to), err)
		}
		if err := os.Rename(from, to); err != nil {
			return fmt.Errorf("无法替换 %s（文件是否正在被打开？）：%w", to, err)
		}
	}
	keep := map[string]bool{}
	for _, f := range files {
		keep[f] = true
	}
	for _, f := range previous {
		if keep[f] || isBatchFile(f) || strings.HasPrefix(f, ".liushou/") || strings.Contains(f, "..") {
			continue
		}
		path := filepath.Join(dir, filepath.FromSlash(f))
		os.Remove(path)
		// Remove the folders it leaves empty, up to the output folder.
		for d := filepath.Dir(path); d != dir && strings.HasPrefix(d, dir); d = filepath.Dir(d) {
			if os.Remove(d) != nil {
				break
			}
		}
	}
	return os.RemoveAll(staging)
}
