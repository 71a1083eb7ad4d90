package blueskyfake

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"
)

// maxBody bounds a request body the fake reads.
const maxBody = 1 << 20

// RateLimitWindow is how far ahead a rate-limited answer's ratelimit-reset
// header points.
const RateLimitWindow = 5 * time.Minute

// writeError answers an XRPC error: {"error": name, "message": message}.
func writeError(w http.ResponseWriter, status int, name, message string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": name, "message": message})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}

// decodeBody reads a procedure's JSON input, answering 400 InvalidRequest
// when it is not JSON, as the reference PDS does.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "Wrong request encoding (Content-Type): "+r.Header.Get("Content-Type"))
		return false
	}
	b, ok := readBody(w, r, maxBody)
	if ok && json.Unmarshal(b, v) != nil {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "Invalid JSON input")
		return false
	}
	return ok
}

// readBody reads a procedure's input, at most limit bytes, answering 413
// PayloadTooLarge over it, as the reference PDS does.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, "PayloadTooLarge", "request entity too large")
		return nil, false
	case err != nil:
		writeError(w, http.StatusBadRequest, "InvalidRequest", "could not read the input")
		return nil, false
	}
	return b, true
}

// answers writes the PDS's own answers for injected faults.
type answers struct{ s *Server }

func (answers) ServerError(w http.ResponseWriter) {
	writeError(w, http.StatusInternalServerError, "InternalServerError", "Internal Server Error")
}

// RateLimited answers 429 with the headers the reference PDS sends.
func (a answers) RateLimited(w http.ResponseWriter) {
	h := w.Header()
	h.Set("RateLimit-Limit", "3000")
	h.Set("RateLimit-Remaining", "0")
	h.Set("RateLimit-Reset", strconv.FormatInt(a.s.Now().Add(RateLimitWindow).Unix(), 10))
	h.Set("RateLimit-Policy", "3000;w=300")
	writeError(w, http.StatusTooManyRequests, "RateLimitExceeded", "Rate Limit Exceeded")
}
