package bluesky

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// DefaultVideoService is Bluesky's video service.
const DefaultVideoService = "https://video.bsky.app"

// embedVideo is the $type of a post's video embed.
const embedVideo = "app.bsky.embed.video"

// The states of a video job that end it; any other is a job in progress.
const (
	jobCompleted = "JOB_STATE_COMPLETED"
	jobFailed    = "JOB_STATE_FAILED"
)

// errJobFailed marks the failure of a video job: the job is done, and a
// new attempt sends the video anew.
var errJobFailed = errors.New("the video service failed the video")

// uploadTokenFor is how long the service token of an upload lasts: the
// tutorial's 30 minutes, for a video that takes long to send.
const uploadTokenFor = 30 * time.Minute

// videoEmbed is an app.bsky.embed.video embed. Video is the blob ref the
// video service returned, sent back as it came.
type videoEmbed struct {
	Type        string          `json:"$type"`
	Video       json.RawMessage `json:"video"`
	Alt         string          `json:"alt,omitempty"`
	AspectRatio *aspectRatio    `json:"aspectRatio,omitempty"`
}

// jobStatus is app.bsky.video.defs#jobStatus, the state of a video's
// processing.
type jobStatus struct {
	JobID       string          `json:"jobId"`
	State       string          `json:"state"`
	Blob        json.RawMessage `json:"blob"`
	Error       string          `json:"error"`
	FailureCode string          `json:"failureCode"`
	Message     string          `json:"message"`
}

// hasBlob reports whether the job gave the processed video's blob: the
// video service gives it for a video it processed before, whatever the
// state it reports (docs.bsky.app: already_exists).
func (st jobStatus) hasBlob() bool { return len(st.Blob) > 0 && string(st.Blob) != "null" }

// video returns a post's video, sent to Bluesky's video service, which
// processes it and stores it on the account's PDS, as its embed shows it:
// with its alt text and its size. The flow is docs.bsky.app's: check the
// account's upload limits (app.bsky.video.getUploadLimits, behind a
// service token for the video service), send the video
// (app.bsky.video.uploadVideo, behind a service token for the account's
// own PDS's uploadBlob, which the service uses to store it), then look at
// the job (app.bsky.video.getJobStatus) until it gives the blob.
//
// The upload k names may have been made by an earlier attempt at the
// post: its job is then looked at again, or its blob used again (reused
// says so), instead of sending the video anew. Nothing is posted yet, so
// no failure here is ambiguous; a job still processing after MaxPolls
// looks fails the attempt, transiently, and the next one looks on.
func (c *Client) video(ctx context.Context, token, account, k string, att relais.Attachment) (v *videoEmbed, reused bool, err error) {
	up, reused := c.uploads.Get(k, c.Now())
	if !reused {
		if up, err = c.sendVideo(ctx, token, account, att, k); err != nil {
			return nil, false, err
		}
		c.uploads.Put(k, up, up.expires, c.Now())
	}
	if up.blob == nil {
		blob, err := c.awaitJob(ctx, up.job)
		var e *netcall.Error
		switch {
		case err == nil:
			up.blob, up.job, up.expires = blob, "", c.Now().Add(reuseBlobFor)
			c.uploads.Put(k, up, up.expires, c.Now())
		case errors.As(err, &e) && e.Status == http.StatusNotFound && reused:
			// The service no longer knows the job: the next attempt sends
			// the video anew.
			c.uploads.Forget(k)
			e.Kind = relais.FailTransient
			return nil, reused, e
		case errors.Is(err, errJobFailed):
			// The next attempt, if any, sends the video anew.
			c.uploads.Forget(k)
			return nil, reused, err
		default:
			return nil, reused, err
		}
	}
	return &videoEmbed{Type: embedVideo, Video: up.blob, Alt: att.Alt, AspectRatio: up.aspect}, reused, nil
}

// sendVideo checks the account may post a video, then streams the video
// at att.URL to the video service, never holding it whole, and returns the
// job that processes it, with the size the video's header gives.
func (c *Client) sendVideo(ctx context.Context, token, account string, att relais.Attachment, k string) (upload, error) {
	if err := c.checkUploadLimits(ctx, token, account, att); err != nil {
		return upload{}, err
	}
	var did string
	auth, err := c.serviceAuth(ctx, token, account, "com.atproto.repo.uploadBlob", c.Now().Add(uploadTokenFor), func(s *session) string {
		did = s.did
		return "did:web:" + s.pds
	})
	if err != nil {
		return upload{}, err
	}
	// The video's bytes go through the upload: UploadTimeout bounds them.
	hc := netcall.Streaming(c.http, c.UploadTimeout)
	src, ferr := netcall.Call{Network: relais.Bluesky, Op: "read video"}.OpenVideo(ctx, hc, att.URL, 0)
	if ferr != nil {
		return upload{}, ferr
	}
	defer src.Close()
	if ferr := src.Limit(Spec, att.ContentType); ferr != nil {
		return upload{}, ferr
	}
	probe := &mp4Probe{}
	body := struct {
		io.Reader
		io.Closer
	}{io.TeeReader(src, probe), src}
	// The file's name, which the service only records, follows the
	// upload's key.
	q := url.Values{"did": {did}, "name": {"relais-" + k[:12] + ".mp4"}}
	st, err := c.postVideo(ctx, hc, auth, c.VideoURL+"/xrpc/app.bsky.video.uploadVideo?"+q.Encode(), body, src)
	if err != nil {
		return upload{}, err
	}
	up := upload{job: st.JobID, aspect: probe.aspect(), expires: c.Now().Add(reuseJobFor)}
	if st.hasBlob() {
		up.blob, up.job, up.expires = st.Blob, "", c.Now().Add(reuseBlobFor)
	}
	return up, nil
}

// postVideo sends the video to uploadVideo and returns the job's status:
// a new job, or (409, already_exists) the job that processed the same
// video before. The service answers the status flat, not in the
// jobStatus the lexicon wraps it in (atproto#3026); both are read.
func (c *Client) postVideo(ctx context.Context, hc *http.Client, auth, u string, body io.ReadCloser, src *netcall.Video) (jobStatus, error) {
	k := call{op: "upload video", nsid: "app.bsky.video.uploadVideo", procedure: true, bearer: auth, service: c.VideoURL}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, body)
	if err != nil {
		return jobStatus{}, k.nc().Refusef("build request: %w", err)
	}
	req.ContentLength = src.Size
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", src.Type)
	req.Header.Set("Authorization", "Bearer "+auth)
	resp, err := hc.Do(req)
	if resp != nil {
		defer resp.Body.Close()
	}
	// A video that could not be read, or is over the limit, says why the
	// upload stopped better than the upload's own error.
	if e := src.Failure(); e != nil {
		return jobStatus{}, e
	}
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return jobStatus{}, k.nc().Failed(0, true, err)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, netcall.MaxAnswer))
	ans := netcall.Answer{Status: resp.StatusCode, Header: resp.Header, Body: b}
	if err != nil {
		return jobStatus{}, k.nc().Failed(resp.StatusCode, true, fmt.Errorf("read answer: %w", err))
	}
	var wrapped struct {
		JobStatus *jobStatus `json:"jobStatus"`
	}
	var st jobStatus
	if json.Unmarshal(b, &wrapped) == nil && wrapped.JobStatus != nil {
		st = *wrapped.JobStatus
	} else {
		_ = json.Unmarshal(b, &st)
	}
	again := resp.StatusCode == http.StatusConflict && st.Error == "already_exists"
	switch {
	case !ans.OK() && !again:
		return jobStatus{}, c.refused(k, ans)
	case st.JobID == "" && !st.hasBlob():
		return jobStatus{}, k.nc().Failed(resp.StatusCode, true, errors.New("the answer carries no job"))
	}
	return st, nil
}

// checkUploadLimits refuses a video the video service would not take
// from the account: when it takes none now (an unverified email, the
// day's videos spent) or the day's bytes left are fewer than the video's.
// Both last: the post fails, and a person decides what to do.
func (c *Client) checkUploadLimits(ctx context.Context, token, account string, att relais.Attachment) error {
	auth, err := c.serviceAuth(ctx, token, account, "app.bsky.video.getUploadLimits", time.Time{}, func(*session) string { return c.videoServiceDID() })
	if err != nil {
		return err
	}
	var limits struct {
		CanUpload           bool   `json:"canUpload"`
		RemainingDailyBytes *int64 `json:"remainingDailyBytes"`
		Message             string `json:"message"`
		Error               string `json:"error"`
	}
	k := call{op: "video upload limits", nsid: "app.bsky.video.getUploadLimits", bearer: auth, service: c.VideoURL}
	if err := c.do(ctx, k, &limits); err != nil {
		return err
	}
	switch why := cmp.Or(limits.Message, limits.Error, "no reason given"); {
	case !limits.CanUpload:
		return k.nc().Refusef("Bluesky takes no video from this account now: %s", netcall.Truncate(why, netcall.MaxMessage))
	case limits.RemainingDailyBytes != nil && att.Bytes > *limits.RemainingDailyBytes:
		return k.nc().Refusef("the video is %d bytes; Bluesky takes %d more from this account today", att.Bytes, *limits.RemainingDailyBytes)
	}
	return nil
}

// serviceAuth asks the account's PDS for a token that another service
// (aud, from the session) takes for one method (lxm), until exp (zero:
// the PDS's minute).
func (c *Client) serviceAuth(ctx context.Context, token, account, lxm string, exp time.Time, aud func(*session) string) (string, error) {
	var out struct {
		Token string `json:"token"`
	}
	err := c.authed(ctx, account, token, func(s *session) call {
		q := url.Values{"aud": {aud(s)}, "lxm": {lxm}}
		if !exp.IsZero() {
			q.Set("exp", strconv.FormatInt(exp.Unix(), 10))
		}
		return call{op: "service token", nsid: "com.atproto.server.getServiceAuth", query: q, bearer: s.access}
	}, &out)
	if err == nil && out.Token == "" {
		err = &netcall.Error{Network: relais.Bluesky, Op: "service token", Kind: relais.FailTransient, Status: http.StatusOK, Err: errors.New("the answer carries no token")}
	}
	return out.Token, err
}

// videoServiceDID is the video service's DID, the audience of its
// tokens: did:web of its host.
func (c *Client) videoServiceDID() string {
	u, err := url.Parse(c.VideoURL)
	if err != nil {
		return ""
	}
	return "did:web:" + u.Hostname()
}

// awaitJob looks at a video job, MaxPolls times at most, until it gives
// the processed video's blob. A job that failed fails the post: permanently
// but when the service could not store the video on the PDS
// (pds_upload_failure), which a new attempt may get past.
func (c *Client) awaitJob(ctx context.Context, id string) (json.RawMessage, error) {
	k := call{op: "video processing", nsid: "app.bsky.video.getJobStatus", query: url.Values{"jobId": {id}}, service: c.VideoURL}
	for range c.MaxPolls {
		t := time.NewTimer(c.PollInterval)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, k.nc().Failed(0, false, ctx.Err())
		case <-t.C:
		}
		var out struct {
			JobStatus jobStatus `json:"jobStatus"`
		}
		if err := c.do(ctx, k, &out); err != nil {
			return nil, err
		}
		st := out.JobStatus
		switch {
		case st.hasBlob():
			return st.Blob, nil
		case st.State == jobFailed, st.State == jobCompleted:
			why := cmp.Or(st.Message, st.Error, "the video service could not process the video")
			e := k.nc().Refuse(fmt.Errorf("%w: %s", errJobFailed, netcall.Truncate(why, netcall.MaxMessage)))
			e.Code = netcall.Truncate(cmp.Or(st.FailureCode, st.Error, "failed"), 64)
			if st.FailureCode == "pds_upload_failure" {
				e.Kind = relais.FailTransient
			}
			return nil, e
		}
	}
	e := k.nc().Refusef("the video service is still processing the video after %d looks", c.MaxPolls)
	e.Kind = relais.FailTransient
	return nil, e
}
