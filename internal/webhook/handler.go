// Package webhook receives the networks' webhook deliveries: it answers
// their subscription handshakes, verifies each delivery over its raw bytes,
// and hands its interactions to the intake, which stores them durably and
// once before the handler answers 200.
package webhook

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/relais"
)

// MaxBody is the largest delivery accepted.
const MaxBody = 1 << 20

// Intake is what the handler needs to store and announce interactions.
type Intake interface {
	Accept(ctx context.Context, ins []relais.Interaction) (intake.Result, error)
	// Revoke disconnects the accounts whose owners removed Relais' access.
	Revoke(ctx context.Context, revoked []relais.Revocation, at time.Time) error
}

var _ Intake = (*intake.Intake)(nil)

// Handler serves /webhooks/{network}.
type Handler struct {
	intake    Intake
	secrets   *secrets
	settings  config.Settings
	receivers map[string]*relais.Webhook
	log       *slog.Logger
	// Now stamps receptions and checks signature times; tests replace it.
	Now func() time.Time
}

// New returns the webhook handler. Secrets are read from params once per
// process and kept, and read again when a signature does not match them
// (at most once a minute), so that a rotated secret needs no restart.
func New(in Intake, params relais.Parameters, settings config.Settings, log *slog.Logger) *Handler {
	h := &Handler{intake: in, settings: settings, log: log, Now: time.Now, receivers: receivers()}
	h.secrets = newSecrets(params, func() time.Time { return h.Now() })
	return h
}

// Path is where the handler is mounted.
const Path = "/webhooks/"

// ServeHTTP answers one call. Answers never echo secrets or internal
// errors; logs hold a delivery id and a length, never a body.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, Path)
	rcv, known := h.receivers[name]
	if !known {
		answer(w, http.StatusNotFound, "unknown network")
		return
	}
	log := h.log.With("webhook", name)
	switch {
	case r.Method == http.MethodGet && rcv.Handshake != nil:
		h.handshake(w, r, log, rcv)
	case r.Method == http.MethodPost:
		h.deliver(w, r, log, rcv)
	default:
		allow := http.MethodPost
		if rcv.Handshake != nil {
			allow = "GET, POST"
		}
		w.Header().Set("Allow", allow)
		answer(w, http.StatusMethodNotAllowed, "method not allowed")
	}
}

// secret reads one of the receiver's secrets, answering 404 when it is not
// configured: a network Relais is not set up for does not exist here.
func (h *Handler) secret(w http.ResponseWriter, r *http.Request, log *slog.Logger, s relais.Secret) (string, bool) {
	name := h.settings.SecretParameter(s)
	v, err := h.secrets.get(r.Context(), name)
	switch {
	case relais.ErrorCode(err) == relais.ENOTFOUND:
		log.Warn("webhook secret not configured; answering 404", "parameter", name, "env", s.Env)
		answer(w, http.StatusNotFound, "network not configured")
		return "", false
	case err != nil:
		log.Error("read webhook secret", "parameter", name, "err", err)
		answer(w, http.StatusInternalServerError, "internal error")
		return "", false
	}
	return v, true
}

func (h *Handler) handshake(w http.ResponseWriter, r *http.Request, log *slog.Logger, rcv *relais.Webhook) {
	secret, ok := h.secret(w, r, log, rcv.Secret)
	if !ok {
		return
	}
	var token string
	if rcv.Token != nil {
		if token, ok = h.secret(w, r, log, *rcv.Token); !ok {
			return
		}
	}
	status, contentType, body := rcv.Handshake(secret, token, r.URL.Query())
	log.Info("handshake", "status", status)
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	w.Write(body)
}

func (h *Handler) deliver(w http.ResponseWriter, r *http.Request, log *slog.Logger, rcv *relais.Webhook) {
	secret, ok := h.secret(w, r, log, rcv.Secret)
	if !ok {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		log.Warn("delivery too large", "limit", MaxBody)
		answer(w, http.StatusRequestEntityTooLarge, "body too large")
		return
	}
	if err != nil {
		answer(w, http.StatusBadRequest, "unreadable body")
		return
	}
	now := h.Now().UTC()
	log = log.With("delivery", deliveryID(body), "length", len(body))
	err = rcv.Verify([]byte(secret), r.Header, body, now)
	if err != nil && relais.ErrorCode(err) != relais.EINVALID {
		if fresh, changed := h.secrets.refresh(r.Context(), h.settings.SecretParameter(rcv.Secret)); changed {
			log.Info("webhook secret changed since it was read", "parameter", h.settings.SecretParameter(rcv.Secret))
			err = rcv.Verify([]byte(fresh), r.Header, body, now)
		}
	}
	if relais.ErrorCode(err) == relais.EINVALID {
		log.Warn("delivery refused", "reason", relais.ErrorMessage(err))
		answer(w, http.StatusBadRequest, "invalid delivery")
		return
	} else if err != nil {
		log.Warn("signature refused", "reason", relais.ErrorMessage(err))
		answer(w, http.StatusUnauthorized, "invalid signature")
		return
	}
	ins, err := rcv.Parse(body, now)
	if err != nil {
		log.Warn("delivery refused", "reason", relais.ErrorMessage(err))
		answer(w, http.StatusBadRequest, "invalid delivery")
		return
	}
	if rcv.Revoked != nil {
		if revoked := rcv.Revoked(body); len(revoked) > 0 {
			if err := h.intake.Revoke(r.Context(), revoked, now); err != nil {
				// The network retries; recording a revocation twice does
				// nothing more.
				log.Error("record revoked accounts", "err", err)
				answer(w, http.StatusInternalServerError, "internal error")
				return
			}
			log.Info("accounts revoked by their owners", "accounts", len(revoked))
		}
	}
	res, err := h.intake.Accept(r.Context(), ins)
	if errors.Is(err, intake.ErrNotAnnounced) {
		// Stored: acknowledge, the moderator's sweep takes them up.
		log.Error("delivery stored, not announced", "err", err)
	} else if err != nil {
		// The network retries; the intake is idempotent, so a retry is safe.
		log.Error("store delivery", "err", err)
		answer(w, http.StatusInternalServerError, "internal error")
		return
	}
	log.Info("delivery stored", "interactions", len(ins), "created", res.Created, "updated", res.Updated,
		"duplicates", res.Duplicates, "unrouted", res.Unrouted, "own", res.Own)
	if res.Unrouted > 0 {
		// Answered 200 all the same: an error would make the network retry
		// for hours a delivery that no client can take yet.
		log.Warn("delivery for an account no client owns; kept for replay once connected", "unrouted", res.Unrouted)
	}
	answer(w, http.StatusOK, "ok")
}

// deliveryID names a delivery in logs: the networks give none that all
// share, and a digest of the body is the same on every retry.
func deliveryID(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:8])
}

func answer(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"status": message})
}
