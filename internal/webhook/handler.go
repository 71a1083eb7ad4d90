// Package webhook receives the networks' webhook deliveries: it verifies
// each one over its raw bytes, stores its interactions durably and once,
// and puts Interaction Received on the bus before answering 200.
package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
)

// emitClaimTTL is how long a delivery may take to emit before a duplicate
// may take over; it exceeds the function's timeout.
const emitClaimTTL = 30 * time.Second

// MaxBody is the largest delivery accepted.
const MaxBody = 1 << 20

// Store is what the handler needs of the store.
type Store interface {
	AccountOwner(ctx context.Context, ref relais.AccountRef) (string, error)
	Client(ctx context.Context, id string) (relais.Client, error)
	SaveInteraction(ctx context.Context, in relais.Interaction, zone string) (dynamo.InboxEntry, bool, error)
	ClaimEmit(ctx context.Context, clientID string, n relais.Network, id string, staleAfter time.Duration) (bool, error)
	ReleaseEmit(ctx context.Context, clientID string, n relais.Network, id string) error
	MarkEmitted(ctx context.Context, clientID string, n relais.Network, id string) error
}

var _ Store = (*dynamo.Store)(nil)

// Handler serves /webhooks/{network}.
type Handler struct {
	store     Store
	bus       relais.Bus
	secrets   relais.Parameters
	settings  config.Settings
	receivers map[relais.Network]receiver
	log       *slog.Logger
	// Now stamps receptions; tests replace it.
	Now func() time.Time
}

// New returns the webhook handler.
func New(store Store, bus relais.Bus, secrets relais.Parameters, settings config.Settings, log *slog.Logger) *Handler {
	return &Handler{
		store: store, bus: bus, secrets: secrets, settings: settings, log: log, Now: time.Now,
		receivers: map[relais.Network]receiver{relais.Sandbox: sandboxReceiver{}},
	}
}

// Path is where the handler is mounted.
const Path = "/webhooks/"

// ServeHTTP answers one delivery. Answers never echo secrets or internal
// errors; logs hold a delivery id and a length, never a body.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, Path)
	network, err := relais.ParseNetwork(name)
	rcv, known := h.receivers[network]
	if err != nil || !known {
		answer(w, http.StatusNotFound, "unknown network")
		return
	}
	log := h.log.With("network", network)
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		answer(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	secret, err := h.secrets.Get(r.Context(), h.settings.SecretParameter(network))
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		log.Warn("webhook secret not configured; answering 404", "parameter", h.settings.SecretParameter(network))
		answer(w, http.StatusNotFound, "network not configured")
		return
	}
	if err != nil {
		log.Error("read webhook secret", "err", err)
		answer(w, http.StatusInternalServerError, "internal error")
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
	if err := rcv.verify([]byte(secret), r.Header, body); err != nil {
		log.Warn("signature refused", "length", len(body), "reason", relais.ErrorMessage(err))
		answer(w, http.StatusUnauthorized, "invalid signature")
		return
	}
	d, err := rcv.parse(body, h.Now().UTC())
	if err != nil {
		log.Warn("delivery refused", "length", len(body), "reason", relais.ErrorMessage(err))
		answer(w, http.StatusBadRequest, "invalid delivery")
		return
	}
	log = log.With("delivery", d.id)
	stored, err := h.save(r.Context(), log, network, d)
	if err != nil {
		// The network retries; storage is idempotent, so a retry is safe.
		log.Error("store delivery", "err", err)
		answer(w, http.StatusInternalServerError, "internal error")
		return
	}
	log.Info("delivery stored", "length", len(body), "interactions", len(d.interactions), "new", stored)
	answer(w, http.StatusOK, "ok")
}

// delivery is a verified delivery, normalised.
type delivery struct {
	id           string
	account      string
	interactions []relais.Interaction
}

// receiver verifies and parses one network's deliveries.
type receiver interface {
	verify(secret []byte, header http.Header, body []byte) error
	parse(body []byte, receivedAt time.Time) (delivery, error)
}

// save saves the delivery's interactions and emits their events; it
// returns how many were new.
func (h *Handler) save(ctx context.Context, log *slog.Logger, n relais.Network, d delivery) (int, error) {
	ref := relais.AccountRef{Network: n, ID: d.account}
	owner, err := h.store.AccountOwner(ctx, ref)
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		// Answer 200 all the same: an error would make the network retry
		// for hours a delivery no client can take.
		log.Warn("delivery for an account no client owns", "account", ref.String())
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	client, err := h.store.Client(ctx, owner)
	if err != nil {
		return 0, err
	}
	var events []relais.Event
	var pending []relais.Interaction
	created := 0
	for _, in := range d.interactions {
		in.ClientID = owner
		entry, isNew, err := h.store.SaveInteraction(ctx, in, client.TimeZone)
		if err != nil {
			return created, err
		}
		claimed := isNew
		if isNew {
			created++
		} else if !entry.Emitted {
			// A retried delivery emits only what an earlier one failed to
			// emit, and only one of concurrent duplicates does.
			if claimed, err = h.store.ClaimEmit(ctx, owner, n, in.ID, emitClaimTTL); err != nil {
				return created, err
			}
		}
		if claimed {
			events = append(events, relais.InteractionReceived{
				ClientID: owner, Network: n, AccountID: in.AccountID, InteractionID: in.ID,
				Kind: in.Kind, ReceivedAt: entry.ReceivedAt,
			})
			pending = append(pending, in)
		}
	}
	if len(events) == 0 {
		return created, nil
	}
	if err := h.bus.Put(ctx, events...); err != nil {
		for _, in := range pending {
			if rerr := h.store.ReleaseEmit(ctx, owner, n, in.ID); rerr != nil {
				err = errors.Join(err, rerr)
			}
		}
		return created, err
	}
	for _, in := range pending {
		if err := h.store.MarkEmitted(ctx, owner, n, in.ID); err != nil {
			return created, err
		}
	}
	return created, nil
}

func answer(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"status": message})
}
