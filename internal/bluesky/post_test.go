package bluesky

import (
	"reflect"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/bluesky/tid"
	"github.com/relais-dev/relais/internal/relais"
)

func TestNewPost(t *testing.T) {
	now := time.Date(2026, 11, 22, 22, 44, 18, 886_000_000, time.FixedZone("CET", 3600))
	tests := []struct {
		name       string
		content    relais.Content
		wantFacets []facet
	}{
		{name: "no link", content: relais.Content{Text: "Bonjour à tous"}},
		{
			name:    "link after ASCII",
			content: relais.Content{Text: "Hello", Link: "https://acme.example"},
			// "Hello\n\n" is 7 bytes; the link 20.
			wantFacets: []facet{{Index: byteSlice{7, 27}, Features: []feature{{"app.bsky.richtext.facet#link", "https://acme.example"}}}},
		},
		{
			name:    "link after accents and an emoji",
			content: relais.Content{Text: "Café à Noël ☕", Link: "https://acme.example/été"},
			// 13 characters but 18 bytes (é, à, ë: 2 bytes; ☕: 3), then 2
			// for the blank line; the link is 24 characters, 26 bytes.
			wantFacets: []facet{{Index: byteSlice{20, 46}, Features: []feature{{"app.bsky.richtext.facet#link", "https://acme.example/été"}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := newPost(tt.content, now)
			if err != nil {
				t.Fatalf("new post: %v", err)
			}
			want := postRecord{Type: "app.bsky.feed.post", Text: tt.content.Compose(), Facets: tt.wantFacets, CreatedAt: "2026-11-22T21:44:18.886Z"}
			if !reflect.DeepEqual(p, want) {
				t.Errorf("record:\n got %+v\nwant %+v", p, want)
			}
		})
	}
}

// TestRecordKey: a post's record key is a TID made from its key alone,
// the same for every attempt, another for another post, and within the
// post's second when its key says it.
func TestRecordKey(t *testing.T) {
	got, err := recordKey(postKey)
	if err != nil || !tid.Valid(got) {
		t.Fatalf("recordKey(%s): got %q, %v; want a TID", postKey, got, err)
	}
	if again, _ := recordKey(postKey); again != got {
		t.Errorf("a second attempt: got %s, want %s", again, got)
	}
	if other, _ := recordKey("p20261122224418aaaaaaaa"); other == got || !tid.Valid(other) {
		t.Errorf("another post of the same second: got %s", other)
	}
	// The TID says when the post was made, to the second.
	made := time.Date(2026, 11, 22, 22, 44, 18, 0, time.UTC)
	if !(tid.Encode(made.UnixMicro(), 0) <= got && got < tid.Encode(made.Add(time.Second).UnixMicro(), 0)) {
		t.Errorf("%s is not within the post's second", got)
	}
	for _, key := range []string{"self", "p1", "3jzfcijpj2z2a"} {
		if got, err := recordKey(key); err != nil || !tid.Valid(got) {
			t.Errorf("recordKey(%q): got %q, %v; want a TID", key, got, err)
		}
	}
	if _, err := recordKey(""); err == nil {
		t.Errorf("an empty key: no error")
	}
}
