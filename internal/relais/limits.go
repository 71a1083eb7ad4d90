package relais

// Limits are a network's rules for a post's content.
type Limits struct {
	// MaxText is the longest text, in characters (Bluesky counts
	// graphemes; a character count is the stricter reading).
	MaxText int
	// RequiresImage is true where a post cannot be text alone.
	RequiresImage bool
}

// limits holds each network's published limits.
var limits = map[Network]Limits{
	Facebook:  {MaxText: 63206},
	Instagram: {MaxText: 2200, RequiresImage: true},
	X:         {MaxText: 280},
	LinkedIn:  {MaxText: 3000},
	TikTok:    {MaxText: 2200, RequiresImage: true},
	Mastodon:  {MaxText: 500},
	Bluesky:   {MaxText: 300},
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
