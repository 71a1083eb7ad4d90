package netfake

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

type answers struct{}

func (answers) ServerError(w http.ResponseWriter) { w.WriteHeader(http.StatusServiceUnavailable) }
func (answers) RateLimited(w http.ResponseWriter) { w.WriteHeader(http.StatusTooManyRequests) }

func TestFaults(t *testing.T) {
	var in Injector
	var effects atomic.Int64
	srv := httptest.NewServer(in.Wrap(func(w http.ResponseWriter, r *http.Request) {
		effects.Add(1)
		w.WriteHeader(http.StatusCreated)
	}, answers{}))
	defer srv.Close()
	tests := []struct {
		fault       Fault
		wantStatus  int // 0: no answer
		wantEffects int64
	}{
		{None, http.StatusCreated, 1},
		{ServerError, http.StatusServiceUnavailable, 0},
		{RateLimit, http.StatusTooManyRequests, 0},
		{Timeout, 0, 0},
		{TimeoutAfterEffect, 0, 1},
	}
	for _, tt := range tests {
		t.Run(string(tt.fault)+"_", func(t *testing.T) {
			effects.Store(0)
			if tt.fault != None {
				in.FailNext(1, tt.fault)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, nil)
			resp, err := http.DefaultClient.Do(req)
			status := 0
			if err == nil {
				status = resp.StatusCode
				resp.Body.Close()
			}
			if status != tt.wantStatus {
				t.Errorf("status: got %d (%v), want %d", status, err, tt.wantStatus)
			}
			if got := effects.Load(); got != tt.wantEffects {
				t.Errorf("effects: got %d, want %d", got, tt.wantEffects)
			}
		})
	}
}

func TestRatesAreSeeded(t *testing.T) {
	draw := func() []Fault {
		var in Injector
		in.SetRate(ServerError, 0.3, 7)
		var out []Fault
		for i := 0; i < 50; i++ {
			out = append(out, in.Next())
		}
		return out
	}
	a, b := draw(), draw()
	n := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("draw %d differs between runs with one seed", i)
		}
		if a[i] == ServerError {
			n++
		}
	}
	if n == 0 || n == 50 {
		t.Errorf("server errors in 50 draws at 30%%: got %d", n)
	}
}
