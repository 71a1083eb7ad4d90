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
	// MaxMedia is how many images or videos one post takes (a carousel's
	// most); zero: one.
	MaxMedia int
	// MaxVideoBytes and VideoTypes are as for images; a network with no
	// FormatVideo takes none.
	MaxVideoBytes int64
	VideoTypes    []string
}

// limits holds each network's published limits.
var limits = map[Network]Limits{
	Facebook:  {MaxText: 63206},
	Instagram: {MaxText: 2200, RequiresImage: true, MaxImageBytes: 8 << 20, ImageTypes: []string{"image/jpeg"}},
	X:         {MaxText: 280, MaxImageBytes: 5 << 20, ImageTypes: []string{"image/jpeg", "image/png", "image/webp", "image/gif"}},
	LinkedIn:  {MaxText: 3000, ImageTypes: []string{"image/jpeg", "image/png", "image/gif"}},
	TikTok:    {MaxText: 2200, RequiresImage: true},
	Mastodon:  {MaxText: 500, MaxImageBytes: 16 << 20},
	Bluesky:   {MaxText: 300, MaxImageBytes: 2_000_000},
	Sandbox:   {MaxText: MaxPostText},
}

// LimitsOf returns a network's limits.
func LimitsOf(n Network) Limits { return limits[n] }

// CheckLimits refuses content a network would refuse for its limits: text
// with its link over the network's length, as the network counts it
// (Length), or no image where one is required.
func CheckLimits(c Content, n Network) error {
	l := LimitsOf(n)
	if l.RequiresImage && !c.HasImage() {
		return Errorf(EINVALID, "%s posts need an image", n)
	}
	if chars := Length(n, c.Compose()); l.MaxText > 0 && chars > l.MaxText {
		return Errorf(EINVALID, "the text with its link is %d characters; %s allows %d", chars, n, l.MaxText)
	}
	return nil
}

// CheckImage refuses, when a post is scheduled, an uploaded image its
// network would refuse at publish time: a type it does not take, or a
// size over its limit.
func CheckImage(n Network, contentType string, size int64) error {
	l := LimitsOf(n)
	if len(l.ImageTypes) > 0 && !slices.Contains(l.ImageTypes, contentType) {
		return Errorf(EINVALID, "%s takes %s images, not %s", n, strings.Join(l.ImageTypes, ", "), contentType)
	}
	if l.MaxImageBytes > 0 && size > l.MaxImageBytes {
		return Errorf(EINVALID, "the image is %d bytes; %s takes %d at most", size, n, l.MaxImageBytes)
	}
	return nil
}
