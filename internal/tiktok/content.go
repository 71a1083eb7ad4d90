package tiktok

import (
	"mime"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/relais-dev/relais/internal/relais"
)

// The media types TikTok takes: MP4, MOV and WebM videos, JPEG and WebP
// photos (its media transfer guide).
var (
	videoTypes = []string{"video/mp4", "video/quicktime", "video/webm"}
	photoTypes = []string{"image/jpeg", "image/webp"}
)

// post is a Relais content as TikTok takes it: one video, or photos, with
// the text, which is the video's caption or the photos' description.
type post struct {
	video  string
	photos []string
	text   string
}

// shape checks a content against TikTok's limits and returns it as a
// post, or an EINVALID error saying what TikTok would refuse. The link
// goes in the text: a post's hash covers both, and TikTok gives the text
// back as it was sent. TikTok has no alt text: an attachment's is not
// sent. A type or size an attachment does not state is left to TikTok,
// which fails the post (file_format_check_failed).
func shape(c relais.Content) (post, error) {
	var p post
	for _, a := range c.Attached() {
		if strings.TrimSpace(a.URL) == "" {
			return post{}, unfit("an attachment has no URL")
		}
		typ, _, _ := mime.ParseMediaType(a.ContentType)
		switch a.Kind {
		case relais.FormatVideo:
			if p.video != "" {
				return post{}, unfit("a TikTok post takes one video")
			}
			if typ != "" && !slices.Contains(videoTypes, typ) {
				return post{}, unfit("TikTok takes MP4, MOV and WebM videos, not %s", typ)
			}
			if a.Bytes > MaxVideoBytes {
				return post{}, unfit("the video is %d bytes; TikTok takes %d at most", a.Bytes, int64(MaxVideoBytes))
			}
			p.video = a.URL
		case relais.FormatImage:
			if typ != "" && !slices.Contains(photoTypes, typ) {
				return post{}, unfit("TikTok takes JPEG and WebP photos, not %s", typ)
			}
			if a.Bytes > MaxPhotoBytes {
				return post{}, unfit("a photo is %d bytes; TikTok takes %d at most", a.Bytes, MaxPhotoBytes)
			}
			p.photos = append(p.photos, a.URL)
		default:
			return post{}, unfit("TikTok takes videos and photos, not %q", a.Kind)
		}
	}
	p.text = c.Compose()
	n := units(p.text)
	switch {
	case p.video == "" && len(p.photos) == 0:
		return post{}, unfit("a TikTok post is a video or photos; this one has neither")
	case p.video != "" && len(p.photos) > 0:
		return post{}, unfit("a TikTok post is one video or photos, not both")
	case len(p.photos) > MaxPhotos:
		return post{}, unfit("TikTok takes %d photos at most; this post has %d", MaxPhotos, len(p.photos))
	case p.video != "" && n > MaxCaption:
		return post{}, unfit("the text with its link is %d UTF-16 units; TikTok takes %d in a video's caption", n, MaxCaption)
	case n > MaxDescription:
		return post{}, unfit("the text with its link is %d UTF-16 units; TikTok takes %d in a photo post's description", n, MaxDescription)
	}
	return p, nil
}

// units counts s in UTF-16 code units, as TikTok counts its limits: a
// character outside the Basic Multilingual Plane (most emoji) counts 2.
func units(s string) int {
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1)
	}
	return n
}

// unfit is Relais' refusal of what TikTok would refuse: an EINVALID
// error whose message is safe to show.
func unfit(format string, args ...any) error {
	return relais.Errorf(relais.EINVALID, format, args...)
}
