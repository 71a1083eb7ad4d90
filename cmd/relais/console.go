package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/web"
)

// consoleFiles is the console this binary carries, or nil, which the
// stack answers with a page saying how to build it; e is told so too.
func consoleFiles(e *env) fs.FS {
	files, err := web.Console()
	if err != nil {
		say(e.out, "The console is not built into this binary: run make deps, then start again.\n")
		return nil
	}
	return files
}

// interactive reports whether a person types at stdin, rather than a
// test, a pipe or CI.
func interactive(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// demoPeople are the demo's sign-ins, one per role: the admin and the
// manager pick their names on the local sign-in page; the reviewer, who
// does not sign in, opens a review link of reviewed's client.
func demoPeople(reviewed string) []auth.Identity {
	return []auth.Identity{
		{Name: "ada", Role: auth.Admin},
		{Name: "camille", Role: auth.Manager, Clients: []string{"acme", "globex", reviewed}},
		{Name: "rita", Role: auth.Reviewer, Clients: []string{reviewed}},
	}
}

// reviewLink asks the stack's API, as admin, for a review link of a
// client: its URL opens the console's review screen, signed in.
func reviewLink(ctx context.Context, st *devstack.Stack, admin auth.Identity, client, reviewer string) (string, error) {
	token, err := st.Issuer.Mint(admin)
	if err != nil {
		return "", err
	}
	body, _ := json.Marshal(map[string]any{"reviewer": reviewer, "days": 7})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, st.URL+"/api/clients/"+url.PathEscape(client)+"/review-links", bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("demo: review link: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return "", fmt.Errorf("demo: review link: %w", err)
	}
	defer resp.Body.Close()
	var link struct {
		URL    string `json:"url"`
		Detail string `json:"detail"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&link); err != nil || resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("demo: the API made no review link of %s (%d): %s", client, resp.StatusCode, link.Detail)
	}
	return link.URL, nil
}
