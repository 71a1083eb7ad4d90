package x

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	// segmentBytes is the size of one appended chunk of an image: the
	// size of X's own example, well under its 5 MB per chunk once in
	// base64.
	segmentBytes = 1 << 20
	// videoSegmentBytes is the size of one appended chunk of a video:
	// 4 MiB once in base64, under X's 5 MB per chunk whether X counts the
	// chunk or its encoding, and a 512 MB video takes 171 of the 1,000
	// segments an upload may have.
	videoSegmentBytes = 3 << 20
	// processingBudget bounds the waits for X to process an upload (a
	// video, an animated GIF), well within the publisher's time.
	processingBudget = 20 * time.Second
	// maxAlt is X's limit on an image's description, in characters.
	maxAlt = 1000
)

// Ops of the calls that put a post's media on X. None of them posts: a
// failure leaves nothing on the account.
const (
	opReadImage       = "publish: read image"
	opUpload          = "publish: upload image"
	opProcessing      = "publish: image processing"
	opDescription     = "publish: image description"
	opReadVideo       = "publish: read video"
	opUploadVideo     = "publish: upload video"
	opVideoProcessing = "publish: video processing"
)

// medium is a kind of upload, as X takes it and as errors name it.
type medium struct {
	noun                     string
	read, upload, processing string
	// segment is the size of one appended chunk.
	segment int64
	// category is X's media category for a file of a type.
	category func(typ string) string
}

var (
	imageUpload = medium{noun: "image", read: opReadImage, upload: opUpload, processing: opProcessing, segment: segmentBytes,
		category: func(typ string) string {
			if typ == "image/gif" {
				// An animated GIF is processed after its upload, as a GIF.
				return "tweet_gif"
			}
			return "tweet_image"
		}}
	videoUpload = medium{noun: "video", read: opReadVideo, upload: opUploadVideo, processing: opVideoProcessing, segment: videoSegmentBytes,
		category: func(string) string { return "tweet_video" }}
)

// file is what an upload reads: the whole file's size and type, and its
// bytes from the offset it was opened at.
type file struct {
	size int64
	typ  string
	body io.ReadCloser
}

// opener opens a file at an offset, so that an upload goes on where it
// stopped.
type opener func(ctx context.Context, offset int64) (file, error)

// openImage reads the image at imageURL once, whole (X takes 5 MB at
// most), and serves it from any offset.
func (c *Client) openImage(imageURL string) opener {
	var img netcall.Image
	return func(ctx context.Context, offset int64) (file, error) {
		if img.Bytes == nil {
			var err *netcall.Error
			img, err = netcall.Call{Network: relais.X, Op: opReadImage}.FetchImage(ctx, c.http, imageURL, Spec.Limits.MaxImageBytes)
			if err != nil {
				return file{}, err
			}
		}
		return file{size: int64(len(img.Bytes)), typ: img.Type, body: io.NopCloser(bytes.NewReader(img.Bytes[min(offset, int64(len(img.Bytes))):]))}, nil
	}
}

// mediaAnswer is X's answer about an upload.
type mediaAnswer struct {
	Data struct {
		ID               string      `json:"id"`
		ExpiresAfterSecs int64       `json:"expires_after_secs"`
		ProcessingInfo   *processing `json:"processing_info"`
	} `json:"data"`
}

// expiry is when X forgets an upload, from its answer at now.
func (a mediaAnswer) expiry(now time.Time) time.Time {
	if a.Data.ExpiresAfterSecs <= 0 {
		return now.Add(mediaLife)
	}
	return now.Add(time.Duration(a.Data.ExpiresAfterSecs) * time.Second)
}

// processing is where X is in processing an upload.
type processing struct {
	State          string `json:"state"`
	CheckAfterSecs int    `json:"check_after_secs"`
	Error          *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// send puts a file on X through its chunked upload (initialize, append
// each segment in order, finalize), which X recommends for images and
// requires for videos and animated GIFs, then waits until X has
// processed it. It goes on from where up got, and calls save after each
// step X took, so that a later attempt goes on from there. Chunks go as
// JSON, base64-encoded, a form X takes.
func (c *Client) send(ctx context.Context, token string, m medium, up *upload, save func(), open opener) error {
	var info *processing
	if up.finalized {
		// An earlier attempt finalized: only X's processing is left.
		var st mediaAnswer
		if err := c.do(ctx, c.statusCall(m, token, up.id), &st); err != nil {
			return err
		}
		info = st.Data.ProcessingInfo
	} else {
		var err error
		if info, err = c.transfer(ctx, token, m, up, save, open); err != nil {
			return err
		}
	}
	if err := c.awaitProcessing(ctx, token, m, up.id, info); err != nil {
		return err
	}
	up.ready = true
	save()
	return nil
}

// transfer initializes the upload unless up has one, appends the segments
// X does not have, and finalizes it; it returns X's processing info.
func (c *Client) transfer(ctx context.Context, token string, m medium, up *upload, save func(), open opener) (*processing, error) {
	var f file
	if up.id != "" && int64(up.sent)*m.segment < up.size {
		var err error
		if f, err = open(ctx, int64(up.sent)*m.segment); err != nil {
			return nil, err
		}
		if f.size != up.size || f.typ != up.typ {
			// Not the file X has part of: it is uploaded anew.
			f.body.Close()
			up.id, up.sent = "", 0
		}
	}
	if up.id == "" {
		var err error
		if f, err = open(ctx, 0); err != nil {
			return nil, err
		}
		if err := c.initialize(ctx, token, m, up, f); err != nil {
			f.body.Close()
			return nil, err
		}
		save()
	}
	if f.body != nil {
		err := c.appendAll(ctx, token, m, up, save, f.body)
		f.body.Close()
		if err != nil {
			return nil, err
		}
	}
	var fin mediaAnswer
	k := call{op: m.upload, method: http.MethodPost, path: "/2/media/upload/" + url.PathEscape(up.id) + "/finalize", token: token}
	if err := c.do(ctx, k, &fin); err != nil {
		return nil, err
	}
	up.finalized, up.expires = true, fin.expiry(c.Now())
	save()
	return fin.Data.ProcessingInfo, nil
}

// initialize starts an upload of f on X.
func (c *Client) initialize(ctx context.Context, token string, m medium, up *upload, f file) error {
	k := call{op: m.upload, method: http.MethodPost, path: "/2/media/upload/initialize", token: token,
		body: map[string]any{"media_type": f.typ, "media_category": m.category(f.typ), "total_bytes": f.size}}
	var init mediaAnswer
	if err := c.do(ctx, k, &init); err != nil {
		return err
	}
	if init.Data.ID == "" {
		return k.failed(http.StatusOK, true, CodeBadAnswer, errors.New("the answer carries no media id"))
	}
	up.id, up.size, up.typ, up.sent, up.expires = init.Data.ID, f.size, f.typ, 0, init.expiry(c.Now())
	return nil
}

// appendAll sends the segments from up.sent on, read from body one at a
// time: no more than one segment is held.
func (c *Client) appendAll(ctx context.Context, token string, m medium, up *upload, save func(), body io.Reader) error {
	path := "/2/media/upload/" + url.PathEscape(up.id) + "/append"
	chunk := make([]byte, min(m.segment, up.size))
	for off := int64(up.sent) * m.segment; off < up.size; off = int64(up.sent) * m.segment {
		seg := chunk[:min(m.segment, up.size-off)]
		if _, err := io.ReadFull(body, seg); err != nil {
			// What was appended stays on X: the next attempt goes on.
			return &netcall.Error{Network: relais.X, Op: m.read, Kind: relais.FailTransient, Code: CodeNoAnswer, Err: fmt.Errorf("read the %s: %w", m.noun, err)}
		}
		var out struct {
			Data struct {
				ExpiresAt int64 `json:"expires_at"`
			} `json:"data"`
		}
		k := call{op: m.upload, method: http.MethodPost, path: path, token: token, body: map[string]any{"segment_index": up.sent, "media": seg}}
		if err := c.do(ctx, k, &out); err != nil {
			return err
		}
		up.sent++
		if out.Data.ExpiresAt > 0 {
			up.expires = time.Unix(out.Data.ExpiresAt, 0)
		}
		save()
	}
	return nil
}

// statusCall asks X where it is in processing an upload.
func (c *Client) statusCall(m medium, token, id string) call {
	return call{op: m.processing, method: http.MethodGet, path: "/2/media/upload?" + url.Values{"command": {"STATUS"}, "media_id": {id}}.Encode(), token: token}
}

// awaitProcessing waits until X has processed an upload, looking again
// after the wait X asks for (check_after_secs). Media without
// processing_info is ready. Waiting beyond processingBudget, or past the
// attempt's deadline, gives up: nothing was posted, and the next attempt
// polls the same upload.
func (c *Client) awaitProcessing(ctx context.Context, token string, m medium, id string, p *processing) error {
	k := c.statusCall(m, token, id)
	var waited time.Duration
	for p != nil && p.State != "succeeded" {
		if p.State == "failed" {
			msg := "X could not process the " + m.noun
			if p.Error != nil && p.Error.Message != "" {
				msg += ": " + netcall.Message(p.Error.Message, token)
			}
			e := k.nc().Refuse(errors.New(msg))
			e.Code = CodeValidation
			return e
		}
		// pending or in_progress.
		wait := max(time.Duration(p.CheckAfterSecs)*time.Second, time.Second)
		if waited+wait > processingBudget || !leaves(ctx, wait) {
			return k.failed(0, false, CodeUnavailable, fmt.Errorf("X is still processing the %s after %s", m.noun, waited))
		}
		if err := c.sleep(ctx, wait); err != nil {
			return k.failed(0, false, CodeNoAnswer, err)
		}
		waited += wait
		var st mediaAnswer
		if err := c.do(ctx, k, &st); err != nil {
			return err
		}
		p = st.Data.ProcessingInfo
	}
	return nil
}

// leaves reports whether ctx leaves time to wait d and make a call.
func leaves(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d+time.Second
}
