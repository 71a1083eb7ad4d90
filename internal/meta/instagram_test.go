package meta

import (
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

var photo = relais.Content{Text: "Notre équipe", ImageURL: "https://cdn.example/a.jpg", Link: "https://acme.example"}

func TestInstagramPublish(t *testing.T) {
	for _, polls := range []int{0, 3} {
		s := newStack(t)
		s.fake.InProgressPolls = polls
		id, err := s.ig.Publish(t.Context(), igToken, igID, "key-1", photo)
		if err != nil {
			t.Fatalf("%d polls: publish: %v", polls, err)
		}
		posts := s.fake.Posts(igID)
		if len(posts) != 1 {
			t.Fatalf("%d polls: posts: got %d, want 1", polls, len(posts))
		}
		if p := posts[0]; p.ID != id || p.Message != photo.Compose() || p.ImageURL != photo.ImageURL {
			t.Errorf("%d polls: post: got %+v, want id %s, caption %q", polls, p, id, photo.Compose())
		}
		if got := mustFind(t, s.ig, igToken, igID, photo); got != id {
			t.Errorf("%d polls: found id: got %q, want %q", polls, got, id)
		}
		reads := 0
		for _, r := range s.seen() {
			if strings.HasPrefix(r, "GET") && strings.Contains(r, "status_code") {
				reads++
			}
		}
		if got, want := reads, polls+1; got != want {
			t.Errorf("status reads: got %d, want %d", got, want)
		}
	}
}

func TestInstagramPublishFails(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(*stack)
		content relais.Content
		want    relais.Failure
		wantIn  string
		wantReq int // requests made; -1: any
	}{
		{name: "no image", content: relais.Content{Text: "Bonjour"}, want: relais.FailPermanent, wantIn: "need an image", wantReq: 0},
		{name: "container error", setup: func(s *stack) { s.fake.FailNextContainers(1, "ERROR") }, content: photo, want: relais.FailPermanent, wantIn: "ERROR", wantReq: 2},
		{name: "container expired", setup: func(s *stack) { s.fake.FailNextContainers(1, "EXPIRED") }, content: photo, want: relais.FailPermanent, wantIn: "EXPIRED", wantReq: 2},
		{name: "still processing", setup: func(s *stack) { s.fake.InProgressPolls = 10; s.client.MaxPolls = 3 }, content: photo, want: relais.FailTransient, wantIn: "3 polls", wantReq: 4},
		{name: "5xx on the container", setup: func(s *stack) { s.fake.Faults.FailNext(1, netfake.ServerError) }, content: photo, want: relais.FailTransient, wantReq: 1},
		{name: "5xx on media_publish", setup: func(s *stack) {
			s.fake.Faults.FailNext(2, netfake.None)
			s.fake.Faults.FailNext(1, netfake.ServerError)
		}, content: photo, want: relais.FailAmbiguous, wantIn: "may exist", wantReq: 3},
		{name: "daily limit", setup: func(s *stack) {
			s.fake.DailyLimit = 1
			if _, err := s.ig.Publish(s.tb.Context(), igToken, igID, "", relais.Content{Text: "first", ImageURL: "https://cdn.example/b.jpg"}); err != nil {
				s.tb.Fatalf("publish first: %v", err)
			}
		}, content: photo, want: relais.FailTransient, wantIn: "50 posts", wantReq: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			before := 0
			if tt.setup != nil {
				tt.setup(s)
				before = len(s.fake.Posts(igID))
				s.mu.Lock()
				s.requests = nil
				s.mu.Unlock()
			}
			_, err := s.ig.Publish(t.Context(), igToken, igID, "", tt.content)
			e := mustMetaError(t, err, tt.want)
			if !strings.Contains(e.Error(), tt.wantIn) {
				t.Errorf("error %q: want it to say %q", e, tt.wantIn)
			}
			if got := len(s.fake.Posts(igID)); got != before {
				t.Errorf("posts: got %d, want %d", got, before)
			}
			if got := len(s.seen()); tt.wantReq >= 0 && got != tt.wantReq {
				t.Errorf("requests: got %d %v, want %d", got, s.seen(), tt.wantReq)
			}
		})
	}
}

// A media_publish whose answer is lost has made the post: the publisher
// must find it.
func TestInstagramLostAnswerIsFound(t *testing.T) {
	s := newStack(t)
	s.fake.Faults.FailNext(2, netfake.None)
	s.fake.Faults.FailNext(1, netfake.TimeoutAfterEffect)
	_, err := s.ig.Publish(t.Context(), igToken, igID, "", photo)
	mustMetaError(t, err, relais.FailAmbiguous)
	posts := s.fake.Posts(igID)
	if len(posts) != 1 {
		t.Fatalf("posts: got %d, want 1", len(posts))
	}
	if got := mustFind(t, s.ig, igToken, igID, photo); got != posts[0].ID {
		t.Errorf("found id: got %q, want %q", got, posts[0].ID)
	}
}
