package api

import (
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/moderation"
	"github.com/relais-dev/relais/internal/relais"
)

// inboxFilter reads the inbox's query: network, state, since.
func inboxFilter(r *http.Request, now time.Time) (dynamo.InboxFilter, error) {
	q := r.URL.Query()
	var f dynamo.InboxFilter
	var err error
	if f.Limit, err = limitParam(r); err != nil {
		return f, err
	}
	if v := q.Get("network"); v != "" {
		if f.Network, err = relais.ParseNetwork(v); err != nil {
			return f, err
		}
	}
	if err := f.SetState(q.Get("state")); err != nil {
		return f, err
	}
	if v := q.Get("since"); v != "" {
		if f.Since, err = time.Parse(time.RFC3339, v); err != nil {
			return f, relais.Errorf(relais.EINVALID, "since must be an RFC 3339 time")
		}
		if f.Since.After(now) {
			return f, relais.Errorf(relais.EINVALID, "since is in the future")
		}
	}
	return f, nil
}

func (s *Server) inbox(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	f, err := inboxFilter(r, s.Now())
	if err != nil {
		return err
	}
	page, err := s.store.InboxPage(r.Context(), r.PathValue("client"), f, r.URL.Query().Get("cursor"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[dynamo.InboxEntry]{Items: nonNil(page.Items), Next: page.Next})
}

// override is the body of a person's decision on an interaction.
type override struct {
	Action string `json:"action"`
}

// decisionView is a decision as the inbox shows it.
type decisionView struct {
	Network       relais.Network `json:"network"`
	InteractionID string         `json:"interactionId"`
	Action        relais.Action  `json:"action"`
	Applied       bool           `json:"applied"`
}

// decide carries out a person's override of moderation: hide, show again
// for review (unhide), or allow; the audit trail names them.
func (s *Server) decide(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
	var in override
	if err := readJSON(r, &in); err != nil {
		return err
	}
	o, err := moderation.ParseOverride(in.Action)
	if err != nil {
		return err
	}
	n, err := relais.ParseNetwork(r.PathValue("network"))
	if err != nil {
		return relais.Errorf(relais.ENOTFOUND, "unknown network %q", r.PathValue("network"))
	}
	d, err := s.mod.Override(r.Context(), r.PathValue("client"), n, r.PathValue("interaction"), o, id.Name)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, decisionView{Network: d.Network, InteractionID: d.InteractionID, Action: d.Action, Applied: d.Applied})
}
