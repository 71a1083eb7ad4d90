package sandbox

import (
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// MaxListLimit bounds how many posts one listing of an account's posts
// returns.
const MaxListLimit = 100

// Content is what a post says: the body of a publish request.
type Content struct {
	Text     string `json:"text"`
	ImageURL string `json:"imageUrl,omitempty"`
	Link     string `json:"link,omitempty"`
}

// Hash is the content's relais.Content hash, with which the publisher
// recognises a post it may already have made.
func (c Content) Hash() string {
	return relais.Content{Text: c.Text, ImageURL: c.ImageURL, Link: c.Link}.Hash()
}

// PublishedPost is a post as an account's listing shows it.
type PublishedPost struct {
	ID string `json:"id"`
	Content
	CreatedAt time.Time `json:"createdAt"`
}
