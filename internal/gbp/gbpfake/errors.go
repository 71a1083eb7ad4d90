package gbpfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// maxBody bounds what the fake reads from one request.
const maxBody = 1 << 20

// errorBody is Google's error answer.
type errorBody struct {
	Error errorStatus `json:"error"`
}

type errorStatus struct {
	Code    int      `json:"code"`
	Message string   `json:"message"`
	Status  string   `json:"status"`
	Details []detail `json:"details,omitempty"`
}

// detail is one of Google's error details: a google.rpc.BadRequest (its
// field violations) or a google.rpc.ErrorInfo (its reason).
type detail struct {
	Type            string            `json:"@type"`
	FieldViolations []fieldViolation  `json:"fieldViolations,omitempty"`
	Reason          string            `json:"reason,omitempty"`
	Domain          string            `json:"domain,omitempty"`
	Metadata        map[string]string `json:"metadata,omitempty"`
}

type fieldViolation struct {
	Field       string `json:"field"`
	Description string `json:"description"`
}

func writeError(w http.ResponseWriter, status int, name, message string, details ...detail) {
	writeJSON(w, status, errorBody{Error: errorStatus{Code: status, Message: message, Status: name, Details: details}})
}

// writeInvalid answers 400 INVALID_ARGUMENT for one field, as Google
// reports a request it will not take.
func writeInvalid(w http.ResponseWriter, field, format string, args ...any) {
	writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "Request contains an invalid argument.", detail{
		Type:            "type.googleapis.com/google.rpc.BadRequest",
		FieldViolations: []fieldViolation{{Field: field, Description: fmt.Sprintf(format, args...)}},
	})
}

// writeQuota answers a call over the per-minute quota.
func writeQuota(w http.ResponseWriter) {
	writeError(w, http.StatusTooManyRequests, "RESOURCE_EXHAUSTED",
		"Quota exceeded for quota metric 'Requests' and limit 'Requests per minute' of service 'mybusiness.googleapis.com'.",
		detail{
			Type:   "type.googleapis.com/google.rpc.ErrorInfo",
			Reason: "RATE_LIMIT_EXCEEDED",
			Domain: "googleapis.com",
			Metadata: map[string]string{
				"service":      "mybusiness.googleapis.com",
				"quota_metric": "mybusiness.googleapis.com/default_requests",
				"quota_limit":  "DefaultRequestsPerMinutePerProject",
			},
		})
}

// readJSON reads a request's JSON body into v, or answers 400 and returns
// false.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "Invalid JSON payload received.")
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	// The status is sent; a failed write means the client went away.
	_ = json.NewEncoder(w).Encode(v)
}

// answers are Google's answers to injected faults. Google sends no
// rate-limit headers with its 429.
type answers struct{}

func (answers) ServerError(w http.ResponseWriter) {
	writeError(w, http.StatusInternalServerError, "INTERNAL", "Internal error encountered.")
}

func (answers) RateLimited(w http.ResponseWriter) { writeQuota(w) }
