// Package lambdaurl serves an http.Handler behind a Lambda function URL:
// it turns the function URL event into an http.Request and the handler's
// answer into the function URL response.
package lambdaurl

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// Handler returns a Lambda handler serving h.
func Handler(h http.Handler) func(context.Context, events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error) {
	return func(ctx context.Context, ev events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error) {
		req, err := Request(ctx, ev)
		if err != nil {
			return events.LambdaFunctionURLResponse{StatusCode: http.StatusBadRequest}, nil
		}
		var rec recorder
		h.ServeHTTP(&rec, req)
		return Response(rec.status(), rec.Header(), rec.body.Bytes()), nil
	}
}

// Request rebuilds the HTTP request a function URL received. The body is
// kept byte for byte, since signatures are computed over the raw bytes.
func Request(ctx context.Context, ev events.LambdaFunctionURLRequest) (*http.Request, error) {
	body := []byte(ev.Body)
	if ev.IsBase64Encoded {
		var err error
		if body, err = base64.StdEncoding.DecodeString(ev.Body); err != nil {
			return nil, fmt.Errorf("lambdaurl: decode body: %w", err)
		}
	}
	url := ev.RawPath
	if ev.RawQueryString != "" {
		url += "?" + ev.RawQueryString
	}
	req, err := http.NewRequestWithContext(ctx, ev.RequestContext.HTTP.Method, url, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("lambdaurl: build request: %w", err)
	}
	for k, v := range ev.Headers {
		req.Header.Set(k, v)
	}
	if len(ev.Cookies) > 0 {
		req.Header.Set("Cookie", strings.Join(ev.Cookies, "; "))
	}
	req.Host = ev.RequestContext.DomainName
	req.RemoteAddr = ev.RequestContext.HTTP.SourceIP
	req.RequestURI = url
	return req, nil
}

// Response builds the function URL response; bodies are sent base64
// encoded so that any bytes survive.
func Response(status int, header http.Header, body []byte) events.LambdaFunctionURLResponse {
	headers := map[string]string{}
	for k, v := range header {
		headers[k] = strings.Join(v, ", ")
	}
	return events.LambdaFunctionURLResponse{
		StatusCode:      status,
		Headers:         headers,
		Body:            base64.StdEncoding.EncodeToString(body),
		IsBase64Encoded: true,
	}
}

// recorder keeps a handler's answer in memory. It is not httptest's, which
// would carry test-only code into the function's binary and start-up.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header {
	if r.header == nil {
		r.header = http.Header{}
	}
	return r.header
}

func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(b)
}

func (r *recorder) status() int {
	if r.code == 0 {
		return http.StatusOK
	}
	return r.code
}
