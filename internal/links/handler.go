package links

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// Pattern is the route the API mounts the Handler on. It needs no sign-in:
// the link is the credential.
const Pattern = "GET /api/links/{token}"

// URLTTL is how long the pre-signed URL a link redirects to works: long
// enough to follow the redirect, short enough that a leaked one is soon
// useless.
const URLTTL = 5 * time.Minute

// Handler answers a link's token with a redirect to a fresh pre-signed
// URL of its report, or 404 for every token it refuses: malformed,
// tampered with, expired or revoked alike, so that the answer never says
// why.
type Handler struct {
	store  Store
	key    Key
	bucket Bucket
	log    *slog.Logger
	// Now reads the clock; tests replace it.
	Now func() time.Time
}

// NewHandler returns the handler of report links. Pre-signed URLs are made
// by bucket with the caller's current credentials.
func NewHandler(store Store, key Key, bucket Bucket, log *slog.Logger) *Handler {
	return &Handler{store: store, key: key, bucket: bucket, log: log, Now: time.Now}
}

// Refusal is the body of every refused link.
const Refusal = "This report link is expired or invalid. Ask your agency for a new one.\n"

// ServeHTTP serves GET Pattern.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("Referrer-Policy", "no-referrer")
	hdr.Set("X-Content-Type-Options", "nosniff")
	l, err := h.Open(r.Context(), r.PathValue("token"))
	if err == nil && l.IsReview() {
		err = refused("a review link, not a report's")
	}
	if err == nil {
		var url string
		url, err = h.bucket.Link(r.Context(), l.ObjectKey(), URLTTL)
		if err != nil {
			err = fmt.Errorf("links: sign a URL for link %s of %s: %w", l.ID, l.ClientID, err)
		} else {
			h.log.Info("report link opened", "client", l.ClientID, "link", l.ID, "period", l.Period, "format", l.Format)
			http.Redirect(w, r, url, http.StatusFound)
			return
		}
	}
	hdr.Set("Content-Type", "text/plain; charset=utf-8")
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		h.log.Info("report link refused", "reason", err.Error())
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(Refusal))
		return
	}
	h.log.Error("report link", "err", err)
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write([]byte("Relais cannot open this report right now. Try again in a few minutes.\n"))
}

// Open checks a token and the link it names: signed by this deployment,
// not expired, still stored (not revoked) and stored as the token says.
// Any refusal is ENOTFOUND.
func (h *Handler) Open(ctx context.Context, token string) (Link, error) {
	key, err := h.key.bytes(ctx)
	if err != nil {
		return Link{}, err
	}
	l, err := verify(key, token, h.Now())
	if err != nil {
		return Link{}, err
	}
	stored, err := h.store.Link(ctx, l.ClientID, l.ID)
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		return Link{}, refused("revoked")
	}
	if err != nil {
		return Link{}, fmt.Errorf("links: read link %s of %s: %w", l.ID, l.ClientID, err)
	}
	if stored.Report != l.Report || stored.Reviewer != l.Reviewer || !stored.Expires.Equal(l.Expires) {
		return Link{}, refused("unlike its stored link")
	}
	return l, nil
}
