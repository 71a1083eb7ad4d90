package meta

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// photos posts several images: each is uploaded as an unpublished photo
// (published=false, which makes no post), then one feed post attaches
// them all. Only that last call makes the post. The photos' ids are kept
// for the post's retry, which uploads only those not uploaded yet; once
// the post is out, or refused for good, they are forgotten.
func (f *Facebook) photos(ctx context.Context, k call, account, key string, images []relais.Attachment, message string) (string, error) {
	h := f.c.uploads.post(relais.Facebook, account, key, f.c.Now())
	ids := make([]string, len(images))
	for i, a := range images {
		s := slot(i, a)
		if id, ok := h.get(s); ok {
			ids[i] = id
			continue
		}
		up := call{network: relais.Facebook, op: "publish: upload photo", method: http.MethodPost, path: node(account, "photos"), token: k.token,
			form: url.Values{"url": {a.URL}, "published": {"false"}}}
		if a.Alt != "" {
			up.form.Set("alt_text_custom", a.Alt)
		}
		id, err := f.c.create(ctx, up)
		if err != nil {
			h.settle(err)
			return "", err
		}
		h.put(s, id, photoReuse)
		ids[i] = id
	}
	k.path = node(account, "feed")
	k.form = url.Values{"message": {message}}
	for i, id := range ids {
		b, err := json.Marshal(struct {
			ID string `json:"media_fbid"`
		}{id})
		if err != nil {
			return "", k.nc().Refusef("encode attached_media: %v", err)
		}
		k.form.Set(fmt.Sprintf("attached_media[%d]", i), string(b))
	}
	id, err := f.c.create(ctx, k)
	h.settle(err)
	return id, err
}

// Page video statuses (status.video_status) that end processing.
const (
	videoReady = "ready"
	// A video that failed is not shown on the Page.
	videoError, videoUploadFailed, videoExpired = "error", "upload_failed", "expired"
)

// video posts a video as a Page video: Meta fetches it from its URL
// (file_url) and makes the post in that one call, then processes the
// video. A Reel only when the post asks (option format=reel, see reel):
// Reels take only 9:16 video of 3 to 90 seconds (Reels Publishing
// guide), which Relais cannot tell from a media item.
//
// A Page video has no upload apart from its post, so there is nothing to
// keep for a retry: once the call is answered, the post exists. The
// adapter then reads the video's status a bounded number of times, to
// report a video Meta could not process (it shows nowhere: the post
// failed for good). A video still processing when the reads end is
// reported published, since Meta publishes it once processed and a retry
// would post it twice.
func (f *Facebook) video(ctx context.Context, k call, account string, v relais.Attachment, description string) (string, error) {
	k.path = node(account, "videos")
	k.form = url.Values{"file_url": {v.URL}, "description": {description}}
	k.makes = "the video post"
	id, err := f.c.create(ctx, k)
	if err != nil {
		return "", err
	}
	if err := f.awaitVideo(ctx, k.token, id); err != nil {
		return "", err
	}
	return id, nil
}

// A phase of a video's status (processing_phase; a Reel's also
// uploading_phase and publishing_phase) and its errors.
type phase struct {
	Status string `json:"status"`
	Errors []struct {
		Message string `json:"message"`
	} `json:"errors"`
}

// Phase statuses: a Reel is out once its publishing phase is complete.
const phaseNotStarted, phaseInProgress, phaseError = "not_started", "in_progress", "error"

// why is msg with Meta's first error of the phase, if any, free of the token.
func (p phase) why(msg, token string) string {
	if len(p.Errors) > 0 {
		msg += ": " + netcall.Message(p.Errors[0].Message, token)
	}
	return msg
}

// awaitVideo reads a new video's status until Meta has processed it. Only
// Meta's word that processing (or a Reel's publishing) failed is an error: any other end (the
// budget spent, a read failed, the attempt stopped) leaves the post Meta
// made.
func (f *Facebook) awaitVideo(ctx context.Context, token, id string) error {
	k := call{network: relais.Facebook, op: "publish: video status", method: http.MethodGet, path: node(id),
		query: url.Values{"fields": {"status"}}, token: token}
	budget := f.c.MaxPolls
	var failed *netcall.Error
	read := func() (bool, error) {
		var out struct {
			Status struct {
				VideoStatus string `json:"video_status"`
				Processing  phase  `json:"processing_phase"`
				Publishing  phase  `json:"publishing_phase"`
			} `json:"status"`
		}
		if err := f.c.do(ctx, k, &out); err != nil {
			return false, err
		}
		st, pub := out.Status.VideoStatus, out.Status.Publishing
		switch {
		case st == videoError || st == videoUploadFailed || st == videoExpired:
			failed = k.nc().Refuse(errors.New(out.Status.Processing.why("Meta could not process the video (video_status "+st+"), so the post is not shown", token)))
			return false, failed
		case pub.Status == phaseError:
			failed = k.nc().Refuse(errors.New(pub.why("Meta could not publish the Reel", token)))
			return false, failed
		case st == videoReady && pub.Status != phaseInProgress && pub.Status != phaseNotStarted:
			return true, nil
		}
		return false, nil
	}
	if err := f.c.poll(ctx, &budget, read); err != nil && failed != nil {
		return failed
	}
	return nil
}
