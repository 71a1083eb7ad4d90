package tiktokfake

import "time"

// RateWindow is the length of TikTok's sliding rate-limit window.
const RateWindow = time.Minute

// endpointLimit is how many requests one access token may make to an
// endpoint in a RateWindow.
type endpointLimit struct {
	name string
	n    int
}

// The limits TikTok's references give per user access token: creator
// info 20, each init 6, status 30 a minute; the Display API's default 600
// a minute, which the fake also counts per token. TikTok sends no header
// saying how many are left or when the window frees.
var (
	limitCreatorInfo = endpointLimit{"creator_info", 20}
	limitVideoInit   = endpointLimit{"video_init", 6}
	limitContentInit = endpointLimit{"content_init", 6}
	limitStatus      = endpointLimit{"status_fetch", 30}
	limitVideoList   = endpointLimit{"video_list", 600}
	limitVideoQuery  = endpointLimit{"video_query", 600}
)

// limitKey names one token's window on one endpoint.
type limitKey struct{ token, endpoint string }

// take counts a request against the token's sliding window on an
// endpoint and reports whether it is within the limit: at most n requests
// let through in any RateWindow.
func (s *Server) take(token string, l endpointLimit) bool {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	k := limitKey{token, l.name}
	var kept []time.Time
	for _, t := range s.calls[k] {
		if now.Sub(t) < RateWindow {
			kept = append(kept, t)
		}
	}
	if len(kept) >= l.n {
		s.calls[k] = kept
		return false
	}
	s.calls[k] = append(kept, now)
	return true
}
