package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/score"
)

// scoreInput is one line `relais score` reads.
type scoreInput struct {
	ID      json.RawMessage `json:"id"`
	Text    *string         `json:"text"`
	Lang    string          `json:"lang"`
	Network string          `json:"network"`
}

// scoreOutput is the line written for each input, in the input's order.
type scoreOutput struct {
	ID        json.RawMessage    `json:"id"`
	Action    relais.Action      `json:"action"`
	Labels    []string           `json:"labels"`
	Scores    map[string]float64 `json:"scores"`
	Sentiment float64            `json:"sentiment"`
	Lang      string             `json:"lang"`
	Reasons   []string           `json:"reasons"`
	// Explain is there only with --explain, so that the line is otherwise
	// what it always was.
	Explain *scoreExplain `json:"explain,omitempty"`
}

// scoreExplain tells why a comment got its action beyond the reasons: the
// words the word lists matched, the comment's fingerprint, and the
// client's correction it follows, if any.
type scoreExplain struct {
	Matched     []string           `json:"matched"`
	Fingerprint string             `json:"fingerprint"`
	Correction  *relais.Correction `json:"correction,omitempty"`
}

// scoreError is the line written for an input that cannot be read; the run
// goes on with the next.
type scoreError struct {
	ID    json.RawMessage `json:"id"`
	Line  int             `json:"line"`
	Error string          `json:"error"`
}

// maxScoreLine bounds one input line; a comment is far shorter.
const maxScoreLine = 1 << 20

// scoreCmd scores JSON lines from standard input with the default policy,
// or a client's, with no stack and no network unless --client needs the
// client's rules and corrections.
func scoreCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("score")
	clientID := fs.String("client", "", "score with this client's rules and corrections instead of the default rules")
	explain := fs.Bool("explain", false, "add to each line why: the matched words, the fingerprint and the correction followed")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	sc := scoring{scorer: score.New(), policy: score.DefaultPolicy(), explain: *explain}
	if *clientID != "" {
		a, err := e.connect(ctx)
		if err != nil {
			return err
		}
		c, err := a.store.Client(ctx, *clientID)
		if err != nil {
			return err
		}
		if sc.policy, err = score.ClientPolicy(c); err != nil {
			return err
		}
		all, err := a.store.Corrections(ctx, *clientID)
		if err != nil {
			return err
		}
		sc.corrections = make(map[string]relais.Correction, len(all))
		for _, c := range all {
			sc.corrections[c.Key] = c
		}
	}
	return sc.lines(e.stdin, e.out)
}

// scoring is what `relais score` scores with.
type scoring struct {
	scorer *score.Scorer
	policy score.Policy
	// corrections are the client's, by fingerprint.
	corrections map[string]relais.Correction
	explain     bool
}

// lines scores each input line and writes one output line for it.
func (sc scoring) lines(stdin io.Reader, stdout io.Writer) error {
	in := bufio.NewScanner(stdin)
	in.Buffer(make([]byte, 64<<10), maxScoreLine)
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for n := 1; in.Scan(); n++ {
		line := bytes.TrimSpace(in.Bytes())
		if len(line) == 0 {
			continue
		}
		var s scoreInput
		var problem string
		switch err := json.Unmarshal(line, &s); {
		case err != nil:
			problem = "not a JSON object with id and text"
		case s.Text == nil:
			problem = "text is missing"
		case s.Lang != "" && s.Lang != "en" && s.Lang != "fr":
			problem = fmt.Sprintf("lang %q: want en or fr", s.Lang)
		}
		if s.ID == nil {
			s.ID = json.RawMessage("null")
		}
		if problem != "" {
			if err := enc.Encode(scoreError{ID: s.ID, Line: n, Error: "line " + fmt.Sprint(n) + ": " + problem}); err != nil {
				return err
			}
			continue
		}
		o, err := sc.one(s)
		if err != nil {
			return err
		}
		if err := enc.Encode(o); err != nil {
			return err
		}
	}
	if err := in.Err(); err != nil {
		return fmt.Errorf("score: read standard input: %w", err)
	}
	return nil
}

// one scores one comment, as the moderator would: a client's correction
// of a comment that reads the same wins.
func (sc scoring) one(s scoreInput) (scoreOutput, error) {
	r := sc.scorer.ScoreLang(*s.Text, s.Lang, sc.policy)
	var why *scoreExplain
	if sc.explain || len(sc.corrections) > 0 {
		key, err := score.Fingerprint(*s.Text)
		if err != nil {
			return scoreOutput{}, fmt.Errorf("score: %w", err)
		}
		why = &scoreExplain{Matched: append([]string{}, r.Matched...), Fingerprint: key}
		if c, ok := sc.corrections[key]; ok && key != "" {
			r = score.Follow(r, c)
			why.Correction = &c
		}
	}
	o := scoreOutput{ID: s.ID, Action: r.Action, Labels: r.Labels, Scores: r.Categories,
		Sentiment: r.Sentiment, Lang: r.Language, Reasons: r.Reasons}
	if sc.explain {
		o.Explain = why
	}
	return o, nil
}
