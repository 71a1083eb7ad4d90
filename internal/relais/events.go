package relais

import "time"

// EventSource is the source of every event Relais puts on its bus.
const EventSource = "relais"

// Detail types of the bus events. Each has one struct below, one JSON
// Schema and sample in events/, and one rule in internal/routing.
const (
	DetailInteractionReceived  = "Interaction Received"
	DetailInteractionModerated = "Interaction Moderated"
	DetailPostPublished        = "Post Published"
	DetailPostFailed           = "Post Failed"
	DetailPostNeedsAttention   = "Post Needs Attention"
	DetailCrisisSuspected      = "Crisis Suspected"
	DetailReportReady          = "Report Ready"
	DetailReplyOverdue         = "Reply Overdue"
	DetailAccountReconnect     = "Account Needs Reconnect"
)

// DetailTypes lists every detail type.
var DetailTypes = []string{
	DetailInteractionReceived, DetailInteractionModerated, DetailPostPublished,
	DetailPostFailed, DetailPostNeedsAttention, DetailCrisisSuspected, DetailReportReady,
	DetailReplyOverdue, DetailAccountReconnect,
}

// Event is the detail of a bus event.
type Event interface {
	DetailType() string
	Client() string
}

// InteractionReceived says an interaction was stored and awaits moderation.
type InteractionReceived struct {
	ClientID      string          `json:"clientId"`
	Network       Network         `json:"network"`
	AccountID     string          `json:"accountId"`
	InteractionID string          `json:"interactionId"`
	Kind          InteractionKind `json:"kind"`
	ReceivedAt    time.Time       `json:"receivedAt"`
}

// InteractionModerated says moderation decided on an interaction.
type InteractionModerated struct {
	ClientID      string   `json:"clientId"`
	Network       Network  `json:"network"`
	InteractionID string   `json:"interactionId"`
	Action        Action   `json:"action"`
	Labels        []string `json:"labels"`
	Applied       bool     `json:"applied"`
}

// PostPublished says a post went out on its network.
type PostPublished struct {
	ClientID      string    `json:"clientId"`
	PostID        string    `json:"postId"`
	Network       Network   `json:"network"`
	AccountID     string    `json:"accountId"`
	NetworkPostID string    `json:"networkPostId"`
	ScheduledAt   time.Time `json:"scheduledAt"`
	PublishedAt   time.Time `json:"publishedAt"`
	// Note says what the network did otherwise than asked (TikTok's
	// "private until audit"), for people; empty when nothing.
	Note string `json:"note,omitempty"`
}

// PostFailed says a post could not be published and will not be retried.
type PostFailed struct {
	ClientID string  `json:"clientId"`
	PostID   string  `json:"postId"`
	Network  Network `json:"network"`
	Reason   string  `json:"reason"`
}

// PostNeedsAttention says the publisher cannot tell whether a post went out
// and stopped rather than risk posting twice.
type PostNeedsAttention struct {
	ClientID string  `json:"clientId"`
	PostID   string  `json:"postId"`
	Network  Network `json:"network"`
	Reason   string  `json:"reason"`
}

// CrisisSuspected says negative interactions are piling up for a client.
type CrisisSuspected struct {
	ClientID    string    `json:"clientId"`
	Network     Network   `json:"network"`
	WindowStart time.Time `json:"windowStart"`
	WindowEnd   time.Time `json:"windowEnd"`
	// Negative counts the alarming (negative or toxic) interactions of the
	// window, Interactions every moderated one; Expected is how many
	// alarming ones the client's baseline puts in such a window.
	Negative     int     `json:"negative"`
	Interactions int     `json:"interactions"`
	Expected     float64 `json:"expected,omitempty"`
	// TopTerms are the words the window's comments use most; Samples name
	// some of them as network/id.
	TopTerms []string `json:"topTerms,omitempty"`
	Samples  []string `json:"samples,omitempty"`
	// PausedPosts is true when the client's scheduled posts were held.
	PausedPosts bool `json:"pausedPosts,omitempty"`
}

// ReportReady says a report was written to the reports bucket. URL is a
// report link the API serves (internal/links), which opens the report's
// HTML until Expires or until it is revoked; a deployment that does not
// know its API's URL announces reports without one.
type ReportReady struct {
	ClientID string    `json:"clientId"`
	Period   string    `json:"period"`
	Keys     []string  `json:"keys"`
	URL      string    `json:"url,omitempty"`
	Expires  time.Time `json:"expires,omitzero"`
}

// ReplyOverdue says a thread is about to miss, or missed, the client's
// service target: nobody has answered it yet.
type ReplyOverdue struct {
	ClientID string  `json:"clientId"`
	Network  Network `json:"network"`
	ThreadID string  `json:"threadId"`
	// AwaitingSince is the customer's first message not answered, DueAt
	// when the target says it must be.
	AwaitingSince time.Time `json:"awaitingSince"`
	DueAt         time.Time `json:"dueAt"`
	Target        string    `json:"target"`
	Assignee      string    `json:"assignee,omitempty"`
}

func (ReplyOverdue) DetailType() string         { return DetailReplyOverdue }
func (InteractionReceived) DetailType() string  { return DetailInteractionReceived }
func (InteractionModerated) DetailType() string { return DetailInteractionModerated }
func (PostPublished) DetailType() string        { return DetailPostPublished }
func (PostFailed) DetailType() string           { return DetailPostFailed }
func (PostNeedsAttention) DetailType() string   { return DetailPostNeedsAttention }
func (CrisisSuspected) DetailType() string      { return DetailCrisisSuspected }
func (ReportReady) DetailType() string          { return DetailReportReady }

func (e InteractionReceived) Client() string  { return e.ClientID }
func (e InteractionModerated) Client() string { return e.ClientID }
func (e PostPublished) Client() string        { return e.ClientID }
func (e PostFailed) Client() string           { return e.ClientID }
func (e PostNeedsAttention) Client() string   { return e.ClientID }
func (e CrisisSuspected) Client() string      { return e.ClientID }
func (e ReportReady) Client() string          { return e.ClientID }
func (e ReplyOverdue) Client() string         { return e.ClientID }

// AccountNeedsReconnect says an account's token stopped working, or will
// before it can be renewed: a person must connect it again, by By.
type AccountNeedsReconnect struct {
	ClientID  string  `json:"clientId"`
	Network   Network `json:"network"`
	AccountID string  `json:"accountId"`
	Reason    string  `json:"reason"`
	// By is when the token stops working, or when it stopped; NextPost is
	// the first post it would break, if any is scheduled.
	By       time.Time `json:"by"`
	NextPost time.Time `json:"nextPost,omitzero"`
	// Reconnect says how to connect it again.
	Reconnect string `json:"reconnect"`
}

func (AccountNeedsReconnect) DetailType() string { return DetailAccountReconnect }

// NeedsReconnect is Account Needs Reconnect for account a, with the
// command that connects it again.
func NeedsReconnect(a Account, reason string, by time.Time) AccountNeedsReconnect {
	return AccountNeedsReconnect{ClientID: a.ClientID, Network: a.Network, AccountID: a.ID, Reason: reason, By: by,
		Reconnect: "relais account connect " + a.ClientID + " --network " + string(a.Network) + " --id " + a.ID + " --oauth"}
}

func (e AccountNeedsReconnect) Client() string { return e.ClientID }

// PublishInput is what a post's one-time schedule hands the publisher.
type PublishInput struct {
	ClientID string `json:"clientId"`
	PostID   string `json:"postId"`
}

// SweepInput is what the recurring safety sweep hands the publisher.
type SweepInput struct {
	Sweep bool `json:"sweep"`
}

// TokenRenewInput is what the token renewal routine hands the publisher:
// renew the OAuth grants that are due.
type TokenRenewInput struct {
	TokenRenew bool `json:"tokenRenew"`
}

// TokenCheckInput is what the daily token check hands the publisher.
type TokenCheckInput struct {
	TokenCheck bool `json:"tokenCheck"`
}

// ReportInput is what a client's recurring report schedule hands the
// reporter: a period such as 2026-W47, or "previous-week" and
// "previous-month", resolved when the schedule fires.
type ReportInput struct {
	ClientID string `json:"clientId"`
	Period   string `json:"period"`
}

// OverdueInput is what a thread's one-time overdue check hands the
// moderator: the thread, and the unanswered message the check is for, so
// that a check for an answered one does nothing.
type OverdueInput struct {
	ClientID      string    `json:"clientId"`
	Network       Network   `json:"network"`
	ThreadID      string    `json:"threadId"`
	AwaitingSince time.Time `json:"awaitingSince"`
}

// PollInput is what the recurring poll hands the poller.
type PollInput struct {
	Poll bool `json:"poll"`
}
