package api

import (
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/links"
	"github.com/relais-dev/relais/internal/relais"
)

// reviewLink is a review link as the API shows it. Its URL, which holds
// the credential, is answered once, when the link is made.
type reviewLink struct {
	ID       string    `json:"id"`
	Reviewer string    `json:"reviewer"`
	Expires  time.Time `json:"expires"`
	URL      string    `json:"url,omitempty"`
}

// newReviewLink is the body of a review link's making.
type newReviewLink struct {
	Reviewer string `json:"reviewer"`
	// Days is how long the link lives: 7 by default, at most 90.
	Days int `json:"days"`
}

// createReviewLink makes a link that lets a person of the client review
// its posts, without an account: the agency sends it to them.
func (s *Server) createReviewLink(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	var in newReviewLink
	if err := readJSON(r, &in); err != nil {
		return err
	}
	client := r.PathValue("client")
	if _, err := s.store.Client(r.Context(), client); err != nil {
		return err
	}
	// Bounded before it becomes a duration, which a huge count would
	// overflow.
	maxDays := int(links.MaxTTL / (24 * time.Hour))
	if in.Days < 0 || in.Days > maxDays {
		return relais.Errorf(relais.EINVALID, "days must be from 1 to %d", maxDays)
	}
	issued, err := s.issuer.IssueReview(r.Context(), client, in.Reviewer, time.Duration(in.Days)*24*time.Hour, s.origin)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/clients/"+client+"/review-links/"+issued.Link.ID)
	return writeJSON(w, http.StatusCreated, reviewLink{ID: issued.Link.ID, Reviewer: issued.Link.Reviewer, Expires: issued.Link.Expires, URL: issued.URL})
}

func (s *Server) listReviewLinks(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	all, err := s.store.Links(r.Context(), r.PathValue("client"))
	if err != nil {
		return err
	}
	out := list[reviewLink]{Items: []reviewLink{}}
	for _, l := range all {
		if l.IsReview() {
			out.Items = append(out.Items, reviewLink{ID: l.ID, Reviewer: l.Reviewer, Expires: l.Expires})
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

// revokeReviewLink revokes a review link: it then signs no one in.
func (s *Server) revokeReviewLink(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	if err := relais.ValidateID("link", r.PathValue("link")); err != nil {
		return relais.Errorf(relais.ENOTFOUND, "unknown link %q", r.PathValue("link"))
	}
	if err := s.issuer.Revoke(r.Context(), r.PathValue("client"), r.PathValue("link")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
