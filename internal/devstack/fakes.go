package devstack

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/bluesky/blueskyfake"
	"github.com/relais-dev/relais/internal/linkedin/linkedinfake"
	"github.com/relais-dev/relais/internal/mastodon/mastodonfake"
	"github.com/relais-dev/relais/internal/meta/metafake"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/x/xfake"
)

// Fakes are the fake servers of the real networks that the local stack
// runs, each on its own address, so that every adapter is exercised as it
// is in AWS, only pointed elsewhere.
type Fakes struct {
	Meta     *metafake.Server
	X        *xfake.Server
	LinkedIn *linkedinfake.Server
	Mastodon *mastodonfake.Server
	Bluesky  *blueskyfake.Server
}

// startFakes serves each fake, on the stack's clock, and returns the URLs
// the adapters use.
func (s *Stack) startFakes(sandboxURL string, now func() time.Time) (networks.URLs, error) {
	s.Fakes = Fakes{Meta: metafake.New(), X: xfake.New(), LinkedIn: linkedinfake.New(), Mastodon: mastodonfake.New(), Bluesky: blueskyfake.New()}
	s.Fakes.Meta.Now, s.Fakes.X.Now, s.Fakes.LinkedIn.Now, s.Fakes.Mastodon.Now, s.Fakes.Bluesky.Now = now, now, now, now, now
	var errs []error
	listen := func(h http.Handler) string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			errs = append(errs, err)
			return ""
		}
		s.serve(l, h)
		return "http://" + l.Addr().String()
	}
	mastodonURL := listen(s.Fakes.Mastodon)
	u := networks.URLs{
		Meta: listen(s.Fakes.Meta), X: listen(s.Fakes.X), LinkedIn: listen(s.Fakes.LinkedIn), Bluesky: listen(s.Fakes.Bluesky),
		// One fake instance stands for every Mastodon instance.
		Mastodon: func(string) string { return mastodonURL },
		Sandbox:  sandboxURL,
	}
	if err := errors.Join(errs...); err != nil {
		return u, fmt.Errorf("devstack: listen for the fake networks: %w", err)
	}
	return u, nil
}

// RegisterAccount creates an account with its token on its network's fake,
// as a user would on the real network, so that Relais can publish there.
func (s *Stack) RegisterAccount(ref relais.AccountRef, token string) error {
	switch ref.Network {
	case relais.Sandbox:
		s.Sandbox.RegisterAccount(ref.ID, token)
	case relais.Facebook:
		s.Fakes.Meta.RegisterPage(ref.ID, token)
	case relais.Instagram:
		s.Fakes.Meta.RegisterInstagram(ref.ID, token)
	case relais.X:
		s.Fakes.X.RegisterUser(ref.ID, token)
	case relais.LinkedIn:
		s.Fakes.LinkedIn.RegisterOrganization(ref.ID, token)
	case relais.Mastodon:
		user, _, _ := strings.Cut(strings.TrimPrefix(ref.ID, "@"), "@")
		s.Fakes.Mastodon.RegisterAccount(user, token)
	case relais.Bluesky:
		s.Fakes.Bluesky.RegisterAccount(ref.ID, token)
	default:
		return relais.Errorf(relais.EINVALID, "the local stack has no fake of %s", ref.Network)
	}
	return nil
}

// AccountsPath is where the CLI registers an account on the local stack's
// fakes when it connects one.
const AccountsPath = "/dev/accounts"

// Registration is the body of a POST to AccountsPath.
type Registration struct {
	Account relais.AccountRef `json:"account"`
	Token   string            `json:"token"`
}

func (s *Stack) registerAccount(w http.ResponseWriter, r *http.Request) {
	var reg Registration
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&reg); err != nil || reg.Token == "" {
		http.Error(w, "want {\"account\":{\"network\",\"id\"},\"token\"}", http.StatusBadRequest)
		return
	}
	if err := s.RegisterAccount(reg.Account, reg.Token); err != nil {
		http.Error(w, relais.ErrorMessage(err), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
