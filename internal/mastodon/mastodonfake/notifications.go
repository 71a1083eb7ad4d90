package mastodonfake

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Page sizes of GET /api/v1/notifications.
const (
	defaultNotificationLimit = 40
	maxNotificationLimit     = 80
)

// notification is one notification of an account: what happened (its
// type), who did it, and the status it is about.
type notification struct {
	id, typ   string
	from      *account
	status    Status
	owner     *account // the status's author
	createdAt time.Time
}

// Mention makes author (a local username, or user@domain for another
// instance's account, known from now on if new) post a public status
// mentioning the account, in reply to the status inReplyTo when set, and
// notifies the account as Mastodon does: a reply to one of its statuses is
// a mention notification too. It panics on an unknown username or status,
// a test's mistake.
func (s *Server) Mention(username, author, text, inReplyTo string) Status {
	return s.Receive(username, author, Status{Text: text, Visibility: "public", InReplyToID: inReplyTo})
}

// Receive is Mention with the status's other fields: the direct
// visibility of a direct message, a content warning (SpoilerText).
func (s *Server) Receive(username, author string, st Status) Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.local(username)
	from := s.known(author)
	if st.InReplyToID != "" {
		st.InReplyToAccountID = s.status(st.InReplyToID).owner.id
	}
	// The account is among those the status reaches, whatever its text.
	if !slices.Contains(st.Mentions, a.acct) {
		st.Mentions = append(st.Mentions, a.acct)
	}
	st = s.create(from, st)
	s.notify(a, "mention", from, st, from)
	return st
}

// Favourite makes author favourite one of the account's statuses, which
// notifies the account with the type favourite.
func (s *Server) Favourite(username, author, statusID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.local(username)
	ref := s.status(statusID)
	if ref.owner != a {
		panic(fmt.Sprintf("mastodonfake: status %s is not %s's", statusID, username))
	}
	s.notify(a, "favourite", s.known(author), ref.owner.statuses[ref.index], a)
}

// local returns a local account or panics; s.mu is held.
func (s *Server) local(username string) *account {
	a, ok := s.accounts[username]
	if !ok || a.domain() != "" {
		panic(fmt.Sprintf("mastodonfake: unknown account %q", username))
	}
	return a
}

// status finds a status by id or panics; s.mu is held.
func (s *Server) status(id string) statusRef {
	ref, ok := s.statuses[id]
	if !ok {
		panic(fmt.Sprintf("mastodonfake: unknown status %q", id))
	}
	return ref
}

// notify adds a notification; s.mu is held.
func (s *Server) notify(a *account, typ string, from *account, st Status, owner *account) {
	a.notifications = append(a.notifications, notification{
		id: s.nextID(), typ: typ, from: from, status: st, owner: owner, createdAt: s.Now().UTC(),
	})
}

// listNotifications handles GET /api/v1/notifications: the caller's
// notifications of types[] (all when absent) but exclude_types[], newest
// first. max_id gives older ones; since_id the newest of those newer than
// it; min_id those immediately newer than it (the oldest of them, still
// listed newest first). The Link header has rel="next" (max_id) and
// rel="prev" (min_id) whenever the page is not empty, as Mastodon does.
func (s *Server) listNotifications(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.caller(w, r)
	if a == nil {
		return
	}
	q := r.URL.Query()
	limit := defaultNotificationLimit
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n > 0 {
		limit = min(n, maxNotificationLimit)
	}
	bounds := map[string]int64{}
	for _, k := range []string{"max_id", "since_id", "min_id"} {
		if v := q.Get(k); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				writeError(w, http.StatusUnprocessableEntity, "Invalid "+k)
				return
			}
			bounds[k] = n
		}
	}
	// Ids are positive, so an absent lower bound of 0 excludes nothing.
	above := max(bounds["since_id"], bounds["min_id"])
	below, hasBelow := bounds["max_id"]
	types, excluded := q["types[]"], q["exclude_types[]"]
	var match []notification // oldest first
	for _, n := range a.notifications {
		id, _ := strconv.ParseInt(n.id, 10, 64)
		if id <= above || (hasBelow && id >= below) {
			continue
		}
		if (len(types) > 0 && !slices.Contains(types, n.typ)) || slices.Contains(excluded, n.typ) {
			continue
		}
		match = append(match, n)
	}
	if _, ok := bounds["min_id"]; ok {
		match = match[:min(limit, len(match))]
	} else {
		match = match[max(len(match)-limit, 0):]
	}
	base := baseURL(r)
	page := make([]notificationJSON, 0, len(match))
	for _, n := range slices.Backward(match) {
		st := statusEntity(base, n.owner, n.status)
		page = append(page, notificationJSON{
			ID: n.id, Type: n.typ, CreatedAt: n.createdAt.Format(timeLayout), Account: accountEntity(base, n.from), Status: &st,
		})
	}
	if len(page) > 0 {
		next := cloneWith(q, "max_id", page[len(page)-1].ID)
		prev := cloneWith(q, "min_id", page[0].ID)
		w.Header().Set("Link", fmt.Sprintf(`<%s%s?%s>; rel="next", <%s%s?%s>; rel="prev"`,
			base, r.URL.Path, next.Encode(), base, r.URL.Path, prev.Encode()))
	}
	writeJSON(w, http.StatusOK, page)
}
