package relais

import (
	"context"
	"strconv"
	"time"
)

// MessageTag is what a private answer tells a network about when it is
// sent: within the network's standard window, or later under a tag.
type MessageTag string

const (
	// TagStandard: within the standard window after the customer's last
	// message (Meta's 24 hours); no tag is sent.
	TagStandard MessageTag = ""
	// TagHumanAgent: a person answering after the standard window, up to
	// the tag's window (Meta's HUMAN_AGENT tag, 7 days).
	TagHumanAgent MessageTag = "HUMAN_AGENT"
)

// NetworkMessenger answers in private: a message in an existing
// conversation (in is a private message of it), or, where the network
// offers it, a private reply to a public comment (Meta's private
// replies). It returns the message's network id. An adapter checks the
// visibility of what it answers on its own, whatever the caller says,
// and refuses (EINVALID) a conversation or comment that is not what the
// call expects, before any network call.
type NetworkMessenger interface {
	Message(ctx context.Context, token string, in Interaction, text string, tag MessageTag) (string, error)
}

// Windows are how long after a customer writes a network lets an account
// answer in private. Zero means no limit.
type Windows struct {
	// Standard is the window after the customer's last message; Tagged
	// extends it for a person's answer (TagHumanAgent).
	Standard, Tagged time.Duration
	// PrivateReply is how long after a public comment it may be answered
	// in private, once; zero means comments are never answered in private.
	PrivateReply time.Duration
	// MaxText is the longest message, in characters.
	MaxText int
}

// MessageWindow says whether a private answer to in may go out at now, and
// with which tag. lastInbound is the customer's latest message in the
// conversation (for a comment, the comment itself). A closed window is an
// EINVALID error that says when it closed, refused before any call.
func MessageWindow(in Interaction, lastInbound, now time.Time) (MessageTag, error) {
	s, err := spec(in.Network)
	if err != nil {
		return "", err
	}
	if s.Messaging == nil {
		if s.NoMessaging != "" {
			return "", Errorf(EINVALID, "%s", s.NoMessaging)
		}
		return "", Errorf(EINVALID, "%s does not let Relais answer in private", in.Network)
	}
	w := *s.Messaging
	if lastInbound.IsZero() {
		lastInbound = in.CreatedAt
	}
	age := now.Sub(lastInbound)
	if !in.Private {
		if w.PrivateReply == 0 {
			return "", Errorf(EINVALID, "%s does not let Relais answer a public comment in private", in.Network)
		}
		if age > w.PrivateReply {
			return "", Errorf(EINVALID, "%s lets a comment be answered in private for %s; this one's window closed at %s",
				in.Network, days(w.PrivateReply), lastInbound.Add(w.PrivateReply).UTC().Format(time.RFC3339))
		}
		return TagStandard, nil
	}
	switch {
	case w.Standard == 0 || age <= w.Standard:
		return TagStandard, nil
	case w.Tagged > 0 && age <= w.Tagged:
		return TagHumanAgent, nil
	}
	closed := lastInbound.Add(max(w.Standard, w.Tagged)).UTC().Format(time.RFC3339)
	return "", Errorf(EINVALID, "%s lets an account answer a message for %s after the customer's last one; this conversation's window closed at %s",
		in.Network, days(max(w.Standard, w.Tagged)), closed)
}

// WindowCloses is when the private-answer window after lastInbound
// closes, or zero when it never does.
func WindowCloses(n Network, private bool, lastInbound time.Time) time.Time {
	s, ok := SpecOf(n)
	if !ok || s.Messaging == nil {
		return time.Time{}
	}
	w := *s.Messaging
	d := max(w.Standard, w.Tagged)
	if !private {
		d = w.PrivateReply
	}
	if d == 0 {
		return time.Time{}
	}
	return lastInbound.Add(d)
}

func days(d time.Duration) string {
	if d%(24*time.Hour) == 0 && d >= 48*time.Hour {
		return strconv.Itoa(int(d/(24*time.Hour))) + " days"
	}
	return strconv.Itoa(int(d/time.Hour)) + " hours"
}
