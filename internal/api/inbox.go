package api

import (
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/inbox"
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
	n, err := pathNetwork(r)
	if err != nil {
		return err
	}
	d, err := s.mod.Override(r.Context(), r.PathValue("client"), n, r.PathValue("interaction"), o, id.Name)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, decisionView{Network: d.Network, InteractionID: d.InteractionID, Action: d.Action, Applied: d.Applied})
}

// thread is one interaction as the inbox opens it: the entry, the
// decision with its scores and reasons, and the answers sent from Relais.
type thread struct {
	dynamo.InboxEntry
	Decision *decisionDetail `json:"decision"`
	Answers  []relais.Answer `json:"answers"`
}

// decisionDetail is moderation's decision, or a person's over it, with
// what the scorer found.
type decisionDetail struct {
	Action    relais.Action `json:"action"`
	Applied   bool          `json:"applied"`
	Score     relais.Score  `json:"score"`
	DecidedAt time.Time     `json:"decidedAt"`
}

// pathNetwork reads the path's network; an unknown one names no
// interaction.
func pathNetwork(r *http.Request) (relais.Network, error) {
	n, err := relais.ParseNetwork(r.PathValue("network"))
	if err != nil {
		return n, relais.Errorf(relais.ENOTFOUND, "unknown network %q", r.PathValue("network"))
	}
	return n, nil
}

func (s *Server) getInteraction(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	n, err := pathNetwork(r)
	if err != nil {
		return err
	}
	e, err := s.store.Interaction(r.Context(), r.PathValue("client"), n, r.PathValue("interaction"))
	if err != nil {
		return err
	}
	out := thread{InboxEntry: e}
	d, err := s.store.Decision(r.Context(), e.ClientID, n, e.ID)
	switch {
	case err == nil:
		out.Decision = &decisionDetail{Action: d.Action, Applied: d.Applied, Score: d.Score, DecidedAt: d.DecidedAt}
	case relais.ErrorCode(err) != relais.ENOTFOUND:
		return err
	}
	if out.Answers, err = s.store.Answers(r.Context(), e.ClientID, n, e.ID); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// newAnswer is the body of a person's answer: their words or a saved
// reply, in public or in private.
type newAnswer struct {
	Text  string `json:"text"`
	Saved string `json:"saved"`
	// Private sends it to the author alone.
	Private bool `json:"private"`
	// Accept lists the guards the person accepts: brand, private_data.
	Accept []relais.Guard `json:"accept"`
	// Status is where it leaves the thread: pending (default) or done.
	Status relais.ThreadStatus `json:"status"`
	// To names the interaction answered, on a thread's route: the
	// thread's latest message when empty.
	To string `json:"to"`
}

// answer sends a person's reply to an interaction, once; the audit trail
// names them.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
	n, err := pathNetwork(r)
	if err != nil {
		return err
	}
	return s.reply(w, r, id, n, r.PathValue("interaction"))
}

// reply reads an answer's body and sends it to interaction.
func (s *Server) reply(w http.ResponseWriter, r *http.Request, id auth.Identity, n relais.Network, interaction string) error {
	var in newAnswer
	if err := readJSON(r, &in); err != nil {
		return err
	}
	if err := acceptable(in.Accept); err != nil {
		return err
	}
	if in.To != "" && r.PathValue("thread") == "" {
		return relais.Errorf(relais.EINVALID, "to names the interaction on a thread's route only")
	}
	if in.To != "" {
		interaction = in.To
	}
	// The inbox reads the interaction itself.
	a, err := s.work.Answer(r.Context(), inbox.Reply{ClientID: r.PathValue("client"), Network: n, InteractionID: interaction,
		Text: in.Text, Saved: in.Saved, Private: in.Private, Accept: in.Accept, By: id.Name, Status: in.Status})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, a)
}
