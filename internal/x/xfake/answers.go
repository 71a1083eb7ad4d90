package xfake

import (
	"encoding/json"
	"net/http"
)

// writeProblem answers in X's v2 problem format.
func writeProblem(w http.ResponseWriter, status int, title, detail string) {
	writeJSON(w, status, map[string]any{"title": title, "detail": detail, "type": "about:blank", "status": status})
}

// writeInvalid answers 400 as X does for a bad parameter: a generic
// detail, and the parameter's own message in errors.
func writeInvalid(w http.ResponseWriter, param, message string) {
	writeJSON(w, http.StatusBadRequest, map[string]any{
		"title":  "Invalid Request",
		"detail": "One or more parameters to your request was invalid.",
		"type":   "https://api.twitter.com/2/problems/invalid-request",
		"errors": []map[string]any{{"parameters": map[string][]string{param: {}}, "message": message}},
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// answers writes X's answers to injected faults.
type answers struct{ s *Server }

func (answers) ServerError(w http.ResponseWriter) {
	writeProblem(w, http.StatusServiceUnavailable, "Service Unavailable", "Service Unavailable")
}

// RateLimited answers as if the posting window were spent now.
func (a answers) RateLimited(w http.ResponseWriter) {
	a.s.mu.Lock()
	limit := a.s.postLimit
	a.s.mu.Unlock()
	if limit <= 0 {
		limit = DefaultPostLimit
	}
	writeRateLimited(w, limit, a.s.Now().Add(Window))
}
