package tiktok

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// Metrics reads a public video's figures with the Display API's video
// query: likes, comments, shares, and views as impressions. A post
// Publish named by its publish id is looked up first: once TikTok gives
// it a public id (a PUBLIC_TO_EVERYONE post through moderation), its
// figures are read; a post that is not public has none, which is a
// permanent refusal.
func (c *Client) Metrics(ctx context.Context, token, _, postID string) (relais.Engagement, error) {
	k := call{op: "metrics", token: token}
	videoID := postID
	if !isVideoID(postID) {
		st, err := c.status(ctx, k, postID)
		if err != nil {
			return relais.Engagement{}, err
		}
		if videoID = st.publicID(); videoID == "" {
			return relais.Engagement{}, k.nc().Refusef("TikTok gives figures for public videos only, and post %s has no public id (%s)", postID, st.Status)
		}
	}
	k.path, k.query = "/v2/video/query/", url.Values{"fields": {"id,like_count,comment_count,share_count,view_count"}}
	k.body = map[string]any{"filters": map[string][]string{"video_ids": {videoID}}}
	var out struct {
		Videos []struct {
			ID       string `json:"id"`
			Likes    int64  `json:"like_count"`
			Comments int64  `json:"comment_count"`
			Shares   int64  `json:"share_count"`
			Views    int64  `json:"view_count"`
		} `json:"videos"`
	}
	if err := c.do(ctx, k, &out); err != nil {
		return relais.Engagement{}, err
	}
	for _, v := range out.Videos {
		if v.ID == videoID {
			return relais.Engagement{Likes: v.Likes, Comments: v.Comments, Shares: v.Shares, Impressions: v.Views}, nil
		}
	}
	return relais.Engagement{}, k.nc().Refuse(errors.New("TikTok has no public video " + videoID + " on this account"))
}

// isVideoID reports whether an id is a video's (digits) rather than a
// publish id (v_pub_url~v2.123...).
func isVideoID(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
