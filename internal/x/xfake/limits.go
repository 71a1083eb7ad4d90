package xfake

import (
	"net/http"
	"strconv"
	"time"
)

const (
	// Window is the length of X's rate-limit windows.
	Window = 15 * time.Minute
	// DefaultPostLimit is X's per-user limit on POST /2/tweets per
	// window.
	DefaultPostLimit = 200
	// HideLimit is X's per-user limit on hiding replies per window.
	HideLimit = 50
	// UploadLimit is X's per-user limit per window on each of a media
	// upload's initialize, append and finalize; StatusLimit on its status
	// looks, MetadataLimit on media metadata.
	UploadLimit   = 1875
	StatusLimit   = 1000
	MetadataLimit = 500
)

// SetLimit sets how many posts a user may make per window; n <= 0 lifts
// the limit.
func (s *Server) SetLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.postLimit = n
}

// SetUploadLimit sets how many requests a user may make per window to
// each of initialize, append and finalize; n <= 0 lifts the limit.
func (s *Server) SetUploadLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.uploadLimit = n
}

// uploadLimitNow is the limit SetUploadLimit set.
func (s *Server) uploadLimitNow() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.uploadLimit
}

// windowKey names one user's window on one endpoint.
type windowKey struct{ userID, endpoint string }

type window struct {
	start time.Time
	used  int
}

// take counts a request against the user's window on an endpoint and
// writes X's rate-limit headers; when the window is spent it answers 429
// and returns false. Like X, it counts requests, refused ones included.
func (s *Server) take(w http.ResponseWriter, userID, endpoint string, limit int) bool {
	if limit <= 0 {
		return true
	}
	now := s.Now()
	s.mu.Lock()
	k := windowKey{userID, endpoint}
	win := s.windows[k]
	if win == nil || !now.Before(win.start.Add(Window)) {
		win = &window{start: now}
		s.windows[k] = win
	}
	reset := win.start.Add(Window)
	spent := win.used >= limit
	if !spent {
		win.used++
	}
	remaining := limit - win.used
	s.mu.Unlock()
	if spent {
		writeRateLimited(w, limit, reset)
		return false
	}
	setRateHeaders(w, limit, remaining, reset)
	return true
}

func setRateHeaders(w http.ResponseWriter, limit, remaining int, reset time.Time) {
	h := w.Header()
	h.Set("x-rate-limit-limit", strconv.Itoa(limit))
	h.Set("x-rate-limit-remaining", strconv.Itoa(remaining))
	h.Set("x-rate-limit-reset", strconv.FormatInt(reset.Unix(), 10))
}

func writeRateLimited(w http.ResponseWriter, limit int, reset time.Time) {
	setRateHeaders(w, limit, 0, reset)
	writeProblem(w, http.StatusTooManyRequests, "Too Many Requests", "Too Many Requests")
}
