package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScore runs relais score with no stack: one line out per line in, in
// order, malformed lines answered with an error and the run going on.
func TestScore(t *testing.T) {
	in := strings.Join([]string{
		`{"id":1,"text":"Vous êtes des escrocs, bande de c0nn@rds"}`,
		`not json`,
		`{"id":"b","text":"Still waiting for my refund after 6 weeks, this is unacceptable","lang":"en"}`,
		``,
		`{"id":3}`,
		`{"id":4,"text":"Merci pour la livraison rapide","network":"facebook"}`,
		`{"id":5,"text":"hello","lang":"de"}`,
	}, "\n")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"score"}, strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	type line struct {
		ID     any                `json:"id"`
		Action string             `json:"action"`
		Labels []string           `json:"labels"`
		Scores map[string]float64 `json:"scores"`
		Lang   string             `json:"lang"`
		Error  string             `json:"error"`
	}
	var got []line
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var v line
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("output line %q: %v", l, err)
		}
		got = append(got, v)
	}
	want := []struct {
		id     any
		action string
		label  string
		lang   string
		error  string
	}{
		{1.0, "hide", "insult", "fr", ""},
		{nil, "", "", "", "line 2: not a JSON object"},
		{"b", "review", "needs_reply", "en", ""},
		{3.0, "", "", "", "line 5: text is missing"},
		{4.0, "allow", "", "fr", ""},
		{5.0, "", "", "", `line 7: lang "de"`},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), out.String())
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.id || g.Action != w.action || g.Lang != w.lang || !strings.Contains(g.Error, w.error) ||
			(w.label != "" && !strings.Contains(strings.Join(g.Labels, ","), w.label)) {
			t.Errorf("line %d: got %+v, want %+v", i+1, g, w)
		}
		if w.error == "" && len(g.Scores) == 0 {
			t.Errorf("line %d: no scores", i+1)
		}
	}
}

func TestRulesSetRefusesAFaultyFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(file, []byte("thresholds:\n  insult: 2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The file is read before any stack is reached: a faulty one changes
	// nothing anywhere.
	err := run(context.Background(), []string{"--local", "rules", "set", "acme", "--file", file}, strings.NewReader(""), &bytes.Buffer{})
	if err == nil || !strings.Contains(message(err), "line 2") {
		t.Errorf("got %v, want the faulty line named", err)
	}
}
