package pinterest

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/relais"
)

// media is what a post carries, sorted into the Pin formats Pinterest
// takes: one image, a carousel of images, or one video with an optional
// cover image.
type media struct {
	images []relais.Attachment
	video  *relais.Attachment
	// cover is the video's cover image; nil, and Pinterest takes the
	// video's first frame.
	cover *relais.Attachment
	// alt is the Pin's alternative text: Pinterest takes one per Pin, so
	// it is the first attachment's that has one.
	alt string
}

// checkContent refuses, before any call, a post Pinterest would refuse: a
// description, link or alternative text over Pinterest's length, no media,
// media of a type, size or mix Pinterest does not take. Sizes and types
// unknown to Relais (a post's image given by URL) are left for Pinterest
// to judge.
func checkContent(c relais.Content) (media, error) {
	if n := utf8.RuneCountInString(c.Text); n > maxDescription {
		return media{}, relais.Errorf(relais.EINVALID, "the text is %d characters; a Pin's description takes %d", n, maxDescription)
	}
	if n := utf8.RuneCountInString(c.Link); n > maxLink {
		return media{}, relais.Errorf(relais.EINVALID, "the link is %d characters; a Pin's link takes %d", n, maxLink)
	}
	var m media
	for _, a := range c.Attached() {
		if err := checkAttachment(a); err != nil {
			return media{}, err
		}
		switch {
		case a.Kind == relais.FormatVideo && m.video == nil && len(m.images) == 0:
			m.video = &a
		case a.Kind == relais.FormatVideo:
			return media{}, relais.Errorf(relais.EINVALID, "a Pin takes one video, first, with at most one image as its cover")
		case m.video != nil && m.cover == nil:
			m.cover = &a
		case m.video != nil:
			return media{}, relais.Errorf(relais.EINVALID, "a video Pin takes one image, its cover, not more")
		default:
			m.images = append(m.images, a)
		}
		if m.alt == "" {
			m.alt = a.Alt
		}
	}
	switch n := len(m.images); {
	case m.video == nil && n == 0:
		return media{}, relais.Errorf(relais.EINVALID, "a Pin needs an image or a video")
	case n > maxCarousel:
		return media{}, relais.Errorf(relais.EINVALID, "the post carries %d images; a carousel Pin takes %d to %d", n, minCarousel, maxCarousel)
	}
	if n := utf8.RuneCountInString(m.alt); n > maxAltText {
		return media{}, relais.Errorf(relais.EINVALID, "the alternative text is %d characters; a Pin takes %d", n, maxAltText)
	}
	return m, nil
}

// checkAttachment refuses an image or video whose known type or size
// Pinterest does not take.
func checkAttachment(a relais.Attachment) error {
	l := Spec.Limits
	types, max := l.ImageTypes, l.MaxImageBytes
	switch a.Kind {
	case relais.FormatImage:
	case relais.FormatVideo:
		types, max = l.VideoTypes, l.MaxVideoBytes
	default:
		return relais.Errorf(relais.EINVALID, "an attachment is a %q, neither an image nor a video", a.Kind)
	}
	if a.ContentType != "" && !slices.Contains(types, a.ContentType) {
		return relais.Errorf(relais.EINVALID, "pinterest takes %s %ss, not %s", strings.Join(types, ", "), a.Kind, a.ContentType)
	}
	if a.Bytes > max {
		return relais.Errorf(relais.EINVALID, "the %s is %d bytes; pinterest takes %d at most", a.Kind, a.Bytes, max)
	}
	return nil
}
