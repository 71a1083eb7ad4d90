package webhook_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/webhook"
)

// acceptAll is an intake that does no I/O, so that the benchmark measures
// the handler's own work.
type acceptAll struct{}

func (acceptAll) Accept(_ context.Context, ins []relais.Interaction) (intake.Result, error) {
	return intake.Result{Created: len(ins)}, nil
}

func (acceptAll) Revoke(context.Context, []relais.Revocation, time.Time) error { return nil }

// BenchmarkMetaOneComment is the handler's work, everything but I/O, on a
// one-comment Facebook delivery: reading the body, checking its signature,
// parsing it and logging, with the secret already read at cold start.
func BenchmarkMetaOneComment(b *testing.B) {
	body, err := os.ReadFile("../../events/webhooks/facebook/comment.json")
	if err != nil {
		b.Fatal(err)
	}
	h := webhook.New(acceptAll{}, allSecrets(), settings, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	h.Now = func() time.Time { return now }
	header, sig, err := webhook.Sign("meta", []byte(networkSecret), body, now)
	if err != nil {
		b.Fatal(err)
	}
	w := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, webhook.Path+"meta", bytes.NewReader(body))
		r.Header.Set(header, sig)
		w.Body.Reset()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}
