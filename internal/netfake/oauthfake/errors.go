package oauthfake

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// writeError answers an error as RFC 6749 (5.2) shapes it. An
// invalid_client answer names the Basic scheme it takes (RFC 6749, 5.2).
func writeError(w http.ResponseWriter, status int, code, description string) {
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="oauthfake"`)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// The status is sent; a failed write means the client went away.
	_ = json.NewEncoder(w).Encode(v)
}

// RateLimitRetryAfter is the wait an injected rate limit asks for.
const RateLimitRetryAfter = 60 * time.Second

// answers are the server's answers to injected faults, in its error
// shape.
type answers struct {
	write func(w http.ResponseWriter, status int, code, description string)
}

func (a answers) ServerError(w http.ResponseWriter) {
	a.write(w, http.StatusInternalServerError, "server_error", "internal error")
}

func (a answers) RateLimited(w http.ResponseWriter) {
	w.Header().Set("Retry-After", strconv.Itoa(int(RateLimitRetryAfter/time.Second)))
	a.write(w, http.StatusTooManyRequests, "temporarily_unavailable", "too many requests")
}
