package localaws

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"time"
)

// Content types of the JSON protocols.
const (
	contentTypeJSON11 = "application/x-amz-json-1.1"
	contentTypeJSON   = "application/json"
)

// maxJSONBody bounds request bodies; the largest legitimate one, a full
// PutEvents batch, is 256 KiB.
const maxJSONBody = 1 << 20

// apiError is an error the way AWS services answer it: an HTTP status, a
// code the SDKs map to a typed error, and a message.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

func newAPIError(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

func validationError(format string, args ...any) *apiError {
	return newAPIError(http.StatusBadRequest, "ValidationException", format, args...)
}

// jsonOperation runs one JSON 1.1 operation on a request body and returns
// the response shape.
type jsonOperation func(s *Server, body []byte) (any, error)

// jsonOperations are the JSON 1.1 operations served, by X-Amz-Target.
var jsonOperations = map[string]jsonOperation{
	"AWSEvents.PutEvents":       (*Server).putEvents,
	"AmazonSSM.PutParameter":    (*Server).putParameter,
	"AmazonSSM.GetParameter":    (*Server).getParameter,
	"AmazonSSM.GetParameters":   (*Server).getParameters,
	"AmazonSSM.DeleteParameter": (*Server).deleteParameter,
}

// serveJSON is the one dispatcher of the JSON 1.1 services, EventBridge and
// SSM.
func (s *Server) serveJSON(w http.ResponseWriter, r *http.Request) {
	target := r.Header.Get("X-Amz-Target")
	op, ok := jsonOperations[target]
	if !ok {
		s.writeJSONError(w, contentTypeJSON11, newAPIError(http.StatusBadRequest, "UnknownOperationException", "operation %s is not served locally", target))
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		s.writeJSONError(w, contentTypeJSON11, err)
		return
	}
	out, err := op(s, body)
	if err != nil {
		s.writeJSONError(w, contentTypeJSON11, err)
		return
	}
	s.writeJSON(w, http.StatusOK, contentTypeJSON11, out)
}

func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err != nil {
		return nil, newAPIError(http.StatusBadRequest, "SerializationException", "cannot read request body: %v", err)
	}
	return body, nil
}

// decodeJSON reads a request body into v; an empty body leaves v as is.
func decodeJSON(body []byte, v any) error {
	if len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return newAPIError(http.StatusBadRequest, "SerializationException", "request body does not match the operation's input: %v", err)
	}
	return nil
}

func (s *Server) writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		s.writeJSONError(w, contentType, fmt.Errorf("encode response: %w", err))
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Amzn-RequestId", newID())
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeJSONError answers an error in the shape both JSON protocols share:
// the code in X-Amzn-ErrorType and in the body's __type, which the SDKs
// read to build typed errors. Errors that are not API errors are internal:
// logged here, and answered without their details.
func (s *Server) writeJSONError(w http.ResponseWriter, contentType string, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		s.log.Error("internal error", "error", err)
		ae = newAPIError(http.StatusInternalServerError, "InternalFailure", "internal error")
	}
	body, _ := json.Marshal(map[string]string{"__type": ae.code, "message": ae.message})
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Amzn-ErrorType", ae.code)
	w.Header().Set("X-Amzn-RequestId", newID())
	w.WriteHeader(ae.status)
	_, _ = w.Write(body)
}

// epochSeconds is a timestamp as the JSON protocols send it: seconds since
// the epoch, with a fraction for milliseconds.
type epochSeconds struct{ time.Time }

func (t *epochSeconds) UnmarshalJSON(b []byte) error {
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("timestamp must be epoch seconds: %w", err)
	}
	sec, frac := math.Modf(f)
	t.Time = time.Unix(int64(sec), int64(math.Round(frac*1e3))*int64(time.Millisecond)).UTC()
	return nil
}

func (t epochSeconds) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, float64(t.UnixMilli())/1e3, 'f', -1, 64), nil
}

func newEpochSeconds(t time.Time) *epochSeconds { return &epochSeconds{t} }
