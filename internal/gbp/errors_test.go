package gbp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// google answers every request with status and body.
func google(t *testing.T, status int, header http.Header, body func(r *http.Request) string) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, vs := range header {
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(body(r)))
	}))
	t.Cleanup(srv.Close)
	return New(srv.URL, nil)
}

// TestErrorMessages: Google's messages can quote the request; an error
// Relais logs and shows keeps a short one, never the token, and names the
// field a validation error is about.
func TestErrorMessages(t *testing.T) {
	c := google(t, http.StatusBadRequest, nil, func(r *http.Request) string {
		return `{"error":{"code":400,"status":"INVALID_ARGUMENT","message":"` + r.Header.Get("Authorization") + " " + strings.Repeat("x", 1000) +
			`","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"summary","description":"too long"}]}]}}`
	})
	_, err := c.Publish(context.Background(), acmeToken, acme, "", relais.Content{Text: "hi"})
	e := netfake.MustError(t, err, acmeToken, globexToken)
	if e.Kind != relais.FailPermanent || e.Code != "INVALID_ARGUMENT" || relais.ErrorCode(err) != relais.EINVALID {
		t.Errorf("got %s %s %s, want permanent INVALID_ARGUMENT %s", e.Kind, e.Code, relais.ErrorCode(err), relais.EINVALID)
	}
	if n := utf8.RuneCountInString(e.Err.Error()); n > netcall.MaxMessage+100 {
		t.Errorf("message is %d characters, want about %d at most", n, netcall.MaxMessage)
	}

	c = google(t, http.StatusBadRequest, nil, func(*http.Request) string {
		return `{"error":{"code":400,"status":"INVALID_ARGUMENT","message":"Request contains an invalid argument.",` +
			`"details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"summary","description":"too long"}]}]}}`
	})
	_, err = c.Publish(context.Background(), acmeToken, acme, "", relais.Content{Text: "hi"})
	if !strings.Contains(err.Error(), "summary: too long") {
		t.Errorf("error %q does not name the field", err)
	}
}

// TestClassification: what each of Google's answers means for a retry,
// for a call that creates and one that reads.
func TestClassification(t *testing.T) {
	tests := []struct {
		name            string
		status          int
		header          http.Header
		body            string
		wantPublish     relais.Failure
		wantRead        relais.Failure
		wantWait        time.Duration
		wantRelaisError string
	}{
		{name: "quota", status: 429, body: `{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"Quota exceeded"}}`,
			wantPublish: relais.FailTransient, wantRead: relais.FailTransient, wantWait: time.Minute, wantRelaisError: relais.EINTERNAL},
		{name: "quota with Retry-After", status: 429, header: http.Header{"Retry-After": {"7"}}, body: `{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}`,
			wantPublish: relais.FailTransient, wantRead: relais.FailTransient, wantWait: 7 * time.Second, wantRelaisError: relais.EINTERNAL},
		{name: "aborted", status: 409, body: `{"error":{"code":409,"status":"ABORTED","message":"conflict"}}`,
			wantPublish: relais.FailTransient, wantRead: relais.FailTransient, wantRelaisError: relais.EINTERNAL},
		{name: "unavailable", status: 503, body: `{"error":{"code":503,"status":"UNAVAILABLE","message":"The service is currently unavailable."}}`,
			wantPublish: relais.FailAmbiguous, wantRead: relais.FailTransient, wantRelaisError: relais.EINTERNAL},
		{name: "proxy's page", status: 502, body: `<html>Bad Gateway</html>`,
			wantPublish: relais.FailAmbiguous, wantRead: relais.FailTransient, wantRelaisError: relais.EINTERNAL},
		{name: "unauthenticated", status: 401, body: `{"error":{"code":401,"status":"UNAUTHENTICATED"}}`,
			wantPublish: relais.FailPermanent, wantRead: relais.FailPermanent, wantRelaisError: relais.EUNAUTHORIZED},
		{name: "not found", status: 404, body: `{"error":{"code":404,"status":"NOT_FOUND"}}`,
			wantPublish: relais.FailPermanent, wantRead: relais.FailPermanent, wantRelaisError: relais.ENOTFOUND},
		{name: "failed precondition", status: 400, body: `{"error":{"code":400,"status":"FAILED_PRECONDITION","message":"location not verified"}}`,
			wantPublish: relais.FailPermanent, wantRead: relais.FailPermanent, wantRelaisError: relais.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := google(t, tt.status, tt.header, func(*http.Request) string { return tt.body })
			_, perr := c.Publish(context.Background(), acmeToken, acme, "", relais.Content{Text: "hi"})
			_, rerr := c.RecentPosts(context.Background(), acmeToken, acme, start)
			for _, got := range []struct {
				err  error
				want relais.Failure
			}{{perr, tt.wantPublish}, {rerr, tt.wantRead}} {
				e := netfake.MustError(t, got.err, acmeToken)
				if e.Kind != got.want || e.Status != tt.status || e.Wait() != tt.wantWait || relais.ErrorCode(got.err) != tt.wantRelaisError {
					t.Errorf("%s: got %s %d wait %v code %s, want %s %d wait %v code %s", e.Op, e.Kind, e.Status, e.Wait(), relais.ErrorCode(got.err),
						got.want, tt.status, tt.wantWait, tt.wantRelaisError)
				}
			}
		})
	}
}
