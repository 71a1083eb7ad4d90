package tiktokfake

import (
	"bytes"
	"context"
	"io"
	"net/http"
)

// Fail reasons, as status/fetch and TikTok's webhooks give them.
const (
	ReasonFileFormat = "file_format_check_failed"
	ReasonVideoPull  = "video_pull_failed"
	ReasonPhotoPull  = "photo_pull_failed"
)

// sniffLen is how much of a file tells its format.
const sniffLen = 16

// pull fetches a post's media as TikTok does with PULL_FROM_URL, and
// returns why the post fails, or "": a URL that does not answer 200 at
// once (redirects are not followed), or a file of a format or size
// TikTok does not take. A video is MP4, MOV or WebM of at most
// MaxVideoBytes; a photo JPEG or WebP of at most MaxPhotoBytes. Sizes
// over the limits fail as a format check: TikTok names no other reason.
// The fake does not check a video's duration, frame rate or picture size.
func (s *Server) pull(ctx context.Context, p *Post) string {
	hc := *s.MediaClient
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	pullFailed, max, format := ReasonVideoPull, int64(MaxVideoBytes), videoFormat
	if p.Photo {
		pullFailed, max, format = ReasonPhotoPull, MaxPhotoBytes, photoFormat
	}
	for _, u := range p.Media {
		head, size, ok := fetch(ctx, &hc, u, max)
		switch {
		case !ok:
			return pullFailed
		case size > max || format(head) == "":
			return ReasonFileFormat
		}
	}
	return ""
}

// fetch reads the file at u: its first bytes and its size, reading no
// more than max+1 bytes. ok is false when it could not be read.
func fetch(ctx context.Context, hc *http.Client, u string, max int64) (head []byte, size int64, ok bool) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, false
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, 0, false
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, 0, false
	}
	if resp.ContentLength > max {
		return nil, resp.ContentLength, true
	}
	// Only the first bytes are kept: the rest is counted, not held.
	head = make([]byte, sniffLen)
	n, err := io.ReadFull(resp.Body, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, 0, false
	}
	rest, err := io.Copy(io.Discard, io.LimitReader(resp.Body, max+1-int64(n)))
	if err != nil {
		return nil, 0, false
	}
	return head[:n], int64(n) + rest, true
}

// videoFormat names a video file's format from its first bytes: an ISO
// media file (MP4, or MOV by its brand) or a WebM (EBML) file; "" for
// another.
func videoFormat(b []byte) string {
	switch {
	case len(b) >= 12 && string(b[4:8]) == "ftyp" && string(b[8:12]) == "qt  ":
		return "video/quicktime"
	case len(b) >= 8 && string(b[4:8]) == "ftyp":
		return "video/mp4"
	case bytes.HasPrefix(b, []byte{0x1a, 0x45, 0xdf, 0xa3}):
		return "video/webm"
	}
	return ""
}

// photoFormat names a photo file's format: JPEG or WebP; "" for another.
func photoFormat(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}):
		return "image/jpeg"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "image/webp"
	}
	return ""
}
