package relais

import (
	"strings"
	"time"
	"unicode/utf8"
)

// PostStatus is a state of the publishing state machine.
type PostStatus string

const (
	StatusDraft           PostStatus = "draft"
	StatusPendingApproval PostStatus = "pending_approval"
	StatusScheduled       PostStatus = "scheduled"
	StatusPublishing      PostStatus = "publishing"
	StatusPublished       PostStatus = "published"
	StatusFailed          PostStatus = "failed"
	StatusNeedsAttention  PostStatus = "needs_attention"
	StatusCancelled       PostStatus = "cancelled"
	StatusPaused          PostStatus = "paused"
)

// transitions lists the moves the state machine allows. A publishing post
// may go back to publishing when a new attempt takes over an expired lease;
// a scheduled post fails without an attempt when a check refuses it (an
// account that is not its client's, a guard), and needs attention when
// every invocation meant to publish it failed.
var transitions = map[PostStatus][]PostStatus{
	StatusDraft:           {StatusPendingApproval, StatusScheduled, StatusCancelled},
	StatusPendingApproval: {StatusScheduled, StatusPaused, StatusDraft, StatusCancelled},
	StatusScheduled:       {StatusPublishing, StatusCancelled, StatusPaused, StatusScheduled, StatusFailed, StatusNeedsAttention},
	StatusPaused:          {StatusScheduled, StatusCancelled},
	StatusPublishing:      {StatusPublished, StatusFailed, StatusNeedsAttention, StatusPublishing, StatusScheduled},
	StatusNeedsAttention:  {StatusPublished, StatusFailed, StatusScheduled, StatusCancelled},
	StatusFailed:          {StatusScheduled, StatusCancelled},
}

// CanTransition reports whether a post may move from one status to another.
func CanTransition(from, to PostStatus) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Post is a message planned for one client's account.
type Post struct {
	ID       string     `json:"id"`
	ClientID string     `json:"clientId"`
	Account  AccountRef `json:"account"`
	Text     string     `json:"text"`
	ImageURL string     `json:"imageUrl,omitempty"`
	// ImageAlt describes the image for people who cannot see it.
	ImageAlt string `json:"imageAlt,omitempty"`
	Link     string `json:"link,omitempty"`
	// Media are the ids of the uploaded images the post carries, of its
	// own client.
	Media []string `json:"media,omitempty"`
	// Options are the post's settings for its network (Spec.Options).
	Options map[string]string `json:"options,omitempty"`
	// FirstComment is published under the post right after it, once;
	// FirstCommentState says where it is (FirstCommentSending...) and
	// FirstCommentID is its network id once sent.
	FirstComment      string `json:"firstComment,omitempty"`
	FirstCommentState string `json:"firstCommentState,omitempty"`
	FirstCommentID    string `json:"firstCommentId,omitempty"`
	// LocalTime is the wall-clock time the user asked for, in TimeZone; it
	// is what the schedule keeps across daylight-saving changes.
	LocalTime     string     `json:"localTime"`
	TimeZone      string     `json:"timezone"`
	ScheduledAt   time.Time  `json:"scheduledAt"`
	Status        PostStatus `json:"status"`
	NetworkPostID string     `json:"networkPostId,omitempty"`
	PublishedAt   *time.Time `json:"publishedAt,omitempty"`
	FailureReason string     `json:"failureReason,omitempty"`
	// Engagement is the latest the network told of the published post.
	Engagement *Engagement `json:"engagement,omitempty"`
	// Overrides are the guards the user accepted for this post.
	Overrides  []Guard `json:"overrides,omitempty"`
	ApprovedBy string  `json:"approvedBy,omitempty"`
	// Lease is held by the one publishing attempt allowed at a time.
	LeaseID        string     `json:"leaseId,omitempty"`
	LeaseExpiresAt *time.Time `json:"leaseExpiresAt,omitempty"`
	// Doubt, when set, says why an earlier attempt could not tell whether
	// the post went out. Every later attempt looks for the post on the
	// network before posting it.
	Doubt     string    `json:"doubt,omitempty"`
	CreatedBy string    `json:"createdBy"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int64     `json:"version"`
}

// Content is what the post carries to its network, its media still ids.
func (p Post) Content() Content {
	return Content{Text: p.Text, ImageURL: p.ImageURL, ImageAlt: p.ImageAlt, Link: p.Link, Media: p.Media, Options: p.Options,
		FirstComment: p.FirstComment}
}

// Where a post's first comment is. Once claimed, it is never sent again:
// an attempt that cannot tell whether it went out leaves it unknown.
const (
	FirstCommentSending = "sending"
	FirstCommentSent    = "sent"
	FirstCommentFailed  = "failed"
	FirstCommentUnknown = "unknown"
)

// MaxPostText bounds a post's text; each network's adapter applies its own,
// smaller limit.
const MaxPostText = 5000

// Validate checks a post before it is stored.
func (p Post) Validate() error {
	if err := ValidateID("client", p.ClientID); err != nil {
		return err
	}
	if err := p.Account.Validate(); err != nil {
		return err
	}
	if strings.TrimSpace(p.Text) == "" {
		return Errorf(EINVALID, "a post needs some text")
	}
	if n := utf8.RuneCountInString(p.Text); n > MaxPostText {
		return Errorf(EINVALID, "post text is %d characters long; the limit is %d", n, MaxPostText)
	}
	return nil
}

// Transition is one entry of a post's audit trail.
type Transition struct {
	PostID string     `json:"postId"`
	At     time.Time  `json:"at"`
	By     string     `json:"by"`
	From   PostStatus `json:"from"`
	To     PostStatus `json:"to"`
	Why    string     `json:"why"`
}

// ScheduleLocal resolves a wall-clock time in loc to an instant. A time that
// does not exist in loc (skipped by a daylight-saving change) is refused; a
// time that exists twice (the repeated hour) resolves to its first
// occurrence, the earlier instant.
func ScheduleLocal(local string, loc *time.Location) (time.Time, string, error) {
	var wall time.Time
	var err error
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if wall, err = time.Parse(layout, local); err == nil {
			break
		}
	}
	if err != nil {
		return time.Time{}, "", Errorf(EINVALID, "invalid date-time %q: want a local time such as 2026-12-01T09:00", local)
	}
	t := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, loc)
	if t.Hour() != wall.Hour() || t.Minute() != wall.Minute() || t.Day() != wall.Day() {
		return time.Time{}, "", Errorf(EINVALID, "%s does not exist in %s (the clocks skip it for daylight saving); pick another time", local, loc)
	}
	// time.Date picks one of two instants for a repeated wall time; take the
	// earlier one so the rule is stated and stable.
	if earlier := t.Add(-time.Hour); earlier.Hour() == t.Hour() && earlier.Minute() == t.Minute() {
		t = earlier
	}
	return t.UTC(), wall.Format("2006-01-02T15:04:05"), nil
}
