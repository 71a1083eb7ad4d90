package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/score"
)

// fakeCorrections holds corrections by client.
type fakeCorrections map[string][]relais.Correction

func (f fakeCorrections) Clients(context.Context) ([]relais.Client, error) {
	return []relais.Client{{ID: "acme"}, {ID: "bravo"}}, nil
}

func (f fakeCorrections) Corrections(_ context.Context, id string) ([]relais.Correction, error) {
	return f[id], nil
}

func TestExportCorrections(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 12, d, 9, 0, 0, 0, time.UTC) }
	src := fakeCorrections{
		"acme":  {{ClientID: "acme", InteractionID: "a2", To: relais.ActionAllow, At: day(3)}, {ClientID: "acme", InteractionID: "a1", To: relais.ActionHide, At: day(1)}},
		"bravo": {{ClientID: "bravo", InteractionID: "b1", To: relais.ActionHide, At: day(2)}},
	}
	tests := []struct {
		clients []string
		want    []string
	}{
		{nil, []string{"a1", "b1", "a2"}},
		{[]string{"bravo"}, []string{"b1"}},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		if err := exportCorrections(context.Background(), src, tt.clients, &out); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			var c relais.Correction
			if err := json.Unmarshal([]byte(l), &c); err != nil {
				t.Fatalf("line %q: %v", l, err)
			}
			got = append(got, c.InteractionID)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("clients %v: got %v, want %v", tt.clients, got, tt.want)
		}
	}
}

// TestScoreExplain: with the client's corrections, a comment that reads
// like a corrected one follows the correction, and --explain names it;
// without --explain the line has no explanation.
func TestScoreExplain(t *testing.T) {
	key, err := score.Fingerprint("Bande de connards")
	if err != nil {
		t.Fatal(err)
	}
	c := relais.Correction{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c-1", Key: key,
		Text: "Bande de connards", From: relais.ActionHide, To: relais.ActionAllow, By: "max", At: time.Now()}
	in := `{"id":1,"text":"BANDE de c0nnaaards !!!"}` + "\n" + `{"id":2,"text":"Bande de connards, vraiment"}`
	type line struct {
		Action  string        `json:"action"`
		Reasons []string      `json:"reasons"`
		Explain *scoreExplain `json:"explain"`
	}
	for _, explain := range []bool{true, false} {
		sc := scoring{scorer: score.New(), policy: score.DefaultPolicy(), explain: explain,
			corrections: map[string]relais.Correction{key: c}}
		var out bytes.Buffer
		if err := sc.lines(strings.NewReader(in), &out); err != nil {
			t.Fatal(err)
		}
		var got []line
		for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			var v line
			if err := json.Unmarshal([]byte(l), &v); err != nil {
				t.Fatalf("line %q: %v", l, err)
			}
			got = append(got, v)
		}
		if got[0].Action != "allow" || !strings.HasPrefix(got[0].Reasons[0], "correction: max chose allow") {
			t.Errorf("explain %v: corrected comment: got %s %q, want allow for max's correction", explain, got[0].Action, got[0].Reasons)
		}
		if got[1].Action != "hide" {
			t.Errorf("explain %v: other comment: got %s, want hide", explain, got[1].Action)
		}
		switch {
		case explain && (got[0].Explain == nil || got[0].Explain.Correction == nil || got[0].Explain.Correction.InteractionID != "c-1"):
			t.Errorf("explain: got %+v, want the correction of c-1", got[0].Explain)
		case explain && (got[1].Explain == nil || got[1].Explain.Correction != nil):
			t.Errorf("explain: other comment: got %+v, want no correction", got[1].Explain)
		case !explain && (got[0].Explain != nil || got[1].Explain != nil):
			t.Errorf("no explain: got an explanation")
		}
	}
}
