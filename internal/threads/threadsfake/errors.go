package threadsfake

import (
	"net/http"

	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
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
	subcodeNotAuthorized = 458
	subcodeExpired       = 463
	subcodeMediaNotFound = 4279009
)

// writeError answers Graph's error body. Threads types its own API errors
// THApiException and token errors OAuthException.
func writeError(w http.ResponseWriter, status, code, subcode int, msg string) {
	graphfake.WriteError(w, status, errorType(code), code, subcode, msg)
}

func errorType(code int) string {
	switch code {
	case codeToken, codeNotFound, codeThrottled, codeUserLimit, codeUnknown:
		return "OAuthException"
	}
	return "THApiException"
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
		"fbtrace_id":       graphfake.TraceID(),
	}
	graphfake.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": e})
}

// unsupported is Graph's answer for an object that does not exist, that
// the token cannot see, or a method the object lacks.
func unsupported(w http.ResponseWriter, method, id string) {
	graphfake.Unsupported(w, errorType(codeInvalid), method, id)
}

// oauthError is the answer of the code exchange to a request it refuses,
// in the shape Threads documents for it.
func oauthError(w http.ResponseWriter, msg string) {
	graphfake.WriteJSON(w, http.StatusBadRequest, map[string]any{"error_type": "OAuthException", "code": http.StatusBadRequest, "error_message": msg})
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
