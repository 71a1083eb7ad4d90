package relais

import (
	"time"
)

// ThreadStatus is where a thread stands for the team.
type ThreadStatus string

const (
	// ThreadOpen: the customer spoke last; the team has to act.
	ThreadOpen ThreadStatus = "open"
	// ThreadPending: the team answered and waits on the customer.
	ThreadPending ThreadStatus = "pending"
	// ThreadDone: nothing left to do, until the customer writes again.
	ThreadDone ThreadStatus = "done"
)

// ParseThreadStatus returns the status named s, or an EINVALID error.
func ParseThreadStatus(s string) (ThreadStatus, error) {
	switch st := ThreadStatus(s); st {
	case ThreadOpen, ThreadPending, ThreadDone:
		return st, nil
	}
	return "", Errorf(EINVALID, "status %q: want open, pending or done", s)
}

// Thread is a conversation the team handles as one: a comment with the
// replies under it, or a private conversation.
type Thread struct {
	ClientID  string  `json:"clientId"`
	Network   Network `json:"network"`
	ID        string  `json:"id"`
	AccountID string  `json:"accountId"`
	// Private threads are conversations: they are answered only in
	// private.
	Private bool   `json:"private,omitempty"`
	PostID  string `json:"postId,omitempty"`
	// Author is the customer who opened the thread; Last is the latest
	// customer message, the one an answer goes to by default.
	Author   Author       `json:"author"`
	Last     string       `json:"lastInteractionId"`
	Snippet  string       `json:"snippet"`
	Status   ThreadStatus `json:"status"`
	Assignee string       `json:"assignee,omitempty"`
	Tags     []string     `json:"tags,omitempty"`
	// NeedsAnswer: a message of the thread asks for the team's answer (a
	// private message, or a comment moderation labelled needs_reply).
	NeedsAnswer bool `json:"needsAnswer,omitempty"`
	// AwaitingSince is the customer's first message not answered yet;
	// zero once the team answered. DueAt is when the client's service
	// target says it must be answered, zero without a target.
	AwaitingSince time.Time `json:"awaitingSince,omitzero"`
	DueAt         time.Time `json:"dueAt,omitzero"`
	// Target is the service target DueAt comes from.
	Target string `json:"target,omitempty"`
	// LastInboundAt is the customer's latest message, from which the
	// networks count their messaging windows; WindowClosesAt is when a
	// private answer stops being possible (zero: never).
	LastInboundAt  time.Time `json:"lastInboundAt"`
	WindowClosesAt time.Time `json:"windowClosesAt,omitzero"`
	FirstResponse  time.Time `json:"firstResponseAt,omitzero"`
	UpdatedAt      time.Time `json:"updatedAt"`
	Language       string    `json:"language,omitempty"`
}

// ThreadID is the thread an interaction belongs to: its conversation for
// a private message, the comment it answers for a reply, itself for a
// comment or mention.
func ThreadID(in Interaction) string {
	switch {
	case in.Private:
		c := in.Conversation
		if c == "" {
			c = in.Author.ID
		}
		return "dm-" + c
	case in.ParentID != "" && in.ParentID != in.PostID:
		return in.ParentID
	}
	return in.ID
}

// EntryKind says what an entry of a thread is.
type EntryKind string

const (
	// EntryMessage: the customer's comment, reply, mention or message.
	EntryMessage EntryKind = "message"
	// EntryAnswer: the team's answer, sent from Relais or on the network.
	EntryAnswer EntryKind = "answer"
	// EntryNote: a note the team keeps on the thread; never sent.
	EntryNote EntryKind = "note"
)

// ThreadEntry is one line of a thread, oldest first.
type ThreadEntry struct {
	Kind EntryKind `json:"kind"`
	At   time.Time `json:"at"`
	// ID is the interaction's, the answer's or the note's.
	ID   string `json:"id"`
	Text string `json:"text"`
	// Author wrote a message; By is the team member of an answer or note
	// (empty for an answer made on the network itself).
	Author Author `json:"author,omitzero"`
	By     string `json:"by,omitempty"`
	// Private answers went out in private.
	Private   bool        `json:"private,omitempty"`
	State     AnswerState `json:"state,omitempty"`
	NetworkID string      `json:"networkId,omitempty"`
	// Action is what moderation did with a message.
	Action Action `json:"action,omitempty"`
}
