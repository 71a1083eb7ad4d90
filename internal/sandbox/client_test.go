package sandbox

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// TestUnreadableAnswers checks that a post whose answer is lost or garbled
// counts as ambiguous, since the network did make it.
func TestUnreadableAnswers(t *testing.T) {
	tests := []struct {
		name string
		body string
	}{
		{"not JSON", `<html>ok</html>`},
		{"no id", `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusCreated)
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			_, err := NewClient(srv.URL, nil).Publish(context.Background(), "tok", "acme", Content{Text: "hello"})
			if got, want := netfake.MustError(t, err).Kind, relais.FailAmbiguous; got != want {
				t.Errorf("kind: got %s, want %s (%v)", got, want, err)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		header string
		want   time.Duration
	}{
		{"", 0},
		{"30", 30 * time.Second},
		{"-1", 0},
		{"soon", 0},
		{time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.header); got != tt.want {
			t.Errorf("retryAfter(%q): got %s, want %s", tt.header, got, tt.want)
		}
	}
	future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	if got := retryAfter(future); got < 58*time.Minute || got > time.Hour {
		t.Errorf("retryAfter(%q): got %s, want about 1h", future, got)
	}
}
