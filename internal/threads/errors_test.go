package threads

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// TestRefused runs each of Threads' error answers through the three kinds
// of call: a publish (it makes a post, of a container), a container's
// status read, and a hide.
func TestRefused(t *testing.T) {
	const (
		P = relais.FailPermanent
		T = relais.FailTransient
		A = relais.FailAmbiguous
	)
	tests := []struct {
		name                 string
		status               int
		body                 string
		wantPublish          relais.Failure
		wantStatus, wantHide relais.Failure
		wantCode             string
		wantWait             time.Duration
		wantIn               string
	}{
		{name: "token", status: 400, body: graphError(190, 463), wantPublish: P, wantStatus: P, wantHide: P, wantCode: "190/463", wantIn: "connected again"},
		{name: "401 without body", status: 401, wantPublish: P, wantStatus: P, wantHide: P, wantIn: "connected again"},
		{name: "permission", status: 403, body: graphError(10, 0), wantPublish: P, wantStatus: P, wantHide: P, wantCode: "10", wantIn: "permission"},
		{name: "permission 200", status: 400, body: graphError(200, 0), wantPublish: P, wantStatus: P, wantHide: P, wantCode: "200", wantIn: "permission"},
		{name: "blocked", status: 400, body: graphError(368, 0), wantPublish: P, wantStatus: P, wantHide: P, wantCode: "368", wantIn: "blocked"},
		{name: "app throttled", status: 400, body: graphError(4, 0), wantPublish: T, wantStatus: T, wantHide: T, wantCode: "4", wantWait: time.Minute, wantIn: "throttling"},
		{name: "user throttled", status: 400, body: graphError(17, 0), wantPublish: T, wantStatus: T, wantHide: T, wantCode: "17", wantWait: time.Minute},
		{name: "rate limited", status: 400, body: graphError(613, 0), wantPublish: T, wantStatus: T, wantHide: T, wantCode: "613", wantWait: time.Minute},
		{name: "429 without body", status: 429, wantPublish: T, wantStatus: T, wantHide: T, wantWait: time.Minute},
		{name: "media not found", status: 400, body: graphError(24, 4279009), wantPublish: T, wantStatus: T, wantHide: P, wantCode: "24/4279009", wantIn: "cannot find the media"},
		{name: "unknown", status: 500, body: graphError(1, 0), wantPublish: A, wantStatus: T, wantHide: T, wantCode: "1", wantIn: "Threads says no"},
		{name: "service with 400", status: 400, body: graphError(2, 0), wantPublish: A, wantStatus: T, wantHide: T, wantCode: "2"},
		{name: "503 without body", status: 503, wantPublish: A, wantStatus: T, wantHide: T},
		{name: "said transient", status: 400, body: `{"error":{"message":"try later","code":12345,"is_transient":true}}`, wantPublish: T, wantStatus: T, wantHide: T, wantCode: "12345"},
		{name: "validation", status: 400, body: graphError(100, 33), wantPublish: P, wantStatus: P, wantHide: P, wantCode: "100/33", wantIn: "refused"},
		{name: "not JSON", status: 400, body: "<html>", wantPublish: P, wantStatus: P, wantHide: P},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := netcall.Answer{Status: tt.status, Header: http.Header{}, Body: []byte(tt.body)}
			for _, c := range []struct {
				k    call
				want relais.Failure
			}{
				{call{op: "publish", token: acctToken, creates: true, container: true}, tt.wantPublish},
				{call{op: "status", token: acctToken, container: true}, tt.wantStatus},
				{call{op: "hide", token: acctToken}, tt.wantHide},
			} {
				e := c.k.refused(a)
				if e.Kind != c.want {
					t.Errorf("%s: got %s, want %s (%v)", c.k.op, e.Kind, c.want, e)
				}
				if e.Status != tt.status || e.Code != tt.wantCode || e.Wait() != tt.wantWait {
					t.Errorf("%s: got status %d, code %q, wait %v; want %d, %q, %v", c.k.op, e.Status, e.Code, e.Wait(), tt.status, tt.wantCode, tt.wantWait)
				}
				if !strings.Contains(e.Error(), tt.wantIn) {
					t.Errorf("%s: error %q does not say %q", c.k.op, e, tt.wantIn)
				}
				if strings.Contains(e.Error(), acctToken) {
					t.Errorf("%s: error %q shows the token", c.k.op, e)
				}
			}
		})
	}
}

// TestRefusedMessage keeps Threads' message and trace id, without the
// token Threads may echo.
func TestRefusedMessage(t *testing.T) {
	body := `{"error":{"message":"Invalid token ` + acctToken + `","type":"OAuthException","code":190,"fbtrace_id":"AbC123"}}`
	e := call{op: "hide", token: acctToken}.refused(netcall.Answer{Status: 400, Body: []byte(body)})
	if msg := e.Error(); strings.Contains(msg, acctToken) || !strings.Contains(msg, "Invalid token [token]") || !strings.Contains(msg, "fbtrace_id AbC123") {
		t.Errorf("got %q", msg)
	}
}

func graphError(code, subcode int) string {
	return fmt.Sprintf(`{"error":{"message":"(#%d) Threads says no","type":"OAuthException","code":%d,"error_subcode":%d,"fbtrace_id":"AbC"}}`, code, code, subcode)
}
