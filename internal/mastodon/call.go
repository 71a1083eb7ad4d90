package mastodon

import (
	"context"
	"net/http"
	"net/url"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// call is one request to an instance's API.
type call struct {
	op, method, url, token string
	form                   url.Values
	// body, when set, is sent as it is, as contentType: a multipart
	// upload.
	body        []byte
	contentType string
	// key is the Idempotency-Key of a status.
	key string
	// creates is set for a call that makes a status: when it fails after
	// the request went out, the status may exist.
	creates bool
}

func (k call) nc() netcall.Call {
	return netcall.Call{Network: relais.Mastodon, Op: k.op, Creates: k.creates}
}

// refuse is Relais' own refusal, before any call.
func refuse(op string, err error) *netcall.Error {
	return netcall.Call{Network: relais.Mastodon, Op: op}.Refuse(err)
}

// do sends a call, decodes a successful answer into out and returns the
// answer's headers.
func (c *Client) do(ctx context.Context, k call, out any) (http.Header, error) {
	var h http.Header
	if k.key != "" {
		// net/http also resends a request bearing this header when a
		// reused connection drops before any answer: the key makes that
		// safe as well.
		h = http.Header{"Idempotency-Key": {k.key}}
	}
	a, err := k.nc().Do(ctx, c.http, netcall.Request{Method: k.method, URL: k.url, Token: k.token, Form: k.form, Body: k.body, ContentType: k.contentType, Header: h})
	if err != nil {
		return nil, err
	}
	if !a.OK() {
		return nil, k.refused(a, c.Now())
	}
	if err := k.nc().Decode(a, out); err != nil {
		return nil, err
	}
	return a.Header, nil
}
