package relais

import "testing"

func TestCanonicalAccount(t *testing.T) {
	tests := []struct {
		in   AccountRef
		want string
	}{
		{AccountRef{Bluesky, "Acme.BSky.Social"}, "acme.bsky.social"},
		{AccountRef{Bluesky, "acme.bsky.social"}, "acme.bsky.social"},
		{AccountRef{Bluesky, "@Acme.bsky.social"}, "acme.bsky.social"},
		{AccountRef{Bluesky, "did:plc:z72i7hdynmk6r22z27h6tvur"}, "did:plc:z72i7hdynmk6r22z27h6tvur"},
		{AccountRef{Mastodon, "Alice@Mastodon.Social"}, "alice@mastodon.social"},
		{AccountRef{Mastodon, "@alice@mastodon.social"}, "alice@mastodon.social"},
		{AccountRef{LinkedIn, "urn:li:organization:2414183"}, "2414183"},
		// Ids that are case-sensitive on their network stay as given.
		{AccountRef{Facebook, "AbC123"}, "AbC123"},
		{AccountRef{Sandbox, "Acme-Page"}, "Acme-Page"},
	}
	for _, tt := range tests {
		if got := tt.in.Canonical().ID; got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.in, got, tt.want)
		}
	}
}
