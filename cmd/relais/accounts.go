package main

import (
	"bufio"
	"context"
	"errors"
	"os"
	"strings"

	"github.com/relais-dev/relais/internal/clients"
	"github.com/relais-dev/relais/internal/relais"
)

func accountConnect(ctx context.Context, e *env, args []string) error {
	fs := newFlags("account connect")
	network := fs.String("network", "", "network name")
	id := fs.String("id", "", "the network's account id (with --oauth, optional where the network lists what the token reaches)")
	withOAuth := fs.Bool("oauth", false, "connect with the network's consent page instead of a token on standard input")
	browser := fs.Bool("browser", true, "with --oauth, open the consent page in the browser")
	pos, err := parse(fs, args, "client")
	if err != nil {
		return err
	}
	if err := required(fs, "network"); err != nil {
		return err
	}
	n, err := relais.ParseNetwork(*network)
	if err != nil {
		return err
	}
	if *withOAuth && *id == "" {
		a, err := e.connect(ctx)
		if err != nil {
			return err
		}
		return connectOAuth(ctx, e, a, relais.Account{ClientID: pos[0], Network: n}, *browser, e.local)
	}
	if err := required(fs, "id"); err != nil {
		return err
	}
	ref := relais.AccountRef{Network: n, ID: *id}.Canonical()
	if err := ref.Validate(); err != nil {
		return err
	}
	if *withOAuth {
		a, err := e.connect(ctx)
		if err != nil {
			return err
		}
		return connectOAuth(ctx, e, a, relais.Account{ClientID: pos[0], Network: n, ID: ref.ID}, *browser, e.local)
	}
	token, err := readToken(e)
	if err != nil {
		return err
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	ref, res, err := a.clients.Connect(ctx, relais.Account{ClientID: pos[0], Network: n, ID: ref.ID}, token)
	if err != nil && !errors.Is(err, clients.ErrNotReplayed) {
		return err
	}
	note := "without a token"
	if token != "" {
		note = "token stored as a SecureString"
	}
	say(e.out, "account %s connected to %s (%s)\n", ref, pos[0], note)
	if err != nil {
		return err
	}
	if res.Created+res.Updated > 0 {
		say(e.out, "%d interactions received before the account was connected moved to %s's inbox\n", res.Created+res.Updated, pos[0])
	}
	return nil
}

// readToken reads the token from standard input when it is piped, never
// from an argument, where it would land in the shell's history.
func readToken(e *env) (string, error) {
	if f, ok := e.stdin.(*os.File); ok {
		if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice != 0 {
			return "", nil
		}
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", nil
	}
	return strings.TrimSpace(line), nil
}

func accountList(ctx context.Context, e *env, args []string) error {
	return listing[relais.Account]{
		header: "ACCOUNT\tCONNECTED\tSTATE",
		fetch: func(ctx context.Context, a *app, clientID string) ([]relais.Account, error) {
			return a.store.Accounts(ctx, clientID)
		},
		row: func(acc relais.Account) []string {
			return []string{acc.Ref().String(), acc.ConnectedAt.Format("2006-01-02 15:04"), accountState(acc)}
		},
	}.run(ctx, e, newFlags("account list"), args)
}

// accountState says whether an account's token works, and for how long.
func accountState(a relais.Account) string {
	switch {
	case !a.Connected():
		return "disconnected " + a.DisconnectedAt.Local().Format("2006-01-02 15:04") + ": " + a.DisconnectReason + "; connect it again"
	case a.Grant == nil:
		return "token pasted"
	}
	return "OAuth: " + grantNote(*a.Grant)
}
