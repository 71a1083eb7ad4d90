package bluesky

import (
	"reflect"
	"strings"
	"testing"
	"time"

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

func TestRecordKey(t *testing.T) {
	tests := []struct {
		key    string
		wantOK bool
	}{
		{postKey, true},
		{"3jzfcijpj2z2a", true}, // a TID
		{"self", true},
		{"a.b-c_d:e", true},
		{strings.Repeat("k", 512), true},
		{"", false},
		{".", false},
		{"..", false},
		{strings.Repeat("k", 513), false},
		{"p1/2", false},
		{"p1 2", false},
		{"p1~2", false}, // valid by the spec, refused: see recordKey
		{"pé", false},
		{"p1?x=1", false},
	}
	for _, tt := range tests {
		got, err := recordKey(tt.key)
		if ok := err == nil; ok != tt.wantOK {
			t.Errorf("recordKey(%.20q): got error %v, want ok %v", tt.key, err, tt.wantOK)
			continue
		}
		if tt.wantOK && got != tt.key {
			t.Errorf("recordKey(%.20q): got %q, want the key itself", tt.key, got)
		}
	}
}
