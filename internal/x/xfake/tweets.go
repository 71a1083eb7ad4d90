package xfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	// MaxText is X's limit on a post's text, in characters.
	MaxText = 280
	// DuplicateDetail is X's answer to a post that repeats a recent one.
	DuplicateDetail = "You are not allowed to create a Tweet with duplicate content."
	// duplicateWindow is how long X refuses the same text from one user.
	duplicateWindow = 24 * time.Hour
	maxBody         = 64 << 10
	// maxMediaPerPost is how many media ids a post takes.
	maxMediaPerPost = 4
	// MediaMix is the fake's answer to a post mixing an animated GIF or a
	// video with other media.
	MediaMix = "A post may carry up to 4 images, or one animated GIF, or one video."
)

// Post is a post as the fake keeps it, with its text as it was sent.
type Post struct {
	ID        string
	UserID    string
	Text      string
	CreatedAt time.Time
	// InReplyToID is the post a reply answers.
	InReplyToID string
	// Media are the uploads the post carries, with their descriptions.
	Media []Media
}

// tweet is a post or a reply. display and urls are what X lists: the text
// with links replaced by t.co links and &, <, > escaped, then a t.co link
// to its media if it has any, and each link's original.
type tweet struct {
	Post
	display string
	urls    []urlEntity
	// replyTo is the user whose conversation a reply is in; hidden is
	// meaningful for replies only.
	replyTo string
	hidden  bool
}

type urlEntity struct {
	URL         string `json:"url"`
	ExpandedURL string `json:"expanded_url"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	// MediaKey marks the link to the post's media.
	MediaKey string `json:"media_key,omitempty"`
}

// Posts returns a user's posts, oldest first.
func (s *Server) Posts(userID string) []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Post, len(s.posts[userID]))
	for i, t := range s.posts[userID] {
		out[i] = t.Post
	}
	return out
}

// AddReply adds a reply with id tweetID, by someone else, in a
// conversation userID started, so that userID may hide it.
func (s *Server) AddReply(userID, tweetID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tweets[tweetID] = &tweet{Post: Post{ID: tweetID, UserID: "reply-author", Text: "a reply", CreatedAt: s.Now()}, display: "a reply", replyTo: userID}
}

// Hidden reports whether a reply is hidden.
func (s *Server) Hidden(tweetID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tweets[tweetID]
	return ok && t.hidden
}

// createTweet handles POST /2/tweets.
func (s *Server) createTweet(w http.ResponseWriter, r *http.Request, userID string) {
	s.mu.Lock()
	limit := s.postLimit
	s.mu.Unlock()
	if !s.take(w, userID, "post", limit) {
		return
	}
	var req struct {
		Text  string `json:"text"`
		Reply *struct {
			InReplyToTweetID string `json:"in_reply_to_tweet_id"`
		} `json:"reply"`
		Media *struct {
			MediaIDs []string `json:"media_ids"`
		} `json:"media"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&req); err != nil {
		writeInvalid(w, "body", "the request body is not valid JSON")
		return
	}
	// A post with media may have no text.
	if strings.TrimSpace(req.Text) == "" && req.Media == nil {
		writeInvalid(w, "text", "text must not be empty")
		return
	}
	if req.Media != nil && (len(req.Media.MediaIDs) == 0 || len(req.Media.MediaIDs) > maxMediaPerPost) {
		writeInvalid(w, "media.media_ids", fmt.Sprintf("media_ids must hold 1 to %d ids", maxMediaPerPost))
		return
	}
	// X counts a link as 23 characters and CJK and emoji twice.
	if n := relais.CountX.Length(req.Text); n > MaxText {
		writeInvalid(w, "text", fmt.Sprintf("text is %d characters, more than %d", n, MaxText))
		return
	}
	now := s.Now()
	s.mu.Lock()
	var media []Media
	if req.Media != nil {
		var ok bool
		if media, ok = s.attach(userID, req.Media.MediaIDs, now); !ok {
			s.mu.Unlock()
			writeInvalid(w, "media.media_ids", MediaIDsInvalid)
			return
		}
		if len(media) > 1 && slices.ContainsFunc(media, Media.Alone) {
			s.mu.Unlock()
			writeInvalid(w, "media.media_ids", MediaMix)
			return
		}
	}
	for _, p := range s.posts[userID] {
		if req.Text != "" && p.Text == req.Text && now.Sub(p.CreatedAt) < duplicateWindow {
			s.mu.Unlock()
			writeProblem(w, http.StatusForbidden, "Forbidden", DuplicateDetail)
			return
		}
	}
	t := &tweet{Post: Post{UserID: userID, Text: req.Text, CreatedAt: now, Media: media}}
	if req.Reply != nil && !s.joinConversation(t, req.Reply.InReplyToTweetID) {
		s.mu.Unlock()
		writeProblem(w, http.StatusForbidden, "Forbidden", ReplyNotVisibleDetail)
		return
	}
	s.seq++
	t.ID = strconv.FormatInt(firstID+s.seq, 10)
	t.display, t.urls = wrapLinks(req.Text, s.seq)
	if len(media) > 0 {
		t.linkMedia(s.seq)
	}
	s.tweets[t.ID] = t
	s.posts[userID] = append(s.posts[userID], t)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]any{"data": map[string]any{"id": t.ID, "text": t.display, "edit_history_tweet_ids": []string{t.ID}}})
}

// firstID makes ids look like X's snowflake ids.
const firstID = 1_860_000_000_000_000_000

var linkPattern = regexp.MustCompile(`https?://\S+`)

// htmlEscaper escapes what X escapes in a post's text.
var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// wrapLinks is the text as X lists it: each link replaced by a t.co link,
// the rest escaped. Entity offsets count characters of the listed text.
func wrapLinks(text string, seq int64) (string, []urlEntity) {
	var b strings.Builder
	var urls []urlEntity
	last := 0
	for i, m := range linkPattern.FindAllStringIndex(text, -1) {
		b.WriteString(htmlEscaper.Replace(text[last:m[0]]))
		short := fmt.Sprintf("https://t.co/%s", tcoCode(seq, i))
		start := utf8.RuneCountInString(b.String())
		b.WriteString(short)
		urls = append(urls, urlEntity{URL: short, ExpandedURL: text[m[0]:m[1]], Start: start, End: start + utf8.RuneCountInString(short)})
		last = m[1]
	}
	b.WriteString(htmlEscaper.Replace(text[last:]))
	return b.String(), urls
}

// linkMedia ends the listed text with a t.co link to the post's media, as
// X lists a post with media; the link's entity names the first media.
func (t *tweet) linkMedia(seq int64) {
	short := fmt.Sprintf("https://t.co/%s", tcoCode(seq, len(t.urls)))
	kind := "photo"
	if t.Media[0].Category == "tweet_video" {
		kind = "video"
	}
	if t.display != "" {
		t.display += " "
	}
	start := utf8.RuneCountInString(t.display)
	t.display += short
	t.urls = append(t.urls, urlEntity{URL: short, ExpandedURL: fmt.Sprintf("https://x.com/%s/status/%s/%s/1", t.UserID, t.ID, kind), Start: start,
		End: start + utf8.RuneCountInString(short), MediaKey: t.Media[0].Key})
}

// tcoCode is a t.co-like code, unique per post and link.
func tcoCode(seq int64, i int) string {
	return fmt.Sprintf("%010s", strconv.FormatInt(seq*16+int64(i), 36))
}

// timeline handles GET /2/users/{id}/tweets: the user's posts, newest
// first, paged.
func (s *Server) timeline(w http.ResponseWriter, r *http.Request, _ string) {
	q := r.URL.Query()
	size := 10
	if v := q.Get("max_results"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 5 || n > 100 {
			writeInvalid(w, "max_results", "The `max_results` query parameter value ["+v+"] is not between 5 and 100")
			return
		}
		size = n
	}
	var since time.Time
	if v := q.Get("start_time"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			writeInvalid(w, "start_time", "Invalid 'start_time':'"+v+"'.")
			return
		}
		since = t
	}
	offset := 0
	if v := q.Get("pagination_token"); v != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(v, "page"))
		if err != nil || !strings.HasPrefix(v, "page") || n < 0 {
			writeInvalid(w, "pagination_token", "The `pagination_token` query parameter value ["+v+"] is not valid")
			return
		}
		offset = n
	}
	fields := strings.Split(q.Get("tweet.fields"), ",")

	id := r.PathValue("id")
	s.mu.Lock()
	known := s.users[id]
	var listed []*tweet
	own := s.posts[id]
	if netfake.Stale(r) && len(own) > 0 {
		own = own[:len(own)-1]
	}
	for _, t := range own {
		if !t.CreatedAt.Before(since) {
			listed = append(listed, t)
		}
	}
	s.mu.Unlock()
	if !known {
		// X answers 200 with only errors for a user it cannot find.
		writeJSON(w, http.StatusOK, map[string]any{"errors": []map[string]any{{
			"value": id, "detail": "Could not find user with id: [" + id + "].", "title": "Not Found Error",
			"resource_type": "user", "parameter": "id", "resource_id": id,
			"type": "https://api.twitter.com/2/problems/resource-not-found",
		}}})
		return
	}
	slices.Reverse(listed)
	page := listed[min(offset, len(listed)):min(offset+size, len(listed))]
	data := make([]map[string]any, len(page))
	for i, t := range page {
		d := map[string]any{"id": t.ID, "text": t.display, "edit_history_tweet_ids": []string{t.ID}}
		if slices.Contains(fields, "created_at") {
			d["created_at"] = t.CreatedAt.UTC().Format("2006-01-02T15:04:05.000Z")
		}
		if slices.Contains(fields, "entities") && len(t.urls) > 0 {
			d["entities"] = map[string]any{"urls": t.urls}
		}
		data[i] = d
	}
	meta := map[string]any{"result_count": len(page)}
	if len(page) > 0 {
		meta["newest_id"], meta["oldest_id"] = page[0].ID, page[len(page)-1].ID
	}
	if offset+size < len(listed) {
		meta["next_token"] = "page" + strconv.Itoa(offset+size)
	}
	out := map[string]any{"meta": meta}
	if len(data) > 0 {
		out["data"] = data
	}
	writeJSON(w, http.StatusOK, out)
}

// hide handles PUT /2/tweets/{id}/hidden, for replies in conversations
// the user started.
func (s *Server) hide(w http.ResponseWriter, r *http.Request, userID string) {
	if !s.take(w, userID, "hide", HideLimit) {
		return
	}
	var req struct {
		Hidden *bool `json:"hidden"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&req); err != nil || req.Hidden == nil {
		writeInvalid(w, "hidden", "hidden must be true or false")
		return
	}
	id := r.PathValue("id")
	s.mu.Lock()
	t, ok := s.tweets[id]
	owner := ok && t.replyTo == userID
	if owner {
		t.hidden = *req.Hidden
	}
	s.mu.Unlock()
	switch {
	case !ok:
		writeProblem(w, http.StatusNotFound, "Not Found Error", "Could not find tweet with id: ["+id+"].")
	case !owner:
		writeProblem(w, http.StatusForbidden, "Forbidden", "You can only hide replies in conversations you started.")
	default:
		writeJSON(w, http.StatusOK, map[string]any{"data": map[string]bool{"hidden": *req.Hidden}})
	}
}
