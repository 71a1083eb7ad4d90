package tiktokfake

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// TikTok's error codes, as its API references list them.
const (
	codeOK                 = "ok"
	codeTokenInvalid       = "access_token_invalid"
	codeScopeNotAuthorized = "scope_not_authorized"
	codeRateLimited        = "rate_limit_exceeded"
	codeInternal           = "internal_error"
	// codeInvalidParam is the Content Posting API's; the Display API
	// says codeInvalidParams.
	codeInvalidParam     = "invalid_param"
	codeInvalidParams    = "invalid_params"
	codeTooManyPosts     = "spam_risk_too_many_posts"
	codeBanned           = "spam_risk_user_banned_from_posting"
	codeActiveUserCap    = "reached_active_user_cap"
	codeUnaudited        = "unaudited_client_can_only_post_to_private_accounts"
	codeURLUnverified    = "url_ownership_unverified"
	codePrivacyMismatch  = "privacy_level_option_mismatch"
	codeInvalidPublishID = "invalid_publish_id"
	codeNotYourPublishID = "token_not_authorized_for_specified_publish_id"
)

// maxBody bounds what the fake reads of one request.
const maxBody = 1 << 20

// apiError is the error object of every answer; its code is "ok" on
// success.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	LogID   string `json:"log_id"`
}

// writeData answers 200 with data and an ok error object.
func writeData(w http.ResponseWriter, logID string, data any) {
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "error": apiError{Code: codeOK, LogID: logID}})
}

// writeError answers an error in TikTok's envelope, with an empty data
// object.
func writeError(w http.ResponseWriter, logID string, status int, code, message string) {
	writeJSON(w, status, map[string]any{"data": map[string]any{}, "error": apiError{Code: code, Message: message, LogID: logID}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	// The status is sent; a failed write means the client went away.
	_ = json.NewEncoder(w).Encode(v)
}

// jsonType reports whether a request's Content-Type is JSON. TikTok asks
// for application/json; charset=UTF-8 and its own examples send
// application/json: both are taken.
func jsonType(ct string) bool {
	return ct == "application/json" || strings.EqualFold(ct, "application/json; charset=UTF-8")
}

// readJSON reads a request's JSON body into v, or answers 400 with code
// and returns false.
func (s *Server) readJSON(w http.ResponseWriter, r *http.Request, v any, code string) bool {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		writeError(w, s.logID(), http.StatusBadRequest, code, "The request body is not valid JSON of the expected shape.")
		return false
	}
	return true
}

// answers are TikTok's answers to injected faults.
type answers struct{ s *Server }

func (a answers) ServerError(w http.ResponseWriter) {
	writeError(w, a.s.logID(), http.StatusInternalServerError, codeInternal, "TikTok server or network error. Try again later.")
}

// RateLimited answers 429 as TikTok does: no header says when to retry.
func (a answers) RateLimited(w http.ResponseWriter) {
	writeError(w, a.s.logID(), http.StatusTooManyRequests, codeRateLimited, "Your request is blocked due to exceeding the API rate limit.")
}
