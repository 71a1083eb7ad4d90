package main

import (
	"context"

	"github.com/relais-dev/relais/internal/relais"
)

func savedSet(ctx context.Context, e *env, args []string) error {
	fs := newFlags("inbox saved set")
	lang := fs.String("lang", "", "fr or en")
	text := fs.String("text", "", "the reply; {first_name} and {brand} are filled in when it is sent")
	by := fs.String("by", "", "who writes it ("+EnvUser+" or the system's user by default)")
	pos, err := parse(fs, args, "client", "name")
	if err != nil {
		return err
	}
	if err := required(fs, "lang", "text"); err != nil {
		return err
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	r, err := a.inbox.SaveReply(ctx, relais.SavedReply{ClientID: pos[0], Name: pos[1], Language: *lang, Text: *text, By: cliUser(*by)})
	if err != nil {
		return err
	}
	say(e.out, "saved reply %s (%s) kept\n", r.Name, r.Language)
	return nil
}

func savedList(ctx context.Context, e *env, args []string) error {
	return listing[relais.SavedReply]{
		header: "NAME\tLANGUAGE\tTEXT",
		fetch: func(ctx context.Context, a *app, clientID string) ([]relais.SavedReply, error) {
			return a.inbox.SavedReplies(ctx, clientID)
		},
		row: func(r relais.SavedReply) []string { return []string{r.Name, r.Language, shorten(r.Text, 60)} },
	}.run(ctx, e, newFlags("inbox saved list"), args)
}

func savedRemove(ctx context.Context, e *env, args []string) error {
	fs := newFlags("inbox saved remove")
	lang := fs.String("lang", "", "only this language (fr or en); every language by default")
	pos, err := parse(fs, args, "client", "name")
	if err != nil {
		return err
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	if err := a.inbox.ForgetReply(ctx, pos[0], pos[1], *lang); err != nil {
		return err
	}
	say(e.out, "saved reply %s forgotten\n", pos[1])
	return nil
}

func clientTargets(ctx context.Context, e *env, args []string) error {
	fs := newFlags("client targets")
	var targets list
	fs.Var(&targets, "target", `a service target, "<complaint|message|any> <delay> [<days> <HH:MM>-<HH:MM>]" (repeat it; none removes them)`)
	pos, err := parse(fs, args, "client")
	if err != nil {
		return err
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	set, err := a.clients.SetTargets(ctx, pos[0], targets)
	if err != nil {
		return err
	}
	if len(set) == 0 {
		say(e.out, "%s has no service target\n", pos[0])
	}
	for _, t := range set {
		say(e.out, "%s\n", t)
	}
	return nil
}
