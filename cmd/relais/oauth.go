package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/clients"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/oauth"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/tokens"
)

// connectOAuth connects an account as its owner grants it: the network's
// consent page opens in the browser, the CLI listens on a loopback
// address for the network's answer, exchanges its code for the tokens
// and stores them with the account. Without an account id, the person
// chooses among what the token reaches, where the network lists it. onFake, on the local stack, has the
// CLI consent as the account's owner on the network's fake, which stands
// for the browser.
func connectOAuth(ctx context.Context, e *env, a *app, account relais.Account, browser, onFake bool) error {
	spec, _ := relais.SpecOf(account.Network)
	if spec.OAuth == nil {
		return usagef("%s accounts connect with a token, not OAuth: pipe it on standard input", account.Network)
	}
	adapters := networks.New(a.urls, networks.DefaultTimeout)
	lister, lists := adapters.Listers[account.Network]
	if account.ID == "" && !lists {
		return usagef("account connect --oauth: %s needs --id, the account to connect", account.Network)
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
	if onFake && account.ID != "" {
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
		say(e.out, "consenting as the account's owner on the local %s fake\n", spec.Label)
		if err := consentOnFake(ctx, consent.URL); err != nil {
			return err
		}
	default:
		say(e.out, "open this page to let Relais act on %s (waiting %s):\n%s\n", spec.Label, l.Timeout, consent.URL)
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
	if account.ID == "" {
		if account.ID, err = choose(ctx, e, lister, tok.Access); err != nil {
			return err
		}
	}
	access, refresh, g, err := tokens.ForAccount(ctx, tok, account.Ref(), adapters, time.Now())
	if err != nil {
		return err
	}
	account.Grant = &g
	ref, res, err := a.clients.ConnectGrant(ctx, account, access, refresh)
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

// choose lists what the token reaches and reads the person's choice, a
// number or an id, from standard input.
func choose(ctx context.Context, e *env, lister relais.NetworkAccountLister, token string) (string, error) {
	reach, err := lister.Reachable(ctx, token)
	if err != nil {
		return "", err
	}
	switch len(reach) {
	case 0:
		return "", relais.Errorf(relais.ENOTFOUND, "the token reaches no account to connect")
	case 1:
		return reach[0].ID, nil
	}
	for i, r := range reach {
		say(e.out, "%3d  %s  %s\n", i+1, r.ID, r.Name)
	}
	say(e.out, "which one? (a number or an id) ")
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", usagef("account connect --oauth: no choice read; give --id")
	}
	line = strings.TrimSpace(line)
	for i, r := range reach {
		if line == r.ID || line == strconv.Itoa(i+1) {
			return r.ID, nil
		}
	}
	return "", usagef("account connect --oauth: %q is none of the %d accounts listed", line, len(reach))
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
