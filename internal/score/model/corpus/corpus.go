// Package corpus reads corpus.jsonl.gz for the programs that learn from
// it (train, lone): the train and calibration splits only, so that no
// learning program can read the held-out split.
package corpus

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
)

// Example is one labelled comment.
type Example struct {
	Text, Lang, Split string
	Labels            []string
}

// Learnable calls fn with each train and calibration example, in file
// order, skipping the held-out split.
func Learnable(path string, fn func(Example) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		var ex Example
		if err := json.Unmarshal(sc.Bytes(), &ex); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if ex.Split == "heldout" {
			continue
		}
		if err := fn(ex); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
