package main

import (
	"context"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
)

func inboxList(ctx context.Context, e *env, args []string) error {
	fs := newFlags("inbox")
	limit := fs.Int("limit", 50, "how many interactions, newest first")
	network := fs.String("network", "", "only this network's")
	since := fs.String("since", "", "only those received since a date (2026-11-20), a time (RFC 3339) or a duration ago (24h)")
	state := fs.String("state", "", "only those pending, or moderated allow, review, hide or delete")
	var f dynamo.InboxFilter
	return listing[dynamo.InboxEntry]{
		header: inboxHeader,
		check: func() (err error) {
			f, err = inboxFilter(*limit, *network, *since, *state, time.Now())
			return err
		},
		fetch: func(ctx context.Context, a *app, clientID string) ([]dynamo.InboxEntry, error) {
			return a.store.Inbox(ctx, clientID, f)
		},
		row: inboxRow,
	}.run(ctx, e, fs, args)
}

const inboxHeader = "RECEIVED\tNETWORK\tAUTHOR\tSTATE\tTEXT"

// inboxRow is one interaction in the inbox table.
func inboxRow(in dynamo.InboxEntry) []string {
	state := string(in.Action)
	switch {
	case in.Removed:
		state = "removed"
	case state == "":
		state = "pending"
	case in.Applied:
		state += " (done)"
	}
	return []string{in.ReceivedAt.Format("2006-01-02 15:04:05"), string(in.Network), in.Author.Name, state, shorten(in.Text, 50)}
}

// inboxFilter reads the inbox flags.
func inboxFilter(limit int, network, since, state string, now time.Time) (dynamo.InboxFilter, error) {
	f := dynamo.InboxFilter{Limit: limit}
	if limit < 1 || limit > 1000 {
		return f, usagef("inbox: --limit must be between 1 and 1000")
	}
	if network != "" {
		n, err := relais.ParseNetwork(network)
		if err != nil {
			return f, usagef("inbox: --network: %s", relais.ErrorMessage(err))
		}
		f.Network = n
	}
	if since != "" {
		t, err := parseSince(since, now)
		if err != nil {
			return f, err
		}
		f.Since = t
	}
	if err := f.SetState(state); err != nil {
		return f, usagef("inbox: --%s", relais.ErrorMessage(err))
	}
	return f, nil
}

// parseSince reads a date, a time or a duration ago.
func parseSince(s string, now time.Time) (time.Time, error) {
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usagef("inbox: --since %q: want a date (2026-11-20), a time (2026-11-20T09:00:00Z) or a duration (24h)", s)
}
