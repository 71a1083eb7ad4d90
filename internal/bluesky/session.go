package bluesky

import (
	"context"
	"crypto/sha256"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// session is an open session on the PDS for one account.
type session struct {
	did     string
	access  string
	refresh string
	// pds is the host of the account's PDS, from its DID document (an
	// entryway such as bsky.social hands sessions on to it): the audience
	// of the service tokens the video service uses to store a video
	// there.
	pds string
	// secret is the hash of the app password that opened the session: a
	// cached session only serves callers holding the same password, so a
	// reconnected account gets a new session and a wrong password fails.
	secret [32]byte
}

// sessionAnswer is what createSession and refreshSession return.
type sessionAnswer struct {
	DID        string `json:"did"`
	AccessJwt  string `json:"accessJwt"`
	RefreshJwt string `json:"refreshJwt"`
	DIDDoc     *struct {
		Service []struct {
			ID              string `json:"id"`
			Type            string `json:"type"`
			ServiceEndpoint string `json:"serviceEndpoint"`
		} `json:"service"`
	} `json:"didDoc"`
}

// pdsHost is the host of the PDS the answer's DID document names (the
// service #atproto_pds), or "" without one.
func (a sessionAnswer) pdsHost() string {
	if a.DIDDoc == nil {
		return ""
	}
	for _, s := range a.DIDDoc.Service {
		if strings.HasSuffix(s.ID, "#atproto_pds") && s.Type == "AtprotoPersonalDataServer" {
			if u, err := url.Parse(s.ServiceEndpoint); err == nil {
				return u.Hostname()
			}
		}
	}
	return ""
}

// slot holds one account's session. Its semaphore lets one caller at a time
// open or renew the session: createSession is tightly rate limited per
// account, so concurrent publishes must share one.
type slot struct {
	sem chan struct{}
	cur *session
}

func (c *Client) slot(account string) *slot {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.sessions[account]
	if s == nil {
		s = &slot{sem: make(chan struct{}, 1)}
		c.sessions[account] = s
	}
	return s
}

func (s *slot) lock(ctx context.Context) error {
	select {
	case s.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return &netcall.Error{Network: relais.Bluesky, Op: "open session", Kind: relais.FailTransient, Err: ctx.Err()}
	}
}

func (s *slot) unlock() { <-s.sem }

// authed runs a call in the account's session, renewing the session once
// when the PDS says it has ended. build makes the call from the session,
// since the call carries its DID and token.
func (c *Client) authed(ctx context.Context, account, password string, build func(*session) call, out any) error {
	s, err := c.session(ctx, account, password)
	if err != nil {
		return err
	}
	err = c.do(ctx, build(s), out)
	if !sessionEnded(err) {
		return err
	}
	if s, err = c.renew(ctx, account, password, s); err != nil {
		return err
	}
	return c.do(ctx, build(s), out)
}

// session returns the account's cached session, or opens one.
func (c *Client) session(ctx context.Context, account, password string) (*session, error) {
	sl := c.slot(account)
	if err := sl.lock(ctx); err != nil {
		return nil, err
	}
	defer sl.unlock()
	if sl.cur != nil && sl.cur.secret == sha256.Sum256([]byte(password)) {
		return sl.cur, nil
	}
	s, err := c.createSession(ctx, account, password)
	if err != nil {
		return nil, err
	}
	sl.cur = s
	return s, nil
}

// renew replaces a session the PDS refused: refreshed when its refresh
// token still works, opened again otherwise.
func (c *Client) renew(ctx context.Context, account, password string, stale *session) (*session, error) {
	sl := c.slot(account)
	if err := sl.lock(ctx); err != nil {
		return nil, err
	}
	defer sl.unlock()
	// Another call may have renewed it meanwhile; refresh tokens are single
	// use, so refreshing twice would fail.
	if sl.cur != nil && sl.cur != stale && sl.cur.secret == stale.secret {
		return sl.cur, nil
	}
	s, err := c.refreshSession(ctx, stale)
	if sessionEnded(err) {
		s, err = c.createSession(ctx, account, password)
	}
	if err != nil {
		if sl.cur == stale {
			sl.cur = nil
		}
		return nil, err
	}
	sl.cur = s
	return s, nil
}

func (c *Client) createSession(ctx context.Context, account, password string) (*session, error) {
	var out sessionAnswer
	body := map[string]string{"identifier": account, "password": password}
	if err := c.do(ctx, call{op: "open session", nsid: "com.atproto.server.createSession", procedure: true, body: body}, &out); err != nil {
		return nil, loginRefused(err)
	}
	return c.newSession(out, "open session", sha256.Sum256([]byte(password)))
}

func (c *Client) refreshSession(ctx context.Context, stale *session) (*session, error) {
	var out sessionAnswer
	if err := c.do(ctx, call{op: "refresh session", nsid: "com.atproto.server.refreshSession", procedure: true, bearer: stale.refresh}, &out); err != nil {
		return nil, err
	}
	return c.newSession(out, "refresh session", stale.secret)
}

// newSession keeps a session the PDS opened. Without a DID document, the
// account's PDS is taken to be the one the client calls.
func (c *Client) newSession(a sessionAnswer, op string, secret [32]byte) (*session, error) {
	if a.DID == "" || a.AccessJwt == "" || a.RefreshJwt == "" {
		return nil, &netcall.Error{Network: relais.Bluesky, Op: op, Kind: relais.FailTransient, Status: http.StatusOK, Err: errors.New("the answer carries no session")}
	}
	pds := a.pdsHost()
	if pds == "" {
		if u, err := url.Parse(c.baseURL); err == nil {
			pds = u.Hostname()
		}
	}
	return &session{did: a.DID, access: a.AccessJwt, refresh: a.RefreshJwt, pds: pds, secret: secret}, nil
}

// sessionEnded reports whether the PDS refused a call's session token:
// 400 ExpiredToken once the short-lived access token ends, 400 InvalidToken
// or 401 when it was revoked. A chat call refused to an app password
// without access to direct messages is also 400 InvalidToken, but a new
// session would be refused the same.
func sessionEnded(err error) bool {
	var e *netcall.Error
	if !errors.As(err, &e) || errors.Is(err, errNoChatAccess) {
		return false
	}
	return e.Code == "ExpiredToken" || e.Code == "InvalidToken" || e.Status == http.StatusUnauthorized
}

// loginRefused turns createSession's refusals into what a community
// manager must do about them.
func loginRefused(err error) error {
	var e *netcall.Error
	if !errors.As(err, &e) {
		return err
	}
	switch {
	case e.Status == http.StatusUnauthorized:
		e.Err = errors.New("app password refused: reconnect the account")
	case e.Code == "AuthFactorTokenRequired":
		// App passwords skip the emailed sign-in code; only the account's
		// own password asks for one.
		e.Err = errors.New("the account asks for a sign-in code: reconnect it with an app password")
	}
	return e
}
