package webhook_test

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sandbox"
	"github.com/relais-dev/relais/internal/webhook"
)

// countedParameters counts the reads of the parameter store.
type countedParameters struct {
	*relaistest.Parameters
	mu    sync.Mutex
	reads int
}

func (p *countedParameters) Get(ctx context.Context, name string) (string, error) {
	p.mu.Lock()
	p.reads++
	p.mu.Unlock()
	return p.Parameters.Get(ctx, name)
}

func (p *countedParameters) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.reads
}

// A rotated secret is read again after a refused signature, at most once
// a minute however many refused deliveries arrive.
func TestRotatedSecret(t *testing.T) {
	params := &countedParameters{Parameters: withSecret()}
	f := newFixture(t, params.Parameters)
	f.handler = webhook.New(intake.New(f.store, f.bus), params, settings, f.logs.Logger())
	clock := now
	f.handler.Now = func() time.Time { return clock }
	const rotated = "whsec-sandbox-rotated-51b2"
	name := settings.SecretParameter(sandbox.Secret)
	signedWith := func(key string, n int) *http.Request {
		b := body(t, "dlv_rot", "acme-page", comment("r"+strconv.Itoa(n), "Bonjour"))
		return post(b, sandbox.Sign([]byte(key), b))
	}

	steps := []struct {
		name      string
		after     time.Duration
		key       string
		rotate    bool
		times     int
		wantCode  int
		wantReads int
	}{
		{name: "first delivery reads the secret", key: secret, times: 1, wantCode: http.StatusOK, wantReads: 1},
		{name: "new secret within the minute of the last read", after: 30 * time.Second, key: rotated, rotate: true, times: 1, wantCode: http.StatusUnauthorized, wantReads: 1},
		{name: "new secret a minute after the last read", after: 31 * time.Second, key: rotated, times: 1, wantCode: http.StatusOK, wantReads: 2},
		{name: "forged signatures within the minute", after: time.Second, key: "forged", times: 20, wantCode: http.StatusUnauthorized, wantReads: 2},
		{name: "forged signatures a minute later", after: time.Minute, key: "forged", times: 20, wantCode: http.StatusUnauthorized, wantReads: 3},
		{name: "new secret still good", key: rotated, times: 1, wantCode: http.StatusOK, wantReads: 3},
	}
	for i, s := range steps {
		clock = clock.Add(s.after)
		if s.rotate {
			params.Set(name, rotated)
		}
		// Concurrently, as a flood of forged deliveries would come.
		var wg sync.WaitGroup
		for n := range s.times {
			wg.Go(func() {
				if got, want := f.serve(t, signedWith(s.key, i*20+n)).Code, s.wantCode; got != want {
					t.Errorf("%s: got status %d, want %d", s.name, got, want)
				}
			})
		}
		wg.Wait()
		if got, want := params.count(), s.wantReads; got != want {
			t.Errorf("%s: got %d parameter reads, want %d", s.name, got, want)
		}
	}
}
