package x

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	// segmentBytes is the size of one appended chunk of an upload: the
	// size of X's own example, well under its 5 MB per chunk once in
	// base64.
	segmentBytes = 1 << 20
	// processingBudget bounds the waits for X to process an upload (an
	// animated GIF), well within the publisher's time.
	processingBudget = 20 * time.Second
	// maxAlt is X's limit on an image's description, in characters.
	maxAlt = 1000
)

// Ops of the calls that put a post's image on X. None of them posts: a
// failure leaves nothing on the account.
const (
	opReadImage   = "publish: read image"
	opUpload      = "publish: upload image"
	opProcessing  = "publish: image processing"
	opDescription = "publish: image description"
)

// mediaAnswer is X's answer about an upload.
type mediaAnswer struct {
	Data struct {
		ID             string      `json:"id"`
		ProcessingInfo *processing `json:"processing_info"`
	} `json:"data"`
}

// processing is where X is in processing an upload.
type processing struct {
	State          string `json:"state"`
	CheckAfterSecs int    `json:"check_after_secs"`
	Error          *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// uploadImage reads the content's image, uploads it to X with its
// description and returns its media id, ready for a post.
func (c *Client) uploadImage(ctx context.Context, token string, p relais.Content) (string, error) {
	img, ferr := netcall.Call{Network: relais.X, Op: opReadImage}.FetchImage(ctx, c.http, p.ImageURL, Spec.Limits.MaxImageBytes)
	if ferr != nil {
		return "", ferr
	}
	id, err := c.upload(ctx, token, img)
	if err != nil {
		return "", err
	}
	if p.ImageAlt != "" {
		body := map[string]any{"id": id, "metadata": map[string]any{"alt_text": map[string]string{"text": p.ImageAlt}}}
		if err := c.do(ctx, call{op: opDescription, method: http.MethodPost, path: "/2/media/metadata", token: token, body: body}, nil); err != nil {
			return "", err
		}
	}
	return id, nil
}

// upload sends an image through X's chunked media upload (initialize,
// append each chunk, finalize), which X recommends for images and
// requires for animated GIFs, and waits until X has processed it. Chunks
// go as JSON, base64-encoded, a form X takes.
func (c *Client) upload(ctx context.Context, token string, img netcall.Image) (string, error) {
	category := "tweet_image"
	if img.Type == "image/gif" {
		// An animated GIF is processed after its upload, as a GIF.
		category = "tweet_gif"
	}
	k := call{op: opUpload, method: http.MethodPost, path: "/2/media/upload/initialize", token: token,
		body: map[string]any{"media_type": img.Type, "media_category": category, "total_bytes": len(img.Bytes)}}
	var init mediaAnswer
	if err := c.do(ctx, k, &init); err != nil {
		return "", err
	}
	id := init.Data.ID
	if id == "" {
		return "", k.failed(http.StatusOK, true, CodeBadAnswer, errors.New("the answer carries no media id"))
	}
	path := "/2/media/upload/" + url.PathEscape(id)
	for i := 0; i*segmentBytes < len(img.Bytes); i++ {
		chunk := img.Bytes[i*segmentBytes : min((i+1)*segmentBytes, len(img.Bytes))]
		k = call{op: opUpload, method: http.MethodPost, path: path + "/append", token: token, body: map[string]any{"segment_index": i, "media": chunk}}
		if err := c.do(ctx, k, nil); err != nil {
			return "", err
		}
	}
	var fin mediaAnswer
	if err := c.do(ctx, call{op: opUpload, method: http.MethodPost, path: path + "/finalize", token: token}, &fin); err != nil {
		return "", err
	}
	return id, c.awaitProcessing(ctx, token, id, fin.Data.ProcessingInfo)
}

// awaitProcessing waits until X has processed an upload, looking again
// after the wait X asks for. Media without processing_info is ready.
// Waiting beyond processingBudget gives up: nothing was posted, so a
// later attempt may try again.
func (c *Client) awaitProcessing(ctx context.Context, token, id string, p *processing) error {
	k := call{op: opProcessing, method: http.MethodGet, path: "/2/media/upload?" + url.Values{"command": {"STATUS"}, "media_id": {id}}.Encode(), token: token}
	var waited time.Duration
	for p != nil && p.State != "succeeded" {
		if p.State == "failed" {
			msg := "X could not process the image"
			if p.Error != nil && p.Error.Message != "" {
				msg += ": " + netcall.Message(p.Error.Message, token)
			}
			e := k.nc().Refuse(errors.New(msg))
			e.Code = CodeValidation
			return e
		}
		// pending or in_progress.
		wait := max(time.Duration(p.CheckAfterSecs)*time.Second, time.Second)
		if waited+wait > processingBudget {
			return k.failed(0, false, CodeUnavailable, errors.New("X is still processing the image after "+waited.String()))
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
