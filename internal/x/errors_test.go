package x

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// TestAnswers checks how X's answers, in the shapes X uses, are read.
func TestAnswers(t *testing.T) {
	reset := t0.Add(7 * time.Minute).Unix()
	dayReset := t0.Add(5 * time.Hour).Unix()
	long := strings.Repeat("détail ", 100)
	tests := []struct {
		name     string
		status   int
		header   map[string]string
		body     string
		wantKind relais.Failure
		wantCode Code
		wantWait time.Duration
		wantMsg  string
		notInMsg string
	}{
		{
			name: "problem duplicate", status: 403,
			body:     `{"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","title":"Forbidden","status":403}`,
			wantKind: relais.FailDuplicate, wantCode: CodeDuplicate, wantMsg: "duplicate content",
		},
		{
			name: "errors-only duplicate", status: 403,
			body:     `{"errors":[{"message":"You are not allowed to create a Tweet with duplicate content."}]}`,
			wantKind: relais.FailDuplicate, wantCode: CodeDuplicate, wantMsg: "duplicate content",
		},
		{
			name: "other 403", status: 403,
			body:     `{"title":"Unsupported Authentication","detail":"Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.","type":"https://api.twitter.com/2/problems/unsupported-authentication","status":403}`,
			wantKind: relais.FailPermanent, wantCode: CodeForbidden, wantMsg: "Application-Only is forbidden",
		},
		{
			name: "401", status: 401,
			body:     `{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}`,
			wantKind: relais.FailPermanent, wantCode: CodeInvalidToken, wantMsg: "token expired or revoked: reconnect the account",
		},
		{
			name: "400 with errors", status: 400,
			body:     `{"errors":[{"parameters":{"text":[]},"message":"Text is too long"}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}`,
			wantKind: relais.FailPermanent, wantCode: CodeValidation, wantMsg: "was invalid.: Text is too long",
		},
		{
			name: "429 window", status: 429, header: map[string]string{"x-rate-limit-limit": "200", "x-rate-limit-remaining": "0", "x-rate-limit-reset": itoa(reset)},
			body:     `{"errors":[{"code":88,"message":"Rate limit exceeded"}]}`,
			wantKind: relais.FailTransient, wantCode: CodeRateLimited, wantWait: 7 * time.Minute, wantMsg: "Rate limit exceeded",
		},
		{
			name: "429 daily cap", status: 429,
			header:   map[string]string{"x-rate-limit-reset": itoa(reset), "x-user-limit-24hour-limit": "100", "x-user-limit-24hour-remaining": "0", "x-user-limit-24hour-reset": itoa(dayReset)},
			body:     `{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}`,
			wantKind: relais.FailTransient, wantCode: CodeRateLimited, wantWait: 5 * time.Hour,
		},
		{
			name: "429 without headers", status: 429, body: `{}`,
			wantKind: relais.FailTransient, wantCode: CodeRateLimited, wantMsg: "Too Many Requests",
		},
		{
			name: "429 reset passed", status: 429, header: map[string]string{"x-rate-limit-reset": itoa(t0.Add(-time.Minute).Unix())},
			wantKind: relais.FailTransient, wantCode: CodeRateLimited,
		},
		{
			name: "502 not JSON", status: 502, body: `<html>upstream secret-page</html>`,
			wantKind: relais.FailAmbiguous, wantCode: CodeUnavailable, wantMsg: "Bad Gateway", notInMsg: "secret-page",
		},
		{
			name: "long detail", status: 400, body: `{"detail":"` + long + `","echo":"x-acme-secret-token"}`,
			wantKind: relais.FailPermanent, wantCode: CodeValidation, wantMsg: "détail", notInMsg: "secret-token",
		},
		{
			name: "created without id", status: 201, body: `{"data":{}}`,
			wantKind: relais.FailAmbiguous, wantCode: CodeBadAnswer,
		},
		{
			name: "created, unreadable", status: 201, body: `{"data":`,
			wantKind: relais.FailAmbiguous, wantCode: CodeBadAnswer,
		},
		{
			name: "other 4xx", status: 409, body: `{"title":"Conflict"}`,
			wantKind: relais.FailPermanent, wantMsg: "Conflict",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			c := New(srv.URL, srv.Client())
			c.Now = func() time.Time { return t0 }
			_, err := c.Publish(context.Background(), acmeToken, acmeID, "k", relais.Content{Text: "Bonjour"})
			e := netfake.MustError(t, err)
			if got, want := e.Failure(), tt.wantKind; got != want {
				t.Errorf("failure: got %s, want %s", got, want)
			}
			if got, want := e.Code, tt.wantCode; got != want {
				t.Errorf("code: got %q, want %q", got, want)
			}
			if got, want := e.Wait(), tt.wantWait; got != want {
				t.Errorf("wait: got %v, want %v", got, want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("error %q: want it to say %q", msg, tt.wantMsg)
			}
			if tt.notInMsg != "" && strings.Contains(msg, tt.notInMsg) {
				t.Errorf("error %q carries %q", msg, tt.notInMsg)
			}
			if e.Err != nil && len([]rune(e.Err.Error())) > netcall.MaxMessage+1 {
				t.Errorf("message: got %d characters, want at most %d", len([]rune(e.Err.Error())), netcall.MaxMessage+1)
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
