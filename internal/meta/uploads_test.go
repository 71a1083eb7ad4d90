package meta

import (
	"fmt"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// The uploads kept are bounded: expired ones go first, then those closest
// to expiring; a post without a key keeps none.
func TestUploadsBounded(t *testing.T) {
	u := &New("", nil).uploads
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	old := u.post(relais.Instagram, "1", "old", now)
	old.put("s", "expiring", time.Minute)
	for i := 0; i < maxUploads-1; i++ {
		u.post(relais.Instagram, "1", fmt.Sprintf("post-%d", i), now).put("s", "kept", time.Hour+time.Duration(i)*time.Second)
	}
	later := now.Add(2 * time.Minute)
	fresh := u.post(relais.Instagram, "1", "fresh", later)
	fresh.put("s", "new", time.Hour)
	fresh.put("t", "newer", time.Hour)
	tests := []struct {
		name   string
		h      held
		wantID string
		wantOK bool
	}{
		{name: "expired, evicted first", h: u.post(relais.Instagram, "1", "old", now), wantOK: false},
		{name: "closest to expiring, evicted next", h: u.post(relais.Instagram, "1", "post-0", now), wantOK: false},
		{name: "others kept", h: u.post(relais.Instagram, "1", "post-1", now), wantID: "kept", wantOK: true},
		{name: "the new one", h: fresh, wantID: "new", wantOK: true},
		{name: "another account's", h: u.post(relais.Instagram, "2", "fresh", later), wantOK: false},
		{name: "another network's", h: u.post(relais.Facebook, "1", "fresh", later), wantOK: false},
		{name: "no key", h: u.post(relais.Instagram, "1", "", later), wantOK: false},
	}
	for _, tt := range tests {
		id, ok := tt.h.get("s")
		if id != tt.wantID || ok != tt.wantOK {
			t.Errorf("%s: got %q %v, want %q %v", tt.name, id, ok, tt.wantID, tt.wantOK)
		}
	}
	if got := u.m.Len(); got != maxUploads {
		t.Errorf("kept: got %d, want %d", got, maxUploads)
	}
	fresh.forget()
	if _, ok := fresh.get("t"); ok {
		t.Error("forget: the post's uploads are still kept")
	}
}
