package pinterestfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// maxBody bounds what the fake reads of an API request.
const maxBody = 1 << 20

// Error is Pinterest's error answer. Pinterest documents its shape, not
// a catalogue of codes; the fake's code is the status, as most of the
// reference's examples have it, or the one an example gives.
type Error struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func writeError(w http.ResponseWriter, status int, format string, args ...any) {
	writeCoded(w, status, status, format, args...)
}

// writeCoded answers an error whose code is not its status.
func writeCoded(w http.ResponseWriter, status, code int, format string, args ...any) {
	writeJSON(w, status, Error{Code: code, Message: fmt.Sprintf(format, args...)})
}

// Codes the reference's examples give.
const (
	// codeAuthentication: "Authentication failed." (401).
	codeAuthentication = 2
	// codeNotPermitted: "You are not permitted to access that resource." (403).
	codeNotPermitted = 29
)

// readJSON reads a request's JSON body into v, or answers 400 saying the
// body is not what it should be, and returns false.
func readJSON(w http.ResponseWriter, r *http.Request, v any, what string) bool {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "Invalid request: the body is not %s.", what)
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// The status is sent; a failed write means the client went away.
	_ = json.NewEncoder(w).Encode(v)
}

// answers are Pinterest's answers to injected faults. Pinterest documents
// no header telling when to retry after a 429.
type answers struct{}

func (answers) ServerError(w http.ResponseWriter) {
	writeError(w, http.StatusInternalServerError, "Internal server error.")
}

func (answers) RateLimited(w http.ResponseWriter) {
	writeError(w, http.StatusTooManyRequests, "You have exceeded your rate limit. Try again later.")
}
