package linkedinfake

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// issued remembers the access tokens the token endpoint gave, by hash,
// with their expiry, so that the API can tell a token that expired from
// one that was revoked, as LinkedIn's 401 answers do.
type issued struct {
	mu      sync.Mutex
	expires map[[32]byte]time.Time // zero: never
}

// note serves h, remembering the access token a successful answer gives.
func (l *issued) note(h http.Handler, now func() time.Time) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		at := now()
		rec := &recorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		var a struct {
			AccessToken string `json:"access_token"`
			ExpiresIn   int64  `json:"expires_in"`
		}
		if rec.status != http.StatusOK || json.Unmarshal(rec.body.Bytes(), &a) != nil || a.AccessToken == "" {
			return
		}
		var until time.Time
		if a.ExpiresIn > 0 {
			until = at.Add(time.Duration(a.ExpiresIn) * time.Second)
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.expires == nil {
			l.expires = map[[32]byte]time.Time{}
		}
		l.expires[sha256.Sum256([]byte(a.AccessToken))] = until
	})
}

// lapsed says why a token the authorization server no longer takes
// fails: it expired by now, or, issued and unexpired, it was revoked.
// known is false for a token it never issued.
func (l *issued) lapsed(token string, now time.Time) (expired, known bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	until, known := l.expires[sha256.Sum256([]byte(token))]
	return known && !until.IsZero() && !now.Before(until), known
}

// recorder passes an answer on, keeping its status and body.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}
