package mastodon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// media is the part of Mastodon's MediaAttachment entity Relais reads: its
// url is null while the instance still processes the file.
type media struct {
	ID  string  `json:"id"`
	URL *string `json:"url"`
}

// attach returns the ids of a post's attachments, each uploaded with its
// description and processed by the instance. All are uploaded before any
// is waited for, so that the instance processes them meanwhile, and the
// waits share MaxPolls looks, which keeps a publish short.
//
// An earlier attempt at the post (same key, same place) may have uploaded
// an attachment: it is used again, and waited for if it was still
// processing. Nothing is posted yet, so no failure here is ambiguous: an
// upload whose answer was lost stays unattached, and Mastodon deletes it
// within a day.
func (c *Client) attach(ctx context.Context, token string, a Account, key string, atts []relais.Attachment) ([]string, error) {
	keys := make([]string, len(atts))
	ups := make([]upload, len(atts))
	reused := make([]bool, len(atts))
	for i, att := range atts {
		keys[i] = uploadKey(a, key, i, att)
		if ups[i], reused[i] = c.uploads.Get(keys[i], c.Now()); reused[i] {
			continue
		}
		m, err := c.upload(ctx, token, a, att)
		if err != nil {
			return nil, err
		}
		// 202 and a null url: the instance is still processing the file.
		ups[i] = upload{id: m.ID, ready: m.URL != nil, expires: c.Now().Add(reuseFor)}
		c.uploads.Put(keys[i], ups[i], ups[i].expires, c.Now())
	}
	looks := c.MaxPolls
	ids := make([]string, len(atts))
	for i, up := range ups {
		ids[i] = up.id
		if up.ready {
			continue
		}
		err := c.awaitMedia(ctx, token, a, up.id, &looks)
		var e *netcall.Error
		switch {
		case err == nil:
			up.ready = true
			c.uploads.Put(keys[i], up, up.expires, c.Now())
			continue
		case errors.As(err, &e) && e.Status == http.StatusNotFound && reused[i]:
			// Gone since the earlier attempt: the next one uploads anew.
			c.uploads.Forget(keys[i])
			e.Kind = relais.FailTransient
		case errors.As(err, &e) && e.Kind == relais.FailPermanent:
			c.uploads.Forget(keys[i])
		}
		return nil, err
	}
	return ids, nil
}

// upload sends an attachment to the instance: an image read whole (it is
// at most 16 MB), a video streamed.
func (c *Client) upload(ctx context.Context, token string, a Account, att relais.Attachment) (media, error) {
	if att.Kind == relais.FormatVideo {
		return c.uploadVideo(ctx, token, a, att)
	}
	read := netcall.Call{Network: relais.Mastodon, Op: "publish: read image"}
	img, ferr := read.FetchImage(ctx, c.http, att.URL, Spec.Limits.MaxImageBytes)
	if ferr != nil {
		return media{}, ferr
	}
	k := call{op: "publish: upload image", method: http.MethodPost, url: c.base(a) + "/api/v2/media", token: token}
	head, tail, contentType, err := mediaForm(att.Alt, img.Type)
	if err != nil {
		return media{}, k.nc().Refuse(err)
	}
	k.body, k.contentType = slices.Concat(head, img.Bytes, tail), contentType
	var m media
	if _, err := c.do(ctx, k, &m); err != nil {
		return media{}, err
	}
	if m.ID == "" {
		return media{}, k.nc().Failed(http.StatusOK, true, errors.New("the answer carries no media id"))
	}
	return m, nil
}

// mediaForm is the multipart body of POST /api/v2/media but for the
// file's bytes: what goes before them (the description, the alt text, and
// the file part's header with its type, without which Mastodon refuses
// the file) and after them (the closing boundary). A video's bytes go in
// between as they are read.
func mediaForm(alt, typ string) (head, tail []byte, contentType string, err error) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if alt != "" {
		if err := w.WriteField("description", alt); err != nil {
			return nil, nil, "", fmt.Errorf("write the description: %w", err)
		}
	}
	h := textproto.MIMEHeader{}
	// The name's extension follows the type, for servers that look at it.
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, fileName(typ)))
	h.Set("Content-Type", typ)
	if _, err := w.CreatePart(h); err != nil {
		return nil, nil, "", fmt.Errorf("write the file's header: %w", err)
	}
	head = bytes.Clone(b.Bytes())
	b.Reset()
	if err := w.Close(); err != nil {
		return nil, nil, "", fmt.Errorf("close the form: %w", err)
	}
	return head, b.Bytes(), w.FormDataContentType(), nil
}

// fileName names an upload after its type: image.png, video.mp4,
// video.mov.
func fileName(typ string) string {
	kind, sub, _ := strings.Cut(typ, "/")
	if sub == "quicktime" {
		sub = "mov"
	}
	return kind + "." + sub
}

// awaitMedia looks at an attachment the instance is still processing (206,
// a null url) until it has its url, as long as looks are left. The
// instance answers 422 when it could not process the file.
func (c *Client) awaitMedia(ctx context.Context, token string, a Account, id string, looks *int) error {
	k := call{op: "publish: media status", method: http.MethodGet, url: c.base(a) + "/api/v1/media/" + url.PathEscape(id), token: token}
	for ; *looks > 0; *looks-- {
		t := time.NewTimer(c.PollInterval)
		select {
		case <-ctx.Done():
			t.Stop()
			return k.nc().Failed(0, false, ctx.Err())
		case <-t.C:
		}
		var m media
		if _, err := c.do(ctx, k, &m); err != nil {
			return err
		}
		if m.URL != nil {
			*looks--
			return nil
		}
	}
	// The next attempt goes on waiting for the same upload.
	e := k.nc().Refusef("the instance is still processing the media after %d looks", c.MaxPolls)
	e.Kind = relais.FailTransient
	return e
}
