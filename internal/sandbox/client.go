package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

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
	q := url.Values{"limit": {strconv.Itoa(MaxListLimit)}}
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

// Message answers a customer in a private conversation, with
// relais.TagHumanAgent after the standard window, and returns the
// message's id.
func (c *Client) Message(ctx context.Context, token, conversation, text string, tag relais.MessageTag) (string, error) {
	body := PrivateAnswer{Text: text, Tag: tag}
	return c.create(ctx, call{op: "message", method: http.MethodPost, path: "conversations/" + url.PathEscape(conversation) + "/messages", token: token, body: body})
}

// PrivateReply answers a comment's author in private, which the network
// allows once per comment, and returns the message's id.
func (c *Client) PrivateReply(ctx context.Context, token, commentID, text string) (string, error) {
	body := PrivateAnswer{Text: text}
	return c.create(ctx, call{op: "private reply", method: http.MethodPost, path: "comments/" + url.PathEscape(commentID) + "/private_replies", token: token, body: body})
}

// call is one request to the network's API.
type call struct {
	op, method, path, token string
	body                    any
	// creates is set for calls that make something (a post, a reply, a
	// message): when they fail after the request went out, the thing may
	// exist.
	creates bool
}

func (k call) nc() netcall.Call {
	return netcall.Call{Network: relais.Sandbox, Op: k.op, Creates: k.creates}
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
		return "", k.nc().Failed(http.StatusCreated, true, errors.New("the answer carries no id"))
	}
	return out.ID, nil
}

// do sends a call and decodes a successful answer into out.
func (c *Client) do(ctx context.Context, k call, out any) error {
	a, err := k.nc().Do(ctx, c.http, netcall.Request{Method: k.method, URL: c.baseURL + APIPath + k.path, Token: k.token, JSON: k.body})
	if err != nil {
		return err
	}
	if !a.OK() {
		return k.refused(a)
	}
	if err := k.nc().Decode(a, out); err != nil {
		return err
	}
	return nil
}

// refused classifies an error answer.
func (k call) refused(a netcall.Answer) *netcall.Error {
	var eb ErrorBody
	msg := http.StatusText(a.Status)
	if json.Unmarshal(a.Body, &eb) == nil && eb.Error.Message != "" {
		msg = netcall.Truncate(eb.Error.Message, netcall.MaxMessage)
	}
	e := k.nc().Refuse(errors.New(msg))
	e.Status, e.Code = a.Status, eb.Error.Code
	switch {
	case a.Status == http.StatusTooManyRequests:
		e.Kind = relais.FailTransient
	case a.Status == http.StatusConflict && eb.Error.Code == CodeDuplicate:
		e.Kind = relais.FailDuplicate
	case a.Status >= 500 && k.creates:
		// A server error comes after the request arrived: the post may
		// have been made before it failed.
		e.Kind = relais.FailAmbiguous
	case a.Status >= 500:
		e.Kind = relais.FailTransient
	}
	if e.Kind != relais.FailPermanent {
		e.RetryAfter = retryAfter(a.Header.Get("Retry-After"))
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
