package metafake

import (
	"net/http"
	"strings"

	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
)

// ruploadPath is where Reels' videos are uploaded, on
// rupload.facebook.com in production (/video-upload/{version}/{video-id})
// and on the fake's own host here.
const ruploadPath = "/video-upload/"

// fbReel is what a Reel's upload takes: the Reels Publishing guide
// recommends .mp4; QuickTime is taken as for a Page video. Its size,
// duration (3 to 90 s) and 9:16 ratio the fake does not check.
var fbReel = rule{types: []string{"video/mp4", "video/quicktime"}}

// reel is a Reel's upload session: started, its video uploaded, then
// finished into a post, once.
type reel struct {
	account  string
	media    Media
	uploaded bool
	finished bool
}

// reelOf is the video id of an upload path, /video-upload/{version}/{id}.
func reelOf(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, ruploadPath)
	if !ok {
		return "", false
	}
	v, id, ok := strings.Cut(rest, "/")
	if !ok || !version.MatchString(v) || id == "" || strings.Contains(id, "/") {
		return "", false
	}
	return id, true
}

// videoReels handles POST /{page-id}/video_reels: upload_phase=start
// opens a session and answers its video_id and upload_url;
// upload_phase=finish with video_id and video_state=PUBLISHED makes the
// Reel's post from an uploaded session and answers success. The fake
// takes no other video_state (DRAFT, SCHEDULED), which Relais does not
// send.
func (s *Server) videoReels(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, q, q.node, page) {
		return
	}
	switch q.params.Get("upload_phase") {
	case "start":
		id := s.nextID()
		s.reels[id] = &reel{account: q.accountID, media: Media{ID: id, Kind: KindVideo}}
		graphfake.WriteJSON(w, http.StatusOK, map[string]string{"video_id": id, "upload_url": "https://rupload.facebook.com/video-upload/v21.0/" + id})
	case "finish":
		s.finishReel(w, q)
	default:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) upload_phase must be one of start, transfer, finish")
	}
}

// finishReel publishes an uploaded Reel. Callers hold mu.
func (s *Server) finishReel(w http.ResponseWriter, q *request) {
	id := q.params.Get("video_id")
	r := s.reels[id]
	switch {
	case id == "":
		writeError(w, http.StatusBadRequest, codeMissingParam, 0, "(#194) Missing at least one required parameter: video_id")
		return
	case r == nil || r.account != q.accountID:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) Invalid video_id")
		return
	case q.params.Get("video_state") != "PUBLISHED":
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The fake takes video_state PUBLISHED only")
		return
	case !r.uploaded:
		// Unconfirmed wording: Meta's answer to finishing an empty session.
		writeError(w, http.StatusBadRequest, codeVideoFile, 0, "There was a problem uploading your video file. Please try again.")
		return
	case r.finished:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The video has already been published")
		return
	}
	r.finished = true
	end := videoReady
	if len(s.videoEnds) > 0 {
		end, s.videoEnds = s.videoEnds[0], s.videoEnds[1:]
	}
	s.uploaded[r.account] = append(s.uploaded[r.account], r.media)
	p := s.addPost(r.account, Post{ID: r.account + "_" + s.nextID(), Message: q.params.Get("description"), Media: []Media{r.media}})
	s.videos[id] = &video{account: r.account, post: p.ID, polls: s.VideoPolls, end: end, reel: true}
	graphfake.WriteJSON(w, http.StatusOK, map[string]bool{"success": true})
}

// uploadReel handles POST {rupload}/video-upload/{version}/{video-id}
// with the header file_url: Meta fetches the video into the session.
// Uploading again replaces the video of a session not yet finished.
func (s *Server) uploadReel(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	r := s.reels[q.node]
	account := ""
	if r != nil {
		account = r.account
	}
	ok := q.r.Method == http.MethodPost && r != nil && s.authorize(w, q, account, page)
	s.mu.Unlock()
	switch {
	case q.r.Method != http.MethodPost || r == nil:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) Invalid video_id")
		return
	case !ok:
		return
	}
	file := q.r.Header.Get("file_url")
	if file == "" {
		writeError(w, http.StatusBadRequest, codeMissingParam, 0, "(#194) Missing at least one required parameter: file_url")
		return
	}
	got := s.fetch(file, fbReel)
	if got.unreachable != "" {
		writeError(w, http.StatusBadRequest, codeFetchVideo, 0, "(#389) Unable to fetch video file from URL.")
		return
	}
	if got.refused != "" {
		writeError(w, http.StatusBadRequest, codeVideoFile, 0, "There was a problem uploading your video file: "+got.refused)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.finished {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The video has already been published")
		return
	}
	r.uploaded, r.media.URL, r.media.Bytes = true, file, got.bytes
	graphfake.WriteJSON(w, http.StatusOK, map[string]bool{"success": true})
}
