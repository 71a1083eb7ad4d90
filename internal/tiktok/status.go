package tiktok

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// Post statuses, as status/fetch reports them. Others (the processing
// ones, PROCESSING_UPLOAD and PROCESSING_DOWNLOAD among them) mean TikTok
// is still at work.
const (
	statusComplete = "PUBLISH_COMPLETE"
	statusFailed   = "FAILED"
	// statusInbox is an upload's: a draft waits in the account's inbox.
	// A direct post should never reach it.
	statusInbox = "SEND_TO_USER_INBOX"
)

// postStatus is status/fetch's data.
type postStatus struct {
	Status     string `json:"status"`
	FailReason string `json:"fail_reason"`
	// PublicIDs is publicaly_available_post_id (sic), a list of int64
	// beyond float64's exact integers, or strings.
	PublicIDs []id `json:"publicaly_available_post_id"`
}

// status reads a post's status by its publish id.
func (c *Client) status(ctx context.Context, k call, publishID string) (postStatus, error) {
	k.path, k.body = "/v2/post/publish/status/fetch/", map[string]string{"publish_id": publishID}
	var st postStatus
	err := c.do(ctx, k, &st)
	return st, err
}

// publicID is the post's public id, or "".
func (st postStatus) publicID() string {
	for _, v := range st.PublicIDs {
		if v != "" {
			return string(v)
		}
	}
	return ""
}

// await reads a new post's status until TikTok has made it, at most
// MaxPolls times, and returns its public id: "" for a post TikTok gives
// none, or for a public one it is still moderating once the reads are
// spent. The post was started: a failed read, or a post still processing
// after the reads, leaves it possibly made, which is ambiguous. A FAILED
// post was not made, and fails as its reason says.
func (c *Client) await(ctx context.Context, token, publishID string, privacy Privacy) (string, error) {
	k := call{op: "publish: status", token: token}
	for read := 1; ; read++ {
		st, err := c.status(ctx, k, publishID)
		if err != nil {
			return "", mayBeOut(err, publishID)
		}
		switch st.Status {
		case statusFailed:
			return "", failed(k, st.FailReason)
		case statusInbox:
			e := k.nc().Refusef("TikTok sent the post to the account's inbox as a draft instead of posting it (publish id %s)", publishID)
			e.Code = statusInbox
			return "", e
		case statusComplete:
			if id := st.publicID(); id != "" || privacy != PublicToEveryone || read >= c.MaxPolls {
				return id, nil
			}
		}
		if read >= c.MaxPolls {
			e := k.nc().Refusef("TikTok was still processing the post (%s) after %d reads of its status; it may go out: look for it (publish id %s)",
				netcall.Truncate(st.Status, 40), read, publishID)
			e.Kind = relais.FailAmbiguous
			return "", e
		}
		t := time.NewTimer(c.PollInterval)
		select {
		case <-ctx.Done():
			t.Stop()
			return "", mayBeOut(k.nc().Failed(0, false, ctx.Err()), publishID)
		case <-t.C:
		}
	}
}

// mayBeOut makes a failure after a post was started ambiguous: TikTok
// makes it whatever Relais hears.
func mayBeOut(err error, publishID string) error {
	var e *netcall.Error
	if errors.As(err, &e) {
		e.Kind = relais.FailAmbiguous
		e.Err = fmt.Errorf("the post was started and may be out (publish id %s): %w", publishID, e.Err)
	}
	return err
}

// failed classifies a post TikTok reports FAILED, by its fail_reason:
// nothing was posted. TikTok says which are worth a retry.
func failed(k call, reason string) *netcall.Error {
	e := k.nc().Refuse(nil)
	e.Code = netcall.Truncate(reason, 60)
	var why string
	switch reason {
	case "internal":
		e.Kind, why = relais.FailTransient, "TikTok had a temporary failure while making the post"
	case "video_pull_failed", "photo_pull_failed":
		e.Kind, why = relais.FailTransient, "TikTok could not download the media from its URL, or not within an hour"
	case "spam_risk_too_many_posts":
		e.Kind, e.RetryAfter = relais.FailTransient, capWait
		why = "the account made too many posts through the API in 24 hours"
	case "file_format_check_failed", "duration_check_failed", "frame_rate_check_failed", "picture_size_check_failed":
		why = "the media does not meet TikTok's restrictions: MP4, MOV or WebM videos at 23 to 60 frames a second, 360 to 4096 pixels a side, " +
			"no longer than the account may post; JPEG or WebP photos up to 1080p"
	case "auth_removed":
		why = "the account removed Relais' access while TikTok made the post: connect it again"
	case "spam_risk_user_banned_from_posting":
		why = "TikTok bars this account from posting"
	case "spam_risk_text":
		why = "TikTok found the text risky or spammy"
	case "spam_risk":
		why = "TikTok found the post risky"
	case "publish_cancelled":
		why = "the post was cancelled"
	default:
		why = "TikTok could not make the post"
	}
	e.Err = fmt.Errorf("%s (%s)", why, e.Code)
	return e
}
