package mastodonfake

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// maxRequestBody bounds a request body the fake reads.
const maxRequestBody = 1 << 20

// Page sizes of GET /api/v1/accounts/{id}/statuses.
const (
	defaultLimit = 20
	maxLimit     = 40
)

// postStatus handles POST /api/v1/statuses, form-encoded or JSON.
func (s *Server) postStatus(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.caller(w, r)
	if a == nil {
		return
	}
	p, err := readStatus(w, r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	text, visibility := p.Status, p.Visibility
	// A known key answers with the status it made, before any validation,
	// and creates nothing: the heart of a safe retry.
	key := r.Header.Get("Idempotency-Key")
	if rem, ok := a.keys[key]; ok && key != "" {
		if s.Now().Sub(rem.at) < IdempotencyTTL {
			writeJSON(w, http.StatusOK, statusEntity(baseURL(r), a, a.statuses[rem.index]))
			return
		}
		delete(a.keys, key)
	}
	if visibility == "" {
		visibility = "public"
	}
	// Mastodon checks the media before the status, whose text may then be
	// blank.
	media, msg := s.attachable(a, p.MediaIDs)
	if msg != "" {
		writeError(w, http.StatusUnprocessableEntity, msg)
		return
	}
	switch {
	case strings.TrimSpace(text) == "" && len(media) == 0:
		writeError(w, http.StatusUnprocessableEntity, "Validation failed: Text can't be blank")
		return
	// Mastodon counts a link as 23 characters, whatever its length.
	case relais.CountLinks23.Length(text) > s.MaxCharacters:
		writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("Validation failed: Text character limit of %d exceeded", s.MaxCharacters))
		return
	case !validVisibility(visibility):
		writeError(w, http.StatusUnprocessableEntity, "Validation failed: Visibility is not included in the list")
		return
	}
	st := Status{Text: text, Visibility: visibility, IdempotencyKey: key, InReplyToID: p.InReplyToID, Media: media}
	if st.InReplyToID != "" {
		parent, ok := s.statuses[st.InReplyToID]
		if !ok {
			// Mastodon answers alike for a status gone and one not visible.
			writeError(w, http.StatusNotFound, "Record not found")
			return
		}
		st.InReplyToAccountID = parent.owner.id
	}
	st = s.create(a, st)
	s.deliver(a, st)
	writeJSON(w, http.StatusOK, statusEntity(baseURL(r), a, st))
}

// statusParams are the parameters of POST /api/v1/statuses the fake reads.
type statusParams struct {
	Status      string   `json:"status"`
	Visibility  string   `json:"visibility"`
	InReplyToID string   `json:"in_reply_to_id"`
	MediaIDs    []string `json:"media_ids"`
}

// readStatus reads the status parameters of a form or JSON body.
func readStatus(w http.ResponseWriter, r *http.Request) (statusParams, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxRequestBody)
	var p statusParams
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/json" {
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			return p, fmt.Errorf("invalid JSON body")
		}
		return p, nil
	}
	if err := r.ParseForm(); err != nil {
		return p, fmt.Errorf("invalid form body")
	}
	f := r.PostForm
	// Rails reads an array from media_ids[] only.
	return statusParams{Status: f.Get("status"), Visibility: f.Get("visibility"), InReplyToID: f.Get("in_reply_to_id"), MediaIDs: f["media_ids[]"]}, nil
}

func validVisibility(v string) bool {
	switch v {
	case "public", "unlisted", "private", "direct":
		return true
	}
	return false
}

// listStatuses handles GET /api/v1/accounts/{id}/statuses: newest first,
// older pages by max_id, and a Link header whenever a page is full, as
// Mastodon does (so the page after the last full one is empty). Every
// status here is a top-level original, so exclude_replies and
// exclude_reblogs have nothing to remove.
func (s *Server) listStatuses(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.caller(w, r) == nil {
		return
	}
	a := s.byID[r.PathValue("id")]
	if a == nil {
		writeError(w, http.StatusNotFound, "Record not found")
		return
	}
	q := r.URL.Query()
	limit := defaultLimit
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n > 0 {
		limit = min(n, maxLimit)
	}
	maxID, hasMax := int64(0), false
	if v := q.Get("max_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			writeError(w, http.StatusUnprocessableEntity, "Invalid max_id")
			return
		}
		maxID, hasMax = n, true
	}
	base := baseURL(r)
	page := []statusJSON{}
	for i := len(a.statuses) - 1; i >= 0 && len(page) < limit; i-- {
		st := a.statuses[i]
		if id, _ := strconv.ParseInt(st.ID, 10, 64); hasMax && id >= maxID {
			continue
		}
		page = append(page, statusEntity(base, a, st))
	}
	if len(page) == limit {
		next := cloneWith(q, "max_id", page[len(page)-1].ID)
		prev := cloneWith(q, "min_id", page[0].ID)
		w.Header().Set("Link", fmt.Sprintf(`<%s%s?%s>; rel="next", <%s%s?%s>; rel="prev"`,
			base, r.URL.Path, next.Encode(), base, r.URL.Path, prev.Encode()))
	}
	writeJSON(w, http.StatusOK, page)
}

// cloneWith copies a query, keeping one paging parameter: k set to v.
func cloneWith(q url.Values, k, v string) url.Values {
	out := url.Values{}
	for name, vs := range q {
		switch name {
		case "max_id", "min_id", "since_id":
		default:
			out[name] = append([]string(nil), vs...)
		}
	}
	out[k] = []string{v}
	return out
}
