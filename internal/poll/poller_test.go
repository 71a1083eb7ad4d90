package poll

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/relais"
)

// store holds one client with one account, and the cursor set.
type store struct {
	account relais.Account
	cursor  string
}

func (s *store) Clients(context.Context) ([]relais.Client, error) {
	return []relais.Client{{ID: s.account.ClientID}}, nil
}

func (s *store) Accounts(context.Context, string) ([]relais.Account, error) {
	return []relais.Account{s.account}, nil
}

func (s *store) SetPollCursor(_ context.Context, _ relais.Account, cursor string) error {
	s.cursor = cursor
	return nil
}

type intakeFunc func([]relais.Interaction) (intake.Result, error)

func (f intakeFunc) Accept(_ context.Context, ins []relais.Interaction) (intake.Result, error) {
	return f(ins)
}

type params struct{}

func (params) Get(context.Context, string) (string, error) { return "app-password", nil }

type pollerFunc func(cursor string) (relais.Polled, error)

func (f pollerFunc) Poll(_ context.Context, _, _, cursor string) (relais.Polled, error) {
	return f(cursor)
}

// TestWarnings: a poll that read part of an account stores what it read,
// moves the cursor and logs why the rest was not read.
func TestWarnings(t *testing.T) {
	st := &store{account: relais.Account{ClientID: "acme", Network: relais.Bluesky, ID: "acme.bsky.social", PollCursor: "c1"}}
	var accepted []relais.Interaction
	in := intakeFunc(func(ins []relais.Interaction) (intake.Result, error) {
		accepted = append(accepted, ins...)
		return intake.Result{Created: len(ins)}, nil
	})
	net := pollerFunc(func(string) (relais.Polled, error) {
		return relais.Polled{
			Interactions: []relais.Interaction{{Network: relais.Bluesky, ID: "m1"}},
			Cursor:       "c2",
			Warnings:     []string{"chat not read: no access to direct messages"},
		}, nil
	})
	var logs bytes.Buffer
	p := New(st, in, params{}, map[relais.Network]relais.NetworkPoller{relais.Bluesky: net}, config.Settings{}, slog.New(slog.NewJSONHandler(&logs, nil)))
	if err := p.Run(t.Context(), relais.PollInput{}); err != nil {
		t.Fatalf("run: %v", err)
	}
	if len(accepted) != 1 || st.cursor != "c2" {
		t.Errorf("got %d accepted, cursor %q; want 1, c2", len(accepted), st.cursor)
	}
	var warned bool
	for _, line := range bytes.Split(bytes.TrimSpace(logs.Bytes()), []byte("\n")) {
		var rec struct{ Level, Msg, Why string }
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatalf("log line %s: %v", line, err)
		}
		warned = warned || (rec.Level == "WARN" && rec.Why == "chat not read: no access to direct messages")
	}
	if !warned {
		t.Errorf("logs: got %s, want the warning", logs.String())
	}
}
