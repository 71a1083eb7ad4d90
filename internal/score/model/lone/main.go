// Command lone writes internal/score/data/lone.tsv: the listed terms that,
// standing alone in a comment (the only listed word that counts, no rule),
// are abuse less often on the corpus's train and calibration splits than
// a hide must be. The scorer hides on such a term alone only when the
// model agrees; otherwise a person decides.
//
//	go run ./internal/score/model/lone
//
// The held-out split is never read here; the output is sorted, so the same
// corpus and lists give the same bytes.
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/relais-dev/relais/internal/score"
	"github.com/relais-dev/relais/internal/score/model/corpus"
)

const (
	// hidePrecision is the share of abuse a hide must reach, as for the
	// model's hide points (internal/score/model/train).
	hidePrecision = 0.97
	// minAlone is the evidence a term needs to be judged at all.
	minAlone = 5
)

func main() {
	corpus := flag.String("corpus", "internal/score/model/corpus.jsonl.gz", "the training corpus")
	out := flag.String("o", "internal/score/data/lone.tsv", "the list to write")
	flag.Parse()
	if err := run(*corpus, *out); err != nil {
		fmt.Fprintln(os.Stderr, "lone:", err)
		os.Exit(1)
	}
}

type tally struct{ clean, n int }

func run(corpus, out string) error {
	counts, err := count(corpus)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("# Listed terms that, standing alone, are not abuse often enough to hide\n")
	b.WriteString("# on their own: written by `make model` (internal/score/model/lone).\n")
	b.WriteString("# term\tclean comments it stood alone in\tall comments it stood alone in\n")
	terms := make([]string, 0, len(counts))
	for t := range counts {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	kept := 0
	for _, t := range terms {
		c := counts[t]
		if c.n >= minAlone && float64(c.n-c.clean) < hidePrecision*float64(c.n) {
			fmt.Fprintf(&b, "%s\t%d\t%d\n", t, c.clean, c.n)
			kept++
		}
	}
	fmt.Printf("%d terms stand alone, %d of them doubtful\n", len(terms), kept)
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}

// count tallies, per listed term, the train and calibration comments it
// stands alone in, and how many of them are clean (complaints included).
func count(path string) (map[string]*tally, error) {
	out := map[string]*tally{}
	err := corpus.Learnable(path, func(ex corpus.Example) error {
		term, ok := score.LoneTerm(ex.Text, ex.Lang)
		if !ok {
			return nil
		}
		if out[term] == nil {
			out[term] = &tally{}
		}
		out[term].n++
		if len(ex.Labels) == 0 || slices.Equal(ex.Labels, []string{"complaint"}) {
			out[term].clean++
		}
		return nil
	})
	return out, err
}
