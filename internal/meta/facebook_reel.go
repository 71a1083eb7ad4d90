package meta

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// reelReuse is how long a started Reel upload is reused: Meta documents
// no lifetime for a video_id left unfinished; an hour covers the
// publisher's retries of one post, after which a new one is started.
const reelReuse = time.Hour

// graphHost and ruploadHost are the Graph API's host and the one Reels'
// videos are uploaded to (Reels Publishing guide).
const (
	graphHost   = "graph.facebook.com"
	ruploadHost = "rupload.facebook.com"
)

// ruploadOf is the upload root for a Graph base URL, at its version: on
// rupload.facebook.com in production, and on the base's own host
// elsewhere (a metafake server), so that the token goes to no third host.
func ruploadOf(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return ""
	}
	version := strings.TrimPrefix(u.Path, "/")
	if u.Host == graphHost {
		u.Host = ruploadHost
	}
	u.Path = "/video-upload/" + version
	return u.String()
}

// reel posts a video as a Reel (Reels Publishing guide): start an upload
// session (POST /{page}/video_reels, upload_phase=start), which gives a
// video id; have Meta fetch the video from its URL (POST to rupload,
// header file_url); then finish (upload_phase=finish,
// video_state=PUBLISHED), which makes the post. Start and upload make no
// post: the video id, and whether its video was uploaded, are kept for
// the post's retry, which goes on from the step that failed. Only finish
// can leave it unknown whether the Reel is out. The status is then read
// as a Page video's (awaitVideo).
func (f *Facebook) reel(ctx context.Context, k call, account, key string, v relais.Attachment, description string) (string, error) {
	h := f.c.uploads.post(relais.Facebook, account, key, f.c.Now())
	started, uploaded := "reel\x00"+slot(0, v), "reel uploaded\x00"+slot(0, v)
	id, ok := h.get(started)
	if !ok {
		var err error
		if id, err = f.startReel(ctx, k.token, account); err != nil {
			h.settle(err)
			return "", err
		}
		h.put(started, id, reelReuse)
	}
	if _, ok := h.get(uploaded); !ok {
		if err := f.uploadReel(ctx, k.token, id, v.URL); err != nil {
			h.settle(err)
			return "", err
		}
		h.put(uploaded, id, reelReuse)
	}
	k.path = node(account, "video_reels")
	k.query = url.Values{"upload_phase": {"finish"}, "video_id": {id}, "video_state": {"PUBLISHED"}}
	// The description goes in the body: a Page post's text may be longer
	// than a URL should be.
	k.form = url.Values{"description": {description}}
	k.makes = "the Reel"
	var out struct {
		Success bool `json:"success"`
	}
	err := f.c.do(ctx, k, &out)
	if err == nil && !out.Success {
		err = k.failed(http.StatusOK, true, errors.New("Meta did not confirm the Reel"))
	}
	h.settle(err)
	if err != nil {
		return "", err
	}
	if err := f.awaitVideo(ctx, k.token, id); err != nil {
		return "", err
	}
	return id, nil
}

// startReel opens a Reel's upload session and returns its video id.
func (f *Facebook) startReel(ctx context.Context, token, account string) (string, error) {
	k := call{network: relais.Facebook, op: "publish: start reel", method: http.MethodPost, path: node(account, "video_reels"),
		query: url.Values{"upload_phase": {"start"}}, token: token}
	var out struct {
		VideoID string `json:"video_id"`
	}
	if err := f.c.do(ctx, k, &out); err != nil {
		return "", err
	}
	if out.VideoID == "" {
		return "", k.failed(http.StatusOK, true, errors.New("the answer carries no video_id"))
	}
	return out.VideoID, nil
}

// uploadReel has Meta fetch a Reel's video from its URL into the session
// of video id. It makes no post: a failure is never ambiguous.
func (f *Facebook) uploadReel(ctx context.Context, token, id, file string) error {
	k := call{network: relais.Facebook, op: "publish: upload reel", method: http.MethodPost,
		rawURL: f.c.ruploadURL + "/" + url.PathEscape(id), token: token, header: http.Header{"file_url": {file}}}
	var out struct {
		Success bool `json:"success"`
	}
	if err := f.c.do(ctx, k, &out); err != nil {
		return err
	}
	if !out.Success {
		return k.failed(http.StatusOK, true, errors.New("Meta did not confirm the upload"))
	}
	return nil
}
