package tiktokfake

import (
	"net/http"
	"slices"
	"time"
)

// Privacy levels, as post_info.privacy_level takes them.
const (
	PublicToEveryone    = "PUBLIC_TO_EVERYONE"
	MutualFollowFriends = "MUTUAL_FOLLOW_FRIENDS"
	FollowerOfCreator   = "FOLLOWER_OF_CREATOR"
	SelfOnly            = "SELF_ONLY"
)

// privacyOptions are the privacy levels an account's posts may take: a
// public account's, or a private one's.
func (c Creator) privacyOptions() []string {
	if c.Private {
		return []string{FollowerOfCreator, MutualFollowFriends, SelfOnly}
	}
	return []string{PublicToEveryone, MutualFollowFriends, SelfOnly}
}

// creatorInfo handles POST /v2/post/publish/creator_info/query/. An
// account that may not post now is told so with HTTP 200 and the reason
// as the error code, as TikTok documents it ("200 (intentional)").
func (s *Server) creatorInfo(w http.ResponseWriter, _ *http.Request, a *account) {
	s.mu.Lock()
	c := a.creator
	code, why := s.barred(a, s.Now())
	s.mu.Unlock()
	if code != "" {
		writeError(w, s.logID(), http.StatusOK, code, why)
		return
	}
	writeData(w, s.logID(), map[string]any{
		"creator_avatar_url":          "https://p16-sign.tiktokcdn.com/avatar/" + a.openID + ".jpeg",
		"creator_username":            c.Username,
		"creator_nickname":            c.Nickname,
		"privacy_level_options":       c.privacyOptions(),
		"comment_disabled":            c.CommentDisabled,
		"duet_disabled":               c.Private || c.DuetDisabled,
		"stitch_disabled":             c.Private || c.StitchDisabled,
		"max_video_post_duration_sec": c.MaxVideoPostDurationSec,
	})
}

// barred returns the code and reason for which an account may not post
// now, or "": banned, over its daily cap, or one account too many for an
// unaudited app, which 5 accounts may post through in 24 hours. Callers
// hold mu.
func (s *Server) barred(a *account, now time.Time) (code, why string) {
	var own int
	posters := map[string]bool{}
	for _, p := range s.posts {
		if p.Status == Failed || now.Sub(p.CreatedAt) >= 24*time.Hour {
			continue
		}
		posters[p.OpenID] = true
		if p.OpenID == a.openID {
			own++
		}
	}
	switch {
	case a.creator.Banned:
		return codeBanned, "The user is banned from making new posts."
	case !s.audited && !posters[a.openID] && len(posters) >= unauditedPosters:
		return codeActiveUserCap, "The daily quota for active publishing users from your client is reached."
	case s.DailyPostCap > 0 && own >= s.DailyPostCap:
		return codeTooManyPosts, "The daily post cap from the API is reached for the current user."
	}
	return "", ""
}

// unauditedPosters is how many accounts may post through an unaudited app
// in 24 hours (TikTok's Direct Post guidelines).
const unauditedPosters = 5

// allows reports whether an account's posts may take a privacy level.
func (c Creator) allows(privacy string) bool {
	return slices.Contains(c.privacyOptions(), privacy)
}
