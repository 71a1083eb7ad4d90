package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/localoidc"
	"github.com/relais-dev/relais/internal/relais"
)

// tokenCmd prints an ID token of the local stack's issuer, for trying the
// API by hand: curl -H "Authorization: Bearer $(relais --local token ...)".
func tokenCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("token")
	user := fs.String("user", "", "the user name the token names")
	role := fs.String("role", "", "admin, manager or reviewer")
	var granted list
	fs.Var(&granted, "client", "a client the user works on (repeatable; a reviewer has exactly one)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "user", "role"); err != nil {
		return err
	}
	r, err := auth.ParseRole(*role)
	if err != nil {
		return usagef("token: --role: %s", relais.ErrorMessage(err))
	}
	id := auth.Identity{Subject: "local-" + *user, Name: *user, Role: r, Clients: granted}
	if err := id.Validate(); err != nil {
		return usagef("token: %s", relais.ErrorMessage(err))
	}
	if !e.local {
		return usagef("token: only the local stack mints tokens (use --local); in AWS, sign in through the user pool")
	}
	st, err := devstack.ReadState(stateDir)
	if err != nil {
		return err
	}
	body, _ := json.Marshal(id)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, st.URL+devstack.IssuerPath+localoidc.TokenPath, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach the local stack at %s (is relais dev still running?)", st.URL)
	}
	defer resp.Body.Close()
	var out struct {
		IDToken string `json:"id_token"`
		Error   string `json:"error"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the local issuer refused the token: %s", out.Error)
	}
	_, err = fmt.Fprintln(e.out, out.IDToken)
	return err
}
