package api

import (
	"context"
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/posts"
	"github.com/relais-dev/relais/internal/relais"
)

// postView is a post as the API shows it, without the publisher's lease.
type postView struct {
	ID       string            `json:"id"`
	ClientID string            `json:"clientId"`
	Account  string            `json:"account"`
	Text     string            `json:"text"`
	ImageURL string            `json:"imageUrl,omitempty"`
	ImageAlt string            `json:"imageAlt,omitempty"`
	Link     string            `json:"link,omitempty"`
	Media    []postMedia       `json:"media,omitempty"`
	Options  map[string]string `json:"options,omitempty"`
	// FirstComment and where it is: sending, sent (with its network id),
	// failed or unknown.
	FirstComment      string             `json:"firstComment,omitempty"`
	FirstCommentState string             `json:"firstCommentState,omitempty"`
	FirstCommentID    string             `json:"firstCommentId,omitempty"`
	LocalTime         string             `json:"localTime"`
	TimeZone          string             `json:"timezone"`
	ScheduledAt       time.Time          `json:"scheduledAt"`
	Status            relais.PostStatus  `json:"status"`
	NetworkPostID     string             `json:"networkPostId,omitempty"`
	PublishedAt       *time.Time         `json:"publishedAt,omitempty"`
	FailureReason     string             `json:"failureReason,omitempty"`
	ApprovedBy        string             `json:"approvedBy,omitempty"`
	Engagement        *relais.Engagement `json:"engagement,omitempty"`
	Version           int64              `json:"version"`
	Audit             []auditEntry       `json:"audit,omitempty"`
}

// auditEntry is one change of a post: who made it is who signed in.
type auditEntry struct {
	At   time.Time         `json:"at"`
	By   string            `json:"by"`
	From relais.PostStatus `json:"from,omitempty"`
	To   relais.PostStatus `json:"to"`
	Why  string            `json:"why,omitempty"`
}

// viewPost shows a post, with a short-lived URL of each image it carries.
func (s *Server) viewPost(ctx context.Context, p relais.Post) (postView, error) {
	m, err := s.mediaOfPost(ctx, p)
	if err != nil {
		return postView{}, err
	}
	return postView{Media: m, ID: p.ID, ClientID: p.ClientID, Account: p.Account.String(), Text: p.Text, ImageURL: p.ImageURL, ImageAlt: p.ImageAlt, Link: p.Link, Options: p.Options,
		FirstComment: p.FirstComment, FirstCommentState: p.FirstCommentState, FirstCommentID: p.FirstCommentID,
		LocalTime: p.LocalTime, TimeZone: p.TimeZone, ScheduledAt: p.ScheduledAt, Status: p.Status, NetworkPostID: p.NetworkPostID,
		PublishedAt: p.PublishedAt, FailureReason: p.FailureReason, ApprovedBy: p.ApprovedBy, Engagement: p.Engagement, Version: p.Version}, nil
}

func (s *Server) listPosts(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	limit, err := limitParam(r)
	if err != nil {
		return err
	}
	page, err := s.store.PostsPage(r.Context(), r.PathValue("client"), r.URL.Query().Get("cursor"), limit)
	if err != nil {
		return err
	}
	out := list[postView]{Items: make([]postView, len(page.Items)), Next: page.Next}
	for i, p := range page.Items {
		if out.Items[i], err = s.viewPost(r.Context(), p); err != nil {
			return err
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

// newPost is the body of a post's scheduling.
type newPost struct {
	// Account is <network>:<account id>.
	Account  string `json:"account"`
	At       string `json:"at"`
	Text     string `json:"text"`
	ImageURL string `json:"imageUrl"`
	// ImageAlt describes the image; an uploaded image's own by default.
	ImageAlt string `json:"imageAlt"`
	Link     string `json:"link"`
	// Media are ids of the client's uploaded images and videos: several
	// where the network takes a carousel.
	Media []string `json:"media"`
	// Options are the settings the account's network takes (TikTok's
	// privacy level).
	Options map[string]string `json:"options"`
	// FirstComment is published under the post right after it, once.
	FirstComment string `json:"firstComment"`
	// Accept lists the guards the caller overrides: brand, private_data.
	Accept []relais.Guard `json:"accept"`
}

func (s *Server) schedulePost(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
	var in newPost
	if err := readJSON(r, &in); err != nil {
		return err
	}
	ref, err := relais.ParseAccountRef(in.Account)
	if err != nil {
		return err
	}
	if err := acceptable(in.Accept); err != nil {
		return err
	}
	p, err := s.posts.Schedule(r.Context(), posts.Draft{ClientID: r.PathValue("client"), Account: ref, At: in.At,
		Content: relais.Content{Text: in.Text, ImageURL: in.ImageURL, ImageAlt: in.ImageAlt, Link: in.Link, Media: in.Media, Options: in.Options, FirstComment: in.FirstComment}, Overrides: in.Accept}, id.Name)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/clients/"+p.ClientID+"/posts/"+p.ID)
	v, err := s.viewPost(r.Context(), p)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(p.Version))
	return writeJSON(w, http.StatusCreated, v)
}

// post reads the post the path names, within the path's client.
func (s *Server) post(r *http.Request) (relais.Post, error) {
	p, err := s.store.Post(r.Context(), r.PathValue("client"), r.PathValue("post"))
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		return p, relais.Errorf(relais.ENOTFOUND, "unknown post %q", r.PathValue("post"))
	}
	return p, err
}

func (s *Server) getPost(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	p, err := s.post(r)
	if err != nil {
		return err
	}
	return s.writePost(w, r, p)
}

// writePost answers a post with its audit trail and its ETag.
func (s *Server) writePost(w http.ResponseWriter, r *http.Request, p relais.Post) error {
	audit, err := s.store.Audit(r.Context(), p.ClientID, p.ID)
	if err != nil {
		return err
	}
	v, err := s.viewPost(r.Context(), p)
	if err != nil {
		return err
	}
	v.Audit = make([]auditEntry, len(audit))
	for i, t := range audit {
		v.Audit[i] = auditEntry{At: t.At, By: t.By, From: t.From, To: t.To, Why: t.Why}
	}
	w.Header().Set("ETag", etag(p.Version))
	return writeJSON(w, http.StatusOK, v)
}

// change runs a change of the path's post once the caller's If-Match
// names its version, and answers the post as it then is.
func (s *Server) change(w http.ResponseWriter, r *http.Request, do func(p relais.Post) (relais.Post, error)) error {
	p, err := s.post(r)
	if err != nil {
		return err
	}
	if err := matches(r, p.Version); err != nil {
		return err
	}
	if p, err = do(p); err != nil {
		return err
	}
	return s.writePost(w, r, p)
}

// comment is the body of an approval or a rejection.
type comment struct {
	Comment string `json:"comment"`
}

// optionalJSON reads a body that may be absent.
func optionalJSON(r *http.Request, v any) error {
	if r.ContentLength == 0 {
		return nil
	}
	return readJSON(r, v)
}

func (s *Server) approvePost(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
	var in comment
	if err := optionalJSON(r, &in); err != nil {
		return err
	}
	return s.change(w, r, func(p relais.Post) (relais.Post, error) {
		return s.posts.Approve(r.Context(), p.ID, in.Comment, id.Name)
	})
}

func (s *Server) rejectPost(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
	var in comment
	if err := optionalJSON(r, &in); err != nil {
		return err
	}
	return s.change(w, r, func(p relais.Post) (relais.Post, error) {
		return s.posts.Reject(r.Context(), p.ID, in.Comment, id.Name)
	})
}

// when is the body of a reschedule.
type when struct {
	At string `json:"at"`
}

func (s *Server) reschedulePost(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
	var in when
	if err := readJSON(r, &in); err != nil {
		return err
	}
	return s.change(w, r, func(p relais.Post) (relais.Post, error) {
		return s.posts.Reschedule(r.Context(), p.ID, in.At, id.Name)
	})
}

func (s *Server) cancelPost(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
	return s.change(w, r, func(p relais.Post) (relais.Post, error) { return s.posts.Cancel(r.Context(), p.ID, id.Name) })
}

// acceptable refuses guards a person may not accept.
func acceptable(gs []relais.Guard) error {
	for _, g := range gs {
		if g != relais.GuardBrand && g != relais.GuardPrivateData {
			return relais.Errorf(relais.EINVALID, "accept: %q is not a guard that can be overridden (brand, private_data)", g)
		}
	}
	return nil
}
