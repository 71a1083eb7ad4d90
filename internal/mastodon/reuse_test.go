package mastodon

import (
	"strconv"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// TestUploadsBounded: the adapter remembers at most maxUploads uploads,
// dropping the expired ones first, then those closest to expiry.
func TestUploadsBounded(t *testing.T) {
	var u uploads
	for i := range maxUploads {
		// The first ten expire soon; the others in order after.
		expires := start.Add(reuseFor + time.Duration(i)*time.Second)
		if i < 10 {
			expires = start.Add(time.Minute)
		}
		u.put(strconv.Itoa(i), upload{id: strconv.Itoa(i), expires: expires}, start)
	}
	// An hour on, the first ten have expired: a new one takes their room.
	later := start.Add(time.Hour)
	u.put("new", upload{id: "new", expires: later.Add(reuseFor)}, later)
	if got, want := len(u.m), maxUploads-9; got != want {
		t.Errorf("remembered after expiry: got %d, want %d", got, want)
	}
	for range 10 {
		u.put("more"+strconv.Itoa(len(u.m)), upload{expires: later.Add(reuseFor)}, later)
	}
	if got := len(u.m); got != maxUploads {
		t.Errorf("remembered: got %d, want %d", got, maxUploads)
	}
	if _, ok := u.get("10", later); ok {
		t.Errorf("the upload closest to expiry is still remembered; want it dropped")
	}
	if _, ok := u.get("new", later); !ok {
		t.Errorf("the newest upload is forgotten; want it remembered")
	}
	if _, ok := u.get("new", later.Add(reuseFor)); ok {
		t.Errorf("an upload is remembered past its expiry")
	}
}

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
