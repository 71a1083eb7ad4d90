// Package graphfake is what the fakes of Meta's Graph API and of the
// Threads API, which speaks Graph, share: Graph's JSON and error answers
// and the reading of a call's token.
package graphfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
)

var traces atomic.Int64

// TraceID is a new fbtrace_id, as Graph puts in every error.
func TraceID() string { return fmt.Sprintf("Afake%06d", traces.Add(1)) }

// WriteError answers Graph's error body, of type typ (OAuthException,
// GraphMethodException, THApiException), with subcode when it is not 0.
func WriteError(w http.ResponseWriter, status int, typ string, code, subcode int, msg string) {
	e := map[string]any{
		"message":    msg,
		"type":       typ,
		"code":       code,
		"fbtrace_id": TraceID(),
	}
	if subcode != 0 {
		e["error_subcode"] = subcode
	}
	WriteJSON(w, status, map[string]any{"error": e})
}

// Unsupported is Graph's answer (code 100, subcode 33) for an object that
// does not exist, that the token cannot see, or a method the object lacks.
func Unsupported(w http.ResponseWriter, typ, method, id string) {
	WriteError(w, http.StatusBadRequest, typ, 100, 33, fmt.Sprintf(
		"Unsupported %s request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", method, id))
}

// WriteJSON answers v with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	// The status is sent; a failed write means the client went away.
	_ = json.NewEncoder(w).Encode(v)
}

// TokenOf reads the token from an Authorization header (Bearer or OAuth)
// or the access_token parameter.
func TokenOf(r *http.Request, params url.Values) string {
	h := r.Header.Get("Authorization")
	for _, scheme := range []string{"Bearer ", "OAuth "} {
		if len(h) > len(scheme) && strings.EqualFold(h[:len(scheme)], scheme) {
			return h[len(scheme):]
		}
	}
	return params.Get("access_token")
}
