package tiktok

import (
	"context"
	"errors"
	"fmt"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// Publish posts content on the account the token names, with the
// post's options (Spec.Options), and returns the post's id
// (Published.ID). TikTok honours no idempotency key, so key is not sent,
// and the account is the token's.
func (c *Client) Publish(ctx context.Context, token, account, key string, content relais.Content) (string, error) {
	id, _, err := c.PublishNoted(ctx, token, account, key, content)
	return id, err
}

// PublishNoted implements relais.NotedPublisher: the post's id, and what
// TikTok did otherwise than asked (Published.Note).
func (c *Client) PublishNoted(ctx context.Context, token, _, _ string, content relais.Content) (string, string, error) {
	p, err := c.PublishWith(ctx, token, content, optionsOf(content.Options))
	return p.ID, p.Note, err
}

// PublishWith posts content as a direct post: a video, or photos with
// the text as their description. It reads the account's creator info,
// checks the privacy level against the account's options, inits the post
// for TikTok to pull its media from their URLs, then reads its status
// until TikTok has made it.
//
// Nothing is posted until an init is accepted; a retry after a failure
// before it starts again from creator info. Once an init is accepted,
// TikTok makes the post on its own: every later failure, and a status
// still processing after MaxPolls reads, is ambiguous, and the publisher
// looks for the post before trying again. A post TikTok reports FAILED
// was not made.
//
// A post refused because the app has not passed TikTok's audit goes out
// SELF_ONLY when o.PrivateUntilAudit allows it, which Published says;
// otherwise it is refused, permanently, saying why.
func (c *Client) PublishWith(ctx context.Context, token string, content relais.Content, o PostOptions) (Published, error) {
	k := call{op: "publish", token: token}
	p, err := shape(content)
	if err == nil && o.Privacy != "" {
		_, err = ParsePrivacy(string(o.Privacy))
	}
	if err != nil {
		return Published{}, k.nc().Refuse(err)
	}
	cr, err := c.creatorInfo(ctx, token)
	if err != nil {
		return Published{}, err
	}
	out := Published{Privacy: o.Privacy}
	switch {
	case o.Privacy == "" && o.PrivateUntilAudit && !c.Audited && cr.allows(SelfOnly):
		out.Privacy, out.PrivateUntilAudit = SelfOnly, true
		out.Note = "private until TikTok's audit: the post names no privacy level and the app has not passed TikTok's audit, so it went out SELF_ONLY, seen only by the account"
	case o.Privacy == "":
		return Published{}, k.nc().Refuse(unfit("TikTok needs the post's privacy level, which has no default; this account offers %s", join(cr.PrivacyOptions)))
	case !cr.allows(o.Privacy):
		return Published{}, k.nc().Refuse(unfit("this TikTok account does not offer %s now; it offers %s", o.Privacy, join(cr.PrivacyOptions)))
	}
	out.PublishID, err = c.start(ctx, token, p, out.Privacy, o, cr)
	if codeOf(err) == CodeUnaudited && out.Privacy != SelfOnly {
		if !o.PrivateUntilAudit || !cr.allows(SelfOnly) {
			return Published{}, unaudited(err, o.Privacy)
		}
		out.Privacy, out.PrivateUntilAudit = SelfOnly, true
		out.Note = fmt.Sprintf("private until TikTok's audit: TikTok refused %s from an app that has not passed its audit, so the post went out SELF_ONLY, seen only by the account; it can be made public in the TikTok app", o.Privacy)
		// The refused init made nothing: a second one is safe.
		out.PublishID, err = c.start(ctx, token, p, SelfOnly, o, cr)
	}
	if err != nil {
		return Published{}, err
	}
	out.ID, err = c.await(ctx, token, out.PublishID, out.Privacy)
	switch {
	case err != nil:
		return Published{}, err
	case out.ID != "":
	case out.Privacy == PublicToEveryone:
		out.ID = out.PublishID
		out.Note = joinNotes(out.Note, "TikTok made the post and is still moderating it: it has no public id yet, so Relais names it by its publish id")
	default:
		out.ID = out.PublishID
		out.Note = joinNotes(out.Note, "TikTok gives no public id to a post that is not PUBLIC_TO_EVERYONE, and lists and measures public posts only: Relais names it by its publish id")
	}
	return out, nil
}

// unaudited is the refusal of a post whose privacy level the app may not
// use before TikTok's audit, when the post does not allow going private.
func unaudited(err error, asked Privacy) error {
	var e *netcall.Error
	if errors.As(err, &e) {
		e.Err = fmt.Errorf("%w; the post asked for %s and does not allow going out SELF_ONLY until then, so nothing was posted", e.Err, asked)
	}
	return err
}

func joinNotes(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// codeOf is the TikTok code of a call's error, or "".
func codeOf(err error) string {
	var e *netcall.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// postInfo is an init's post_info. TikTok documents brand_content_toggle
// as required, so both toggles are always sent.
type postInfo struct {
	Title          string  `json:"title,omitempty"`
	Description    string  `json:"description,omitempty"`
	Privacy        Privacy `json:"privacy_level"`
	DisableComment bool    `json:"disable_comment"`
	DisableDuet    *bool   `json:"disable_duet,omitempty"`
	DisableStitch  *bool   `json:"disable_stitch,omitempty"`
	BrandContent   bool    `json:"brand_content_toggle"`
	BrandOrganic   bool    `json:"brand_organic_toggle"`
}

// sourceInfo is an init's source_info: Relais hands TikTok URLs to pull
// from.
type sourceInfo struct {
	Source      string   `json:"source"`
	VideoURL    string   `json:"video_url,omitempty"`
	PhotoImages []string `json:"photo_images,omitempty"`
	PhotoCover  *int     `json:"photo_cover_index,omitempty"`
}

// start starts a direct post and returns its publish id: a video's at
// /v2/post/publish/video/init/ with its caption as title, or photos' at
// /v2/post/publish/content/init/ with the text as description and the
// first photo as cover. An interaction the creator's settings turn off is
// sent off.
func (c *Client) start(ctx context.Context, token string, p post, privacy Privacy, o PostOptions, cr creator) (string, error) {
	info := postInfo{Privacy: privacy, DisableComment: !o.AllowComment || cr.CommentDisabled,
		BrandContent: o.BrandContent, BrandOrganic: o.BrandOrganic}
	k := call{op: "publish: init", token: token, creates: true}
	var body any
	if p.video != "" {
		duet, stitch := !o.AllowDuet || cr.DuetDisabled, !o.AllowStitch || cr.StitchDisabled
		info.Title, info.DisableDuet, info.DisableStitch = p.text, &duet, &stitch
		k.path = "/v2/post/publish/video/init/"
		body = map[string]any{"post_info": info, "source_info": sourceInfo{Source: "PULL_FROM_URL", VideoURL: p.video}}
	} else {
		cover := 0
		info.Description = p.text
		k.path = "/v2/post/publish/content/init/"
		body = map[string]any{"post_info": info, "post_mode": "DIRECT_POST", "media_type": "PHOTO",
			"source_info": sourceInfo{Source: "PULL_FROM_URL", PhotoImages: p.photos, PhotoCover: &cover}}
	}
	k.body = body
	var started struct {
		PublishID string `json:"publish_id"`
	}
	if err := c.do(ctx, k, &started); err != nil {
		return "", err
	}
	if started.PublishID == "" {
		return "", k.nc().Failed(0, true, errors.New("TikTok accepted the post but gave no publish_id: look for it among the account's posts"))
	}
	return started.PublishID, nil
}
