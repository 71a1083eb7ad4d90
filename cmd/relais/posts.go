package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/relais-dev/relais/internal/posts"
	"github.com/relais-dev/relais/internal/relais"
)

// cliActor is who the audit trail names for CLI actions.
const cliActor = "cli"

func postSchedule(ctx context.Context, e *env, args []string) error {
	fs := newFlags("post schedule")
	account := fs.String("account", "", "<network>:<account id>")
	at := fs.String("at", "", "local date-time in the client's time zone")
	text := fs.String("text", "", "the post's text")
	image := fs.String("image", "", "an image URL")
	alt := fs.String("alt", "", "the image's description, for people who cannot see it")
	var images list
	fs.Var(&images, "media", "an image or video of the client's media library, by the id media add printed; repeat it for a carousel")
	link := fs.String("link", "", "a link")
	firstComment := fs.String("first-comment", "", "a comment published under the post right after it, once (Facebook, Instagram, LinkedIn)")
	opts := options{}
	fs.Var(opts, "option", "a setting the network takes, name=value (TikTok's privacy=SELF_ONLY); repeat it for several")
	force := fs.Bool("force", false, "publish although the text names another client's brand")
	confirm := fs.Bool("confirm", false, "publish although the text seems to hold private data")
	asJSON := fs.Bool("json", false, "print the post as JSON")
	pos, err := parse(fs, args, "client")
	if err != nil {
		return err
	}
	if err := required(fs, "account", "at", "text"); err != nil {
		return err
	}
	ref, err := relais.ParseAccountRef(*account)
	if err != nil {
		return err
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	var overrides []relais.Guard
	if *force {
		overrides = append(overrides, relais.GuardBrand)
	}
	if *confirm {
		overrides = append(overrides, relais.GuardPrivateData)
	}
	p, err := a.posts.Schedule(ctx, posts.Draft{ClientID: pos[0], Account: ref, At: *at,
		Content: relais.Content{Text: *text, ImageURL: *image, ImageAlt: *alt, Link: *link, Media: images, Options: opts, FirstComment: *firstComment}, Overrides: overrides}, cliActor)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(e.out, p)
	}
	say(e.out, "%s\n", p.ID)
	return nil
}

func postList(ctx context.Context, e *env, args []string) error {
	return listing[relais.Post]{
		header: "ID\tACCOUNT\tAT (LOCAL)\tSTATUS\tTEXT",
		fetch: func(ctx context.Context, a *app, clientID string) ([]relais.Post, error) {
			return a.store.Posts(ctx, clientID)
		},
		row: func(p relais.Post) []string {
			return []string{p.ID, p.Account.String(), p.LocalTime, string(p.Status), shorten(p.Text, 40)}
		},
	}.run(ctx, e, newFlags("post list"), args)
}

func postShow(ctx context.Context, e *env, args []string) error {
	fs := newFlags("post show")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args, "post id")
	if err != nil {
		return err
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	p, err := a.store.FindPost(ctx, pos[0])
	if err != nil {
		return err
	}
	audit, err := a.store.Audit(ctx, p.ClientID, p.ID)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(e.out, struct {
			relais.Post
			Audit []relais.Transition `json:"audit"`
		}{p, nonNil(audit)})
	}
	printPost(e.out, p, audit)
	return nil
}

// printPost shows a post and its audit trail.
func printPost(w io.Writer, p relais.Post, audit []relais.Transition) {
	say(w, "post      %s\nclient    %s\naccount   %s\nat        %s %s (%s UTC)\nstatus    %s\n",
		p.ID, p.ClientID, p.Account, p.LocalTime, p.TimeZone, p.ScheduledAt.Format("2006-01-02 15:04:05"), p.Status)
	if p.NetworkPostID != "" {
		say(w, "network   %s\n", p.NetworkPostID)
	}
	if p.FailureReason != "" {
		say(w, "reason    %s\n", p.FailureReason)
	}
	say(w, "text      %s\naudit\n", p.Text)
	for _, t := range audit {
		say(w, "  %s  %-10s %s -> %s  %s\n", t.At.Format("2006-01-02 15:04:05"), t.By, orDash(string(t.From)), t.To, t.Why)
	}
}

// changePost runs a command that changes one post, named by its id, once
// its flags are parsed and the required ones given.
func changePost(ctx context.Context, e *env, fs *flag.FlagSet, args []string, need []string, change func(context.Context, *app, string) (string, error)) error {
	pos, err := parse(fs, args, "post id")
	if err != nil {
		return err
	}
	if err := required(fs, need...); err != nil {
		return err
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	msg, err := change(ctx, a, pos[0])
	if err != nil {
		return err
	}
	say(e.out, "%s\n", msg)
	return nil
}

func postApprove(ctx context.Context, e *env, args []string) error {
	fs := newFlags("post approve")
	by := fs.String("by", "", "who approves")
	return changePost(ctx, e, fs, args, []string{"by"}, func(ctx context.Context, a *app, id string) (string, error) {
		p, err := a.posts.Approve(ctx, id, "", *by)
		return fmt.Sprintf("post %s approved by %s: %s for %s %s", p.ID, *by, p.Status, p.LocalTime, p.TimeZone), err
	})
}

func postReschedule(ctx context.Context, e *env, args []string) error {
	fs := newFlags("post reschedule")
	at := fs.String("at", "", "new local date-time in the client's time zone")
	return changePost(ctx, e, fs, args, []string{"at"}, func(ctx context.Context, a *app, id string) (string, error) {
		p, err := a.posts.Reschedule(ctx, id, *at, cliActor)
		return fmt.Sprintf("post %s rescheduled for %s %s", p.ID, p.LocalTime, p.TimeZone), err
	})
}

func postCancel(ctx context.Context, e *env, args []string) error {
	return changePost(ctx, e, newFlags("post cancel"), args, nil, func(ctx context.Context, a *app, id string) (string, error) {
		p, err := a.posts.Cancel(ctx, id, cliActor)
		return fmt.Sprintf("post %s cancelled", p.ID), err
	})
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
