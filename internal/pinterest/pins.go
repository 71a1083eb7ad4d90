package pinterest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

const (
	// pageSize is Pinterest's largest page.
	pageSize = 250
	// maxPages bounds one listing: a board with more Pins since the time
	// asked, or a person with more boards, is not one Relais can read
	// through.
	maxPages = 10
)

// newPin is the body of POST /v5/pins.
type newPin struct {
	BoardID     string      `json:"board_id"`
	Description string      `json:"description,omitempty"`
	Link        string      `json:"link,omitempty"`
	AltText     string      `json:"alt_text,omitempty"`
	MediaSource mediaSource `json:"media_source"`
}

// mediaSource is a Pin's media, as its source_type says.
type mediaSource struct {
	SourceType string `json:"source_type"`
	// URL is image_url's image.
	URL string `json:"url,omitempty"`
	// Items are multiple_image_urls' images.
	Items []sourceItem `json:"items,omitempty"`
	// MediaID, CoverImageURL and CoverImageKeyFrameTime are video_id's.
	MediaID                string `json:"media_id,omitempty"`
	CoverImageURL          string `json:"cover_image_url,omitempty"`
	CoverImageKeyFrameTime *int   `json:"cover_image_key_frame_time,omitempty"`
}

type sourceItem struct {
	URL string `json:"url"`
}

// Publish creates a Pin on the board the account names and returns the
// Pin's id: the post's text is the Pin's description and its link the
// Pin's link, which is how RecentPosts finds it again. One image goes as
// image_url, two to five as a carousel (multiple_image_urls), both read by
// Pinterest from their URLs; a video is uploaded first, then pinned with
// the image after it as its cover. Pinterest honours no idempotency key,
// so key is not sent.
func (c *Client) Publish(ctx context.Context, token, account, _ string, content relais.Content) (string, error) {
	const op = "publish"
	board, err := boardID(op, account)
	if err != nil {
		return "", err
	}
	m, cerr := checkContent(content)
	if cerr != nil {
		return "", refuse(op, cerr)
	}
	pin := newPin{BoardID: board, Description: content.Text, Link: content.Link, AltText: m.alt}
	switch {
	case m.video != nil:
		// Until the Pin is made, a failure made nothing: the next attempt
		// registers and uploads the video anew, as Relais keeps no media
		// id between attempts.
		id, err := c.uploadVideo(ctx, token, *m.video)
		if err != nil {
			return "", err
		}
		pin.MediaSource = mediaSource{SourceType: "video_id", MediaID: id}
		if m.cover != nil {
			pin.MediaSource.CoverImageURL = m.cover.URL
		} else {
			first := 0
			pin.MediaSource.CoverImageKeyFrameTime = &first
		}
	case len(m.images) == 1:
		pin.MediaSource = mediaSource{SourceType: "image_url", URL: m.images[0].URL}
	default:
		pin.MediaSource = mediaSource{SourceType: "multiple_image_urls"}
		for _, img := range m.images {
			pin.MediaSource.Items = append(pin.MediaSource.Items, sourceItem{URL: img.URL})
		}
	}
	k := call{op: op, method: http.MethodPost, path: "/v5/pins", token: token, body: pin, creates: true}
	var made struct {
		ID string `json:"id"`
	}
	if err := c.do(ctx, k, &made); err != nil {
		return "", err
	}
	if made.ID == "" {
		return "", k.nc().Failed(0, true, errors.New("pinterest made the pin but gave no id; look for it among the board's pins"))
	}
	return made.ID, nil
}

// listedPin is a Pin as a listing gives it.
type listedPin struct {
	ID          string    `json:"id"`
	CreatedAt   time.Time `json:"created_at"`
	Description string    `json:"description"`
	Link        string    `json:"link"`
}

// RecentPosts lists the board's Pins created at or after since, each with
// the hash of the content that would have made it. Pinterest lists a
// board's newest Pins first, as boards show them, though its reference
// does not say so: the listing stops at the first page that reaches a Pin
// made before since. Were a board ordered otherwise, a Pin could go
// unseen, and the publisher, which finds no repost guard on Pinterest,
// would ask a person rather than pin again.
func (c *Client) RecentPosts(ctx context.Context, token, account string, since time.Time) ([]relais.PublishedPost, error) {
	const op = "recent posts"
	board, err := boardID(op, account)
	if err != nil {
		return nil, err
	}
	var out []relais.PublishedPost
	what := "pins on the board since " + since.UTC().Format(time.RFC3339)
	err = eachPage(ctx, c, op, "/v5/boards/"+url.PathEscape(board)+"/pins", token, what, func(items []listedPin) bool {
		older := false
		for _, p := range items {
			if p.CreatedAt.Before(since) {
				older = true
				continue
			}
			h := relais.Content{Text: p.Description, Link: p.Link}.Hash()
			out = append(out, relais.PublishedPost{ID: p.ID, Hash: h, CreatedAt: p.CreatedAt.UTC()})
		}
		return !older
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachPage reads a paged list, page after page, handing each page's
// items to visit until the last page or until visit returns false. A
// list longer than maxPages is refused: what names its items.
func eachPage[T any](ctx context.Context, c *Client, op, path, token, what string, visit func(items []T) bool) error {
	bookmark := ""
	for range maxPages {
		var page struct {
			Items []T `json:"items"`
			// Bookmark is null on the last page.
			Bookmark *string `json:"bookmark"`
		}
		if err := c.do(ctx, listing(op, path, token, bookmark), &page); err != nil {
			return err
		}
		if !visit(page.Items) || page.Bookmark == nil || *page.Bookmark == "" {
			return nil
		}
		bookmark = *page.Bookmark
	}
	return refuse(op, fmt.Errorf("there are more than %d %s", maxPages*pageSize, what))
}

// listing is a GET of one page of a paged list.
func listing(op, path, token, bookmark string) call {
	q := url.Values{"page_size": {strconv.Itoa(pageSize)}}
	if bookmark != "" {
		q.Set("bookmark", bookmark)
	}
	return call{op: op, method: http.MethodGet, path: path, query: q, token: token}
}
