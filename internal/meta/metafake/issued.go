package metafake

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// issued remembers the user tokens the token endpoint gave, by hash, with
// their life, so that the fake tells a token that expired from one whose
// grant ended (Meta's subcodes 463 and 458), and a long-lived token from
// a short-lived one, whose Page tokens expire with it.
type issued struct {
	mu     sync.Mutex
	tokens map[[32]byte]issuedToken
}

type issuedToken struct {
	until time.Time // zero: never
	life  time.Duration
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
		t := issuedToken{life: time.Duration(a.ExpiresIn) * time.Second}
		if t.life > 0 {
			t.until = at.Add(t.life)
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.tokens == nil {
			l.tokens = map[[32]byte]issuedToken{}
		}
		l.tokens[sha256.Sum256([]byte(a.AccessToken))] = t
	})
}

// lookup returns what the endpoint said of a token it issued.
func (l *issued) lookup(token string) (issuedToken, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t, ok := l.tokens[sha256.Sum256([]byte(token))]
	return t, ok
}

// expired reports whether the token's life is over at now.
func (t issuedToken) expired(now time.Time) bool { return !t.until.IsZero() && !now.Before(t.until) }

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
