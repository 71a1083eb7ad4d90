package threadsfake

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
	"github.com/relais-dev/relais/internal/netfake"
)

// Media is a published post or reply, as the fake stores it.
type Media struct {
	ID string
	// Account is the author's Threads user id, empty for a reply someone
	// else wrote (AddReply); Username is theirs.
	Account, Username string
	// Type is the listing's media_type: TEXT_POST, IMAGE, VIDEO or
	// CAROUSEL_ALBUM.
	Type  string
	Text  string
	Items []Item
	// ReplyTo is the media a reply answers and Root the post it is under;
	// both are empty for a post.
	ReplyTo, Root string
	Hidden        bool
	CreatedAt     time.Time
}

// Item is an image or a video of a post: its container's media type
// (IMAGE or VIDEO), URL and alt text.
type Item struct {
	Type, URL, Alt string
}

// root is the post a media is under, itself for a post.
func (m *Media) root() string {
	if m.Root != "" {
		return m.Root
	}
	return m.ID
}

// fields is a media as the API gives it, with the fields asked for.
func (m *Media) fields(fields string) map[string]any {
	out := map[string]any{"id": m.ID}
	for _, f := range strings.Split(fields, ",") {
		switch f {
		case "text":
			out["text"] = m.Text
		case "timestamp":
			out["timestamp"] = graphTime(m.CreatedAt)
		case "media_type":
			out["media_type"] = m.Type
		case "media_product_type":
			out["media_product_type"] = "THREADS"
		case "username":
			out["username"] = m.Username
		case "is_reply":
			out["is_reply"] = m.ReplyTo != ""
		}
	}
	return out
}

// find returns a media by id, or nil. Callers hold mu.
func (s *Server) find(id string) *Media {
	for _, m := range s.media {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// Posts returns an account's posts, replies left out, oldest first.
func (s *Server) Posts(accountID string) []Media {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Media
	for _, m := range s.media {
		if m.Account == accountID && m.ReplyTo == "" {
			out = append(out, *m)
		}
	}
	return out
}

// Replies returns the replies an account published, oldest first.
func (s *Server) Replies(accountID string) []Media {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Media
	for _, m := range s.media {
		if m.Account == accountID && m.ReplyTo != "" {
			out = append(out, *m)
		}
	}
	return out
}

// Get returns a post or reply by id.
func (s *Server) Get(id string) (Media, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.find(id); m != nil {
		return *m, true
	}
	return Media{}, false
}

// AddReply stores a reply someone (username) wrote to a post or reply, as
// on Threads by hand, and returns its id. It panics on an unknown parent,
// a test's mistake.
func (s *Server) AddReply(parentID, username, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	parent := s.find(parentID)
	if parent == nil {
		panic(fmt.Sprintf("threadsfake: no media %q to reply to", parentID))
	}
	m := &Media{ID: s.nextID(), Username: username, Type: "TEXT_POST", Text: text, ReplyTo: parentID, Root: parent.root(), CreatedAt: s.Now()}
	s.media = append(s.media, m)
	return m.ID
}

// published counts what an account published in the window before now:
// its replies, or its posts. Callers hold mu.
func (s *Server) published(accountID string, replies bool, now time.Time) int {
	n := 0
	for _, m := range s.media {
		if m.Account == accountID && (m.ReplyTo != "") == replies && now.Sub(m.CreatedAt) < window {
			n++
		}
	}
	return n
}

// earliestSince is the earliest since a listing takes.
const earliestSince = 1688540400

// listPosts handles GET /{user-id}/threads?fields&since&until&limit&after:
// the account's posts, newest first, in pages with Graph's cursors. The
// cursor is an offset; Threads' are opaque. Callers hold mu.
func (s *Server) listPosts(w http.ResponseWriter, q *request) {
	if !allowed(w, q, "threads_basic") {
		return
	}
	p := q.params
	since, serr := timeParam(p.Get("since"))
	until, uerr := timeParam(p.Get("until"))
	limit, lerr := intParam(p.Get("limit"), 25)
	from, aerr := intParam(p.Get("after"), 0)
	switch {
	case serr != nil || uerr != nil || (!since.IsZero() && since.Unix() < earliestSince):
		writeError(w, http.StatusBadRequest, codeInvalid, 0, fmt.Sprintf("(#100) since and until must be unix times or dates from %d", earliestSince))
		return
	case lerr != nil || limit < 0 || aerr != nil || from < 0:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) limit and after must be non-negative numbers")
		return
	}
	limit = min(max(limit, 1), s.MaxLimit)
	var posts []*Media
	for _, m := range slices.Backward(s.media) {
		if m.Account == q.node && m.ReplyTo == "" && !m.CreatedAt.Before(since) && (until.IsZero() || !m.CreatedAt.After(until)) {
			posts = append(posts, m)
		}
	}
	if netfake.Stale(q.r) && len(posts) > 0 {
		posts = posts[1:]
	}
	from = min(from, len(posts))
	to := min(from+limit, len(posts))
	data := make([]map[string]any, 0, to-from)
	for _, m := range posts[from:to] {
		data = append(data, m.fields(p.Get("fields")))
	}
	out := map[string]any{"data": data}
	if to > from {
		paging := map[string]any{"cursors": map[string]string{"before": strconv.Itoa(from), "after": strconv.Itoa(to)}}
		if to < len(posts) {
			paging["next"] = nextLink(q, strconv.Itoa(to))
		}
		out["paging"] = paging
	}
	graphfake.WriteJSON(w, http.StatusOK, out)
}

// nextLink is the absolute URL of the next page. Like Graph's, it repeats
// the parameters, the token among them.
func nextLink(q *request, after string) string {
	v := url.Values{}
	for k, x := range q.params {
		v[k] = x
	}
	v.Set("access_token", q.token)
	v.Set("after", after)
	scheme := "http"
	if q.r.TLS != nil {
		scheme = "https"
	}
	return (&url.URL{Scheme: scheme, Host: q.r.Host, Path: q.r.URL.Path, RawQuery: v.Encode()}).String()
}

// timeParam reads a since or until: unix seconds, a date or an RFC 3339
// time; zero when absent.
func timeParam(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.Unix(n, 0), nil
	}
	for _, layout := range []string{time.DateOnly, time.RFC3339} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad time %q", v)
}

func intParam(v string, def int) (int, error) {
	if v == "" {
		return def, nil
	}
	return strconv.Atoi(v)
}

// publishingLimit handles GET /{user-id}/threads_publishing_limit?fields=:
// the posts and replies of the last 24 hours against the limits. Callers
// hold mu.
func (s *Server) publishingLimit(w http.ResponseWriter, q *request) {
	if !allowed(w, q, "threads_basic", "threads_content_publish") {
		return
	}
	fields := q.params.Get("fields")
	if fields == "" {
		fields = "quota_usage"
	}
	now := s.Now()
	config := func(total int) map[string]int {
		return map[string]int{"quota_total": total, "quota_duration": int(window / time.Second)}
	}
	out := map[string]any{}
	for _, f := range strings.Split(fields, ",") {
		switch f {
		case "quota_usage":
			out[f] = s.published(q.node, false, now)
		case "config":
			out[f] = config(s.PostLimit)
		case "reply_quota_usage", "reply_config":
			if !allowed(w, q, "threads_manage_replies") {
				return
			}
			if f == "reply_config" {
				out[f] = config(s.ReplyLimit)
			} else {
				out[f] = s.published(q.node, true, now)
			}
		default:
			writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) Unknown field "+f)
			return
		}
	}
	graphfake.WriteJSON(w, http.StatusOK, map[string]any{"data": []any{out}})
}
