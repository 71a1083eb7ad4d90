package linkedin

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// TestErrorMessages: LinkedIn's messages can quote the request; an error
// Relais logs and shows keeps a short one and never the token.
func TestErrorMessages(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnprocessableEntity)
		msg := "ERROR :: " + r.Header.Get("Authorization") + " :: " + strings.Repeat("x", 1000)
		_, _ = w.Write([]byte(`{"status":422,"message":"` + msg + `","code":"UNPROCESSABLE_ENTITY"}`))
	}))
	defer srv.Close()
	_, err := New(srv.URL, nil).Publish(context.Background(), acmeToken, acmeOrg, "", relais.Content{Text: "hi"})
	e := netfake.MustError(t, err, acmeToken, globexToken)
	if got, want := e.Kind, relais.FailPermanent; got != want {
		t.Errorf("kind: got %s, want %s", got, want)
	}
	if n := utf8.RuneCountInString(e.Err.Error()); n > netcall.MaxMessage+1 {
		t.Errorf("message is %d characters, want at most %d", n, netcall.MaxMessage+1)
	}
}
