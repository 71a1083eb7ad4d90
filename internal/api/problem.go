package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/relais-dev/relais/internal/relais"
)

// Problem is an RFC 9457 problem detail, the body of every error answer.
// Its detail is the domain's user-safe message, or nothing: an internal
// error never crosses the API.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	// Guards are the findings of refused content, so that an interface
	// can offer to accept those a person may accept.
	Guards []relais.Finding `json:"guards,omitempty"`
}

// problemType names a problem's kind, under the API's own URI.
func problemType(status int) string {
	return "https://relais.dev/problems/" + http.StatusText(status)
}

// statusOf maps a domain error code to its HTTP status, the one place
// that does.
func statusOf(err error) int {
	var pe *httpError
	if errors.As(err, &pe) {
		return pe.status
	}
	switch relais.ErrorCode(err) {
	case relais.ENOTFOUND:
		return http.StatusNotFound
	case relais.EINVALID:
		return http.StatusUnprocessableEntity
	case relais.ECONFLICT:
		return http.StatusConflict
	case relais.EUNAUTHORIZED:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// httpError is an answer the API gives for the protocol's sake (a missing
// If-Match, a body too large), with a message safe to show.
type httpError struct {
	status  int
	message string
}

func (e *httpError) Error() string { return e.message }

func fail(status int, message string) error { return &httpError{status: status, message: message} }

// writeProblem answers err as a problem detail.
func writeProblem(w http.ResponseWriter, err error) {
	status := statusOf(err)
	p := Problem{Type: problemType(status), Title: http.StatusText(status), Status: status}
	var pe *httpError
	var refused *relais.Refused
	switch {
	case errors.As(err, &pe):
		p.Detail = pe.message
	case status != http.StatusInternalServerError:
		p.Detail = relais.ErrorMessage(err)
		if errors.As(err, &refused) {
			p.Guards = refused.Findings
		}
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}
