package gbpfake

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

// maxReply is an answer's longest comment, in bytes.
const maxReply = 4096

// stars are Google's star ratings, one to five.
var stars = []string{"ONE", "TWO", "THREE", "FOUR", "FIVE"}

// Review is a review as the fake stores it.
type Review struct {
	// Name is accounts/…/locations/…/reviews/{id}, set by AddReview.
	Name     string
	Location string
	// Reviewer is the reviewer's display name; Anonymous hides it.
	Reviewer  string
	Anonymous bool
	// StarRating is ONE to FIVE.
	StarRating string
	Comment    string
	// CreateTime and UpdateTime default to the fake's clock.
	CreateTime, UpdateTime time.Time
	Reply                  *Reply
}

// Reply is the location's answer to a review.
type Reply struct {
	Comment    string
	UpdateTime time.Time
}

// AddReview adds a review of its Location, as a customer writes one, and
// returns its name.
func (s *Server) AddReview(r Review) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	r.Location = strings.Trim(r.Location, "/")
	r.Name = fmt.Sprintf("%s/reviews/AbFvOqn%010d", r.Location, s.seq)
	now := s.Now().UTC()
	if r.CreateTime.IsZero() {
		r.CreateTime = now
	}
	if r.UpdateTime.IsZero() {
		r.UpdateTime = r.CreateTime
	}
	if r.StarRating == "" {
		r.StarRating = "FIVE"
	}
	if r.Reply != nil {
		reply := *r.Reply
		r.Reply = &reply
	}
	s.reviews = append(s.reviews, &r)
	return r.Name
}

// EditReview has the reviewer rewrite a review now; false when there is
// no such review.
func (s *Server) EditReview(name, comment string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.find(name)
	if r == nil {
		return false
	}
	r.Comment, r.UpdateTime = comment, s.Now().UTC()
	return true
}

// Review returns a review by name.
func (s *Server) Review(name string) (Review, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.find(name); r != nil {
		return copyReview(r), true
	}
	return Review{}, false
}

// Reviews returns a location's reviews, oldest first.
func (s *Server) Reviews(location string) []Review {
	location = strings.Trim(location, "/")
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Review
	for _, r := range s.reviews {
		if r.Location == location {
			out = append(out, copyReview(r))
		}
	}
	return out
}

func copyReview(r *Review) Review {
	c := *r
	if r.Reply != nil {
		reply := *r.Reply
		c.Reply = &reply
	}
	return c
}

// find returns the stored review; s.mu is held.
func (s *Server) find(name string) *Review {
	for _, r := range s.reviews {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// wireReview is a Review in the API's JSON.
type wireReview struct {
	Name     string `json:"name"`
	ReviewID string `json:"reviewId"`
	Reviewer struct {
		DisplayName string `json:"displayName,omitempty"`
		IsAnonymous bool   `json:"isAnonymous"`
	} `json:"reviewer"`
	StarRating  string     `json:"starRating"`
	Comment     string     `json:"comment,omitempty"`
	CreateTime  string     `json:"createTime"`
	UpdateTime  string     `json:"updateTime"`
	ReviewReply *wireReply `json:"reviewReply,omitempty"`
}

type wireReply struct {
	Comment    string `json:"comment"`
	UpdateTime string `json:"updateTime"`
}

func (r Review) wire() wireReview {
	w := wireReview{Name: r.Name, ReviewID: r.Name[strings.LastIndexByte(r.Name, '/')+1:], StarRating: r.StarRating, Comment: r.Comment,
		CreateTime: r.CreateTime.Format(time.RFC3339Nano), UpdateTime: r.UpdateTime.Format(time.RFC3339Nano)}
	w.Reviewer.IsAnonymous = r.Anonymous
	if !r.Anonymous {
		w.Reviewer.DisplayName = r.Reviewer
	}
	if r.Reply != nil {
		w.ReviewReply = &wireReply{Comment: r.Reply.Comment, UpdateTime: r.Reply.UpdateTime.Format(time.RFC3339Nano)}
	}
	return w
}

// listReviews lists a location's reviews in orderBy's order ("updateTime
// desc" by default, "rating" or "rating desc"), pageSize at most 50.
func (s *Server) listReviews(w http.ResponseWriter, r *http.Request) {
	location, ok := s.location(w, r)
	if !ok {
		return
	}
	size, start, ok := paging(w, r, 50, 50)
	if !ok {
		return
	}
	reviews := s.Reviews(location)
	byUpdate := func(a, b Review) int { return cmp.Compare(b.UpdateTime.UnixNano(), a.UpdateTime.UnixNano()) }
	switch order := r.URL.Query().Get("orderBy"); order {
	case "", "updateTime desc":
		slices.SortStableFunc(reviews, byUpdate)
	case "rating":
		slices.SortStableFunc(reviews, func(a, b Review) int { return cmp.Or(cmp.Compare(rating(a), rating(b)), byUpdate(a, b)) })
	case "rating desc":
		slices.SortStableFunc(reviews, func(a, b Review) int { return cmp.Or(cmp.Compare(rating(b), rating(a)), byUpdate(a, b)) })
	default:
		writeInvalid(w, "order_by", "want updateTime desc, rating or rating desc")
		return
	}
	if netfake.Stale(r) && len(reviews) > 0 {
		// Google holds a new review back for checks before listing it.
		newest := slices.MaxFunc(reviews, func(a, b Review) int { return a.UpdateTime.Compare(b.UpdateTime) })
		reviews = slices.DeleteFunc(reviews, func(x Review) bool { return x.Name == newest.Name })
	}
	out := struct {
		Reviews          []wireReview `json:"reviews,omitempty"`
		AverageRating    float64      `json:"averageRating,omitempty"`
		TotalReviewCount int          `json:"totalReviewCount"`
		NextPageToken    string       `json:"nextPageToken,omitempty"`
	}{TotalReviewCount: len(reviews), NextPageToken: nextPage(start, size, len(reviews))}
	sum := 0
	for _, rv := range reviews {
		sum += rating(rv)
	}
	if len(reviews) > 0 {
		out.AverageRating = float64(sum) / float64(len(reviews))
	}
	for _, rv := range reviews[min(start, len(reviews)):min(start+size, len(reviews))] {
		out.Reviews = append(out.Reviews, rv.wire())
	}
	writeJSON(w, http.StatusOK, out)
}

func rating(r Review) int { return slices.Index(stars, r.StarRating) + 1 }

// review answers for a request naming a review of the location: false,
// with the answer written, when there is none.
func (s *Server) review(w http.ResponseWriter, r *http.Request) (string, bool) {
	location, ok := s.location(w, r)
	if !ok {
		return "", false
	}
	name := location + "/reviews/" + r.PathValue("review")
	if _, ok := s.Review(name); !ok {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "Requested entity was not found.")
		return "", false
	}
	return name, true
}

func (s *Server) getReview(w http.ResponseWriter, r *http.Request) {
	if name, ok := s.review(w, r); ok {
		rv, _ := s.Review(name)
		writeJSON(w, http.StatusOK, rv.wire())
	}
}

// putReply creates or replaces the location's answer to a review.
func (s *Server) putReply(w http.ResponseWriter, r *http.Request) {
	name, ok := s.review(w, r)
	if !ok {
		return
	}
	var in struct {
		Comment string `json:"comment"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	switch {
	case strings.TrimSpace(in.Comment) == "":
		writeInvalid(w, "comment", "required")
		return
	case len(in.Comment) > maxReply:
		writeInvalid(w, "comment", "longer than %d bytes", maxReply)
		return
	}
	s.mu.Lock()
	rv := s.find(name)
	now := s.Now().UTC()
	rv.Reply = &Reply{Comment: in.Comment, UpdateTime: now}
	if s.ReplyTouchesReview {
		rv.UpdateTime = now
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, wireReply{Comment: in.Comment, UpdateTime: now.Format(time.RFC3339Nano)})
}

// deleteReply deletes the location's answer to a review; 404 when there
// is none.
func (s *Server) deleteReply(w http.ResponseWriter, r *http.Request) {
	name, ok := s.review(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	rv := s.find(name)
	had := rv.Reply != nil
	rv.Reply = nil
	if had && s.ReplyTouchesReview {
		rv.UpdateTime = s.Now().UTC()
	}
	s.mu.Unlock()
	if !had {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "Requested entity was not found.")
		return
	}
	writeJSON(w, http.StatusOK, struct{}{})
}
