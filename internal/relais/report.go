package relais

import (
	"strings"
	"time"
)

// ModerationExample is one interaction moderation hid or flagged, kept so
// that a report can show what moderation does. Reports show its text
// masked.
type ModerationExample struct {
	ClientID      string   `json:"clientId"`
	Network       Network  `json:"network"`
	InteractionID string   `json:"interactionId"`
	Action        Action   `json:"action"`
	Labels        []string `json:"labels,omitempty"`
	Text          string   `json:"text"`
	// Flagged are the words the scorer matched, which a report masks.
	Flagged []string  `json:"flagged,omitempty"`
	At      time.Time `json:"at"`
}

// MaxExampleText bounds the text kept for an example.
const MaxExampleText = 280

// Branding is how reports present the agency: its name, its logo (a data
// URI, so that a report fetches nothing) and its colour (#rrggbb). A
// client's branding overrides the deployment's field by field.
type Branding struct {
	Name  string `json:"name,omitempty"`
	Logo  string `json:"logo,omitempty"`
	Color string `json:"color,omitempty"`
}

// Over returns b with the fields o sets replaced.
func (b Branding) Over(o Branding) Branding {
	if o.Name != "" {
		b.Name = o.Name
	}
	if o.Logo != "" {
		b.Logo = o.Logo
	}
	if o.Color != "" {
		b.Color = o.Color
	}
	return b
}

// Validate checks that a branding is safe to put in a report: a colour
// that cannot break out of a style sheet and a logo that loads nothing.
// The store calls it on every write, and the CLI before it connects.
func (b Branding) Validate() error {
	if err := validColor(b.Color); err != nil {
		return err
	}
	return validLogo(b.Logo)
}

// Checked returns b without the fields Validate refuses, for a report to
// fall back on its defaults when a value escaped validation (an item
// written before the store checked brandings, say).
func (b Branding) Checked() Branding {
	if validColor(b.Color) != nil {
		b.Color = ""
	}
	if validLogo(b.Logo) != nil {
		b.Logo = ""
	}
	return b
}

func validColor(c string) error {
	if c != "" && !hexColor(c) {
		return Errorf(EINVALID, "colour %q: want #rrggbb", c)
	}
	return nil
}

func validLogo(logo string) error {
	if logo == "" {
		return nil
	}
	ok := false
	for _, p := range []string{"data:image/png;base64,", "data:image/jpeg;base64,", "data:image/svg+xml;base64,", "data:image/webp;base64,"} {
		ok = ok || strings.HasPrefix(logo, p)
	}
	if !ok || strings.ContainsAny(logo, "\"'<> ") {
		return Errorf(EINVALID, "logo: want a base64 data URI of a PNG, JPEG, WebP or SVG image")
	}
	if len(logo) > MaxLogo {
		return Errorf(EINVALID, "logo is %d bytes as a data URI; the limit is %d", len(logo), MaxLogo)
	}
	return nil
}

// MaxLogo bounds a logo's data URI, which every report carries.
const MaxLogo = 64 << 10

func hexColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for i := 1; i < 7; i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// ReportObjectKey is where a report file of a client's period is in the
// reports bucket.
func ReportObjectKey(clientID, period, name string) string {
	return "reports/" + clientID + "/" + period + "/" + name
}

// ReportRecord is a written report of a client, as its list shows it.
type ReportRecord struct {
	ClientID  string    `json:"clientId"`
	Period    Period    `json:"period"`
	Files     []string  `json:"files"`
	Empty     bool      `json:"empty"`
	WrittenAt time.Time `json:"writtenAt"`
}
