package sandbox_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/sandbox"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

const acmeToken = "tok-acme-secret"

// fake is the sandbox network with one account, acme, on a clock the test
// moves, and the client talking to it. Its webhooks are accepted and
// dropped: the client's tests read what the network did from the network.
type fake struct {
	net    *sandboxfake.Network
	client *sandbox.Client
	clock  *netfake.Clock
}

func newFake(t *testing.T) *fake {
	t.Helper()
	hooks := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(hooks.Close)
	f := &fake{
		net:   sandboxfake.NewNetwork(hooks.URL, []byte("webhook-secret")),
		clock: netfake.NewClock(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)),
	}
	f.net.Now = f.clock.Now
	f.net.RegisterAccount("acme", acmeToken)
	srv := httptest.NewServer(f.net)
	t.Cleanup(srv.Close)
	// A short timeout keeps the tests of hanging faults fast.
	f.client = sandbox.NewClient(srv.URL, &http.Client{Timeout: time.Second})
	return f
}

// comment has someone comment on acme's first post and returns its id.
func (f *fake) comment(t *testing.T) string {
	t.Helper()
	c := sandboxfake.Comment{Account: "acme", ID: "acme_1_c1", PostID: "acme_1", AuthorID: "u1", Text: "hello"}
	if _, err := f.net.SendComment(t.Context(), c); err != nil {
		t.Fatalf("comment: %v", err)
	}
	return c.ID
}
