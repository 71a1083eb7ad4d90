package tiktokfake

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf16"
)

// Post statuses, as status/fetch reports them.
const (
	ProcessingDownload = "PROCESSING_DOWNLOAD"
	PublishComplete    = "PUBLISH_COMPLETE"
	Failed             = "FAILED"
)

// Limits of the Content Posting API's references and media guide.
const (
	// MaxCaption is a video's caption (post_info.title), MaxPhotoTitle and
	// MaxPhotoDescription a photo post's, in UTF-16 code units.
	MaxCaption          = 2200
	MaxPhotoTitle       = 90
	MaxPhotoDescription = 4000
	// MaxPhotos is how many photos one post takes.
	MaxPhotos = 35
	// MaxVideoBytes and MaxPhotoBytes are the media guide's 4 GB and 20
	// MB, read as decimal units.
	MaxVideoBytes = 4_000_000_000
	MaxPhotoBytes = 20_000_000
	// firstVideoID makes video ids look like TikTok's 19-digit ones.
	firstVideoID = 7440000000000000000
)

// Post is a post as the fake keeps it.
type Post struct {
	// PublishID tracks the post from its init; VideoID is its public id,
	// given once a PUBLIC_TO_EVERYONE post is through moderation.
	PublishID, VideoID string
	OpenID             string
	// Photo is set for a photo post; Media are the URLs it was made from.
	Photo bool
	Media []string
	// Title is a video's caption or a photo post's title; Description is
	// a photo post's description.
	Title, Description string
	Privacy            string
	DisableComment     bool
	DisableDuet        bool
	DisableStitch      bool
	CreatedAt          time.Time
	// Status is the post's outcome once processed, and FailReason why it
	// failed.
	Status, FailReason string

	reads int // status reads so far
}

// Posts returns an account's posts, failed ones included, oldest first.
func (s *Server) Posts(openID string) []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Post
	for _, p := range s.posts {
		if p.OpenID == openID {
			out = append(out, *p)
		}
	}
	return out
}

// postInfo is the post_info of both inits; a video takes the duet and
// stitch settings, a photo post its description.
type postInfo struct {
	Title              string `json:"title"`
	Description        string `json:"description"`
	PrivacyLevel       string `json:"privacy_level"`
	DisableDuet        bool   `json:"disable_duet"`
	DisableStitch      bool   `json:"disable_stitch"`
	DisableComment     bool   `json:"disable_comment"`
	BrandContentToggle *bool  `json:"brand_content_toggle"`
	BrandOrganicToggle bool   `json:"brand_organic_toggle"`
}

// sourceInfo is the source_info of both inits.
type sourceInfo struct {
	Source          string   `json:"source"`
	VideoURL        string   `json:"video_url"`
	PhotoImages     []string `json:"photo_images"`
	PhotoCoverIndex *int     `json:"photo_cover_index"`
}

// videoInit handles POST /v2/post/publish/video/init/: a direct post of a
// video TikTok pulls from its URL.
func (s *Server) videoInit(w http.ResponseWriter, r *http.Request, a *account) {
	var req struct {
		PostInfo   *postInfo   `json:"post_info"`
		SourceInfo *sourceInfo `json:"source_info"`
	}
	if !s.readJSON(w, r, &req, codeInvalidParam) {
		return
	}
	var why string
	switch {
	case req.PostInfo == nil || req.SourceInfo == nil:
		why = "post_info and source_info are required"
	case req.SourceInfo.Source != "PULL_FROM_URL":
		why = "the fake takes source PULL_FROM_URL only"
	case req.SourceInfo.VideoURL == "":
		why = "video_url is required for PULL_FROM_URL"
	case units(req.PostInfo.Title) > MaxCaption:
		why = fmt.Sprintf("title is longer than %d UTF-16 runes", MaxCaption)
	default:
		why = checkInfo(*req.PostInfo)
	}
	if why != "" {
		writeError(w, s.logID(), http.StatusBadRequest, codeInvalidParam, why)
		return
	}
	p := &Post{OpenID: a.openID, Media: []string{req.SourceInfo.VideoURL}, Title: req.PostInfo.Title,
		Privacy: req.PostInfo.PrivacyLevel, DisableComment: req.PostInfo.DisableComment,
		DisableDuet: req.PostInfo.DisableDuet, DisableStitch: req.PostInfo.DisableStitch}
	s.accept(w, r, a, p)
}

// contentInit handles POST /v2/post/publish/content/init/: a direct post
// of photos TikTok pulls from their URLs.
func (s *Server) contentInit(w http.ResponseWriter, r *http.Request, a *account) {
	var req struct {
		PostInfo   *postInfo   `json:"post_info"`
		SourceInfo *sourceInfo `json:"source_info"`
		PostMode   string      `json:"post_mode"`
		MediaType  string      `json:"media_type"`
	}
	if !s.readJSON(w, r, &req, codeInvalidParam) {
		return
	}
	var why string
	switch {
	case req.MediaType != "PHOTO":
		why = "media_type must be PHOTO"
	// TikTok's reference writes DIRECT POST, its examples DIRECT_POST.
	case req.PostMode != "DIRECT_POST" && req.PostMode != "DIRECT POST":
		why = "the fake takes post_mode DIRECT_POST only"
	case req.PostInfo == nil || req.SourceInfo == nil:
		why = "post_info and source_info are required"
	case req.SourceInfo.Source != "PULL_FROM_URL":
		why = "source must be PULL_FROM_URL"
	case len(req.SourceInfo.PhotoImages) == 0 || len(req.SourceInfo.PhotoImages) > MaxPhotos:
		why = fmt.Sprintf("photo_images takes 1 to %d URLs", MaxPhotos)
	case req.SourceInfo.PhotoCoverIndex == nil || *req.SourceInfo.PhotoCoverIndex < 0 || *req.SourceInfo.PhotoCoverIndex >= len(req.SourceInfo.PhotoImages):
		why = "photo_cover_index must be the index of one of photo_images"
	case units(req.PostInfo.Title) > MaxPhotoTitle:
		why = fmt.Sprintf("title is longer than %d UTF-16 runes", MaxPhotoTitle)
	case units(req.PostInfo.Description) > MaxPhotoDescription:
		why = fmt.Sprintf("description is longer than %d UTF-16 runes", MaxPhotoDescription)
	default:
		why = checkInfo(*req.PostInfo)
	}
	if why != "" {
		writeError(w, s.logID(), http.StatusBadRequest, codeInvalidParam, why)
		return
	}
	p := &Post{OpenID: a.openID, Photo: true, Media: req.SourceInfo.PhotoImages, Title: req.PostInfo.Title,
		Description: req.PostInfo.Description, Privacy: req.PostInfo.PrivacyLevel, DisableComment: req.PostInfo.DisableComment}
	s.accept(w, r, a, p)
}

// checkInfo returns why post_info is invalid whatever the account, or "".
func checkInfo(pi postInfo) string {
	switch pi.PrivacyLevel {
	case "", PublicToEveryone, MutualFollowFriends, FollowerOfCreator, SelfOnly:
	default:
		return "privacy_level must be PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR or SELF_ONLY"
	}
	if pi.BrandContentToggle == nil {
		return "brand_content_toggle is required"
	}
	return ""
}

// accept refuses a post the account or the app may not make, in the
// order TikTok's error table suggests, or records it and answers its
// publish id. The media is pulled at once; the post's status shows the
// outcome after Server.ProcessingReads reads.
func (s *Server) accept(w http.ResponseWriter, r *http.Request, a *account, p *Post) {
	s.mu.Lock()
	now := s.Now()
	creator, audited := a.creator, s.audited
	code, why := s.barred(a, now)
	status, mcode, mwhy := s.checkMedia(p.Media)
	s.mu.Unlock()
	switch {
	case !creator.allows(p.Privacy):
		status, code, why = http.StatusForbidden, codePrivacyMismatch,
			"privacy_level is not specified or not among the options from the privacy_level_options returned in /publish/creator_info/query/ API."
	case !audited && p.Privacy != SelfOnly:
		status, code, why = http.StatusForbidden, codeUnaudited, "Unaudited clients can only post to a private account."
	case code != "":
		status = http.StatusForbidden
	default:
		code, why = mcode, mwhy
	}
	if code != "" {
		writeError(w, s.logID(), status, code, why)
		return
	}
	// TikTok turns off what the creator's settings or a private account
	// do not allow, whatever was asked.
	p.DisableDuet = p.DisableDuet || creator.Private || creator.DuetDisabled
	p.DisableStitch = p.DisableStitch || creator.Private || creator.StitchDisabled
	p.DisableComment = p.DisableComment || creator.CommentDisabled
	// TikTok pulls the media on its own once it took the init: a caller
	// that hangs up does not stop it.
	p.Status, p.FailReason = PublishComplete, s.pull(context.WithoutCancel(r.Context()), p)
	if p.FailReason != "" {
		p.Status = Failed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	kind := "v_pub_url~v2."
	if p.Photo {
		kind = "p_pub_url~v2."
	}
	p.PublishID, p.CreatedAt = fmt.Sprintf("%s%d", kind, 7000000000+s.seq), now
	s.posts = append(s.posts, p)
	s.advance(p)
	writeData(w, s.logID(), map[string]string{"publish_id": p.PublishID})
}

// checkMedia refuses media URLs TikTok would not pull from: not https
// (or http when allowed), or not under a verified prefix once one is.
// Callers hold mu.
func (s *Server) checkMedia(media []string) (status int, code, why string) {
	for _, m := range media {
		u, err := url.Parse(m)
		if err != nil || u.Host == "" || (u.Scheme != "https" && !(s.AllowHTTP && u.Scheme == "http")) {
			return http.StatusBadRequest, codeInvalidParam, "media URLs must be https URLs"
		}
		if len(s.verified) > 0 && !slices.ContainsFunc(s.verified, func(v string) bool { return strings.HasPrefix(m, v) }) {
			return http.StatusForbidden, codeURLUnverified,
				"To use PULL_FROM_URL as the media transfer method, the developer must verify the ownership of the URL prefix or domain."
		}
	}
	return 0, "", ""
}

// units counts s in UTF-16 code units, as TikTok counts its limits.
func units(s string) int {
	return len(utf16.Encode([]rune(s)))
}
