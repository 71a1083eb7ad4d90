package pinterest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// TestBoards lists a person's boards, every page of them, for choosing
// the board an account pins to; another person's are not among them.
func TestBoards(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	got, err := s.client.Boards(ctx, acmeToken)
	if err != nil {
		t.Fatal(err)
	}
	want := []Board{
		{ID: acmeBoard, Name: "Board " + acmeBoard, Privacy: "PUBLIC", Owner: got[0].Owner},
		{ID: acmeBoard2, Name: "Board " + acmeBoard2, Privacy: "PUBLIC", Owner: got[0].Owner},
	}
	if !slices.Equal(got, want) || got[0].Owner == "" {
		t.Errorf("boards: got %+v, want %+v with an owner", got, want)
	}

	for i := range 300 {
		s.fake.RegisterAccount(fmt.Sprint(9000+i), globexToken)
	}
	s.requests.Store(0)
	if got, err = s.client.Boards(ctx, globexToken); err != nil || len(got) != 301 {
		t.Errorf("globex's boards: got %d %v, want 301", len(got), err)
	}
	if got, want := s.requests.Load(), int64(2); got != want {
		t.Errorf("pages read: got %d, want %d", got, want)
	}

	_, err = s.client.Boards(ctx, "nope")
	if e := mustError(t, err); e.Kind != relais.FailPermanent || e.Code != CodeInvalidToken {
		t.Errorf("bad token: got %s %q, want permanent %q", e.Kind, e.Code, CodeInvalidToken)
	}
}
