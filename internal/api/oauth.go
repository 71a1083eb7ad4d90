package api

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"time"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/clients"
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/oauth"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/tokens"
)

// callback is where, under the API's public URL (Settings.APIURL, which
// ends in /api), the networks send a person back after their consent: the
// redirect URI registered with each network's app.
const callback = "/oauth/callback"

// OAuth is what the API needs to connect accounts with their networks'
// consent: the apps' credentials (Params, named by Settings) and the
// networks' endpoints (URLs).
type OAuth struct {
	Params   relais.Parameters
	Settings config.Settings
	URLs     networks.URLs
	// Adapters are the networks' adapters at URLs, which give a Page its
	// own token and name who granted one.
	Adapters networks.Adapters
	// NameAccount adds the account to the consent URL, as the local
	// stack's fakes take who consents.
	NameAccount bool
}

// oauthStart is the body of a consent's start.
type oauthStart struct {
	Network string `json:"network"`
	ID      string `json:"id"`
}

// consentView is where to send the person to consent.
type consentView struct {
	ConsentURL string    `json:"consentUrl"`
	ExpiresAt  time.Time `json:"expiresAt"`
}

// startOAuth begins connecting an account with its network's consent: it
// keeps what the answer needs and returns the page to send the person to.
func (s *Server) startOAuth(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
	var in oauthStart
	if err := readJSON(r, &in); err != nil {
		return err
	}
	n, err := relais.ParseNetwork(in.Network)
	if err != nil {
		return err
	}
	ref := relais.AccountRef{Network: n, ID: in.ID}.Canonical()
	if err := ref.Validate(); err != nil {
		return err
	}
	clientID := r.PathValue("client")
	if _, err := s.store.Client(r.Context(), clientID); err != nil {
		return err
	}
	c, err := s.appClient(r.Context(), n)
	if err != nil {
		return err
	}
	var extra url.Values
	if s.oauth.NameAccount {
		extra = url.Values{"account": {ref.ID}}
	}
	consent, err := c.Begin(extra)
	if err != nil {
		return err
	}
	until := s.Now().Add(relais.ConsentLife)
	if err := s.store.PutConsent(r.Context(), relais.Consent{State: consent.State, ClientID: clientID, Network: n, AccountID: ref.ID,
		Verifier: consent.Verifier, By: id.Name, ExpiresAt: until}); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, consentView{ConsentURL: consent.URL, ExpiresAt: until})
}

// oauthCallback takes a network's answer to a consent, once: it exchanges
// the code for the tokens and connects the account. The person's browser
// gets a page that says what happened; it never shows a token.
func (s *Server) oauthCallback(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	q := r.URL.Query()
	c, err := s.store.TakeConsent(r.Context(), q.Get("state"))
	if err != nil {
		return consentPage(w, http.StatusBadRequest, relais.ErrorMessage(err))
	}
	ref := relais.AccountRef{Network: c.Network, ID: c.AccountID}
	if q.Get("error") != "" {
		return consentPage(w, http.StatusBadRequest, fmt.Sprintf("%s says the consent to connect %s was refused; start again to connect it", c.Network.Label(), ref))
	}
	client, err := s.appClient(r.Context(), c.Network)
	if err != nil {
		return err
	}
	tok, err := client.Exchange(r.Context(), q.Get("code"), c.Verifier)
	if err != nil {
		s.log.Warn("consent's code not exchanged", "client", c.ClientID, "account", ref.String(), "err", relais.ErrorMessage(err))
		return consentPage(w, http.StatusBadGateway, fmt.Sprintf("%s did not give the tokens of %s: %s", c.Network.Label(), ref, relais.ErrorMessage(err)))
	}
	access, refresh, g, err := tokens.ForAccount(r.Context(), tok, ref, s.oauth.Adapters, s.Now())
	if err != nil {
		return consentPage(w, http.StatusBadGateway, fmt.Sprintf("%s did not give the token of %s: %s", c.Network.Label(), ref, relais.ErrorMessage(err)))
	}
	connected, _, err := s.clients.ConnectGrant(r.Context(), relais.Account{ClientID: c.ClientID, Network: c.Network, ID: c.AccountID, Grant: &g}, access, refresh)
	if err != nil && !errors.Is(err, clients.ErrNotReplayed) {
		return err
	}
	s.log.Info("account connected with OAuth", "client", c.ClientID, "account", connected.String(), "by", c.By)
	return consentPage(w, http.StatusOK, fmt.Sprintf("%s is connected to %s. You can close this window.", connected, c.ClientID))
}

// appClient is the OAuth client of network n's app, answering at the
// API's callback.
func (s *Server) appClient(ctx context.Context, n relais.Network) (*oauth.Client, error) {
	c, err := tokens.AppClient(ctx, s.oauth.Params, s.oauth.Settings, s.oauth.URLs, n, s.oauth.Settings.APIURL+callback, nil)
	if err != nil {
		return nil, err
	}
	c.Now = s.Now
	return c, nil
}

// consentPage answers the person's browser with a short page.
func consentPage(w http.ResponseWriter, status int, message string) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := fmt.Fprintf(w, "<!doctype html><meta charset=utf-8><title>Relais</title><p>%s</p>\n", html.EscapeString(message))
	return err
}
