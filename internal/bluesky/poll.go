package bluesky

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

var _ relais.NetworkPoller = (*Client)(nil)

// lookBack is how far behind the newest notification read each poll reads
// again. The AppView sorts a notification by the earlier of its record's
// createdAt and the time it indexed the record, so a record indexed late
// (an author's clock running slow, an AppView catching up) sorts behind
// notifications already read.
const lookBack = 10 * time.Minute

// interactionReasons are the notification reasons that are interactions;
// likes, reposts and follows are not.
var interactionReasons = []string{"reply", "mention", "quote"}

// notificationView is the part of a listNotifications notification Relais
// reads.
type notificationView struct {
	URI           string `json:"uri"`
	Reason        string `json:"reason"`
	ReasonSubject string `json:"reasonSubject"`
	IndexedAt     string `json:"indexedAt"`
	Author        struct {
		DID    string `json:"did"`
		Handle string `json:"handle"`
	} `json:"author"`
	Record struct {
		Text      string `json:"text"`
		CreatedAt string `json:"createdAt"`
		Reply     *struct {
			Root, Parent struct {
				URI string `json:"uri"`
			}
		} `json:"reply"`
	} `json:"record"`

	at time.Time // IndexedAt, parsed
}

// Poll returns the replies, mentions and quotes of the account newer than
// cursor, and the messages of its chat (see readChat), oldest first.
//
// When the chat cannot be read (the app password was created without
// access to direct messages, the chat service fails), the mentions are
// returned still, with a warning, and the chat part of the cursor stays
// where it was.
//
// listNotifications pages back in time from the newest, so the Relais
// cursor is Poll's own: the indexedAt of the newest notification read,
// then a short hash of the URI of each interaction read within lookBack of
// it. A poll reads pages until a notification older than lookBack before
// the cursor's time and returns those not in the cursor: a notification
// that sorts behind those read, or at the same millisecond, is still found,
// and none is returned twice. A first poll (no cursor) reads the latest
// page only, to start from now rather than from the account's history.
// The chat log's own cursor ends the cursor (see pollCursor).
//
// A poll reads at most maxPages pages: when more interactions than that
// arrived since the last poll, the oldest of them are not read.
//
// An interaction's id is the at:// URI of its record, as post ids are the
// URIs of posts: an rkey alone is unique only within its author's repo.
// URIs are made of a DID, an NSID and a record key, none of which can hold
// a '#', so they fit in keys as they are.
func (c *Client) Poll(ctx context.Context, token, account, cursor string) (relais.Polled, error) {
	const op = "poll"
	prev, err := parseCursor(cursor)
	if err != nil {
		return relais.Polled{}, permanent(op, "%v", err)
	}
	read, err := c.readSince(ctx, op, token, account, prev.newest)
	if err != nil {
		return relais.Polled{}, err
	}

	next := pollCursor{newest: prev.newest, seen: map[string]bool{}}
	for _, n := range read {
		if n.at.After(next.newest) {
			next.newest = n.at
		}
	}
	var polled relais.Polled
	returned := map[string]bool{}
	now := c.Now().UTC()
	// Oldest first: read is newest first, so reversed and sorted stably
	// it keeps notifications of one millisecond oldest first as listed.
	slices.Reverse(read)
	slices.SortStableFunc(read, func(x, y notificationView) int { return x.at.Compare(y.at) })
	for _, n := range read {
		if !slices.Contains(interactionReasons, n.Reason) {
			continue
		}
		h := uriHash(n.URI)
		if !n.at.Before(next.newest.Add(-lookBack)) {
			next.seen[h] = true
		}
		if prev.seen[h] || returned[h] {
			continue
		}
		returned[h] = true
		polled.Interactions = append(polled.Interactions, interaction(account, n, now))
	}
	next.chat = prev.chat
	messages, chat, err := c.readChat(ctx, op, token, account, prev.chat)
	switch {
	case errors.Is(err, errNoChatAccess):
		polled.Warnings = append(polled.Warnings, "Bluesky chat not read: "+errNoChatAccess.Error())
	case err != nil:
		polled.Warnings = append(polled.Warnings, "Bluesky chat not read this time; the next poll reads it from where it stopped: "+err.Error())
	default:
		next.chat = chat
		polled.Interactions = merge(polled.Interactions, messages)
	}
	polled.Cursor = next.String()
	return polled, nil
}

// merge interleaves two lists of interactions, each oldest first, into
// one oldest first, x's first at the same time.
func merge(x, y []relais.Interaction) []relais.Interaction {
	out := make([]relais.Interaction, 0, len(x)+len(y))
	for len(x) > 0 && len(y) > 0 {
		if y[0].CreatedAt.Before(x[0].CreatedAt) {
			out, y = append(out, y[0]), y[1:]
		} else {
			out, x = append(out, x[0]), x[1:]
		}
	}
	return append(append(out, x...), y...)
}

// readSince reads notifications, newest first, down to lookBack before
// newest, or the latest page when newest is zero.
func (c *Client) readSince(ctx context.Context, op, token, account string, newest time.Time) ([]notificationView, error) {
	first, floor := newest.IsZero(), newest.Add(-lookBack)
	var read []notificationView
	page := ""
	for range maxPages {
		var out struct {
			Cursor        string             `json:"cursor"`
			Notifications []notificationView `json:"notifications"`
		}
		err := c.authed(ctx, account, token, func(s *session) call {
			// The AppView filters by reason; Poll filters again, for a
			// server that ignores the parameter.
			q := url.Values{"limit": {strconv.Itoa(maxListLimit)}, "reasons": interactionReasons}
			if page != "" {
				q.Set("cursor", page)
			}
			return call{op: op, nsid: "app.bsky.notification.listNotifications", query: q, bearer: s.access}
		}, &out)
		if err != nil {
			return nil, err
		}
		done := first
		for _, n := range out.Notifications {
			if n.at, err = time.Parse(time.RFC3339Nano, n.IndexedAt); err != nil {
				return nil, permanent(op, "notification %s: unreadable indexedAt %q", netcall.Truncate(n.URI, 200), netcall.Truncate(n.IndexedAt, 40))
			}
			if !first && n.at.Before(floor) {
				done = true
				break
			}
			read = append(read, n)
		}
		// A short page is not the last: the AppView drops notifications
		// of blocked and muted accounts from a page after reading it.
		if done || len(out.Notifications) == 0 || out.Cursor == "" || out.Cursor == page {
			break
		}
		page = out.Cursor
	}
	return read, nil
}

// interaction normalises a notification of one of interactionReasons.
func interaction(account string, n notificationView, now time.Time) relais.Interaction {
	in := relais.Interaction{
		Network:    relais.Bluesky,
		AccountID:  account,
		ID:         n.URI,
		Kind:       relais.KindMention,
		Author:     relais.Author{ID: n.Author.DID, Name: n.Author.Handle},
		Text:       n.Record.Text,
		CreatedAt:  n.at,
		ReceivedAt: now,
	}
	// createdAt is the author's client's word: when it cannot be read,
	// the AppView's time stands in.
	if t, err := time.Parse(time.RFC3339Nano, n.Record.CreatedAt); err == nil {
		in.CreatedAt = t
	}
	if r := n.Record.Reply; r != nil {
		in.ParentID, in.PostID = r.Parent.URI, r.Root.URI
	}
	switch n.Reason {
	case "reply":
		in.Kind = relais.KindReply
	case "quote":
		// The post that matters is the account's, which the quote embeds.
		in.PostID = cmp.Or(n.ReasonSubject, in.PostID)
	}
	return in
}

// pollCursor is what Poll's cursor holds: the indexedAt of the newest
// notification read, the hashes of the URIs of the interactions read
// within lookBack of it, and the chat log's cursor.
type pollCursor struct {
	newest time.Time
	seen   map[string]bool
	chat   string
}

// chatField starts the chat log's cursor in a poll cursor. Neither a time
// nor a hash can start so, which keeps every cursor stored before the
// chat was read good: all of it is the mentions' part.
const chatField = "chat:"

// String writes the cursor as the time, then the hashes in order, then
// the chat's cursor, escaped, after chatField, all separated by spaces;
// nothing read yet is "".
func (p pollCursor) String() string {
	var fields []string
	if !p.newest.IsZero() {
		fields = append([]string{p.newest.UTC().Format(time.RFC3339Nano)}, slices.Sorted(maps.Keys(p.seen))...)
	}
	if p.chat != "" {
		fields = append(fields, chatField+url.QueryEscape(p.chat))
	}
	return strings.Join(fields, " ")
}

func parseCursor(s string) (pollCursor, error) {
	p := pollCursor{seen: map[string]bool{}}
	fields := strings.Fields(s)
	if n := len(fields); n > 0 && strings.HasPrefix(fields[n-1], chatField) {
		chat, err := url.QueryUnescape(strings.TrimPrefix(fields[n-1], chatField))
		if err != nil || chat == "" {
			return p, fmt.Errorf("invalid cursor %q", netcall.Truncate(s, 60))
		}
		p.chat, fields = chat, fields[:n-1]
	}
	if len(fields) == 0 {
		return p, nil
	}
	t, err := time.Parse(time.RFC3339Nano, fields[0])
	if err != nil {
		return p, fmt.Errorf("invalid cursor %q", netcall.Truncate(s, 60))
	}
	p.newest = t
	for _, h := range fields[1:] {
		p.seen[h] = true
	}
	return p, nil
}

// uriHash is a notification's URI in a cursor: 72 bits of its SHA-256,
// enough that two URIs within lookBack of each other never share one.
func uriHash(uri string) string {
	sum := sha256.Sum256([]byte(uri))
	return base64.RawURLEncoding.EncodeToString(sum[:9])
}
