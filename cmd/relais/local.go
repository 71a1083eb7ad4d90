package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/relais"
)

// registerLocal creates an account on the local stack's fake of its
// network.
func registerLocal(ctx context.Context, url string, ref relais.AccountRef, token string) error {
	body, err := json.Marshal(devstack.Registration{Account: ref, Token: token})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+devstack.AccountsPath, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach the local stack at %s (is relais dev still running?)", url)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return fmt.Errorf("the local stack refused account %s: %s", ref, strings.TrimSpace(string(msg)))
	}
	return nil
}
