package pinterestfake

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/netfake"
)

// Limits of the PinCreate schema.
const (
	maxTitle       = 100
	maxDescription = 800
	maxLink        = 2048
	maxAltText     = 500
	minCarousel    = 2
	maxCarousel    = 5
	// firstID makes ids look like Pinterest's long ones.
	firstID = 813744226420795884
)

// Pin is a Pin as the fake stores it.
type Pin struct {
	ID, BoardID                       string
	Title, Description, Link, AltText string
	// MediaType is image, multiple_images or video.
	MediaType string
	// Images are the URLs of its images, fetched when it was made; a
	// video Pin's is its cover's, if it was given one.
	Images []string
	// MediaID is a video Pin's media upload.
	MediaID   string
	CreatedAt time.Time
}

// Pins returns a board's Pins, oldest first.
func (s *Server) Pins(boardID string) []Pin {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Pin
	for _, p := range s.pins {
		if p.BoardID == boardID {
			out = append(out, p)
		}
	}
	return out
}

// newPin is the body of POST /v5/pins.
type newPin struct {
	BoardID     string       `json:"board_id"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Link        string       `json:"link"`
	AltText     string       `json:"alt_text"`
	MediaSource *mediaSource `json:"media_source"`
}

type mediaSource struct {
	SourceType string `json:"source_type"`
	URL        string `json:"url"`
	Items      []struct {
		URL string `json:"url"`
	} `json:"items"`
	MediaID                string `json:"media_id"`
	CoverImageURL          string `json:"cover_image_url"`
	CoverImageKeyFrameTime *int   `json:"cover_image_key_frame_time"`
}

// createPin handles POST /v5/pins: a Pin on one of the person's boards,
// its images fetched from their URLs as Pinterest fetches them, or its
// video a processed upload of the person's.
func (s *Server) createPin(w http.ResponseWriter, r *http.Request, userID string) {
	var np newPin
	if !readJSON(w, r, &np, "a JSON Pin") {
		return
	}
	if why := invalid(np); why != "" {
		writeError(w, http.StatusBadRequest, "Invalid Pin parameters: %s.", why)
		return
	}
	if _, ok := s.ownBoard(w, np.BoardID, userID); !ok {
		return
	}
	p := Pin{BoardID: np.BoardID, Title: np.Title, Description: np.Description, Link: np.Link, AltText: np.AltText}
	src := np.MediaSource
	switch src.SourceType {
	case "image_url":
		p.MediaType, p.Images = "image", []string{src.URL}
	case "multiple_image_urls":
		p.MediaType = "multiple_images"
		for _, it := range src.Items {
			p.Images = append(p.Images, it.URL)
		}
	case "video_id":
		p.MediaType, p.MediaID = "video", src.MediaID
		if src.CoverImageURL != "" {
			p.Images = []string{src.CoverImageURL}
		}
		if why := s.pinnable(src.MediaID, userID); why != "" {
			writeError(w, http.StatusBadRequest, "Invalid Pin parameters: %s.", why)
			return
		}
	}
	for _, u := range p.Images {
		if why := s.fetchImage(r, u); why != "" {
			writeError(w, http.StatusBadRequest, "Sorry, the image at media_source could not be used: %s.", why)
			return
		}
	}
	s.mu.Lock()
	s.seq++
	p.ID, p.CreatedAt = newID(s.seq), s.Now().UTC()
	s.pins = append(s.pins, p)
	u := *s.users[userID]
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, s.shown(p, u))
}

// invalid says what Pinterest would refuse in a new Pin, or "".
func invalid(np newPin) string {
	src := np.MediaSource
	switch {
	case !digits(np.BoardID):
		return "board_id must be a board's id"
	case utf8.RuneCountInString(np.Title) > maxTitle:
		return fmt.Sprintf("title is longer than %d characters", maxTitle)
	case utf8.RuneCountInString(np.Description) > maxDescription:
		return fmt.Sprintf("description is longer than %d characters", maxDescription)
	case utf8.RuneCountInString(np.Link) > maxLink:
		return fmt.Sprintf("link is longer than %d characters", maxLink)
	case utf8.RuneCountInString(np.AltText) > maxAltText:
		return fmt.Sprintf("alt_text is longer than %d characters", maxAltText)
	case src == nil:
		return "media_source is required"
	case src.SourceType == "image_url" && src.URL == "":
		return "media_source.url is required"
	case src.SourceType == "multiple_image_urls" && (len(src.Items) < minCarousel || len(src.Items) > maxCarousel):
		return fmt.Sprintf("media_source.items takes %d to %d images", minCarousel, maxCarousel)
	case src.SourceType == "video_id" && !digits(src.MediaID):
		return "media_source.media_id must be a media upload's id"
	case src.SourceType == "video_id" && src.CoverImageKeyFrameTime != nil && *src.CoverImageKeyFrameTime < 0:
		return "media_source.cover_image_key_frame_time must be 0 or more"
	case src.SourceType != "image_url" && src.SourceType != "multiple_image_urls" && src.SourceType != "video_id":
		return fmt.Sprintf("the fake takes media_source of source_type image_url, multiple_image_urls or video_id, not %q", src.SourceType)
	}
	for _, it := range src.Items {
		if it.URL == "" {
			return "each of media_source.items needs a url"
		}
	}
	return ""
}

// shownPin is a Pin as the API shows it.
type shownPin struct {
	ID          string `json:"id"`
	CreatedAt   string `json:"created_at"`
	BoardID     string `json:"board_id"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description"`
	Link        string `json:"link,omitempty"`
	AltText     string `json:"alt_text,omitempty"`
	BoardOwner  struct {
		Username string `json:"username"`
	} `json:"board_owner"`
	Media struct {
		MediaType string `json:"media_type"`
	} `json:"media"`
}

func (s *Server) shown(p Pin, owner user) shownPin {
	out := shownPin{ID: p.ID, CreatedAt: p.CreatedAt.Format(time.RFC3339), BoardID: p.BoardID, Title: p.Title,
		Description: p.Description, Link: p.Link, AltText: p.AltText}
	out.BoardOwner.Username = owner.username
	out.Media.MediaType = p.MediaType
	return out
}

// listPins handles GET /v5/boards/{board_id}/pins: the board's Pins,
// newest first, a page at a time.
func (s *Server) listPins(w http.ResponseWriter, r *http.Request, userID string) {
	b, ok := s.ownBoard(w, r.PathValue("board_id"), userID)
	if !ok {
		return
	}
	pins := s.Pins(b.id)
	s.mu.Lock()
	owner := *s.users[b.owner]
	s.mu.Unlock()
	newest := make([]shownPin, 0, len(pins))
	for i := len(pins) - 1; i >= 0; i-- {
		newest = append(newest, s.shown(pins[i], owner))
	}
	if netfake.Stale(r) && len(newest) > 0 {
		newest = newest[1:]
	}
	writePage(w, r, newest)
}

// fetchImage reads an image a Pin names, as Pinterest does when it makes
// the Pin, and says why it cannot be used, or "".
func (s *Server) fetchImage(r *http.Request, u string) string {
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return "its URL is not an http or https one"
	}
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, u, nil)
	if err != nil {
		return "its URL does not read as a URL"
	}
	resp, err := s.Images.Do(req)
	if err != nil {
		return "it could not be fetched"
	}
	defer resp.Body.Close()
	b := make([]byte, 512)
	n, _ := io.ReadFull(resp.Body, b)
	switch typ := http.DetectContentType(b[:n]); {
	case resp.StatusCode != http.StatusOK:
		return fmt.Sprintf("fetching it answered %d", resp.StatusCode)
	case resp.ContentLength > maxImageBytes:
		return fmt.Sprintf("it is over %d bytes", maxImageBytes)
	case typ != "image/jpeg" && typ != "image/png":
		return fmt.Sprintf("it is %s, not a JPEG or PNG image", typ)
	}
	return ""
}

// maxImageBytes is the largest image the fake takes: a static Pin's on
// the web.
const maxImageBytes = 20_000_000

func newID(seq int64) string { return fmt.Sprint(firstID + seq) }

func digits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }
