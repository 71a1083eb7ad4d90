package metafake

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
)

// Media kinds, as Post.Media names them.
const (
	KindImage = "image"
	KindVideo = "video"
)

// Media is one image or video a post carries, as the fake stores it.
type Media struct {
	// ID is the photo's, the video's or the Instagram container's id.
	ID   string
	Kind string
	URL  string
	Alt  string
	// Bytes is what the fake read from URL when it fetches media (Fetch
	// set), else zero.
	Bytes int64
}

// What Meta takes from a URL it fetches. Facebook: a Page photo in the
// formats the Page Photos reference lists, "Files can not exceed 10MB"
// (read as 10,000,000 bytes), and a Page video in no size or format the
// Graph reference states. Instagram (IG User Media reference): JPEG
// images of 8 MB at most, Reels in MOV or MP4 of 300 MB at most.
var (
	fbPhoto = rule{types: []string{"image/jpeg", "image/bmp", "image/png", "image/gif", "image/tiff"}, max: 10_000_000}
	fbVideo = rule{}
	igImage = rule{types: []string{"image/jpeg"}, max: 8 << 20}
	igReel  = rule{types: []string{"video/mp4", "video/quicktime"}, max: 300_000_000}
)

// rule is what Meta takes from one kind of media URL; no types and no
// max: anything.
type rule struct {
	types []string
	max   int64
}

// fetched is what reading a media URL found: its size, or why Meta
// would refuse it.
type fetched struct {
	bytes int64
	// unreachable says the URL did not answer the file; refused says the
	// file is not of a type or size the rule takes.
	unreachable, refused string
}

// fetch reads a media URL as Meta does, streaming it and keeping only its
// size, when Server.Fetch is set; otherwise the URL is taken as given.
// Callers do not hold mu: the read may be slow.
func (s *Server) fetch(u string, r rule) fetched {
	if s.Fetch == nil {
		return fetched{}
	}
	resp, err := s.Fetch.Get(u)
	if err != nil {
		return fetched{unreachable: "the media could not be fetched from its URL"}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fetched{unreachable: fmt.Sprintf("fetching the media from its URL answered %d", resp.StatusCode)}
	}
	limit := r.max
	if limit == 0 {
		limit = 1 << 40
	}
	n, err := io.Copy(io.Discard, io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return fetched{unreachable: "the media could not be read whole from its URL"}
	}
	typ, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch {
	case len(r.types) > 0 && !slices.Contains(r.types, typ):
		return fetched{bytes: n, refused: fmt.Sprintf("the media's type %q is not supported", typ)}
	case r.max > 0 && n > r.max:
		return fetched{bytes: n, refused: fmt.Sprintf("the media is over %d bytes", r.max)}
	}
	return fetched{bytes: n}
}

// failed is why Meta cannot use what it fetched, or "".
func (f fetched) failed() string {
	if f.unreachable != "" {
		return f.unreachable
	}
	return f.refused
}
