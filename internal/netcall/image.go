package netcall

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/relais-dev/relais/internal/relais"
)

// Image is an image's bytes and type, read from the URL a post carries,
// for the networks that take an upload rather than a URL.
type Image struct {
	Bytes []byte
	Type  string
}

// FetchImage reads the image at imageURL, at most max bytes (a network's
// limit). Nothing was posted yet, so a failure is transient when trying
// again may work (a timeout, a 5xx, a 429) and permanent when it cannot
// (the link expired or is gone, the file is not an image or is too big).
// The URL, which may be signed, is never in the error.
func (c Call) FetchImage(ctx context.Context, hc *http.Client, imageURL string, max int64) (Image, *Error) {
	resp, size, e := c.open(ctx, hc, "image", imageURL, 0)
	if e != nil {
		return Image{}, e
	}
	defer resp.Body.Close()
	if size > max {
		return Image{}, c.Refusef("the image is %d bytes; %s takes %d at most", size, c.Network, max)
	}
	typ, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	b, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return Image{}, &Error{Network: c.Network, Op: c.Op, Kind: relais.FailTransient, Err: fmt.Errorf("read the image: %w", err)}
	}
	if int64(len(b)) > max {
		return Image{}, c.Refusef("the image is over %d bytes, which %s takes at most", max, c.Network)
	}
	if sniffed := http.DetectContentType(b); typ == "" || typ == "application/octet-stream" {
		typ = sniffed
	}
	if len(typ) < 6 || typ[:6] != "image/" {
		return Image{}, c.Refusef("the file at the image's URL is %s, not an image", typ)
	}
	return Image{Bytes: b, Type: typ}, nil
}
