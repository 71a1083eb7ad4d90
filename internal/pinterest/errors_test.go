package pinterest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// TestErrorAnswers classifies Pinterest's error answers as the publisher
// needs them; their messages, which can quote the request, are kept short
// and without the token.
func TestErrorAnswers(t *testing.T) {
	long := "Invalid Pin: " + strings.Repeat("x", 1000)
	tests := []struct {
		name     string
		status   int
		body     string
		wantKind relais.Failure
		wantCode string
	}{
		{"spam", 429, `{"code":8,"message":"Your request was blocked: the link is spam."}`, relais.FailPermanent, CodeSpam},
		{"rate limit", 429, `{"code":8,"message":"You have exceeded your rate limit. Try again later."}`, relais.FailTransient, CodeRateLimited},
		{"validation, quoting the token", 400, `{"code":1,"message":"` + long + ` Bearer {token}"}`, relais.FailPermanent, CodeInvalid},
		{"conflict", 409, `{"code":409,"message":"Board section conflict."}`, relais.FailPermanent, CodeInvalid},
		{"not Pinterest's body", 502, `<html>bad gateway</html>`, relais.FailAmbiguous, CodeUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
				w.Write([]byte(strings.ReplaceAll(tt.body, "{token}", token)))
			}))
			defer srv.Close()
			c := relais.Content{Text: "hi", ImageURL: "https://media.example/a.png"}
			_, err := New(srv.URL, nil).Publish(context.Background(), acmeToken, acmeBoard, "", c)
			e := mustError(t, err)
			if e.Kind != tt.wantKind || e.Code != tt.wantCode || e.Status != tt.status {
				t.Errorf("got %s %q %d, want %s %q %d", e.Kind, e.Code, e.Status, tt.wantKind, tt.wantCode, tt.status)
			}
			if n := utf8.RuneCountInString(e.Err.Error()); n > netcall.MaxMessage+1 {
				t.Errorf("message is %d characters, want at most %d", n, netcall.MaxMessage+1)
			}
		})
	}
}
