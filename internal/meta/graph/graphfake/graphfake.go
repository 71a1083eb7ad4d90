// Package graphfake is what the fakes of Meta's Graph API and of the
// Threads API, which speaks Graph, share: Graph's JSON and error answers
// and the reading of a call's token.
package graphfake

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"regexp"
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

var version = regexp.MustCompile(`^v[0-9]+\.[0-9]+$`)

// Path reads a Graph path, with or without its version segment
// (/v21.0/{node}/{edge} and /{node}/{edge} alike): ok is false for one
// that names no node, or more than a node and its edge.
func Path(p string) (node, edge string, ok bool) {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) > 0 && version.MatchString(parts[0]) {
		parts = parts[1:]
	}
	if len(parts) > 0 {
		node = parts[0]
	}
	if len(parts) == 2 {
		edge = parts[1]
	}
	return node, edge, node != "" && len(parts) <= 2
}

// ReadParams merges the query with a form or JSON body: Graph takes
// parameters in any of them. value spells a JSON body's value as a
// parameter, or says to leave it out.
func ReadParams(r *http.Request, value func(any) (string, bool)) (url.Values, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/json" {
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		return r.Form, nil
	}
	v := r.URL.Query()
	var body map[string]any
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		return nil, err
	}
	for k, x := range body {
		if s, ok := value(x); ok {
			v.Set(k, s)
		}
	}
	return v, nil
}
