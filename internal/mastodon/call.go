package mastodon

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
)

// maxAnswer bounds what the client reads from one answer.
const maxAnswer = 4 << 20

// call is one request to an instance's API.
type call struct {
	op, method, url, token string
	form                   url.Values
	// key is the Idempotency-Key of a status.
	key string
	// creates is set for a call that makes a status: when it fails after
	// the request went out, the status may exist.
	creates bool
}

// do sends a call, decodes a successful answer into out and returns the
// answer's headers.
func (c *Client) do(ctx context.Context, k call, out any) (http.Header, error) {
	var body io.Reader
	if k.form != nil {
		body = strings.NewReader(k.form.Encode())
	}
	// Whether the request was written tells a failure the instance cannot
	// have seen (safe to retry) from one it may have acted on.
	var written atomic.Bool
	trace := &httptrace.ClientTrace{WroteRequest: func(i httptrace.WroteRequestInfo) {
		if i.Err == nil {
			written.Store(true)
		}
	}}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), k.method, k.url, body)
	if err != nil {
		return nil, k.permanent(fmt.Errorf("build request: %w", err))
	}
	req.Header.Set("Authorization", "Bearer "+k.token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if k.key != "" {
		// net/http also resends a request bearing this header when a
		// reused connection drops before any answer: the key makes that
		// safe as well.
		req.Header.Set("Idempotency-Key", k.key)
	}

	resp, err := c.http.Do(req)
	if err != nil {
		return nil, k.failed(0, written.Load(), err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return nil, k.failed(resp.StatusCode, true, fmt.Errorf("read answer: %w", err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, k.refused(resp, b, c.Now())
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return nil, k.failed(resp.StatusCode, true, fmt.Errorf("decode answer: %w", err))
		}
	}
	return resp.Header, nil
}
