package mastodon

import (
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// TestUploadKey: an attachment is the same upload whatever its URL's
// signature, and another one at another place, URL or alt text.
func TestUploadKey(t *testing.T) {
	a, _ := ParseAccount(testAccount)
	base := relais.Attachment{URL: "https://media.example/acme/m1?X-Amz-Signature=one", Kind: relais.FormatImage, Alt: "Une tarte"}
	same := base
	same.URL = "https://media.example/acme/m1?X-Amz-Signature=two"
	otherURL, otherAlt := base, base
	otherURL.URL = "https://media.example/acme/m2?X-Amz-Signature=one"
	otherAlt.Alt = "Deux tartes"
	k := uploadKey(a, "post-1", 0, base)
	tests := []struct {
		name string
		key  string
		same bool
	}{
		{"signed anew", uploadKey(a, "post-1", 0, same), true},
		{"another place", uploadKey(a, "post-1", 1, base), false},
		{"another post", uploadKey(a, "post-2", 0, base), false},
		{"another file", uploadKey(a, "post-1", 0, otherURL), false},
		{"other alt text", uploadKey(a, "post-1", 0, otherAlt), false},
	}
	for _, tt := range tests {
		if got := tt.key == k; got != tt.same {
			t.Errorf("%s: same upload %t, want %t", tt.name, got, tt.same)
		}
	}
}
