package threadsfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync/atomic"
)

// Graph error codes the fake answers with (Meta's Graph API error
// handling guide, and Threads' "Media Not Found" seen on the wire).
const (
	codeUnknown          = 1
	codeService          = 2
	codeThrottled        = 4
	codePermission       = 10
	codeUserLimit        = 17
	codeNotFound         = 24
	codeInvalid          = 100
	codeToken            = 190
	subcodeUnknown       = 33
	subcodeNotAuthorized = 458
	subcodeExpired       = 463
	subcodeMediaNotFound = 4279009
)

var traces atomic.Int64

// writeError answers Graph's error body. Threads types its own API errors
// THApiException and token errors OAuthException.
func writeError(w http.ResponseWriter, status, code, subcode int, msg string) {
	e := map[string]any{
		"message":    msg,
		"type":       "THApiException",
		"code":       code,
		"fbtrace_id": fmt.Sprintf("Afake%06d", traces.Add(1)),
	}
	switch code {
	case codeToken, codeNotFound, codeThrottled, codeUserLimit, codeUnknown:
		e["type"] = "OAuthException"
	}
	if subcode != 0 {
		e["error_subcode"] = subcode
	}
	writeJSON(w, status, map[string]any{"error": e})
}

// notFound is Threads' "Media Not Found", which it answers for a media
// or container that does not exist, is not made yet or is gone.
func notFound(w http.ResponseWriter, id string) {
	e := map[string]any{
		"message":          "The requested resource does not exist",
		"type":             "OAuthException",
		"code":             codeNotFound,
		"error_subcode":    subcodeMediaNotFound,
		"is_transient":     false,
		"error_user_title": "Media Not Found",
		"error_user_msg":   "The media with id " + id + " cannot be found.",
		"fbtrace_id":       fmt.Sprintf("Afake%06d", traces.Add(1)),
	}
	writeJSON(w, http.StatusBadRequest, map[string]any{"error": e})
}

// unsupported is Graph's answer for an object that does not exist, that
// the token cannot see, or a method the object lacks.
func unsupported(w http.ResponseWriter, method, id string) {
	writeError(w, http.StatusBadRequest, codeInvalid, subcodeUnknown, fmt.Sprintf(
		"Unsupported %s request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", method, id))
}

// oauthError is the answer of the code exchange to a request it refuses,
// in the shape Threads documents for it.
func oauthError(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusBadRequest, map[string]any{"error_type": "OAuthException", "code": http.StatusBadRequest, "error_message": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	// The status is sent; a failed write means the client went away.
	_ = json.NewEncoder(w).Encode(v)
}

// answers writes netfake's injected faults as Graph does. Threads
// documents no rate-limit headers, so the throttling answer has none.
type answers struct{}

// ServerError is Graph's 500 with code 2 (service temporarily
// unavailable).
func (answers) ServerError(w http.ResponseWriter) {
	writeError(w, http.StatusInternalServerError, codeService, 0, "An unexpected error has occurred. Please retry your request later.")
}

// RateLimited is Graph's throttling answer, code 4.
func (answers) RateLimited(w http.ResponseWriter) {
	writeError(w, http.StatusBadRequest, codeThrottled, 0, "(#4) Application request limit reached")
}
