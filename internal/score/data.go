package score

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// The scorer's hand-written data files share one layout: a line per item,
// "#" comments and blank lines skipped.

// dataLines returns the items of a data file.
func dataLines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// expandPhrases returns a phrase file's phrases, from its lines, each
// {a|b} group expanded to every alternative.
func expandPhrases(lines []string) []string {
	var out []string
	for _, line := range lines {
		out = append(out, expand(line)...)
	}
	return out
}

// phrasesOf reads the lines of a phrase file, tokenized as comments are.
func phrasesOf(z *tokenizer, lines []string) *phraseSet {
	ps := newPhraseSet()
	for i, p := range expandPhrases(lines) {
		ps.add(z.words(p), int32(i))
	}
	return ps
}

// anchored splits a phrase file's lines into those that count anywhere
// and those, marked with a leading ^, that count only where a sentence
// starts.
func anchored(text string) (anywhere, atStart []string) {
	for _, line := range dataLines(text) {
		if rest, ok := strings.CutPrefix(line, "^"); ok {
			atStart = append(atStart, strings.TrimSpace(rest))
		} else {
			anywhere = append(anywhere, line)
		}
	}
	return anywhere, atStart
}

func expand(s string) []string {
	open := strings.IndexByte(s, '{')
	end := strings.IndexByte(s, '}')
	if open < 0 || end < open {
		return []string{s}
	}
	var out []string
	for _, alt := range strings.Split(s[open+1:end], "|") {
		out = append(out, expand(s[:open]+alt+s[end+1:])...)
	}
	return out
}

// affix is a vulgar word that keeps its sense inside compounds
// (fuckwit, dumbfuck, enculage).
type affix struct {
	text, show string
	prefix     bool
	category   category
	weight     float64
}

// parseAffixes reads data/affixes.tsv: part, prefix or suffix, category,
// weight.
func parseAffixes(text string) ([]affix, error) {
	var out []affix
	for _, line := range dataLines(text) {
		f := strings.Split(line, "\t")
		if len(f) != 4 || f[0] == "" || f[1] != "prefix" && f[1] != "suffix" {
			return nil, fmt.Errorf("score: affixes: want part, prefix or suffix, category, weight; got %q", line)
		}
		c, ok := categoryByName[f[2]]
		w, err := strconv.ParseFloat(f[3], 64)
		if !ok || err != nil || w <= 0 || w > 1 {
			return nil, fmt.Errorf("score: affixes: bad category or weight in %q", line)
		}
		a := affix{text: f[0], prefix: f[1] == "prefix", category: c, weight: w, show: "..." + f[0]}
		if a.prefix {
			a.show = f[0] + "..."
		}
		out = append(out, a)
	}
	return out, nil
}

// unscored is the score of a comment the scorer could not read its data
// for: a person reviews it, and the reason says why.
func unscored(lang string, err error) relais.Score {
	if lang != "fr" {
		lang = "en"
	}
	cats := make(map[string]float64, numCategories)
	for _, n := range categoryNames {
		cats[n] = 0
	}
	return relais.Score{Categories: cats, Labels: []string{}, Language: lang, Action: relais.ActionReview,
		Reasons: []string{"not scored: " + err.Error()}}
}
