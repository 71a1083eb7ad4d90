package mastodon

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

var _ relais.NetworkPoller = (*Client)(nil)

// Polling bounds: Mastodon's largest page of notifications, and how many
// pages one poll reads. Pages run forward from the cursor, so a poll that
// stops at the bound loses nothing: the next one goes on from there.
const (
	notificationPage = 80
	maxPollPages     = 10
)

// notification is the part of Mastodon's Notification entity Relais reads.
type notification struct {
	ID     string `json:"id"`
	Type   string `json:"type"`
	Status *struct {
		status
		Visibility  string `json:"visibility"`
		SpoilerText string `json:"spoiler_text"`
		// Absent ids come as null, which leaves them empty.
		InReplyToID        string `json:"in_reply_to_id"`
		InReplyToAccountID string `json:"in_reply_to_account_id"`
		Account            struct {
			Username    string `json:"username"`
			Acct        string `json:"acct"`
			DisplayName string `json:"display_name"`
		} `json:"account"`
	} `json:"status"`
}

// Poll returns the mentions of the account newer than cursor, oldest
// first: public ones, replies to its statuses (which Mastodon notifies as
// mentions) and direct messages, each in the conversation its thread's
// root status names (see threads). The cursor is the id of the newest
// notification read; notifications come from
// GET /api/v1/notifications?types[]=mention, with min_id=cursor so that
// each page holds those immediately after the last one read.
//
// A first poll (no cursor) reads the latest page only, to start from now
// rather than from the account's history.
func (c *Client) Poll(ctx context.Context, token, account, cursor string) (relais.Polled, error) {
	const op = "poll"
	a, err := ParseAccount(account)
	if err != nil {
		return relais.Polled{}, refuse(op, err)
	}
	// The account's own id tells a reply to it from a mention in someone
	// else's thread, and checks that the token is the account's.
	self, err := c.accountID(ctx, op, token, a)
	if err != nil {
		return relais.Polled{}, err
	}
	var read []notification
	next := cursor
	for range maxPollPages {
		q := url.Values{"types[]": {"mention"}, "limit": {strconv.Itoa(notificationPage)}}
		if next != "" {
			q.Set("min_id", next)
		}
		var page []notification
		k := call{op: op, method: http.MethodGet, url: c.base(a) + "/api/v1/notifications?" + q.Encode(), token: token}
		if _, err := c.do(ctx, k, &page); err != nil {
			// The account may be gone or the token replaced: ask again.
			c.forgetID(token, a)
			return relais.Polled{}, err
		}
		for _, n := range page {
			if compareIDs(n.ID, next) > 0 {
				next = n.ID
			}
		}
		read = append(read, page...)
		// A short page holds the newest there are.
		if cursor == "" || len(page) < notificationPage {
			break
		}
	}
	slices.SortFunc(read, func(x, y notification) int { return compareIDs(x.ID, y.ID) })

	polled := relais.Polled{Cursor: next}
	seen := map[string]bool{}
	conversations := c.threads(op, token, a)
	for _, n := range read {
		// A server without types[] (before 3.5) lists every type.
		if n.Type != "mention" || n.Status == nil || seen[n.Status.ID] {
			continue
		}
		seen[n.Status.ID] = true
		in, err := c.interaction(a, self, n)
		if err != nil {
			return relais.Polled{}, refuse(op, err)
		}
		if in.Private {
			if in.Conversation, err = conversations.root(ctx, in.ID, in.ParentID); err != nil {
				return relais.Polled{}, err
			}
		}
		polled.Interactions = append(polled.Interactions, in)
	}
	return polled, nil
}

// interaction normalises a mention notification of account a, whose
// numeric id is self.
func (c *Client) interaction(a Account, self string, n notification) (relais.Interaction, error) {
	st := n.Status
	created, err := time.Parse(time.RFC3339, st.CreatedAt)
	if err != nil {
		return relais.Interaction{}, fmt.Errorf("status %s: unreadable created_at %q", netcall.Truncate(st.ID, 32), netcall.Truncate(st.CreatedAt, 40))
	}
	in := relais.Interaction{
		Network:   relais.Mastodon,
		AccountID: a.String(),
		ID:        st.ID,
		ParentID:  st.InReplyToID,
		Kind:      relais.KindMention,
		Author:    relais.Author{ID: st.Account.Acct, Name: cmp.Or(st.Account.DisplayName, st.Account.Username)},
		Text:      plainText(st.Content),
		CreatedAt: created,
		// Received when Relais read it: the poll, not the notification.
		ReceivedAt: c.Now().UTC(),
	}
	// A local author's acct is the bare username: qualify it, so that an
	// author id names one account across instances.
	if !strings.Contains(in.Author.ID, "@") {
		in.Author.ID += "@" + a.Instance
	}
	// A content warning is part of what the author wrote, and what a
	// moderator must read first.
	if st.SpoilerText != "" {
		in.Text = st.SpoilerText + "\n\n" + in.Text
	}
	if st.InReplyToAccountID == self {
		in.Kind = relais.KindReply
		// The status replied to is the account's: the post, as far as
		// the status tells (its thread's root is not in it).
		in.PostID = st.InReplyToID
	}
	if st.Visibility == "direct" {
		in.Kind, in.Private = relais.KindMessage, true
	}
	return in, nil
}

// compareIDs orders Mastodon ids, which are decimal numbers sent as
// strings, by length and then digits, as Mastodon's own web client does.
func compareIDs(x, y string) int {
	return cmp.Or(cmp.Compare(len(x), len(y)), strings.Compare(x, y))
}
