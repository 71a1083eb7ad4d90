package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"

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
// client's rules.
func scoreCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("score")
	clientID := fs.String("client", "", "score with this client's rules instead of the default ones")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	policy := score.DefaultPolicy()
	if *clientID != "" {
		a, err := e.connect(ctx)
		if err != nil {
			return err
		}
		c, err := a.store.Client(ctx, *clientID)
		if err != nil {
			return err
		}
		if policy, err = score.ClientPolicy(c); err != nil {
			return err
		}
	}
	scorer := score.New()
	in := bufio.NewScanner(e.stdin)
	in.Buffer(make([]byte, 64<<10), maxScoreLine)
	out := bufio.NewWriter(e.out)
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
		r := scorer.ScoreLang(*s.Text, s.Lang, policy)
		err := enc.Encode(scoreOutput{ID: s.ID, Action: r.Action, Labels: r.Labels, Scores: r.Categories,
			Sentiment: r.Sentiment, Lang: r.Language, Reasons: r.Reasons})
		if err != nil {
			return err
		}
	}
	if err := in.Err(); err != nil {
		return fmt.Errorf("score: read standard input: %w", err)
	}
	return nil
}
