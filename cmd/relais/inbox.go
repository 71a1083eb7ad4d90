package main

import (
	"context"
	"fmt"

	"github.com/relais-dev/relais/internal/dynamo"
)

func inbox(ctx context.Context, e *env, args []string) error {
	fs := newFlags("inbox")
	limit := fs.Int("limit", 50, "how many interactions, newest first")
	return listing[dynamo.InboxEntry]{
		header: "RECEIVED\tNETWORK\tAUTHOR\tACTION\tTEXT",
		check: func() error {
			if *limit < 1 || *limit > 1000 {
				return usagef("inbox: --limit must be between 1 and 1000")
			}
			return nil
		},
		fetch: func(ctx context.Context, a *app, clientID string) ([]dynamo.InboxEntry, error) {
			return a.store.Inbox(ctx, clientID, *limit)
		},
		row: func(in dynamo.InboxEntry) string {
			action := string(in.Action)
			if action == "" {
				action = "pending"
			} else if in.Applied {
				action += " (done)"
			}
			return fmt.Sprintf("%s\t%s\t%s\t%s\t%s", in.ReceivedAt.Format("2006-01-02 15:04:05"), in.Network, in.Author.Name, action, shorten(in.Text, 50))
		},
	}.run(ctx, e, fs, args)
}
