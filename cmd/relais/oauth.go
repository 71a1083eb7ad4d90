package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"runtime"
	"time"

	"github.com/relais-dev/relais/internal/clients"
	"github.com/relais-dev/relais/internal/oauth"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/tokens"
)

// connectOAuth connects an account as its owner grants it: the network's
// consent page opens in the browser, the CLI listens on a loopback
// address for the network's answer, exchanges its code for the tokens
// and stores them with the account. onFake, on the local stack, has the
// CLI consent as the account's owner on the network's fake, which stands
// for the browser.
func connectOAuth(ctx context.Context, e *env, a *app, account relais.Account, browser, onFake bool) error {
	spec, _ := relais.SpecOf(account.Network)
	if spec.OAuth == nil {
		return usagef("%s accounts connect with a token, not OAuth: pipe it on standard input", account.Network)
	}
	l, err := oauth.Listen(ctx, "")
	if err != nil {
		return err
	}
	defer l.Close()
	l.Timeout = oauth.DefaultListenTimeout
	c, err := tokens.AppClient(ctx, a.params, a.settings, a.urls, account.Network, l.RedirectURI(), nil)
	if err != nil {
		return err
	}
	var extra url.Values
	if onFake {
		// The account's owner has the account on the fake, as on the
		// network, and the fakes' consent pages take who consents as a
		// parameter.
		if a.clients.Register != nil {
			if err := a.clients.Register(ctx, account.Ref(), "owner-"+account.ID); err != nil {
				return err
			}
		}
		extra = url.Values{"account": {account.ID}}
	}
	consent, err := c.Begin(extra)
	if err != nil {
		return err
	}
	waited := make(chan error, 1)
	var cb oauth.Callback
	go func() {
		var err error
		cb, err = l.Wait(ctx, consent.State)
		waited <- err
	}()
	switch {
	case onFake:
		say(e.out, "consenting as %s on the local %s fake\n", account.ID, spec.Label)
		if err := consentOnFake(ctx, consent.URL); err != nil {
			return err
		}
	default:
		say(e.out, "open this page to let Relais act for %s on %s (waiting %s):\n%s\n", account.ID, spec.Label, l.Timeout, consent.URL)
		if browser {
			openBrowser(consent.URL)
		}
	}
	if err := <-waited; err != nil {
		return err
	}
	tok, err := c.Exchange(ctx, cb.Code, consent.Verifier)
	if err != nil {
		return err
	}
	g := tokens.GrantOf(tok, time.Now())
	account.Grant = &g
	ref, res, err := a.clients.ConnectGrant(ctx, account, tok.Access, tok.Refresh)
	if err != nil && !errors.Is(err, clients.ErrNotReplayed) {
		return err
	}
	say(e.out, "account %s connected to %s with OAuth (%s)\n", ref, account.ClientID, grantNote(*account.Grant))
	if err != nil {
		return err
	}
	if res.Created+res.Updated > 0 {
		say(e.out, "%d interactions received before the account was connected moved to %s's inbox\n", res.Created+res.Updated, account.ClientID)
	}
	return nil
}

// consentOnFake opens the consent page as a browser would and follows the
// fake's redirect to the CLI's listener.
func consentOnFake(ctx context.Context, consentURL string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, consentURL, nil)
	if err != nil {
		return err
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return fmt.Errorf("consent on the fake: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		why, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("consent on the fake: status %d: %s", resp.StatusCode, why)
	}
	return nil
}

// openBrowser opens a page in the person's browser, where there is one;
// the page is printed either way.
func openBrowser(page string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", page)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", page)
	default:
		cmd = exec.Command("xdg-open", page)
	}
	_ = cmd.Start()
}

// grantNote says for how long a grant's token works and whether Relais
// renews it.
func grantNote(g relais.Grant) string {
	switch {
	case g.ExpiresAt.IsZero():
		return "the token does not expire"
	case g.HasRefresh:
		return "the token expires " + g.ExpiresAt.Local().Format("2006-01-02 15:04") + "; Relais renews it ahead"
	}
	return "the token expires " + g.ExpiresAt.Local().Format("2006-01-02 15:04")
}
