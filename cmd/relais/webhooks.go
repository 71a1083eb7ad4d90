package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/webhook"
)

// webhookSend signs a delivery with the deployment's secret for its
// network, as the network would, and posts it to the webhook function:
// the way to try a network's sample against relais dev.
func webhookSend(ctx context.Context, e *env, args []string) error {
	fs := newFlags("webhook send")
	url := fs.String("url", "", "the webhook function's base URL (default: the local stack's)")
	pos, err := parse(fs, args, "network", "file")
	if err != nil {
		return err
	}
	secretName, err := webhook.Secret(pos[0])
	if err != nil {
		return usagef("webhook send: %s", message(err))
	}
	body, err := os.ReadFile(pos[1])
	if err != nil {
		return fmt.Errorf("webhook send: %w", err)
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	base := *url
	if base == "" {
		if a.localURL == "" {
			return usagef("webhook send: --url is required outside the local stack")
		}
		base = a.localURL
	}
	secret, err := a.params.Get(ctx, a.settings.SecretParameter(secretName))
	if err != nil {
		hint := ""
		if secretName.Env != "" {
			hint = fmt.Sprintf(" (set %s before starting relais dev)", secretName.Env)
		}
		return fmt.Errorf("webhook send: no secret for %s%s: %s", pos[0], hint, message(err))
	}
	header, value, err := webhook.Sign(pos[0], []byte(secret), body, time.Now())
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(base, "/")+webhook.Path+pos[0], bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook send: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(header, value)
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return fmt.Errorf("webhook send: %w", err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 1000))
	say(e.out, "%s %s\n", resp.Status, strings.TrimSpace(string(answer)))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("webhook send: the webhook answered %s", resp.Status)
	}
	return nil
}
