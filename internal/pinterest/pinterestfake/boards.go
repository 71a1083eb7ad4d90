package pinterestfake

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Paging, as Pinterest's reference documents it.
const (
	defaultPageSize = 25
	maxPageSize     = 250
)

// shownBoard is a board as the API shows it.
type shownBoard struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Privacy   string `json:"privacy"`
	CreatedAt string `json:"created_at"`
	PinCount  int    `json:"pin_count"`
	Owner     struct {
		Username string `json:"username"`
	} `json:"owner"`
}

// listBoards handles GET /v5/boards: the person's boards, oldest first, a
// page at a time.
func (s *Server) listBoards(w http.ResponseWriter, r *http.Request, userID string) {
	s.mu.Lock()
	var boards []shownBoard
	for _, b := range s.boards {
		if b.owner != userID {
			continue
		}
		sb := shownBoard{ID: b.id, Name: b.name, Privacy: "PUBLIC", CreatedAt: b.created.Format(time.RFC3339)}
		sb.Owner.Username = s.users[b.owner].username
		for _, p := range s.pins {
			if p.BoardID == b.id {
				sb.PinCount++
			}
		}
		boards = append(boards, sb)
	}
	s.mu.Unlock()
	slices.SortFunc(boards, func(a, b shownBoard) int {
		return strings.Compare(a.CreatedAt+a.ID, b.CreatedAt+b.ID)
	})
	writePage(w, r, boards)
}

// writePage answers the page of items that page_size and bookmark ask
// for, with the bookmark of the next page, null on the last.
func writePage[T any](w http.ResponseWriter, r *http.Request, items []T) {
	q := r.URL.Query()
	size, from := defaultPageSize, 0
	if v := q.Get("page_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageSize {
			writeError(w, http.StatusBadRequest, "Invalid parameters: page_size must be 1 to %d.", maxPageSize)
			return
		}
		size = n
	}
	if v := q.Get("bookmark"); v != "" {
		b, err := base64.RawURLEncoding.DecodeString(v)
		n, aerr := strconv.Atoi(strings.TrimPrefix(string(b), "offset:"))
		if err != nil || aerr != nil || n < 0 {
			writeError(w, http.StatusBadRequest, "Invalid parameters: bookmark is not one the fake gave.")
			return
		}
		from = n
	}
	end := min(from+size, len(items))
	var next *string
	if end < len(items) {
		b := base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(end)))
		next = &b
	}
	page := items[min(from, len(items)):end]
	if page == nil {
		page = []T{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": page, "bookmark": next})
}
