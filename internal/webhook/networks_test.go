package webhook_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/linkedin"
	"github.com/relais-dev/relais/internal/meta"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/tiktok"
	"github.com/relais-dev/relais/internal/webhook"
	"github.com/relais-dev/relais/internal/x"
)

// network is one webhook path as a network calls it: where its samples
// are, how it signs, and how its deliveries read.
type network struct {
	path    string
	samples []string
	parse   func(body []byte, at time.Time) ([]relais.Interaction, error)
}

var networks = []network{
	{"meta", []string{"facebook", "instagram"}, meta.Parse},
	{"x", []string{"x"}, x.Parse},
	{"linkedin", []string{"linkedin"}, linkedin.Parse},
	{"tiktok", []string{"tiktok"}, tiktok.Parse},
}

// networkSecret is every network's secret in these tests; verifyToken is
// Meta's verify token.
const (
	networkSecret = "app-secret-4b1d"
	verifyToken   = "verify-token-88c1"
)

func allSecrets() *relaistest.Parameters {
	values := map[string]string{settings.SecretParameter(meta.VerifyToken): verifyToken}
	for _, n := range networks {
		secret, err := webhook.Secret(n.path)
		if err != nil {
			panic(err)
		}
		values[settings.SecretParameter(secret)] = networkSecret
	}
	return relaistest.NewParameters(values)
}

// sample is one sample delivery with the interactions it holds.
type sample struct {
	name string
	body []byte
	ins  []relais.Interaction
}

func (n network) loadSamples(t *testing.T) []sample {
	t.Helper()
	var out []sample
	for _, dir := range n.samples {
		files, err := filepath.Glob(filepath.Join("..", "..", "events", "webhooks", dir, "*.json"))
		relaistest.MustOK(t, err)
		for _, f := range files {
			b, err := os.ReadFile(f)
			relaistest.MustOK(t, err)
			ins, err := n.parse(b, now)
			relaistest.MustOK(t, err)
			out = append(out, sample{name: dir + "/" + filepath.Base(f), body: b, ins: ins})
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s: no samples", n.path)
	}
	return out
}

func (n network) request(body []byte, secret string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, webhook.Path+n.path, bytes.NewReader(body))
	if secret != "" {
		header, value, err := webhook.Sign(n.path, []byte(secret), body, now)
		if err != nil {
			panic(err)
		}
		r.Header.Set(header, value)
	}
	return r
}

// connectOwners connects to acme every account the samples name.
func connectOwners(t *testing.T, f *fixture, samples []sample) {
	t.Helper()
	for _, s := range samples {
		for _, in := range s.ins {
			a := relais.Account{ClientID: "acme", Network: in.Network, ID: in.AccountID}
			relaistest.MustOK(t, f.store.ConnectAccount(context.Background(), a))
		}
	}
}

// TestNetworkSamples posts every network's signed samples twice, in order,
// and finds each interaction stored once, and announced once unless it is
// the account's own answer or a change that needs no moderation.
func TestNetworkSamples(t *testing.T) {
	for _, n := range networks {
		t.Run(n.path, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, allSecrets())
			samples := n.loadSamples(t)
			connectOwners(t, f, samples)
			for _, s := range samples {
				for round := range 2 {
					if got, want := f.serve(t, n.request(s.body, networkSecret)).Code, http.StatusOK; got != want {
						t.Fatalf("%s, delivery %d: status %d, want %d", s.name, round+1, got, want)
					}
				}
			}
			want := map[string]bool{}
			for _, s := range samples {
				for _, in := range s.ins {
					if !in.ByAccount() {
						want[string(in.Network)+"/"+in.ID] = true
					}
				}
			}
			if len(want) == 0 {
				t.Fatal("the samples hold no interaction to store")
			}
			got := map[string]int{}
			entries, err := f.store.Inbox(context.Background(), "acme", dynamo.InboxFilter{Limit: 1000})
			relaistest.MustOK(t, err)
			for _, e := range entries {
				got[string(e.Network)+"/"+e.ID]++
			}
			for id := range want {
				if got[id] != 1 {
					t.Errorf("interaction %s stored %d times, want once", id, got[id])
				}
			}
			if len(got) != len(want) {
				t.Errorf("stored %d interactions, want %d", len(got), len(want))
			}
			t.Logf("%d samples, %d interactions stored", len(samples), len(got))
			announced := map[string]int{}
			for _, e := range f.bus.Events() {
				if r, ok := e.(relais.InteractionReceived); ok && r.Kind != relais.KindEdit {
					announced[string(r.Network)+"/"+r.InteractionID]++
				}
			}
			for id, n := range announced {
				if n != 1 {
					t.Errorf("interaction %s announced %d times, want once", id, n)
				}
			}
		})
	}
}

func TestNetworkRejections(t *testing.T) {
	for _, n := range networks {
		t.Run(n.path, func(t *testing.T) {
			t.Parallel()
			samples := n.loadSamples(t)
			valid := samples[0].body
			big := append([]byte(`{"pad":"`), bytes.Repeat([]byte("x"), webhook.MaxBody)...)
			tests := []struct {
				name   string
				params *relaistest.Parameters
				req    *http.Request
				want   int
			}{
				{"signed sample", allSecrets(), n.request(valid, networkSecret), http.StatusOK},
				{"no signature", allSecrets(), n.request(valid, ""), http.StatusUnauthorized},
				{"signed with another secret", allSecrets(), n.request(valid, "another-secret"), http.StatusUnauthorized},
				{"signature of another body", allSecrets(), func() *http.Request {
					r := n.request(valid, networkSecret)
					r.Body = http.NoBody
					tampered := append(bytes.Clone(valid[:len(valid)-1]), ' ', valid[len(valid)-1])
					return withBody(r, tampered)
				}(), http.StatusUnauthorized},
				{"body over 1 MiB", allSecrets(), n.request(big, networkSecret), http.StatusRequestEntityTooLarge},
				{"not JSON", allSecrets(), n.request([]byte("hello="+marker), networkSecret), http.StatusBadRequest},
				{"JSON of the wrong shape", allSecrets(), n.request([]byte(`{"entry":"`+marker+`","object":"page","notifications":7,"content":7}`), networkSecret), http.StatusBadRequest},
				{"secret not configured", &relaistest.Parameters{}, n.request(valid, networkSecret), http.StatusNotFound},
				{"PUT", allSecrets(), httptest.NewRequest(http.MethodPut, webhook.Path+n.path, nil), http.StatusMethodNotAllowed},
			}
			for _, tt := range tests {
				f := newFixture(t, tt.params)
				connectOwners(t, f, samples)
				w := f.serve(t, tt.req)
				if got := w.Code; got != tt.want {
					t.Errorf("%s: status %d, want %d (%s)", tt.name, got, tt.want, w.Body)
				}
				if strings.Contains(w.Body.String(), networkSecret) || strings.Contains(f.logs.String(), networkSecret) {
					t.Errorf("%s: the secret shows in the answer or the logs", tt.name)
				}
				entries, err := f.store.Inbox(context.Background(), "acme", dynamo.InboxFilter{})
				relaistest.MustOK(t, err)
				if tt.want != http.StatusOK && len(entries) > 0 {
					t.Errorf("%s: %d interactions stored, want none", tt.name, len(entries))
				}
			}
		})
	}
}

func withBody(r *http.Request, body []byte) *http.Request {
	r2 := httptest.NewRequest(r.Method, r.URL.Path, bytes.NewReader(body))
	r2.Header = r.Header
	return r2
}

func TestHandshakes(t *testing.T) {
	get := func(path, query string) *http.Request {
		return httptest.NewRequest(http.MethodGet, webhook.Path+path+"?"+query, nil)
	}
	tests := []struct {
		name     string
		req      *http.Request
		want     int
		wantBody string
	}{
		{"meta subscription", get("meta", "hub.mode=subscribe&hub.verify_token="+verifyToken+"&hub.challenge=1158201444"), http.StatusOK, "1158201444"},
		{"meta wrong verify token", get("meta", "hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444"), http.StatusForbidden, ""},
		{"x crc", get("x", "crc_token=abc123"), http.StatusOK, `"response_token":"sha256=`},
		{"x without token", get("x", ""), http.StatusBadRequest, ""},
		{"linkedin challenge", get("linkedin", "challengeCode=890e4665-4dfe-4ab1-b689-ed553bceeed0"), http.StatusOK, `"challengeResponse":"`},
		{"tiktok has none", get("tiktok", ""), http.StatusMethodNotAllowed, ""},
		{"sandbox has none", get("sandbox", ""), http.StatusMethodNotAllowed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, allSecrets())
			w := f.serve(t, tt.req)
			if got := w.Code; got != tt.want {
				t.Errorf("status %d, want %d (%s)", got, tt.want, w.Body)
			}
			if !strings.Contains(w.Body.String(), tt.wantBody) {
				t.Errorf("body %q, want it to hold %q", w.Body, tt.wantBody)
			}
			if strings.Contains(w.Body.String(), networkSecret) || strings.Contains(w.Body.String(), verifyToken) {
				t.Errorf("the answer holds a secret: %s", w.Body)
			}
		})
	}
}

// metaBatch is one Meta delivery of n new comments on one page, numbered
// from first, in entries of 50 changes, as Meta batches them.
func metaBatch(first, n int) []byte {
	var b strings.Builder
	b.WriteString(`{"object":"page","entry":[`)
	for e := 0; e*50 < n; e++ {
		if e > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"104857392018375","time":1732012345,"changes":[`)
		for c := first + e*50; c < first+min(n, (e+1)*50); c++ {
			if c > first+e*50 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"1221_%d","post_id":"104857392018375_1221","parent_id":"104857392018375_1221","from":{"id":"u%d","name":"Fan %d"},"message":"Comment n\u00b0%d","created_time":1732012340}}`, c, c, c, c)
		}
		b.WriteString(`]}`)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

func TestMetaBatchOf1000StoredCompletely(t *testing.T) {
	f := newFixture(t, allSecrets())
	relaistest.MustOK(t, f.store.ConnectAccount(context.Background(), relais.Account{ClientID: "acme", Network: relais.Facebook, ID: "104857392018375"}))
	body := metaBatch(0, 1000)
	if got, want := f.serve(t, networks[0].request(body, networkSecret)).Code, http.StatusOK; got != want {
		t.Fatalf("status %d, want %d", got, want)
	}
	entries, err := f.store.Inbox(context.Background(), "acme", dynamo.InboxFilter{Limit: 2000})
	relaistest.MustOK(t, err)
	if got, want := len(entries), 1000; got != want {
		t.Errorf("stored %d comments, want %d", got, want)
	}
	if got, want := f.count(t, relais.CountInteractions), int64(1000); got != want {
		t.Errorf("interactions counter %d, want %d", got, want)
	}
	if got, want := len(f.bus.Events()), 1000; got != want {
		t.Errorf("events %d, want %d", got, want)
	}
}

// TestConcurrentMetaRetries: Meta retries a delivery while the first is
// still being stored; every copy is answered 200 and the comment is
// stored and announced once.
func TestConcurrentMetaRetries(t *testing.T) {
	f := newFixture(t, allSecrets())
	relaistest.MustOK(t, f.store.ConnectAccount(context.Background(), relais.Account{ClientID: "acme", Network: relais.Facebook, ID: "104857392018375"}))
	body := metaBatch(0, 5)
	var wg sync.WaitGroup
	codes := make([]int, 8)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := httptest.NewRecorder()
			f.handler.ServeHTTP(w, networks[0].request(body, networkSecret))
			codes[i] = w.Code
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Errorf("copy %d: status %d, want 200", i+1, c)
		}
	}
	if got, want := len(f.inbox(t)), 5; got != want {
		t.Errorf("stored %d, want %d", got, want)
	}
	if got, want := f.count(t, relais.CountInteractions), int64(5); got != want {
		t.Errorf("interactions counter %d, want %d", got, want)
	}
	if got, want := len(f.bus.Events()), 5; got != want {
		t.Errorf("events %d, want %d", got, want)
	}
}

// TestRevokedByOwner: TikTok's authorization.removed disconnects the
// account at once and tells people once, however often it is delivered.
func TestRevokedByOwner(t *testing.T) {
	f := newFixture(t, allSecrets())
	b, err := os.ReadFile(filepath.Join("..", "..", "events", "webhooks", "tiktok", "authorization-removed.json"))
	relaistest.MustOK(t, err)
	r := tiktok.Revoked(b)[0]
	ref := relais.AccountRef{Network: r.Network, ID: r.AccountID}
	relaistest.MustOK(t, f.store.ConnectAccount(context.Background(), relais.Account{ClientID: "acme", Network: ref.Network, ID: ref.ID}))
	tt := network{path: "tiktok"}
	for range 2 {
		w := httptest.NewRecorder()
		f.handler.ServeHTTP(w, tt.request(b, networkSecret))
		if w.Code != http.StatusOK {
			t.Fatalf("delivery: got %d %s", w.Code, w.Body)
		}
	}
	a, err := f.store.Account(context.Background(), "acme", ref)
	relaistest.MustOK(t, err)
	if a.Connected() || !strings.Contains(a.DisconnectReason, "removed Relais' access on TikTok") {
		t.Errorf("account: got connected %v (%q), want disconnected", a.Connected(), a.DisconnectReason)
	}
	events := f.bus.Events()
	if len(events) != 1 {
		t.Fatalf("events: got %d, want one", len(events))
	}
	if e, ok := events[0].(relais.AccountNeedsReconnect); !ok || e.AccountID != ref.ID || e.ClientID != "acme" {
		t.Errorf("event: got %+v", events[0])
	}
}

// TestMetaDeauthorize: Meta's deauthorize callback disconnects every
// account the person granted, Pages and Instagram accounts alike, and
// tells people once for each, however often it comes.
func TestMetaDeauthorize(t *testing.T) {
	f := newFixture(t, allSecrets())
	ctx := context.Background()
	grant := &relais.Grant{Person: "person-1", RenewedAt: now}
	accounts := []relais.Account{
		{ClientID: "acme", Network: relais.Facebook, ID: "104857392018375", Grant: grant},
		{ClientID: "acme", Network: relais.Instagram, ID: "17841400000000042", Grant: grant},
	}
	for _, a := range accounts {
		relaistest.MustOK(t, f.store.ConnectAccount(ctx, a))
	}
	body := meta.SignRequest([]byte(networkSecret), "person-1")
	for range 2 {
		r := httptest.NewRequest(http.MethodPost, webhook.Path+"meta", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		f.handler.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			t.Fatalf("callback: got %d %s", w.Code, w.Body)
		}
	}
	for _, a := range accounts {
		got, err := f.store.Account(ctx, "acme", a.Ref())
		relaistest.MustOK(t, err)
		if got.Connected() {
			t.Errorf("%s: still connected", a.Ref())
		}
	}
	if n := len(f.bus.Events()); n != 2 {
		t.Errorf("events: got %d, want one per account", n)
	}
}
