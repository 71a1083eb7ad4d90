package pinterest

import (
	"context"

	"github.com/relais-dev/relais/internal/relais"
)

// Board is a board a token can pin to, as a person chooses one when
// connecting a Pinterest account: its ID is the Relais account id.
type Board struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Privacy is PUBLIC, PROTECTED or SECRET.
	Privacy string `json:"privacy"`
	// Owner is the username of the board's owner: the token's, or
	// another's for a group board the token's person collaborates on.
	Owner string `json:"owner"`
}

// listedBoard is a board as GET /v5/boards gives it.
type listedBoard struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Privacy string `json:"privacy"`
	Owner   struct {
		Username string `json:"username"`
	} `json:"owner"`
}

// Boards lists the boards of the token's person, group boards included.
func (c *Client) Boards(ctx context.Context, token string) ([]Board, error) {
	var out []Board
	err := eachPage(ctx, c, "boards", "/v5/boards", token, "boards", func(items []listedBoard) bool {
		for _, b := range items {
			out = append(out, Board{ID: b.ID, Name: b.Name, Privacy: b.Privacy, Owner: b.Owner.Username})
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Reachable implements relais.NetworkAccountLister: a Pinterest token
// reaches its person's boards, each an account of Relais.
func (c *Client) Reachable(ctx context.Context, token string) ([]relais.Reachable, error) {
	boards, err := c.Boards(ctx, token)
	if err != nil {
		return nil, err
	}
	out := make([]relais.Reachable, len(boards))
	for i, b := range boards {
		out[i] = relais.Reachable{ID: b.ID, Name: b.Name}
	}
	return out, nil
}
