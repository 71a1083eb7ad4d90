package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// boards is what a Pinterest token reaches.
type boards []relais.Reachable

func (b boards) Reachable(context.Context, string) ([]relais.Reachable, error) { return b, nil }

func TestChoose(t *testing.T) {
	two := boards{{ID: "549755885175", Name: "Recettes"}, {ID: "549755885176", Name: "Boutique"}}
	tests := []struct {
		name  string
		reach boards
		stdin string
		want  string // the id, or part of the refusal
		ok    bool
	}{
		{"the only one", boards{{ID: "549755885175", Name: "Recettes"}}, "", "549755885175", true},
		{"by number", two, "2\n", "549755885176", true},
		{"by id", two, "549755885175\n", "549755885175", true},
		{"none of them", two, "7\n", `"7" is none of the 2 accounts listed`, false},
		{"no answer", two, "", "no choice read", false},
		{"nothing reached", boards{}, "", "reaches no account", false},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		e := &env{stdin: strings.NewReader(tt.stdin), out: &out}
		got, err := choose(context.Background(), e, tt.reach, "tok")
		switch {
		case tt.ok && (err != nil || got != tt.want):
			t.Errorf("%s: got %q, %v; want %q", tt.name, got, err, tt.want)
		case !tt.ok && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: got %q, %v; want a refusal saying %q", tt.name, got, err, tt.want)
		}
	}
}
