package oauth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// Exchange turns the code of a consent into the account's token, with
// the verifier Begin made (empty without PKCE). Where the network gives
// a short-lived token for a code (relais.OAuth.Upgrade), it is upgraded at once;
// if the upgrade fails, the short-lived token comes back with the error,
// as it works until it expires and Upgrade may be tried again with it.
func (c *Client) Exchange(ctx context.Context, code, verifier string) (Token, error) {
	k := c.newCall("exchange code", false, code, verifier)
	if code == "" {
		return Token{}, k.refusef("no code to exchange")
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {c.redirectURI}}
	if verifier != "" {
		form.Set("code_verifier", verifier)
	}
	t, err := c.token(ctx, k, form, Token{Scopes: c.o.Scopes})
	if err != nil {
		return Token{}, err
	}
	if c.o.Upgrade == nil {
		return t, nil
	}
	long, err := c.Upgrade(ctx, t)
	if err != nil {
		return t, err
	}
	return long, nil
}

// Upgrade exchanges a code's short-lived token for a long-lived one, on
// networks that need it (relais.OAuth.Upgrade); elsewhere it returns t.
func (c *Client) Upgrade(ctx context.Context, t Token) (Token, error) {
	if c.o.Upgrade == nil {
		return t, nil
	}
	return c.exchange(ctx, c.newCall("upgrade", false, t.Access), *c.o.Upgrade, t)
}

// Refresh renews t as the network does (relais.OAuth.Refresh): a
// refresh_token grant, whose answer may rotate the refresh token, or an
// exchange of the current token (relais.OAuth.Renew). A renewal the network
// refuses for good, or cannot make without the person, is ErrReconnect.
func (c *Client) Refresh(ctx context.Context, t Token) (Token, error) {
	switch c.o.Refresh {
	case relais.RefreshToken:
		k := c.newCall("refresh", true, t.Access, t.Refresh)
		if t.Refresh == "" {
			return Token{}, k.reconnect("the network gave no refresh token")
		}
		return c.token(ctx, k, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {t.Refresh}}, t)
	case relais.RefreshExchange:
		k := c.newCall("refresh", true, t.Access, t.Refresh)
		if c.o.Renew == nil {
			return Token{}, k.refusef("the network's renewal exchange is not declared")
		}
		return c.exchange(ctx, k, *c.o.Renew, t)
	default:
		return Token{}, c.newCall("refresh", true).reconnect("the network renews no token without its person")
	}
}

// Revoke ends t's grant at the network (RFC 7009): its access token, the
// one every network's revocation documents, which ends the grant. A
// network without a revocation URL refuses it.
func (c *Client) Revoke(ctx context.Context, t Token) error {
	k := c.newCall("revoke", false, t.Access, t.Refresh)
	if c.o.RevokeURL == "" {
		return k.refusef("the network offers no revocation")
	}
	var form url.Values
	switch {
	case t.Access != "":
		form = url.Values{"token": {t.Access}, "token_type_hint": {"access_token"}}
	case t.Refresh != "":
		form = url.Values{"token": {t.Refresh}, "token_type_hint": {"refresh_token"}}
	default:
		return k.refusef("no token to revoke")
	}
	req := netcall.Request{Method: http.MethodPost, URL: c.o.RevokeURL, Form: form, Header: http.Header{}}
	c.authenticate(form, req.Header)
	a, err := k.Do(ctx, c.hc, req)
	if err != nil {
		return err
	}
	if !a.OK() {
		var ans answer
		_ = json.Unmarshal(a.Body, &ans) // a body not in OAuth's shape leaves the status alone to decide
		return k.refused(a.Status, a.Header, ans)
	}
	return nil
}

// token posts a grant to the token URL, with the app's credentials, and
// reads the token it gives; what the answer leaves out is prev's.
func (c *Client) token(ctx context.Context, k call, form url.Values, prev Token) (Token, error) {
	req := netcall.Request{Method: http.MethodPost, URL: c.o.TokenURL, Form: form, Header: http.Header{}}
	c.authenticate(form, req.Header)
	return c.send(ctx, k, req, prev)
}

// exchange sends an exchange of t's access token, its parameters named
// as the network names them.
func (c *Client) exchange(ctx context.Context, k call, e relais.Exchange, t Token) (Token, error) {
	if t.Access == "" {
		return Token{}, k.refusef("no token to exchange")
	}
	params := url.Values{"grant_type": {e.GrantType}, e.TokenParam: {t.Access}}
	if e.ClientID {
		params.Set(c.idParam(), c.clientID)
	}
	if e.ClientSecret {
		params.Set("client_secret", c.clientSecret)
	}
	target := e.URL
	if target == "" {
		target = c.o.TokenURL
	}
	req := netcall.Request{Method: http.MethodPost, URL: target, Form: params}
	if !strings.EqualFold(e.Method, http.MethodPost) {
		u, err := url.Parse(target)
		if err != nil {
			return Token{}, k.refusef("the exchange URL is not a URL")
		}
		q := u.Query()
		for p, vs := range params {
			q[p] = vs
		}
		u.RawQuery = q.Encode()
		req = netcall.Request{Method: http.MethodGet, URL: u.String()}
	}
	// An exchanged token has no refresh token; the scopes stay.
	return c.send(ctx, k, req, Token{Scopes: t.Scopes})
}

// send makes a token call and reads its answer.
func (c *Client) send(ctx context.Context, k call, req netcall.Request, prev Token) (Token, error) {
	now := c.Now()
	a, err := k.Do(ctx, c.hc, req)
	if err != nil {
		return Token{}, err
	}
	var ans answer
	decodeErr := json.Unmarshal(a.Body, &ans)
	// Some networks answer an error with 200: the error decides.
	if !a.OK() || ans.Error.Code != "" {
		return Token{}, k.refused(a.Status, a.Header, ans)
	}
	switch {
	case decodeErr != nil:
		return Token{}, k.Failed(a.Status, true, fmt.Errorf("decode answer: %w", decodeErr))
	case ans.AccessToken == "":
		return Token{}, k.refusef("the answer has no access_token")
	case ans.TokenType != "" && !strings.EqualFold(ans.TokenType, "bearer"):
		return Token{}, k.refusef("the token type %q is not bearer", k.scrub(ans.TokenType, maxCode))
	}
	return ans.tokenOf(prev, now, c.o.ScopeSeparator), nil
}

// authenticate adds the app's credentials to a token or revocation call,
// as the network takes them. A public client (no secret) names itself in
// the form.
func (c *Client) authenticate(form url.Values, header http.Header) {
	if c.o.ClientAuth == relais.ClientAuthBasic && c.clientSecret != "" {
		// RFC 6749 (2.3.1) form-encodes both before Basic encodes them.
		creds := url.QueryEscape(c.clientID) + ":" + url.QueryEscape(c.clientSecret)
		header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(creds)))
		return
	}
	form.Set(c.idParam(), c.clientID)
	if c.clientSecret != "" {
		form.Set("client_secret", c.clientSecret)
	}
}
