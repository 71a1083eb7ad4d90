package api

import (
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/relais"
)

// clientView is a client as the API shows it.
type clientView struct {
	ID        string                `json:"id"`
	Name      string                `json:"name"`
	TimeZone  string                `json:"timezone"`
	Locale    string                `json:"locale"`
	Brands    []string              `json:"brands"`
	Approval  relais.ApprovalPolicy `json:"approval"`
	Approvers []string              `json:"approvers"`
	Paused    bool                  `json:"paused"`
	Branding  relais.Branding       `json:"branding"`
	// Targets are the client's service targets, as people write them.
	Targets []relais.ServiceTarget `json:"serviceTargets"`
	Version int64                  `json:"version"`
}

func viewClient(c relais.Client) clientView {
	return clientView{ID: c.ID, Name: c.Name, TimeZone: c.TimeZone, Locale: c.Locale, Brands: nonNil(c.Brands),
		Approval: c.Approval, Approvers: nonNil(c.Approvers), Paused: c.Paused, Branding: c.Branding, Targets: nonNil(c.Targets), Version: c.Version}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// list is a page of a list: its items and the cursor of the next page.
type list[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// identityView is the caller, as its token says.
type identityView struct {
	Subject string    `json:"sub"`
	Name    string    `json:"name"`
	Role    auth.Role `json:"role"`
	Clients []string  `json:"clients"`
}

func (s *Server) me(w http.ResponseWriter, _ *http.Request, id auth.Identity) error {
	return writeJSON(w, http.StatusOK, identityView{Subject: id.Subject, Name: id.Name, Role: id.Role, Clients: nonNil(id.Clients)})
}

// listClients lists the clients the caller may see.
func (s *Server) listClients(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
	all, err := s.store.Clients(r.Context())
	if err != nil {
		return err
	}
	out := list[clientView]{Items: []clientView{}}
	for _, c := range all {
		if id.Sees(c.ID) {
			out.Items = append(out.Items, viewClient(c))
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

// newClient is the body of a client's creation.
type newClient struct {
	ID        string                `json:"id"`
	Name      string                `json:"name"`
	TimeZone  string                `json:"timezone"`
	Locale    string                `json:"locale"`
	Brands    []string              `json:"brands"`
	Approval  relais.ApprovalPolicy `json:"approval"`
	Approvers []string              `json:"approvers"`
}

func (s *Server) addClient(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	var in newClient
	if err := readJSON(r, &in); err != nil {
		return err
	}
	if in.Approval == "" {
		in.Approval = relais.ApprovalNone
	}
	c := relais.Client{ID: in.ID, Name: in.Name, TimeZone: in.TimeZone, Locale: in.Locale, Brands: in.Brands,
		Approval: in.Approval, Approvers: in.Approvers}
	if err := s.clients.Add(r.Context(), c); err != nil {
		return err
	}
	stored, err := s.store.Client(r.Context(), c.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/clients/"+c.ID)
	return writeJSON(w, http.StatusCreated, viewClient(stored))
}

func (s *Server) getClient(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	c, err := s.store.Client(r.Context(), r.PathValue("client"))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(c.Version))
	return writeJSON(w, http.StatusOK, viewClient(c))
}

// editClient runs an edit of the path's client once the caller's If-Match
// names its version, and over that version only: a change made meanwhile
// is a 412, not a lost write.
func (s *Server) editClient(r *http.Request, edit func(version int64) error) error {
	c, err := s.store.Client(r.Context(), r.PathValue("client"))
	if err != nil {
		return err
	}
	if err := matches(r, c.Version); err != nil {
		return err
	}
	err = edit(c.Version)
	if relais.ErrorCode(err) == relais.ECONFLICT {
		return errStale
	}
	return err
}

func (s *Server) rebrand(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	var b relais.Branding
	if err := readJSON(r, &b); err != nil {
		return err
	}
	if err := s.editClient(r, func(v int64) error { return s.clients.Rebrand(r.Context(), r.PathValue("client"), b, v) }); err != nil {
		return err
	}
	return s.getClient(w, r, auth.Identity{})
}

// held is the answer to a pause or a resume.
type held struct {
	Held    int      `json:"held"`
	Resumed int      `json:"resumed"`
	Stale   []string `json:"stale"`
}

func (s *Server) pause(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
	n, err := s.posts.Pause(r.Context(), r.PathValue("client"), id.Name)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, held{Held: n, Stale: []string{}})
}

func (s *Server) resume(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
	n, stale, err := s.posts.Resume(r.Context(), r.PathValue("client"), id.Name)
	if err != nil {
		return err
	}
	out := held{Resumed: n, Stale: []string{}}
	for _, p := range stale {
		out.Stale = append(out.Stale, p.ID)
	}
	return writeJSON(w, http.StatusOK, out)
}

// getRules answers the client's policy in force, defaults included, as
// the YAML that rules set takes.
func (s *Server) getRules(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	p, version, err := s.clients.Rules(r.Context(), r.PathValue("client"))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(version))
	w.Header().Set("Content-Type", "application/yaml")
	_, err = w.Write(p.YAML())
	return err
}

// setRules replaces the client's policy with a rules file, validated as
// relais rules set validates it.
func (s *Server) setRules(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/yaml") {
		return fail(http.StatusUnsupportedMediaType, "send the rules file as application/yaml")
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return fail(http.StatusRequestEntityTooLarge, "the rules file is too large")
	}
	if err := s.editClient(r, func(v int64) error { return s.clients.SetRules(r.Context(), r.PathValue("client"), data, v) }); err != nil {
		return err
	}
	return s.getRules(w, r, id)
}

// crisisWindow is how far back the crisis history goes by default.
const crisisWindow = 90 * 24 * time.Hour

func (s *Server) crises(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	now := s.Now()
	from, to := now.Add(-crisisWindow), now
	for name, t := range map[string]*time.Time{"from": &from, "to": &to} {
		if v := r.URL.Query().Get(name); v != "" {
			parsed, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return relais.Errorf(relais.EINVALID, "%s must be an RFC 3339 time", name)
			}
			*t = parsed
		}
	}
	if !from.Before(to) {
		return relais.Errorf(relais.EINVALID, "from must be before to")
	}
	cs, err := s.store.Crises(r.Context(), r.PathValue("client"), from, to)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[relais.CrisisSuspected]{Items: nonNil(cs)})
}

// accountView is a connected account; its token is never shown.
type accountView struct {
	Network     relais.Network `json:"network"`
	ID          string         `json:"id"`
	ConnectedAt time.Time      `json:"connectedAt"`
	// Grant is set for an account connected with OAuth: until when its
	// token works and whether Relais renews it. DisconnectedAt and
	// DisconnectReason say the network stopped taking it.
	Grant            *grantView `json:"grant,omitempty"`
	DisconnectedAt   time.Time  `json:"disconnectedAt,omitzero"`
	DisconnectReason string     `json:"disconnectReason,omitempty"`
}

// viewAccount is an account as the API shows it.
func viewAccount(a relais.Account) accountView {
	v := accountView{Network: a.Network, ID: a.ID, ConnectedAt: a.ConnectedAt, DisconnectedAt: a.DisconnectedAt, DisconnectReason: a.DisconnectReason}
	if g := a.Grant; g != nil {
		v.Grant = &grantView{ExpiresAt: g.ExpiresAt, RefreshExpiresAt: g.RefreshExpiresAt, Renewed: g.HasRefresh, RenewedAt: g.RenewedAt}
	}
	return v
}

// grantView is an OAuth grant as the API shows it: its dates, never its
// tokens.
type grantView struct {
	ExpiresAt        time.Time `json:"expiresAt,omitzero"`
	RefreshExpiresAt time.Time `json:"refreshExpiresAt,omitzero"`
	Renewed          bool      `json:"renewed"`
	RenewedAt        time.Time `json:"renewedAt,omitzero"`
}

func (s *Server) listAccounts(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	accs, err := s.store.Accounts(r.Context(), r.PathValue("client"))
	if err != nil {
		return err
	}
	out := list[accountView]{Items: []accountView{}}
	for _, a := range accs {
		out.Items = append(out.Items, viewAccount(a))
	}
	return writeJSON(w, http.StatusOK, out)
}

// connection is the body of an account's connection: its token is kept
// as a SecureString and never answered.
type connection struct {
	Network string `json:"network"`
	ID      string `json:"id"`
	Token   string `json:"token"`
}

// connected answers a connection.
type connected struct {
	Network  relais.Network `json:"network"`
	ID       string         `json:"id"`
	Replayed int            `json:"replayed"`
}

func (s *Server) connectAccount(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	var in connection
	if err := readJSON(r, &in); err != nil {
		return err
	}
	n, err := relais.ParseNetwork(in.Network)
	if err != nil {
		return err
	}
	ref, res, err := s.clients.Connect(r.Context(), relais.Account{ClientID: r.PathValue("client"), Network: n, ID: in.ID}, in.Token)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, connected{Network: ref.Network, ID: ref.ID, Replayed: res.Created + res.Updated})
}
