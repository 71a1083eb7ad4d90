package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
)

// Mistakes in the command line are refused before anything is reached.
func TestCommandLineMistakes(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"post"}, "post needs a subcommand"},
		{[]string{"client", "add"}, "want <id>, got 0 arguments"},
		{[]string{"client", "add", "acme", "--name", "Acme", "--locale", "fr"}, "--timezone is required"},
		{[]string{"client", "add", "acme", "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"inbox", "acme", "--limit", "0"}, "--limit must be between 1 and 1000"},
		{[]string{"report", "acme"}, "--period is required"},
		{[]string{"post", "show"}, "want <post id>, got 0 arguments"},
		{[]string{"client", "list", "extra"}, "want no arguments, got 1 arguments"},
		{[]string{"client", "brand", "acme"}, "give --report-agency, --report-color or --report-logo"},
		{[]string{"inbox", "reply"}, "want <network:thread>, got 0 arguments"},
		{[]string{"inbox", "reply", "sandbox:c1"}, "give --text or --saved"},
		{[]string{"inbox", "reply", "sandbox:c1", "--text", "a", "--saved", "b"}, "give --text or --saved"},
		{[]string{"inbox", "reply", "c1", "--text", "Bonjour"}, "want <network>:<thread id>"},
		{[]string{"inbox", "reply", "myspace:c1", "--text", "Bonjour"}, "unknown network"},
		{[]string{"inbox", "assign", "sandbox:c1"}, "--to is required"},
		{[]string{"inbox", "note", "sandbox:c1"}, "--text is required"},
		{[]string{"inbox", "done"}, "want <network:thread>"},
		{[]string{"inbox", "threads", "acme", "--status", "closed"}, `--status: status "closed"`},
		{[]string{"inbox", "threads", "acme", "--limit", "0"}, "--limit must be between 1 and 1000"},
		{[]string{"inbox", "saved"}, "inbox saved needs set, list or remove"},
		{[]string{"inbox", "saved", "set", "acme", "delay"}, "--lang is required"},
		{[]string{"media"}, "media needs a subcommand"},
		{[]string{"media", "add", "acme"}, "want <client> <file>, got 1 arguments"},
		{[]string{"media", "add", "acme", "/no/such/boots.jpg"}, "no such file"},
		{[]string{"media", "add", "acme", "main.go"}, "Relais takes image/jpeg"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), tt.args, strings.NewReader(""), &out)
			var u usageError
			if !errors.As(err, &u) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want a usage error containing %q", err, tt.want)
			}
		})
	}
}

// Values the domain refuses are refused before anything is reached too.
func TestInvalidValues(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"client", "add", "Acme!", "--name", "A", "--timezone", "Europe/Paris", "--locale", "fr"}, "invalid client id"},
		{[]string{"client", "add", "acme", "--name", "A", "--timezone", "Europe/Pariss", "--locale", "fr"}, "unknown time zone"},
		{[]string{"client", "add", "acme", "--name", "A", "--timezone", "Europe/Paris", "--locale", "de"}, "locale \"de\" is not supported"},
		{[]string{"client", "add", "acme", "--name", "A", "--timezone", "Europe/Paris", "--locale", "fr", "--report-color", "blue"}, "colour \"blue\": want #rrggbb"},
		{[]string{"client", "add", "acme", "--name", "A", "--timezone", "Europe/Paris", "--locale", "fr", "--report-logo", "logo.gif"}, "want a .png, .jpg, .svg or .webp file"},
		{[]string{"client", "brand", "acme", "--report-color", "blue"}, "colour \"blue\": want #rrggbb"},
		{[]string{"account", "connect", "acme", "--network", "myspace", "--id", "x"}, "unknown network"},
		{[]string{"post", "schedule", "acme", "--account", "acme-page", "--at", "2026-12-01T09:00", "--text", "x"}, "want <network>:<account id>"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			err := run(context.Background(), tt.args, strings.NewReader(""), &bytes.Buffer{})
			if err == nil || !strings.Contains(message(err), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"help"}, strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "post schedule <client>") {
		t.Errorf("help lacks the post schedule form: %s", out.String())
	}
}

func TestInboxFilter(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		network, since, state string
		want                  dynamo.InboxFilter
		wantErr               string
	}{
		{"", "", "", dynamo.InboxFilter{Limit: 50}, ""},
		{"x", "24h", "hide", dynamo.InboxFilter{Limit: 50, Network: relais.X, Since: now.Add(-24 * time.Hour), Action: relais.ActionHide}, ""},
		{"", "2026-11-20", "pending", dynamo.InboxFilter{Limit: 50, Since: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Pending: true}, ""},
		{"myspace", "", "", dynamo.InboxFilter{}, "unknown network"},
		{"", "yesterday", "", dynamo.InboxFilter{}, "--since"},
		{"", "", "deleted", dynamo.InboxFilter{}, "--state"},
	}
	for _, tt := range tests {
		got, err := inboxFilter(50, tt.network, tt.since, tt.state, now)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%v: got %v, want an error with %q", tt, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%v: got %+v (%v), want %+v", tt, got, err, tt.want)
		}
	}
}
