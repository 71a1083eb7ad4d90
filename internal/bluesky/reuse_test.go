package bluesky

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// TestUploadsBounded: the adapter remembers at most maxUploads uploads,
// dropping the expired ones first, then those closest to expiry.
func TestUploadsBounded(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	var u uploads
	for i := range maxUploads {
		expires := now.Add(reuseJobFor + time.Duration(i)*time.Second)
		if i < 10 {
			expires = now.Add(time.Minute)
		}
		u.put(strconv.Itoa(i), upload{job: strconv.Itoa(i), expires: expires}, now)
	}
	later := now.Add(reuseBlobFor)
	u.put("new", upload{blob: json.RawMessage(`{}`), expires: later.Add(reuseBlobFor)}, later)
	if got, want := len(u.m), maxUploads-9; got != want {
		t.Errorf("remembered after expiry: got %d, want %d", got, want)
	}
	for range 10 {
		u.put("more"+strconv.Itoa(len(u.m)), upload{expires: later.Add(reuseJobFor)}, later)
	}
	if got := len(u.m); got != maxUploads {
		t.Errorf("remembered: got %d, want %d", got, maxUploads)
	}
	if _, ok := u.get("new", later); ok {
		t.Errorf("the upload closest to expiry is still remembered; want it dropped")
	}
	if _, ok := u.get("511", later); !ok {
		t.Errorf("a job far from expiry is forgotten; want it remembered")
	}
	u.forget("511")
	if _, ok := u.get("511", later); ok {
		t.Errorf("a forgotten upload is remembered")
	}
}

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
