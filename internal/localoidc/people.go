package localoidc

import (
	"slices"
	"strings"
	"sync"

	"github.com/relais-dev/relais/internal/auth"
)

// people are those the sign-in page offers as one-click choices, in the
// order they were registered.
type people struct {
	mu   sync.Mutex
	list []auth.Identity
}

// Register offers people on the sign-in page ("Sign in as NAME"); a
// person registered again under the same name replaces the first. Anyone
// else may still sign in through the page's form.
func (i *Issuer) Register(ids ...auth.Identity) error {
	checked := make([]auth.Identity, len(ids))
	for n, id := range ids {
		var err error
		if checked[n], err = local(id); err != nil {
			return err
		}
	}
	i.people.mu.Lock()
	defer i.people.mu.Unlock()
	for _, id := range checked {
		if k := slices.IndexFunc(i.people.list, func(p auth.Identity) bool { return p.Name == id.Name }); k >= 0 {
			i.people.list[k] = id
			continue
		}
		i.people.list = append(i.people.list, id)
	}
	return nil
}

// People lists the registered people.
func (i *Issuer) People() []auth.Identity {
	i.people.mu.Lock()
	defer i.people.mu.Unlock()
	return slices.Clone(i.people.list)
}

// person finds a registered person by name.
func (i *Issuer) person(name string) (auth.Identity, bool) {
	for _, p := range i.People() {
		if p.Name == name {
			return p, true
		}
	}
	return auth.Identity{}, false
}

// describe is what the sign-in page says of a person: role and clients.
func describe(id auth.Identity) string {
	if id.Role == auth.Admin {
		return "admin, every client"
	}
	return string(id.Role) + ", " + strings.Join(id.Clients, ", ")
}
