package main

import (
	"context"
	"fmt"
	"time"

	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/inbox"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

// demoInbox shows the inbox's work on acme: a service target and a saved
// reply, a complaint answered by hand, a message answered in private, and
// one whose window has closed, refused before anything is sent.
func demoInbox(ctx context.Context, e *env, a *app, st *devstack.Stack, postID string) error {
	if _, err := a.clients.SetTargets(ctx, "acme", []string{"complaint 1h mon-fri 09:00-18:00", "message 4h"}); err != nil {
		return err
	}
	if _, err := a.inbox.SaveReply(ctx, relais.SavedReply{ClientID: "acme", Name: "delay", Language: "fr",
		Text: "Bonjour {first_name}, toute l'équipe {brand} est désolée : nous regardons votre commande tout de suite.", By: "camille"}); err != nil {
		return err
	}
	say(e.out, "    acme's service targets: complaint 1h mon-fri 09:00-18:00, message 4h; saved reply \"delay\" in French\n")

	const complaint = "acme-complaint-1"
	_, err := st.Sandbox.SendComment(ctx, sandboxfake.Comment{Account: "acme-page", ID: complaint, PostID: postID, AuthorID: "u4", AuthorName: "Julie Martin",
		Text: "Ma commande n'est toujours pas arrivée, c'est inadmissible !"})
	if err != nil {
		return err
	}
	fresh, err := st.Sandbox.SendMessage(ctx, sandboxfake.DM{Account: "acme-page", AuthorID: "u5", AuthorName: "Marie", Text: "Bonjour, puis-je passer prendre ma commande à 18 h ?"})
	if err != nil {
		return err
	}
	old, err := st.Sandbox.SendMessage(ctx, sandboxfake.DM{Account: "acme-page", AuthorID: "u6", AuthorName: "Paul", Text: "Vous faites des gâteaux d'anniversaire ?",
		CreatedAt: time.Now().Add(-8 * 24 * time.Hour)})
	if err != nil {
		return err
	}
	if err := st.AWS.Drain(ctx); err != nil {
		return err
	}
	threads, err := a.inbox.Threads(ctx, "acme", dynamo.ThreadFilter{Status: relais.ThreadOpen, Limit: 10})
	if err != nil {
		return err
	}
	for _, t := range threads {
		due := "no target"
		if !t.DueAt.IsZero() {
			due = "due " + t.DueAt.Local().Format("Mon 15:04") + " (" + t.Target + ")"
		}
		say(e.out, "    open thread %s:%-40s %-13s %s: %q\n", t.Network, t.ID, due, t.Author.Name, shorten(t.Snippet, 50))
	}

	answer := func(what, id string, r inbox.Reply) error {
		r.ClientID, r.Network, r.InteractionID, r.By = "acme", relais.Sandbox, id, "camille"
		ans, err := a.inbox.Answer(ctx, r)
		if err != nil {
			say(e.out, "    %s: refused, %s\n", what, message(err))
			return err
		}
		say(e.out, "    %s: %s by %s, network id %s: %q\n", what, ans.State, ans.By, ans.NetworkID, ans.Text)
		return nil
	}
	if err := answer("the complaint, answered in public with the saved reply", complaint, inbox.Reply{Saved: "delay"}); err != nil {
		return err
	}
	if err := answer("Marie's message, answered in private", fresh.Events[0].MessageID, inbox.Reply{Private: true,
		Text: "Bonjour Marie, oui, elle vous attend en boutique jusqu'à 19 h."}); err != nil {
		return err
	}
	err = answer("Paul's message of 8 days ago", old.Events[0].MessageID, inbox.Reply{Private: true, Text: "Bonjour Paul, oui !"})
	if relais.ErrorCode(err) != relais.EINVALID {
		return fmt.Errorf("demo: an answer after the window: got %v, want it refused", err)
	}
	t, err := a.inbox.Head(ctx, "acme", relais.Sandbox, complaint)
	if err != nil {
		return err
	}
	say(e.out, "    the complaint's thread sandbox:%s is now %s, answered %s after it was written\n", complaint, t.Status, t.FirstResponse.Sub(t.LastInboundAt).Round(time.Millisecond))
	say(e.out, "    the sandbox network shows the conversations at %s/sandbox/conversations\n", st.URL)
	return nil
}
