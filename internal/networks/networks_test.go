package networks

import (
	"maps"
	"slices"
	"testing"

	"github.com/relais-dev/relais/internal/gbp"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/threads"
)

// TestModerationSupport pins which networks offer which action: a map
// holds only the networks that can do it, so that a caller finds out by
// looking, not by a failed call.
func TestModerationSupport(t *testing.T) {
	a := New(URLs{string(relais.Sandbox): "http://127.0.0.1:1"}, DefaultTimeout)
	tests := []struct {
		action string
		got    []relais.Network
		want   []relais.Network
	}{
		{"hide", slices.Collect(maps.Keys(a.Hiders)), []relais.Network{relais.Facebook, relais.Instagram, threads.Network, relais.X, relais.Bluesky, relais.Sandbox}},
		{"unhide", slices.Collect(maps.Keys(a.Unhiders)), []relais.Network{relais.Facebook, relais.Instagram, threads.Network, relais.X, relais.Bluesky, relais.Sandbox}},
		{"delete", slices.Collect(maps.Keys(a.Deleters)), []relais.Network{relais.Facebook, relais.Instagram, relais.LinkedIn, relais.Sandbox}},
		{"reply", slices.Collect(maps.Keys(a.Repliers)), []relais.Network{relais.Facebook, relais.Instagram, relais.X, relais.LinkedIn, gbp.Network, threads.Network, relais.Mastodon, relais.Bluesky, relais.Sandbox}},
		{"message", slices.Collect(maps.Keys(a.Messengers)), []relais.Network{relais.Facebook, relais.Instagram, relais.Mastodon, relais.Bluesky, relais.Sandbox}},
	}
	for _, tt := range tests {
		slices.Sort(tt.got)
		slices.Sort(tt.want)
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.action, tt.got, tt.want)
		}
	}
}

// Outside the local stack there is no sandbox network to act on.
func TestNoSandboxWithoutURL(t *testing.T) {
	a := New(URLs{}, DefaultTimeout)
	_, hides := a.Hiders[relais.Sandbox]
	_, deletes := a.Deleters[relais.Sandbox]
	_, replies := a.Repliers[relais.Sandbox]
	if hides || deletes || replies {
		t.Errorf("sandbox: got hide %v, delete %v, reply %v; want none", hides, deletes, replies)
	}
}

// A network takes a first comment exactly when its adapter publishes one:
// the guard and the publisher agree.
func TestFirstCommentsAsTheAdaptersDo(t *testing.T) {
	a := New(URLs{string(relais.Sandbox): "http://127.0.0.1:1"}, DefaultTimeout)
	for _, s := range relais.Specs() {
		_, comments := a.Commenters[s.Name]
		if got := s.Limits.MaxFirstComment > 0; got != comments {
			t.Errorf("%s: the spec takes a first comment: %v; its adapter comments: %v", s.Name, got, comments)
		}
	}
}
