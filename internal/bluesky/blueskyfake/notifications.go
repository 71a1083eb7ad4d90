package blueskyfake

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// notification is one notification of an account: a record of another
// account (its post, like...) and why it concerns the account.
type notification struct {
	record        *Record
	author        *account
	reason        string
	reasonSubject string
	indexedAt     time.Time
}

// strongRef points at a record by URI and CID, as replies, quotes and
// likes do.
type strongRef struct {
	URI string `json:"uri"`
	CID string `json:"cid"`
}

// Mention makes author (a handle or DID; a handle not yet known becomes an
// account without a password) post text mentioning the account, in reply
// to the post at the URI inReplyTo when set, and notifies the account as
// the AppView does: reason reply when it wrote the post replied to or the
// thread's root, mention otherwise. It returns the post. It panics on an
// unknown account or post, a test's mistake.
func (s *Server) Mention(account, author, text, inReplyTo string) Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	to, from := s.mustAccount(account), s.author(author)
	post := map[string]any{"$type": collectionPost, "text": text, "createdAt": s.timestamp()}
	if i := strings.Index(text, "@"+to.handle); i >= 0 {
		post["facets"] = []Facet{{
			Index:    FacetIndex{ByteStart: i, ByteEnd: i + 1 + len(to.handle)},
			Features: []Feature{{Type: "app.bsky.richtext.facet#mention", DID: to.did}},
		}}
	}
	reason, subject := "mention", ""
	if inReplyTo != "" {
		parent, parentAuthor := s.mustRecord(inReplyTo)
		root, rootAuthor := parent, parentAuthor
		var p struct {
			Reply *struct {
				Root strongRef `json:"root"`
			} `json:"reply"`
		}
		if json.Unmarshal(parent.Value, &p) == nil && p.Reply != nil {
			root, rootAuthor = s.mustRecord(p.Reply.Root.URI)
		}
		post["reply"] = map[string]strongRef{"root": ref(root), "parent": ref(parent)}
		switch to {
		case parentAuthor:
			reason, subject = "reply", parent.URI
		case rootAuthor:
			reason, subject = "reply", root.URI
		}
	}
	return s.notify(to, from, collectionPost, post, reason, subject)
}

// Quote makes author post text quoting the post at the URI quoted, and
// notifies the account with reason quote.
func (s *Server) Quote(account, author, text, quoted string) Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	to, from := s.mustAccount(account), s.author(author)
	rec, _ := s.mustRecord(quoted)
	post := map[string]any{
		"$type": collectionPost, "text": text, "createdAt": s.timestamp(),
		"embed": map[string]any{"$type": "app.bsky.embed.record", "record": ref(rec)},
	}
	return s.notify(to, from, collectionPost, post, "quote", quoted)
}

// Like makes author like the post at the URI subject, and notifies the
// account with reason like.
func (s *Server) Like(account, author, subject string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	to, from := s.mustAccount(account), s.author(author)
	rec, _ := s.mustRecord(subject)
	like := map[string]any{"$type": "app.bsky.feed.like", "subject": ref(rec), "createdAt": s.timestamp()}
	s.notify(to, from, "app.bsky.feed.like", like, "like", subject)
}

// notify stores value as a new record of from and notifies to about it;
// s.mu must be held.
func (s *Server) notify(to, from *account, collection string, value map[string]any, reason, subject string) Record {
	raw, err := json.Marshal(value)
	if err != nil {
		panic(err)
	}
	rec := &Record{Rkey: s.nextTID(), Value: raw, CreatedAt: value["createdAt"].(string)}
	rec.Text, _ = value["text"].(string)
	from.store(collection, rec)
	to.notifications = append(to.notifications, notification{
		record: rec, author: from, reason: reason, reasonSubject: subject, indexedAt: s.Now().UTC(),
	})
	return *rec
}

func (s *Server) timestamp() string { return s.Now().UTC().Format("2006-01-02T15:04:05.000Z") }

func ref(r *Record) strongRef { return strongRef{URI: r.URI, CID: r.CID} }

// author returns the account of a handle or DID, registering a new
// handle; s.mu must be held.
func (s *Server) author(id string) *account {
	if a := s.account(id); a != nil {
		return a
	}
	return s.register(id)
}

func (s *Server) mustAccount(id string) *account {
	a := s.account(id)
	if a == nil {
		panic(fmt.Sprintf("blueskyfake: unknown account %q", id))
	}
	return a
}

// mustRecord returns the record at an at:// URI and its repo's account;
// s.mu must be held.
func (s *Server) mustRecord(uri string) (*Record, *account) {
	if rec, a := s.record(uri); rec != nil {
		return rec, a
	}
	panic(fmt.Sprintf("blueskyfake: unknown record %q", uri))
}

// listNotifications handles app.bsky.notification.listNotifications: the
// caller's notifications, newest indexedAt first, of the given reasons (all
// when none), with a cursor after every non-empty page. Its cursor is the
// reference AppView's keyset, "<indexedAt in ms>::<cid>" of the last
// notification listed.
func (s *Server) listNotifications(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, ok := limitParam(w, q.Get("limit"))
	if !ok {
		return
	}
	var after *notification
	if c := q.Get("cursor"); c != "" {
		ms, cid, found := strings.Cut(c, "::")
		n, err := strconv.ParseInt(ms, 10, 64)
		if !found || err != nil {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "Malformed cursor")
			return
		}
		after = &notification{indexedAt: time.UnixMilli(n), record: &Record{CID: cid}}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, t, ok := s.bearer(w, r, accessToken)
	if !ok {
		return
	}
	all := slices.Clone(s.accounts[t.did].notifications)
	slices.SortFunc(all, newestFirst)
	reasons := q["reasons"]
	page := []map[string]any{}
	var last notification
	for _, n := range all {
		if len(page) == limit {
			break
		}
		if (after != nil && newestFirst(n, *after) <= 0) || (len(reasons) > 0 && !slices.Contains(reasons, n.reason)) {
			continue
		}
		v := map[string]any{
			"uri": n.record.URI, "cid": n.record.CID, "reason": n.reason, "record": n.record.Value, "isRead": false,
			"indexedAt": n.indexedAt.Format("2006-01-02T15:04:05.000Z"), "labels": []any{},
			"author": map[string]any{"did": n.author.did, "handle": n.author.handle, "labels": []any{}},
		}
		if n.reasonSubject != "" {
			v["reasonSubject"] = n.reasonSubject
		}
		page = append(page, v)
		last = n
	}
	out := map[string]any{"notifications": page}
	if len(page) > 0 {
		out["cursor"] = strconv.FormatInt(last.indexedAt.UnixMilli(), 10) + "::" + last.record.CID
	}
	writeJSON(w, out)
}

// newestFirst orders notifications as the AppView lists them: by
// indexedAt (to the millisecond it shows), then CID, both descending.
func newestFirst(x, y notification) int {
	return cmp.Or(y.indexedAt.Truncate(time.Millisecond).Compare(x.indexedAt.Truncate(time.Millisecond)), strings.Compare(y.record.CID, x.record.CID))
}
