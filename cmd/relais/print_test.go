package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text", "Bonjour à tous 👋", "Bonjour à tous 👋"},
		{"emoji sequence", "👩‍💻 ok", "👩‍💻 ok"},
		{"newline", "a\nb", `a\nb`},
		{"carriage return", "ok\rFAKE", `ok\rFAKE`},
		{"tab", "a\tb", `a\tb`},
		{"ANSI escape", "\x1b[2J\x1b[31mred", `\x1b[2J\x1b[31mred`},
		{"bell and NUL", "\a\x00", `\x07\x00`},
		{"DEL", "a\x7fb", `a\x7fb`},
		{"C1 control", "a\u009bb", `a\u009bb`},
		{"bidi override", "gpj.\u202eexe", `gpj.\u202eexe`},
		{"bidi isolate", "\u2066x\u2069", `\u2066x\u2069`},
		{"line separator", "a\u2028b", `a\u2028b`},
		{"invalid UTF-8", "a\xffb", `a\xffb`},
		{"already clean", `a\nb`, `a\nb`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clean(tt.in); got != tt.want {
				t.Errorf("clean(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// hostile is what an author on a network can put in a name or a text.
const hostile = "Eve\x1b]0;owned\x07\r\n2026-01-01 00:00:00\tfacebook\tAdmin\tallow\tfake row\u202e"

// controls reports whether out holds a control character other than the
// newlines that end lines.
func controls(out string) bool {
	return strings.ContainsFunc(out, func(r rune) bool {
		return r != '\n' && (r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == '\u202e')
	})
}

func TestInboxTableKeepsOneLinePerInteraction(t *testing.T) {
	entries := []dynamo.InboxEntry{
		{Interaction: relais.Interaction{Network: relais.Facebook, Author: relais.Author{Name: hostile}, Text: hostile, ReceivedAt: time.Now()}},
		{Interaction: relais.Interaction{Network: relais.Mastodon, Author: relais.Author{Name: "Bob"}, Text: "merci", ReceivedAt: time.Now()}},
	}
	rows := make([][]string, len(entries))
	for i, in := range entries {
		rows[i] = inboxRow(in)
	}
	var out bytes.Buffer
	if err := printTable(&out, inboxHeader, rows); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Count(out.String(), "\n"), len(entries)+1; got != want {
		t.Errorf("got %d lines, want %d:\n%s", got, want, out.String())
	}
	if controls(out.String()) {
		t.Errorf("inbox table holds control characters: %q", out.String())
	}
}

func TestPostShowEscapes(t *testing.T) {
	p := relais.Post{ID: "p1", ClientID: "acme", Text: hostile, FailureReason: hostile, Status: relais.StatusFailed}
	audit := []relais.Transition{{By: "cli", To: relais.StatusFailed, Why: hostile}}
	var out bytes.Buffer
	printPost(&out, p, audit)
	if got, want := strings.Count(out.String(), "\n"), 9; got != want {
		t.Errorf("got %d lines, want %d:\n%s", got, want, out.String())
	}
	if controls(out.String()) {
		t.Errorf("post show holds control characters: %q", out.String())
	}
}
