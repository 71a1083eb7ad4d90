package publish_test

import (
	"context"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
)

// TestFirstComment: a post's first comment goes out right after it, once,
// however often the schedule fires, and one whose answer was lost is
// found under the post instead of being sent again.
func TestFirstComment(t *testing.T) {
	tests := []struct {
		name   string
		faults []netfake.Fault // on the calls after the post's
	}{
		{"sent", nil},
		{"answer lost, found under the post", []netfake.Fault{netfake.TimeoutAfterEffect}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nf := newFirstCommentFixture(t)
			nf.meta.Faults.FailNext(1, netfake.None) // the post goes through
			for _, f := range tt.faults {
				nf.meta.Faults.FailNext(1, f)
			}
			for range 2 { // the schedule fires twice
				relaistest.MustOK(t, nf.handle(context.Background()))
			}
			got := nf.stored(t)
			comments := nf.meta.PostComments(got.NetworkPostID)
			if got.Status != relais.StatusPublished || got.FirstCommentState != relais.FirstCommentSent || got.FirstCommentID == "" {
				t.Fatalf("post: got %s, first comment %q %q; want published, sent with its id", got.Status, got.FirstCommentState, got.FirstCommentID)
			}
			if len(comments) != 1 || comments[0].ID != got.FirstCommentID {
				t.Errorf("comments under the post: got %+v, want the first comment once, as %s", comments, got.FirstCommentID)
			}
		})
	}
}

func newFirstCommentFixture(t *testing.T) *netFixture {
	t.Helper()
	nf := newNetFixture(t, relais.Facebook)
	ctx := context.Background()
	// The fixture's post, carrying a first comment.
	nf.post.ID = "p-comment"
	nf.post.FirstComment = "La collection complète : https://acme.example/collection #printemps"
	relaistest.MustOK(t, nf.store.CreatePost(ctx, nf.post, "cli", "scheduled"))
	return nf
}
