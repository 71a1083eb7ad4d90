package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/inbox"
	"github.com/relais-dev/relais/internal/relais"
)

// EnvUser names who acts from the CLI in the inbox's record; the
// system's user name when unset.
const EnvUser = "RELAIS_USER"

// cliUser is who the CLI acts as: --by, RELAIS_USER, or the system's
// user name.
func cliUser(by string) string {
	if by = strings.TrimSpace(by); by != "" {
		return by
	}
	if u := strings.TrimSpace(os.Getenv(EnvUser)); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return cliActor
}

// threadRef is a thread named on the command line as <network>:<id>,
// with its client found from it or given by --client.
type threadRef struct {
	client  string
	network relais.Network
	id      string
}

func parseThreadRef(s string) (threadRef, error) {
	n, id, ok := strings.Cut(s, ":")
	if !ok || id == "" {
		return threadRef{}, usagef("thread %q: want <network>:<thread id>, as relais inbox threads prints it", s)
	}
	network, err := relais.ParseNetwork(n)
	if err != nil {
		return threadRef{}, usagef("thread %q: %s", s, relais.ErrorMessage(err))
	}
	return threadRef{network: network, id: id}, nil
}

// threadCommand parses a command on one thread, checks its flags with
// check (when set) before anything is reached, connects, finds the
// thread's client and runs do.
func threadCommand(ctx context.Context, e *env, fs *flag.FlagSet, args []string, check func() error, do func(ctx context.Context, a *app, t threadRef) error, needed ...string) error {
	client := fs.String("client", "", "the thread's client, when its id alone is ambiguous")
	pos, err := parse(fs, args, "network:thread")
	if err != nil {
		return err
	}
	if err := required(fs, needed...); err != nil {
		return err
	}
	if check != nil {
		if err := check(); err != nil {
			return err
		}
	}
	t, err := parseThreadRef(pos[0])
	if err != nil {
		return err
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	if t.client = *client; t.client == "" {
		if t.client, err = a.inbox.Owner(ctx, t.network, t.id); err != nil {
			return err
		}
	}
	return do(ctx, a, t)
}

func inboxThreads(ctx context.Context, e *env, args []string) error {
	fs := newFlags("inbox threads")
	limit := fs.Int("limit", 50, "how many threads, latest activity first")
	status := fs.String("status", "", "only open, pending or done threads")
	assignee := fs.String("assignee", "", "only those assigned to this person")
	network := fs.String("network", "", "only this network's")
	var f dynamo.ThreadFilter
	return listing[relais.Thread]{
		header: "THREAD\tSTATUS\tASSIGNEE\tDUE\tAUTHOR\tLAST MESSAGE",
		check: func() (err error) {
			f = dynamo.ThreadFilter{Limit: *limit, Assignee: *assignee}
			if *limit < 1 || *limit > 1000 {
				return usagef("inbox threads: --limit must be between 1 and 1000")
			}
			if *status != "" {
				if f.Status, err = relais.ParseThreadStatus(*status); err != nil {
					return usagef("inbox threads: --status: %s", relais.ErrorMessage(err))
				}
			}
			if *network != "" {
				if f.Network, err = relais.ParseNetwork(*network); err != nil {
					return usagef("inbox threads: --network: %s", relais.ErrorMessage(err))
				}
			}
			return nil
		},
		fetch: func(ctx context.Context, a *app, clientID string) ([]relais.Thread, error) {
			if err := warnDisconnected(ctx, a, clientID); err != nil {
				return nil, err
			}
			return a.inbox.Threads(ctx, clientID, f)
		},
		row: func(t relais.Thread) []string {
			due := "-"
			if !t.DueAt.IsZero() {
				due = t.DueAt.Format("2006-01-02 15:04")
			}
			return []string{string(t.Network) + ":" + t.ID, string(t.Status), orDash(t.Assignee), due, orDash(t.Author.Name), shorten(t.Snippet, 50)}
		},
	}.run(ctx, e, fs, args)
}

func inboxThread(ctx context.Context, e *env, args []string) error {
	fs := newFlags("inbox thread")
	asJSON := fs.Bool("json", false, "print JSON")
	return threadCommand(ctx, e, fs, args, nil, func(ctx context.Context, a *app, ref threadRef) error {
		t, entries, err := a.inbox.Thread(ctx, ref.client, ref.network, ref.id)
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(e.out, struct {
				relais.Thread
				Entries []relais.ThreadEntry `json:"entries"`
			}{t, nonNil(entries)})
		}
		printThread(e.out, t, entries)
		return nil
	})
}

// printThread shows a thread and its entries, oldest first.
func printThread(w io.Writer, t relais.Thread, entries []relais.ThreadEntry) {
	say(w, "thread    %s:%s\nclient    %s\nstatus    %s\n", t.Network, t.ID, t.ClientID, t.Status)
	if t.Private {
		say(w, "private   yes: answered in private only\n")
	}
	if t.Assignee != "" {
		say(w, "assignee  %s\n", t.Assignee)
	}
	if len(t.Tags) > 0 {
		say(w, "tags      %s\n", strings.Join(t.Tags, ", "))
	}
	if !t.DueAt.IsZero() {
		say(w, "due       %s (%s)\n", t.DueAt.Format(time.RFC3339), t.Target)
	}
	if !t.WindowClosesAt.IsZero() {
		say(w, "window    private answers until %s\n", t.WindowClosesAt.Format(time.RFC3339))
	}
	for _, e := range entries {
		who := e.Author.Name
		switch e.Kind {
		case relais.EntryAnswer:
			who = "→ " + orDash(e.By)
			if e.Private {
				who += " (private)"
			}
			if e.State != relais.AnswerSent {
				who += " [" + string(e.State) + "]"
			}
		case relais.EntryNote:
			who = "note " + e.By
		}
		text := e.Text
		if e.Action == relais.ActionHide || e.Action == relais.ActionDelete {
			text = "[" + string(e.Action) + "] " + text
		}
		say(w, "%s  %-20s %s  (%s)\n", e.At.Format("2006-01-02 15:04"), clean(who), clean(text), e.ID)
	}
}

func inboxReply(ctx context.Context, e *env, args []string) error {
	fs := newFlags("inbox reply")
	text := fs.String("text", "", "the answer")
	saved := fs.String("saved", "", "a saved reply's name, sent instead of --text")
	private := fs.Bool("private", false, "answer the author alone: in the conversation, or a private reply to a comment")
	to := fs.String("to", "", "the interaction answered (the thread's latest message by default)")
	done := fs.Bool("done", false, "close the thread once answered (pending by default)")
	force := fs.Bool("force", false, "send although the text names another client's brand")
	confirm := fs.Bool("confirm", false, "send although the text seems to hold private data")
	by := fs.String("by", "", "who answers ("+EnvUser+" or the system's user by default)")
	asJSON := fs.Bool("json", false, "print the answer as JSON")
	check := func() error {
		if (*text == "") == (*saved == "") {
			return usagef("inbox reply: give --text or --saved")
		}
		return nil
	}
	return threadCommand(ctx, e, fs, args, check, func(ctx context.Context, a *app, ref threadRef) error {
		interaction := *to
		if interaction == "" {
			t, err := a.inbox.Head(ctx, ref.client, ref.network, ref.id)
			if err != nil {
				return err
			}
			interaction = t.Last
		}
		r := inbox.Reply{ClientID: ref.client, Network: ref.network, InteractionID: interaction, Text: *text, Saved: *saved,
			Private: *private, By: cliUser(*by), Status: relais.ThreadPending}
		if *done {
			r.Status = relais.ThreadDone
		}
		if *force {
			r.Accept = append(r.Accept, relais.GuardBrand)
		}
		if *confirm {
			r.Accept = append(r.Accept, relais.GuardPrivateData)
		}
		ans, err := a.inbox.Answer(ctx, r)
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(e.out, ans)
		}
		say(e.out, "%s %s (%s)\n", ans.State, orDash(ans.NetworkID), ans.ID)
		return nil
	})
}

func inboxAssign(ctx context.Context, e *env, args []string) error {
	fs := newFlags("inbox assign")
	to := fs.String("to", "", "the team member; - unassigns")
	return threadCommand(ctx, e, fs, args, nil, func(ctx context.Context, a *app, ref threadRef) error {
		who := *to
		if who == "-" {
			who = ""
		}
		t, err := a.inbox.Assign(ctx, ref.client, ref.network, ref.id, who)
		if err != nil {
			return err
		}
		say(e.out, "%s:%s assigned to %s\n", t.Network, t.ID, orDash(t.Assignee))
		return nil
	}, "to")
}

// inboxStatus moves a thread to a status: done, or open again.
func inboxStatus(status relais.ThreadStatus) func(ctx context.Context, e *env, args []string) error {
	return func(ctx context.Context, e *env, args []string) error {
		fs := newFlags("inbox " + map[relais.ThreadStatus]string{relais.ThreadDone: "done", relais.ThreadOpen: "reopen"}[status])
		return threadCommand(ctx, e, fs, args, nil, func(ctx context.Context, a *app, ref threadRef) error {
			t, err := a.inbox.SetStatus(ctx, ref.client, ref.network, ref.id, status)
			if err != nil {
				return err
			}
			say(e.out, "%s:%s %s\n", t.Network, t.ID, t.Status)
			return nil
		})
	}
}

func inboxNote(ctx context.Context, e *env, args []string) error {
	fs := newFlags("inbox note")
	text := fs.String("text", "", "the note, kept on the thread and never sent")
	by := fs.String("by", "", "who writes it ("+EnvUser+" or the system's user by default)")
	return threadCommand(ctx, e, fs, args, nil, func(ctx context.Context, a *app, ref threadRef) error {
		n, err := a.inbox.Note(ctx, ref.client, ref.network, ref.id, *text, cliUser(*by))
		if err != nil {
			return err
		}
		say(e.out, "%s\n", n.ID)
		return nil
	}, "text")
}

func inboxTag(ctx context.Context, e *env, args []string) error {
	fs := newFlags("inbox tag")
	var tags list
	fs.Var(&tags, "tag", "a tag (repeat it; none removes them all)")
	return threadCommand(ctx, e, fs, args, nil, func(ctx context.Context, a *app, ref threadRef) error {
		t, err := a.inbox.Tag(ctx, ref.client, ref.network, ref.id, tags)
		if err != nil {
			return err
		}
		say(e.out, "%s:%s tags: %s\n", t.Network, t.ID, orDash(strings.Join(t.Tags, ", ")))
		return nil
	})
}

// warnDisconnected tells, on standard error, which of a client's accounts
// the networks stopped taking: their threads get no answer from Relais
// until they are connected again.
func warnDisconnected(ctx context.Context, a *app, clientID string) error {
	accounts, err := a.store.Accounts(ctx, clientID)
	if err != nil {
		return err
	}
	for _, acc := range accounts {
		if !acc.Connected() {
			fmt.Fprintf(os.Stderr, "warning: %s %s\n", acc.Ref(), clean(accountState(acc)))
		}
	}
	return nil
}
