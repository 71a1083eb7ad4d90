package sandboxfake

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/sandbox"
)

// event is the webhook event that announces verb on the comment at at.
func (c Comment) event(verb sandbox.Verb, at time.Time) sandbox.Event {
	e := sandbox.Event{
		Type:        sandbox.EventComment,
		Verb:        verb,
		CommentID:   c.ID,
		PostID:      c.PostID,
		ParentID:    c.ParentID,
		From:        sandbox.From{ID: c.AuthorID, Name: c.AuthorName},
		Message:     c.Text,
		CreatedTime: at,
	}
	if verb == sandbox.VerbRemove {
		e.Message = ""
	}
	return e
}

// subject names what an event is about, for people.
func subject(e sandbox.Event) string {
	if e.Type == sandbox.EventMessage {
		return "message " + e.MessageID
	}
	return "comment " + e.CommentID
}

// deliver sends events on account to the webhook URL and returns the
// delivery, even when sending it failed.
func (n *Network) deliver(ctx context.Context, account string, events []sandbox.Event) (sandbox.Delivery, error) {
	d := sandbox.Delivery{DeliveryID: newDeliveryID(), Account: account, SentAt: n.Now().UTC(), Events: events}
	if n.webhookURL == "" {
		return d, fmt.Errorf("sandbox: deliver %s: no webhook URL configured", d.DeliveryID)
	}
	body, err := json.Marshal(d)
	if err != nil {
		return d, fmt.Errorf("sandbox: deliver %s: encode: %w", d.DeliveryID, err)
	}
	body = escapeNonASCII(body)
	copies := 1
	if n.takeDuplicate() {
		copies = 2
	}
	for range copies {
		if err := n.send(ctx, d.DeliveryID, body); err != nil {
			return d, err
		}
	}
	return d, nil
}

// send posts one delivery, trying again with a doubling wait while the
// receiver fails, as networks do.
func (n *Network) send(ctx context.Context, id string, body []byte) error {
	attempts := max(n.WebhookAttempts, 1)
	wait := n.WebhookBackoff
	var err error
	for try := 1; try <= attempts; try++ {
		if try > 1 {
			select {
			case <-ctx.Done():
				return fmt.Errorf("sandbox: deliver %s: stopped after %d tries: %w", id, try-1, err)
			case <-time.After(wait):
			}
			wait *= 2
		}
		if err = n.sendOnce(ctx, id, body); err == nil {
			return nil
		}
	}
	return fmt.Errorf("sandbox: deliver %s: gave up after %d tries: %w", id, attempts, err)
}

func (n *Network) sendOnce(ctx context.Context, id string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.webhookURL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "relais-sandbox-network")
	req.Header.Set(sandbox.SignatureHeader, sandbox.Sign(n.webhookSecret, body))
	req.Header.Set(sandbox.DeliveryHeader, id)
	resp, err := n.WebhookClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	// Drain a little so the connection can be reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("receiver answered %s", resp.Status)
	}
	return nil
}

func newDeliveryID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return "dlv_" + hex.EncodeToString(b)
}

// escapeNonASCII rewrites every non-ASCII character of a JSON document as
// \uXXXX (a surrogate pair beyond the basic plane), as Meta does, so that a
// receiver which re-encodes the body instead of verifying its raw bytes
// fails its signature check in tests. Outside strings, JSON is ASCII.
func escapeNonASCII(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r < utf8.RuneSelf:
			out = append(out, b[0])
		case r > 0xFFFF:
			r1, r2 := utf16.EncodeRune(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
		default:
			out = fmt.Appendf(out, `\u%04x`, r)
		}
		b = b[size:]
	}
	return out
}
