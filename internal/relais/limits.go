package relais

import (
	"slices"
	"strings"
)

// Limits are a network's rules for a post's content.
type Limits struct {
	// MaxText is the longest text, in characters (Bluesky counts
	// graphemes; a character count is the stricter reading).
	MaxText int
	// RequiresImage is true where a post cannot be text alone.
	RequiresImage bool
	// MaxImageBytes is the largest image the network takes, and
	// ImageTypes the types it takes; zero and nil: what the media
	// library takes.
	MaxImageBytes int64
	ImageTypes    []string
	// MaxFirstComment is the longest first comment a post may carry;
	// zero where the network takes none from Relais.
	MaxFirstComment int
	// MaxReply is the longest public reply, where the network sets it
	// apart from posts; zero: MaxText.
	MaxReply int
	// MaxMedia is how many images or videos one post takes (a carousel's
	// most); zero: one.
	MaxMedia int
	// MaxVideoBytes and VideoTypes are as for images; a network with no
	// FormatVideo takes none.
	MaxVideoBytes int64
	VideoTypes    []string
}

// CheckLimits refuses content a network would refuse for its limits: text
// with its link over the network's length, as the network counts it
// (Length), or no image where one is required.
func CheckLimits(c Content, n Network) error {
	s, err := spec(n)
	if err != nil {
		return err
	}
	return s.CheckLimits(c)
}

// CheckLimits is CheckLimits for the network s declares, for its adapter.
func (s Spec) CheckLimits(c Content) error {
	if err := s.CheckOptions(c.Options); err != nil {
		return err
	}
	if s.CheckContent != nil {
		if err := s.CheckContent(c); err != nil {
			return err
		}
	}
	l := s.Limits
	if l.RequiresImage && !c.HasImage() {
		return Errorf(EINVALID, "%s posts need an image", s.Name)
	}
	if chars := s.Counting.Length(c.Compose()); l.MaxText > 0 && chars > l.MaxText {
		return Errorf(EINVALID, "the text with its link is %d characters; %s allows %d", chars, s.Name, l.MaxText)
	}
	if c.FirstComment != "" {
		if l.MaxFirstComment == 0 {
			return Errorf(EINVALID, "%s takes no first comment from Relais", s.Name)
		}
		if chars := s.Counting.Length(c.FirstComment); chars > l.MaxFirstComment {
			return Errorf(EINVALID, "the first comment is %d characters; %s allows %d", chars, s.Name, l.MaxFirstComment)
		}
	}
	return nil
}

// CheckImage refuses, when a post is scheduled, an uploaded image its
// network would refuse at publish time: a type it does not take, or a
// size over its limit.
func CheckImage(n Network, contentType string, size int64) error {
	s, err := spec(n)
	if err != nil {
		return err
	}
	return s.CheckImage(contentType, size)
}

// CheckImage is CheckImage for the network s declares, for its adapter.
func (s Spec) CheckImage(contentType string, size int64) error {
	n, l := s.Name, s.Limits
	if len(l.ImageTypes) > 0 && !slices.Contains(l.ImageTypes, contentType) {
		return Errorf(EINVALID, "%s takes %s images, not %s", n, strings.Join(l.ImageTypes, ", "), contentType)
	}
	if l.MaxImageBytes > 0 && size > l.MaxImageBytes {
		return Errorf(EINVALID, "the image is %d bytes; %s takes %d at most", size, n, l.MaxImageBytes)
	}
	return nil
}

// CheckMedia refuses, before any call, attachments the network s declares
// would refuse, where a post (post names it: "a Bluesky post") takes up
// to MaxMedia images or one video alone: more than that, a video with
// anything else, a kind, type or size the spec does not take. Types and
// sizes Relais does not know (an image given by URL) are left for later.
func (s Spec) CheckMedia(post string, atts []Attachment) error {
	l := s.Limits
	if len(atts) > l.MaxMedia {
		return Errorf(EINVALID, "the post carries %d images or videos; %s takes %d images", len(atts), post, l.MaxMedia)
	}
	for _, a := range atts {
		switch a.Kind {
		case FormatImage:
			if err := s.CheckImage(a.ContentType, a.Bytes); err != nil {
				return err
			}
		case FormatVideo:
			switch {
			case len(atts) > 1:
				return Errorf(EINVALID, "%s takes a video alone, not with %d other images or videos", post, len(atts)-1)
			case a.ContentType != "" && !slices.Contains(l.VideoTypes, a.ContentType):
				return Errorf(EINVALID, "%s takes %s videos, not %s", s.Label, strings.Join(l.VideoTypes, ", "), a.ContentType)
			case a.Bytes > l.MaxVideoBytes:
				return Errorf(EINVALID, "the video is %d bytes; %s takes %d at most", a.Bytes, s.Label, l.MaxVideoBytes)
			}
		default:
			return Errorf(EINVALID, "an attachment is a %q, neither an image nor a video", a.Kind)
		}
	}
	return nil
}
