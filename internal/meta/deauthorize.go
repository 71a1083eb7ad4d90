package meta

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// Meta's deauthorize callback is a form POST whose signed_request field is
// a signature and a payload, both base64url, joined by a dot: the
// signature is the HMAC-SHA256 of the payload as sent, under the app
// secret, and the payload names the app-scoped user who removed the app
// (Facebook Login, Deauthorize Callback).
const signedRequestField = "signed_request"

// errSignedRequest is a signed request that does not read or match; it
// quotes nothing of it.
var errSignedRequest = relais.Errorf(relais.EUNAUTHORIZED, "meta deauthorize: the signed request does not match the body")

// signedRequest returns a deauthorize callback's signature and payload,
// and whether the body is one: a form holding the signed request alone,
// never a JSON delivery, whatever text its comments carry.
func signedRequest(body []byte) (sig, payload string, ok bool) {
	if len(body) == 0 || body[0] == '{' {
		return "", "", false
	}
	form, err := url.ParseQuery(string(body))
	if err != nil || len(form) != 1 || len(form[signedRequestField]) != 1 {
		return "", "", false
	}
	return strings.Cut(form.Get(signedRequestField), ".")
}

// deauthorization is a signed request's payload.
type deauthorization struct {
	Algorithm string `json:"algorithm"`
	UserID    string `json:"user_id"`
}

// verifySignedRequest checks a signed request's signature, in constant
// time, and that it is signed as Meta signs them.
func verifySignedRequest(secret []byte, sig, payload string) error {
	got, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(sig, "="))
	if err != nil {
		return errSignedRequest
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(payload))
	if !hmac.Equal(got, m.Sum(nil)) {
		return errSignedRequest
	}
	if d, err := readDeauthorization(payload); err != nil || d.Algorithm != "HMAC-SHA256" {
		return errSignedRequest
	}
	return nil
}

func readDeauthorization(payload string) (deauthorization, error) {
	var d deauthorization
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(payload, "="))
	if err != nil {
		return d, err
	}
	return d, json.Unmarshal(b, &d)
}

// SignRequest signs a deauthorization of userID as Meta does, for the
// tools and tests that send one.
func SignRequest(secret []byte, userID string) []byte {
	p, _ := json.Marshal(deauthorization{Algorithm: "HMAC-SHA256", UserID: userID})
	payload := base64.RawURLEncoding.EncodeToString(p)
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(payload))
	return []byte(url.Values{signedRequestField: {base64.RawURLEncoding.EncodeToString(m.Sum(nil)) + "." + payload}}.Encode())
}

// Revoked implements relais.Webhook.Revoked for Meta's deauthorize
// callback: the person who removed the app, whose Pages and Instagram
// accounts Relais may no longer act for.
func Revoked(body []byte) []relais.Revocation {
	_, payload, ok := signedRequest(body)
	if !ok {
		return nil
	}
	d, err := readDeauthorization(payload)
	if err != nil || d.UserID == "" {
		return nil
	}
	return []relais.Revocation{{Network: relais.Facebook, Person: d.UserID}}
}

// person is the app-scoped id of the person whose user token this is
// (GET /me).
func (c *Client) person(ctx context.Context, network relais.Network, userToken string) (string, error) {
	k := call{network: network, op: "read person", method: http.MethodGet, path: node("me"),
		query: url.Values{"fields": {"id"}}, token: userToken}
	var out struct {
		ID string `json:"id"`
	}
	if err := c.do(ctx, k, &out); err != nil {
		return "", err
	}
	if out.ID == "" {
		return "", k.failed(http.StatusOK, true, errors.New("the answer names no person"))
	}
	return out.ID, nil
}

// Person is the id of the person a Facebook user token is, by which Meta's
// deauthorize callback names them.
func (f *Facebook) Person(ctx context.Context, userToken string) (string, error) {
	return f.c.person(ctx, relais.Facebook, userToken)
}

// Person is as Facebook's, for Instagram accounts connected with Facebook
// Login.
func (g *Instagram) Person(ctx context.Context, userToken string) (string, error) {
	return g.c.person(ctx, relais.Instagram, userToken)
}
