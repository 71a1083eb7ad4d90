package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// maxAnswer bounds what the client reads from one answer.
const maxAnswer = 4 << 20

// maxMessage bounds the network's message kept in an error.
const maxMessage = 300

// Client is the Relais adapter for the sandbox network. Every call takes
// the account's token, which Relais reads from the parameter store.
type Client struct {
	baseURL string
	http    *http.Client
}

// NewClient returns a client for the network served at baseURL, the local
// stack's root URL (for example http://127.0.0.1:8787). A nil httpClient
// means one with a 30 s timeout.
func NewClient(baseURL string, httpClient *http.Client) *Client {
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{baseURL: strings.TrimSuffix(baseURL, "/"), http: httpClient}
}

// Publish posts content on an account and returns the post's id.
func (c *Client) Publish(ctx context.Context, token, account string, p Content) (string, error) {
	return c.create(ctx, call{op: "publish", method: http.MethodPost, path: "accounts/" + url.PathEscape(account) + "/posts", token: token, body: p})
}

// RecentPosts returns the account's posts made at or after since, newest
// first, so that the publisher can find a post it may already have made.
func (c *Client) RecentPosts(ctx context.Context, token, account string, since time.Time) ([]PublishedPost, error) {
	q := url.Values{"limit": {strconv.Itoa(maxListLimit)}}
	if !since.IsZero() {
		q.Set("since", since.UTC().Format(time.RFC3339))
	}
	var out struct {
		Data []PublishedPost `json:"data"`
	}
	err := c.do(ctx, call{op: "recent posts", method: http.MethodGet, path: "accounts/" + url.PathEscape(account) + "/posts?" + q.Encode(), token: token}, &out)
	return out.Data, err
}

// Hide hides a comment from everyone but its author.
func (c *Client) Hide(ctx context.Context, token, commentID string) error {
	return c.setHidden(ctx, "hide", token, commentID, true)
}

// Unhide shows a hidden comment again.
func (c *Client) Unhide(ctx context.Context, token, commentID string) error {
	return c.setHidden(ctx, "unhide", token, commentID, false)
}

func (c *Client) setHidden(ctx context.Context, op, token, commentID string, hidden bool) error {
	body := map[string]bool{"hidden": hidden}
	return c.do(ctx, call{op: op, method: http.MethodPost, path: "comments/" + url.PathEscape(commentID) + "/hide", token: token, body: body}, nil)
}

// Delete deletes a comment.
func (c *Client) Delete(ctx context.Context, token, commentID string) error {
	return c.do(ctx, call{op: "delete", method: http.MethodDelete, path: "comments/" + url.PathEscape(commentID), token: token}, nil)
}

// Reply answers a comment in public and returns the reply's id.
func (c *Client) Reply(ctx context.Context, token, commentID, text string) (string, error) {
	body := map[string]string{"text": text}
	return c.create(ctx, call{op: "reply", method: http.MethodPost, path: "comments/" + url.PathEscape(commentID) + "/replies", token: token, body: body})
}

// call is one request to the network's API.
type call struct {
	op, method, path, token string
	body                    any
	// creates is set for calls that make something (a post, a reply): when
	// they fail after the request went out, the thing may exist.
	creates bool
}

// create makes something and returns its id.
func (c *Client) create(ctx context.Context, k call) (string, error) {
	k.creates = true
	var out struct {
		ID string `json:"id"`
	}
	if err := c.do(ctx, k, &out); err != nil {
		return "", err
	}
	if out.ID == "" {
		return "", k.failed(http.StatusCreated, true, errors.New("the answer carries no id"))
	}
	return out.ID, nil
}

// do sends a call and decodes a successful answer into out.
func (c *Client) do(ctx context.Context, k call, out any) error {
	var body io.Reader
	if k.body != nil {
		b, err := json.Marshal(k.body)
		if err != nil {
			return &Error{Op: k.op, Kind: Permanent, Err: fmt.Errorf("encode request: %w", err)}
		}
		body = bytes.NewReader(b)
	}
	// Whether the request was written tells a failure the network cannot
	// have seen (safe to retry) from one it may have acted on.
	var written atomic.Bool
	trace := &httptrace.ClientTrace{WroteRequest: func(i httptrace.WroteRequestInfo) {
		if i.Err == nil {
			written.Store(true)
		}
	}}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), k.method, c.baseURL+apiPath+k.path, body)
	if err != nil {
		return &Error{Op: k.op, Kind: Permanent, Err: fmt.Errorf("build request: %w", err)}
	}
	req.Header.Set("Authorization", "Bearer "+k.token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.http.Do(req)
	if err != nil {
		return k.failed(0, written.Load(), err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return k.failed(resp.StatusCode, true, fmt.Errorf("read answer: %w", err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return k.refused(resp, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return k.failed(resp.StatusCode, true, fmt.Errorf("decode answer: %w", err))
		}
	}
	return nil
}

// failed classifies a call that got no usable answer.
func (k call) failed(status int, written bool, err error) *Error {
	kind := Transient
	if written && k.creates {
		kind = Ambiguous
	}
	return &Error{Op: k.op, Kind: kind, Status: status, Err: err}
}

// refused classifies an error answer.
func (k call) refused(resp *http.Response, body []byte) *Error {
	var eb errorBody
	msg := http.StatusText(resp.StatusCode)
	if json.Unmarshal(body, &eb) == nil && eb.Error.Message != "" {
		msg = truncate(eb.Error.Message, maxMessage)
	}
	e := &Error{Op: k.op, Kind: Permanent, Status: resp.StatusCode, Code: eb.Error.Code, Err: errors.New(msg)}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		e.Kind = Transient
	case resp.StatusCode >= 500 && k.creates:
		// A server error comes after the request arrived: the post may
		// have been made before it failed.
		e.Kind = Ambiguous
	case resp.StatusCode >= 500:
		e.Kind = Transient
	}
	if e.Kind != Permanent {
		e.RetryAfter = retryAfter(resp.Header.Get("Retry-After"))
	}
	return e
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
