package netcall

import (
	"strconv"
	"testing"
	"time"
)

// TestReuseBounded: at most Max are remembered, the expired dropped first,
// then those closest to expiry; an expired one is not reused.
func TestReuseBounded(t *testing.T) {
	const max = 512
	start := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	r := Reuse[string, string]{Max: max}
	for i := range max {
		// The first ten expire soon; the others in order after.
		until := start.Add(12*time.Hour + time.Duration(i)*time.Second)
		if i < 10 {
			until = start.Add(time.Minute)
		}
		r.Put(strconv.Itoa(i), strconv.Itoa(i), until, start)
	}
	// An hour on, the first ten have expired: a new one takes their room.
	later := start.Add(time.Hour)
	r.Put("new", "new", later.Add(10*time.Minute), later)
	if got, want := r.Len(), max-9; got != want {
		t.Errorf("remembered after expiry: got %d, want %d", got, want)
	}
	r.Put("new", "renewed", later.Add(10*time.Minute), later)
	for range 10 {
		r.Put("more"+strconv.Itoa(r.Len()), "", later.Add(12*time.Hour), later)
	}
	if got := r.Len(); got != max {
		t.Errorf("remembered: got %d, want %d", got, max)
	}
	if _, ok := r.Get("new", later); ok {
		t.Errorf("the one closest to expiry is still remembered; want it dropped")
	}
	if v, ok := r.Get("511", later); !ok || v != "511" {
		t.Errorf("one far from expiry: got %q %t, want it remembered", v, ok)
	}
	if _, ok := r.Get("511", later.Add(24*time.Hour)); ok {
		t.Errorf("one is remembered past its expiry")
	}
	r.Forget("510", "509")
	r.ForgetAll(func(k string) bool { return k[0] == 'm' })
	if got, want := r.Len(), max-10-3; got != want {
		t.Errorf("remembered after forgetting: got %d, want %d", got, want)
	}
}

func TestUnsigned(t *testing.T) {
	if got, want := Unsigned("https://media.example/acme/m1.mp4?X-Amz-Signature=one#t=2"), "https://media.example/acme/m1.mp4"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
