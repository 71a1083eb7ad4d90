package main

import (
	"context"
	"fmt"
	"text/tabwriter"
)

func inbox(ctx context.Context, e *env, args []string) error {
	fs := newFlags("inbox")
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 50, "how many interactions, newest first")
	pos, err := parse(fs, args, "client")
	if err != nil {
		return err
	}
	if *limit < 1 || *limit > 1000 {
		return usagef("inbox: --limit must be between 1 and 1000")
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	if _, err := a.store.Client(ctx, pos[0]); err != nil {
		return err
	}
	entries, err := a.store.Inbox(ctx, pos[0], *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(e.out, nonNil(entries))
	}
	w := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "RECEIVED\tNETWORK\tAUTHOR\tACTION\tTEXT")
	for _, in := range entries {
		action := string(in.Action)
		if action == "" {
			action = "pending"
		} else if in.Applied {
			action += " (done)"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", in.ReceivedAt.Format("2006-01-02 15:04:05"), in.Network, in.Author.Name, action, shorten(in.Text, 50))
	}
	return w.Flush()
}
