package linkedinfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// errorBody is LinkedIn's error answer.
type errorBody struct {
	Message          string        `json:"message"`
	Status           int           `json:"status"`
	ServiceErrorCode int           `json:"serviceErrorCode,omitempty"`
	Code             string        `json:"code,omitempty"`
	ErrorDetails     *errorDetails `json:"errorDetails,omitempty"`
}

type errorDetails struct {
	InputErrors []inputError `json:"inputErrors"`
}

type inputError struct {
	Code        string `json:"code"`
	Description string `json:"description"`
	Input       struct {
		InputPath struct {
			FieldPath string `json:"fieldPath"`
		} `json:"inputPath"`
	} `json:"input"`
}

func writeError(w http.ResponseWriter, status int, code, format string, args ...any) {
	writeJSON(w, status, errorBody{Message: fmt.Sprintf(format, args...), Status: status, Code: code})
}

// writeInputError answers 422 for one field, as LinkedIn reports
// validation failures.
func writeInputError(w http.ResponseWriter, code, field, format string, args ...any) {
	ie := inputError{Code: code, Description: fmt.Sprintf(format, args...)}
	ie.Input.InputPath.FieldPath = field
	writeJSON(w, http.StatusUnprocessableEntity, errorBody{
		Message:      fmt.Sprintf("ERROR :: %s :: %s", field, ie.Description),
		Status:       http.StatusUnprocessableEntity,
		ErrorDetails: &errorDetails{InputErrors: []inputError{ie}},
	})
}

// writeDenied answers 403, as LinkedIn answers a token whose member has
// no role on the page for the call.
func writeDenied(w http.ResponseWriter, message string) {
	writeJSON(w, http.StatusForbidden, errorBody{Status: http.StatusForbidden, ServiceErrorCode: 100, Code: "ACCESS_DENIED", Message: message})
}

// readJSON reads a request's JSON body into v, or answers 400 saying the
// body is not what it should be, and returns false.
func readJSON(w http.ResponseWriter, r *http.Request, v any, what string) bool {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "the body is not %s", what)
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

// answers are LinkedIn's answers to injected faults. LinkedIn's 429 has
// no rate headers.
type answers struct{}

func (answers) ServerError(w http.ResponseWriter) {
	writeError(w, http.StatusInternalServerError, "INTERNAL_SERVER_ERROR", "internal server error")
}

func (answers) RateLimited(w http.ResponseWriter) {
	writeError(w, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "daily call limit reached for this application")
}
