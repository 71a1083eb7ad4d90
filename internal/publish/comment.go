package publish

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/relais-dev/relais/internal/relais"
)

// CommentLister is implemented by the adapters that can list the
// account's own comments under a post, with the hash of their text, so
// that a first comment whose sending is in doubt is looked for instead of
// sent again.
type CommentLister interface {
	RecentComments(ctx context.Context, token, account, postID string) ([]relais.PublishedPost, error)
}

// firstComment publishes a published post's first comment, once: it is
// claimed before the network call, and a claimed comment is never sent
// again. A comment that fails, or whose outcome stays unknown after a
// look, leaves the post published and a person told (Post Needs
// Attention): the post itself is out.
func (p *Publisher) firstComment(ctx context.Context, log *slog.Logger, post relais.Post) {
	if post.FirstComment == "" || post.FirstCommentState != "" {
		return
	}
	commenter, ok := p.networks[post.Account.Network].(relais.NetworkCommenter)
	if !ok {
		return
	}
	claimed, err := p.store.ClaimFirstComment(ctx, post)
	if err != nil || !claimed {
		if err != nil {
			log.Warn("first comment not claimed; it is not sent", "err", err)
		}
		return
	}
	state, id, why := p.sendComment(ctx, commenter, post)
	if err := p.store.SetFirstComment(ctx, post, state, id); err != nil {
		log.Error("first comment outcome not recorded", "state", state, "err", err)
	}
	if state == relais.FirstCommentSent {
		log.Info("first comment published", "networkCommentId", id)
		return
	}
	log.Warn("first comment not published", "state", state, "why", why)
	if err := p.emit(ctx, log, relais.PostNeedsAttention{ClientID: post.ClientID, PostID: post.ID, Network: post.Account.Network,
		Reason: fmt.Sprintf("the post is published, but its first comment %s: %s", commentOutcome(state), why)}); err != nil {
		log.Warn("first comment's outcome not announced", "err", err)
	}
}

// sendComment makes the one call, retrying only what the network did not
// act on, and looks for the comment when the call leaves it in doubt.
func (p *Publisher) sendComment(ctx context.Context, c relais.NetworkCommenter, post relais.Post) (state, id, why string) {
	token, err := p.tokens.Get(ctx, p.settings.TokenParameter(post.ClientID, post.Account))
	if err != nil {
		return relais.FirstCommentFailed, "", "the account's token could not be read: " + relais.ErrorMessage(err)
	}
	for try := 1; ; try++ {
		id, err := c.Comment(ctx, token, post.Account.ID, post.NetworkPostID, post.FirstComment)
		if err == nil {
			return relais.FirstCommentSent, id, ""
		}
		failure, _ := relais.FailureOf(err)
		switch {
		case failure == relais.FailAmbiguous:
			return p.lookForComment(ctx, c, token, post, err)
		case failure != relais.FailTransient || try >= p.Tries || ctx.Err() != nil:
			return relais.FirstCommentFailed, "", err.Error()
		}
	}
}

// lookForComment settles a comment whose sending is in doubt from the
// account's comments under the post, where the network lists them.
func (p *Publisher) lookForComment(ctx context.Context, c relais.NetworkCommenter, token string, post relais.Post, cause error) (state, id, why string) {
	lister, ok := c.(CommentLister)
	if !ok {
		return relais.FirstCommentUnknown, "", cause.Error()
	}
	comments, err := lister.RecentComments(ctx, token, post.Account.ID, post.NetworkPostID)
	if err != nil {
		return relais.FirstCommentUnknown, "", cause.Error() + "; looking for it failed too: " + err.Error()
	}
	want := relais.Content{Text: post.FirstComment}.Hash()
	for _, c := range comments {
		if c.Hash == want {
			return relais.FirstCommentSent, c.ID, ""
		}
	}
	return relais.FirstCommentUnknown, "", cause.Error() + "; it is not listed under the post yet"
}

func commentOutcome(state string) string {
	if state == relais.FirstCommentUnknown {
		return "may or may not be out, and is not sent again"
	}
	return "failed"
}
