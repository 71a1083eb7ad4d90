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

// uploadImage reads the content's image and uploads it to the account's
// instance with its description, and returns the attachment's id once the
// instance has processed it. Nothing is posted yet, so no failure here is
// ambiguous: an upload lost on the way leaves an attachment no status
// shows, which Mastodon deletes within a day, and the next attempt uploads
// again.
func (c *Client) uploadImage(ctx context.Context, token string, a Account, content relais.Content) (string, error) {
	read := netcall.Call{Network: relais.Mastodon, Op: "publish: read image"}
	img, ferr := read.FetchImage(ctx, c.http, content.ImageURL, Spec.Limits.MaxImageBytes)
	if ferr != nil {
		return "", ferr
	}
	k := call{op: "publish: upload image", method: http.MethodPost, url: c.base(a) + "/api/v2/media", token: token}
	body, contentType, err := imageForm(img, content.ImageAlt)
	if err != nil {
		return "", k.nc().Refuse(err)
	}
	k.body, k.contentType = body, contentType
	var m media
	if _, err := c.do(ctx, k, &m); err != nil {
		return "", err
	}
	if m.ID == "" {
		return "", k.nc().Failed(http.StatusOK, true, errors.New("the answer carries no media id"))
	}
	// 202 and a null url: the instance is still processing the file.
	if m.URL == nil {
		if err := c.awaitMedia(ctx, token, a, m.ID); err != nil {
			return "", err
		}
	}
	return m.ID, nil
}

// imageForm is the multipart body of POST /api/v2/media: the file, with
// its type (Mastodon refuses a file without one), and its description,
// the alt text.
func imageForm(img netcall.Image, alt string) ([]byte, string, error) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if alt != "" {
		if err := w.WriteField("description", alt); err != nil {
			return nil, "", fmt.Errorf("write the description: %w", err)
		}
	}
	h := textproto.MIMEHeader{}
	// The name's extension follows the type, for servers that look at it.
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="image.%s"`, strings.TrimPrefix(img.Type, "image/")))
	h.Set("Content-Type", img.Type)
	part, err := w.CreatePart(h)
	if err == nil {
		_, err = part.Write(img.Bytes)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, "", fmt.Errorf("write the image: %w", err)
	}
	return b.Bytes(), w.FormDataContentType(), nil
}

// awaitMedia looks at an attachment the instance is still processing (206,
// a null url) until it has its url, at most MaxPolls times. The instance
// answers 422 when it could not process the file.
func (c *Client) awaitMedia(ctx context.Context, token string, a Account, id string) error {
	k := call{op: "publish: media status", method: http.MethodGet, url: c.base(a) + "/api/v1/media/" + url.PathEscape(id), token: token}
	for poll := 1; poll <= c.MaxPolls; poll++ {
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
			return nil
		}
	}
	e := k.nc().Refusef("the instance is still processing the image after %d looks", c.MaxPolls)
	e.Kind = relais.FailTransient
	return e
}
