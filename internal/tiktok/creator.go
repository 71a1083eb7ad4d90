package tiktok

import (
	"context"
	"slices"
)

// creator is what creator_info tells of the account before a post: the
// privacy levels its posts may take and its interaction settings.
// Its max_video_post_duration_sec is not read: Relais does not know a
// video's duration, and TikTok refuses a longer one
// (duration_check_failed).
type creator struct {
	PrivacyOptions  []Privacy `json:"privacy_level_options"`
	CommentDisabled bool      `json:"comment_disabled"`
	DuetDisabled    bool      `json:"duet_disabled"`
	StitchDisabled  bool      `json:"stitch_disabled"`
}

// creatorInfo reads the account's creator info, which TikTok asks for
// before each post: its privacy options change when the account turns
// private or public. It makes nothing, so its failures are never
// ambiguous.
func (c *Client) creatorInfo(ctx context.Context, token string) (creator, error) {
	var cr creator
	err := c.do(ctx, call{op: "publish: creator info", path: "/v2/post/publish/creator_info/query/", token: token}, &cr)
	return cr, err
}

func (cr creator) allows(p Privacy) bool { return slices.Contains(cr.PrivacyOptions, p) }
