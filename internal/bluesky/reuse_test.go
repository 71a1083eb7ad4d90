package bluesky

import (
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// TestUploadKey: an attachment is the same upload whatever its URL's
// signature and its alt text (which goes in the embed), and another one at
// another place or URL, or for another account.
func TestUploadKey(t *testing.T) {
	base := relais.Attachment{URL: "https://media.example/acme/m1?X-Amz-Signature=one", Kind: relais.FormatImage, Alt: "Une tarte"}
	same := base
	same.URL, same.Alt = "https://media.example/acme/m1?X-Amz-Signature=two", "Deux tartes"
	other := base
	other.URL = "https://media.example/acme/m2?X-Amz-Signature=one"
	k := uploadKey(handle, postKey, 0, base)
	tests := []struct {
		name string
		key  string
		same bool
	}{
		{"signed anew, other alt text", uploadKey(handle, postKey, 0, same), true},
		{"another place", uploadKey(handle, postKey, 1, base), false},
		{"another post", uploadKey(handle, "p2", 0, base), false},
		{"another file", uploadKey(handle, postKey, 0, other), false},
		{"another account", uploadKey("other.bsky.social", postKey, 0, base), false},
	}
	for _, tt := range tests {
		if got := tt.key == k; got != tt.same {
			t.Errorf("%s: same upload %t, want %t", tt.name, got, tt.same)
		}
	}
}
