package mastodonfake

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// mentionPattern finds @user and @user@domain mentions in a status's
// text, as Mastodon's own pattern does (not after a word character, '='
// or '/', so that an e-mail address or a URL is no mention).
var mentionPattern = regexp.MustCompile(`(?:^|[^=/\w])@(\w+(?:[\w.-]*\w)?(?:@[\w.-]+\w)?)`)

// mentioned returns the accts of the known accounts text mentions, in
// order, each once; an unknown acct is text, as Mastodon leaves a mention
// it cannot resolve. s.mu is held.
func (s *Server) mentioned(text string) []string {
	var out []string
	for _, m := range mentionPattern.FindAllStringSubmatch(text, -1) {
		acct := m[1]
		if user, domain, ok := strings.Cut(acct, "@"); ok && s.Domain != "" && strings.EqualFold(domain, s.Domain) {
			acct = user
		}
		if _, ok := s.accounts[acct]; ok && !slices.Contains(out, acct) {
			out = append(out, acct)
		}
	}
	return out
}

// deliver notifies the accounts a status mentions, but its author, as
// Mastodon delivers a status to those it mentions; for a direct status,
// they are the only ones it reaches. s.mu is held.
func (s *Server) deliver(author *account, st Status) {
	for _, acct := range st.Mentions {
		if to := s.accounts[acct]; to != author {
			s.notify(to, "mention", author, st, author)
		}
	}
}

// visible reports whether the status st of owner shows to the caller:
// public and unlisted statuses to anyone, followers-only and direct ones
// to their author and the accounts they mention (the fake keeps no
// followers).
func visible(st Status, owner, caller *account) bool {
	switch st.Visibility {
	case "public", "unlisted":
		return true
	}
	return caller == owner || slices.Contains(st.Mentions, caller.acct)
}

// shown finds the status {id} of a request, or answers 401 when the
// token is not valid and 404 when there is no such status or the caller
// may not see it, as Mastodon does. s.mu is held.
func (s *Server) shown(w http.ResponseWriter, r *http.Request) (statusRef, *account, bool) {
	caller := s.caller(w, r)
	if caller == nil {
		return statusRef{}, nil, false
	}
	ref, ok := s.statuses[r.PathValue("id")]
	if !ok || !visible(ref.owner.statuses[ref.index], ref.owner, caller) {
		writeError(w, http.StatusNotFound, "Record not found")
		return statusRef{}, nil, false
	}
	return ref, caller, true
}

// Inbox returns the statuses delivered to an account (a local username,
// or user@domain for another instance's), oldest first: those that
// mention it.
func (s *Server) Inbox(acct string) []Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[acct]
	if !ok {
		return nil
	}
	var out []Status
	for _, n := range a.notifications {
		if n.typ == "mention" {
			out = append(out, n.status)
		}
	}
	return out
}

// statusContext handles GET /api/v1/statuses/{id}/context: the statuses
// the status replies to, root first, and those that reply to it, each as
// far as the caller may see them, as Mastodon answers an authenticated
// caller. A status the caller may not see is not found.
func (s *Server) statusContext(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ref, caller, ok := s.shown(w, r)
	if !ok {
		return
	}
	base := baseURL(r)
	ancestors := []statusJSON{}
	for parent := ref.owner.statuses[ref.index].InReplyToID; parent != ""; {
		p, ok := s.statuses[parent]
		if !ok {
			break
		}
		st := p.owner.statuses[p.index]
		if visible(st, p.owner, caller) {
			ancestors = append(ancestors, statusEntity(base, p.owner, st))
		}
		parent = st.InReplyToID
	}
	slices.Reverse(ancestors)
	descendants := []statusJSON{}
	var walk func(id string)
	walk = func(id string) {
		for _, c := range s.replies(id) {
			if st := c.owner.statuses[c.index]; visible(st, c.owner, caller) {
				descendants = append(descendants, statusEntity(base, c.owner, st))
				walk(st.ID)
			}
		}
	}
	walk(ref.owner.statuses[ref.index].ID)
	writeJSON(w, http.StatusOK, map[string][]statusJSON{"ancestors": ancestors, "descendants": descendants})
}
