package sandbox

import (
	"context"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// adapter presents the sandbox network's client in Relais' terms.
// Its errors are *netcall.Error, which the publisher classifies as they are.
type adapter struct{ c *Client }

func (s adapter) Publish(ctx context.Context, token, account, _ string, c relais.Content) (string, error) {
	return s.c.Publish(ctx, token, account, Content{Text: c.Text, ImageURL: c.ImageURL, Link: c.Link})
}

// RepostGuard implements relais.GuardedPublisher: the sandbox refuses a
// post the account has just posted (409), as X and Facebook do.
func (s adapter) RepostGuard() relais.RepostGuard { return relais.RefusesDuplicates }

func (s adapter) RecentPosts(ctx context.Context, token, account string, since time.Time) ([]relais.PublishedPost, error) {
	posts, err := s.c.RecentPosts(ctx, token, account, since)
	if err != nil {
		return nil, err
	}
	out := make([]relais.PublishedPost, len(posts))
	for i, p := range posts {
		out[i] = relais.PublishedPost{ID: p.ID, Hash: p.Content.Hash(), CreatedAt: p.CreatedAt}
	}
	return out, nil
}

func (s adapter) Hide(ctx context.Context, token string, in relais.Interaction) error {
	return s.c.Hide(ctx, token, in.ID)
}

func (s adapter) Unhide(ctx context.Context, token string, in relais.Interaction) error {
	return s.c.Unhide(ctx, token, in.ID)
}

func (s adapter) Delete(ctx context.Context, token string, in relais.Interaction) error {
	return s.c.Delete(ctx, token, in.ID)
}

// Reply refuses a private interaction, as every adapter does, before
// asking the network.
func (s adapter) Reply(ctx context.Context, token string, in relais.Interaction, text string) (string, error) {
	if err := Spec.CheckReply(in, text); err != nil {
		return "", netcall.Call{Network: relais.Sandbox, Op: "reply"}.Refuse(err)
	}
	return s.c.Reply(ctx, token, in.ID, text)
}

// Message implements relais.NetworkMessenger: a private message is
// answered in its conversation, a public comment by a private reply. It
// refuses, before asking the network, an interaction that is neither.
func (s adapter) Message(ctx context.Context, token string, in relais.Interaction, text string, tag relais.MessageTag) (string, error) {
	if in.Private {
		if err := privateTarget(in); err != nil {
			return "", netcall.Call{Network: relais.Sandbox, Op: "message"}.Refuse(err)
		}
		return s.c.Message(ctx, token, in.Conversation, text, tag)
	}
	if err := commentTarget(in, tag); err != nil {
		return "", netcall.Call{Network: relais.Sandbox, Op: "private reply"}.Refuse(err)
	}
	return s.c.PrivateReply(ctx, token, in.ID, text)
}

// privateTarget checks that a private interaction is a message of a
// conversation, which is where the answer goes.
func privateTarget(in relais.Interaction) error {
	switch {
	case in.Kind != relais.KindMessage:
		return relais.Errorf(relais.EINVALID, "interaction %s is private but a %s, not a message: only a conversation is answered in private", in.ID, in.Kind)
	case in.Conversation == "":
		return relais.Errorf(relais.EINVALID, "message %s names no conversation to answer in", in.ID)
	}
	return nil
}

// commentTarget checks that a public interaction is a comment, which the
// network lets an account answer in private, once and untagged.
func commentTarget(in relais.Interaction, tag relais.MessageTag) error {
	switch {
	case in.Kind != relais.KindComment && in.Kind != relais.KindReply:
		return relais.Errorf(relais.EINVALID, "interaction %s is a public %s: only a comment is answered in private", in.ID, in.Kind)
	case in.Conversation != "":
		return relais.Errorf(relais.EINVALID, "comment %s is public but names conversation %s", in.ID, in.Conversation)
	case tag != relais.TagStandard:
		return relais.Errorf(relais.EINVALID, "a private reply to comment %s takes no tag (got %s)", in.ID, tag)
	}
	return nil
}

func (s adapter) Metrics(ctx context.Context, token, account, postID string) (relais.Engagement, error) {
	m, err := s.c.Metrics(ctx, token, account, postID)
	return relais.Engagement{Likes: m.Likes, Comments: m.Comments, Shares: m.Shares, Impressions: m.Impressions}, err
}
