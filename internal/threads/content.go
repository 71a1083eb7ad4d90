package threads

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/relais"
)

// checkText refuses a post's or reply's text Threads would refuse: longer
// than MaxText as Threads counts it (relais.CountEmojiBytes), or with more than MaxLinks links.
func checkText(text string) error {
	if n := Spec.Counting.Length(text); n > MaxText {
		return relais.Errorf(relais.EINVALID, "the text counts %d characters as Threads counts them (a link as its characters, an emoji as its UTF-8 bytes); Threads allows %d", n, MaxText)
	}
	if n := Links(text); n > MaxLinks {
		return relais.Errorf(relais.EINVALID, "the text holds %d distinct links; Threads allows %d", n, MaxLinks)
	}
	return nil
}

// checkPost refuses content Threads would refuse, before any call, and
// returns the text and media the post carries: the text with its link
// (Threads makes the first link of a text-only post its preview card),
// and one image or video, or a carousel of up to MaxCarousel.
func checkPost(c relais.Content) (string, []relais.Attachment, error) {
	text, media := c.Compose(), c.Attached()
	if len(media) == 0 && strings.TrimSpace(text) == "" {
		return "", nil, relais.Errorf(relais.EINVALID, "a Threads post needs text, an image or a video")
	}
	if err := checkText(text); err != nil {
		return "", nil, err
	}
	if len(media) > MaxCarousel {
		return "", nil, relais.Errorf(relais.EINVALID, "the post carries %d images and videos; a Threads carousel takes %d at most", len(media), MaxCarousel)
	}
	for i, m := range media {
		if err := checkMedia(m); err != nil {
			return "", nil, relais.Errorf(relais.EINVALID, "attachment %d: %s", i+1, relais.ErrorMessage(err))
		}
	}
	return text, media, nil
}

// checkMedia refuses an image or video Threads would refuse for what
// Relais knows of it: its kind, type, size and alt text. Threads fetches
// it from its URL, and checks the rest (dimensions, codecs, duration)
// while it processes the container.
func checkMedia(m relais.Attachment) error {
	l := Spec.Limits
	types, most := l.ImageTypes, l.MaxImageBytes
	switch m.Kind {
	case relais.FormatImage:
	case relais.FormatVideo:
		types, most = l.VideoTypes, l.MaxVideoBytes
	default:
		return relais.Errorf(relais.EINVALID, "Threads takes images and videos, not %q", m.Kind)
	}
	switch {
	case m.URL == "":
		return relais.Errorf(relais.EINVALID, "the %s has no URL for Threads to fetch it from", m.Kind)
	case m.ContentType != "" && !slices.Contains(types, m.ContentType):
		return relais.Errorf(relais.EINVALID, "Threads takes %s %ss, not %s", strings.Join(types, ", "), m.Kind, m.ContentType)
	case m.Bytes > most:
		return relais.Errorf(relais.EINVALID, "the %s is %d bytes; Threads takes %d at most", m.Kind, m.Bytes, most)
	case utf8.RuneCountInString(m.Alt) > MaxAltText:
		return relais.Errorf(relais.EINVALID, "the alt text is %d characters; Threads allows %d", utf8.RuneCountInString(m.Alt), MaxAltText)
	}
	return nil
}
