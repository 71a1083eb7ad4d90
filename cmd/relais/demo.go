package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamolocal/bundle"
	"github.com/relais-dev/relais/internal/posts"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
	"github.com/relais-dev/relais/internal/sdkconfig"
)

// demo runs a scripted scenario on a fresh local stack, then hands it to
// the person at the terminal, who carries on in the console.
func demo(ctx context.Context, e *env, args []string) error {
	fs := newFlags("demo")
	out := fs.String("out", filepath.Join(stateDir, "demo"), "folder for the report files")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	// The scenario is bounded; the console then stays up until ctx ends.
	untilStopped := ctx
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	step := func(format string, args ...any) { say(e.out, "==> "+format+"\n", args...) }
	step("starting the local stack (DynamoDB Local, AWS emulator, sandbox network, console)")
	st, err := devstack.Start(ctx, devstack.Options{Tick: 100 * time.Millisecond, DynamoDBLocal: bundle.Open, Console: consoleFiles(e)})
	if err != nil {
		return err
	}
	defer st.Stop()
	cfg, err := sdkconfig.Load(ctx, st.Endpoints)
	if err != nil {
		return err
	}
	a := newApp(cfg, st.Endpoints, st.Settings, st.Params, st.Networks)

	step("creating two clients")
	clients := []relais.Client{
		{ID: "acme", Name: "Acme Boulangerie", TimeZone: "Europe/Paris", Locale: "fr", Brands: []string{"Acme"}},
		{ID: "globex", Name: "Globex Outdoor", TimeZone: "America/New_York", Locale: "en", Brands: []string{"Globex"}},
	}
	for _, c := range clients {
		if err := a.clients.Add(ctx, c); err != nil {
			return err
		}
		account := c.ID + "-page"
		token := "demo-token-" + c.ID
		st.Sandbox.RegisterAccount(account, token)
		if _, _, err := a.clients.Connect(ctx, relais.Account{ClientID: c.ID, Network: relais.Sandbox, ID: account}, token); err != nil {
			return err
		}
		say(e.out, "    %s (%s, %s) with account sandbox:%s\n", c.ID, c.TimeZone, c.Locale, account)
	}

	step("scheduling posts a few seconds ahead, in each client's local time")
	plans := []struct {
		client string
		in     time.Duration
		text   string
	}{
		{"acme", 3 * time.Second, "Nouvelle fournée de croissants ce matin !"},
		{"globex", 4 * time.Second, "Trail season is open: new boots in store."},
		{"acme", 5 * time.Second, "Fermeture exceptionnelle lundi."},
	}
	var planned []relais.Post
	for _, pl := range plans {
		c, _ := relais.ClientAmong(clients, pl.client)
		at := time.Now().Add(pl.in).In(c.Location()).Format("2006-01-02T15:04:05")
		ref := relais.AccountRef{Network: relais.Sandbox, ID: c.ID + "-page"}
		p, err := a.posts.Schedule(ctx, posts.Draft{ClientID: c.ID, Account: ref, At: at, Content: relais.Content{Text: pl.text}}, cliActor)
		if err != nil {
			return err
		}
		planned = append(planned, p)
		say(e.out, "    %s for %s at %s %s\n", p.ID, c.ID, p.LocalTime, c.TimeZone)
	}
	_, err = a.posts.Schedule(ctx, posts.Draft{ClientID: "acme", Account: relais.AccountRef{Network: relais.Sandbox, ID: "globex-page"},
		At: time.Now().Add(time.Minute).In(clients[0].Location()).Format("2006-01-02T15:04:05"), Content: relais.Content{Text: "wrong account"}}, cliActor)
	say(e.out, "    a post for acme on globex's account is refused: %s\n", message(err))

	step("waiting for the schedules to fire")
	for i, p := range planned {
		got, err := waitPost(ctx, a, p)
		if err != nil {
			return err
		}
		planned[i] = got
		say(e.out, "    %s %s: planned %s, published %s (%s late), network id %s\n", got.ID, got.Status,
			got.ScheduledAt.Format("15:04:05.000"), got.PublishedAt.Format("15:04:05.000"),
			got.PublishedAt.Sub(got.ScheduledAt).Round(time.Millisecond), got.NetworkPostID)
	}
	say(e.out, "    the sandbox network lists %d posts at %s/sandbox/posts\n", len(st.Sandbox.Posts()), st.URL)

	step("sending comments through signed webhooks")
	comments := []sandboxfake.Comment{
		{Account: "acme-page", PostID: planned[0].NetworkPostID, AuthorID: "u1", AuthorName: "Claire", Text: "Miam, j'arrive !"},
		{Account: "acme-page", PostID: planned[0].NetworkPostID, AuthorID: "u2", AuthorName: "Troll", Text: "Vous êtes des escrocs et des abrutis"},
		{Account: "globex-page", PostID: planned[1].NetworkPostID, AuthorID: "u3", AuthorName: "Promo", Text: "Free boots here: bit.ly/free-boots"},
	}
	for _, c := range comments {
		id, err := st.Sandbox.SendComment(ctx, c)
		if err != nil {
			return err
		}
		say(e.out, "    delivered %s from %s: %q\n", id, c.AuthorName, c.Text)
	}
	if err := st.AWS.Drain(ctx); err != nil {
		return err
	}
	step("moderation")
	hidden := 0
	for _, c := range clients {
		entries, err := a.store.Inbox(ctx, c.ID, dynamo.InboxFilter{Limit: 10})
		if err != nil {
			return err
		}
		for _, in := range entries {
			state, _ := st.Sandbox.Comment(in.ID)
			say(e.out, "    %s %-7s %-6s hidden on network: %-5v %q\n", c.ID, in.Author.Name, in.Action, state.Hidden, in.Text)
			if state.Hidden {
				hidden++
			}
		}
	}
	if hidden == 0 {
		return errors.New("demo: no comment was hidden")
	}

	step("an image, uploaded once, published on every network that takes images")
	if err := demoImages(ctx, e, a, st); err != nil {
		return err
	}

	step("an account connected through its network's consent page, its token renewed before it expires")
	if err := demoOAuth(ctx, e, a, st); err != nil {
		return err
	}

	step("the inbox: a complaint answered by hand, messages answered in private")
	if err := demoInbox(ctx, e, a, st, planned[0].NetworkPostID); err != nil {
		return err
	}

	step("a bad buzz: angry comments pile up on acme's post within minutes")
	if err := badBuzz(ctx, e, st, planned[0].NetworkPostID); err != nil {
		return err
	}

	step("importing acme's last two weeks from its Facebook and Instagram pages")
	var history []relais.AccountRef
	for _, ref := range []relais.AccountRef{{Network: relais.Facebook, ID: "acme-boulangerie"}, {Network: relais.Instagram, ID: "17841400000000042"}} {
		token := "demo-token-acme-" + string(ref.Network)
		if err := st.RegisterAccount(ref, token); err != nil {
			return err
		}
		if _, _, err := a.clients.Connect(ctx, relais.Account{ClientID: "acme", Network: ref.Network, ID: ref.ID}, token); err != nil {
			return err
		}
		history = append(history, ref)
	}
	if err := importHistory(ctx, a.store, clients[0], history, time.Now()); err != nil {
		return err
	}

	step("generating acme's report for last week, as its Monday schedule does")
	res, err := a.reporter.Run(ctx, relais.ReportInput{ClientID: "acme", Period: "previous-week"})
	if err != nil {
		return err
	}
	// The stack stops with the demo, and its signed link with it.
	if err := printReport(e, res, *out, false, false); err != nil {
		return err
	}

	step("a client whose own people approve its posts")
	if err := approvedClient(ctx, e, a, st); err != nil {
		return err
	}
	step("the console")
	if err := signIns(ctx, e, st); err != nil {
		return err
	}
	step("done")
	if !interactive(e.stdin) {
		return nil
	}
	say(e.out, "The console stays up until Ctrl-C: do the week in the browser.\n")
	<-untilStopped.Done()
	fmt.Fprintln(e.out, "stopping…")
	return nil
}

// reviewed is the demo's client whose posts wait for its approval.
var reviewed = relais.Client{ID: "initech", Name: "Initech Café", TimeZone: "Europe/Paris", Locale: "fr", Brands: []string{"Initech"},
	Approval: relais.ApprovalRequired}

// approvedClient adds reviewed with its sandbox page and a post for
// tomorrow morning, which waits for its reviewer.
func approvedClient(ctx context.Context, e *env, a *app, st *devstack.Stack) error {
	if err := a.clients.Add(ctx, reviewed); err != nil {
		return err
	}
	account, token := reviewed.ID+"-page", "demo-token-"+reviewed.ID
	st.Sandbox.RegisterAccount(account, token)
	if _, _, err := a.clients.Connect(ctx, relais.Account{ClientID: reviewed.ID, Network: relais.Sandbox, ID: account}, token); err != nil {
		return err
	}
	at := time.Now().In(reviewed.Location()).AddDate(0, 0, 1).Format("2006-01-02") + "T09:30:00"
	p, err := a.posts.Schedule(ctx, posts.Draft{ClientID: reviewed.ID, Account: relais.AccountRef{Network: relais.Sandbox, ID: account}, At: at,
		Content: relais.Content{Text: "Demain : atelier latte art à 10 h, places limitées !"}}, cliActor)
	if err != nil {
		return err
	}
	say(e.out, "    %s (approval required) with account sandbox:%s; %s for %s %s is %s\n", reviewed.ID, account, p.ID, p.LocalTime, reviewed.TimeZone, p.Status)
	return nil
}

// signIns registers one person per role with the local issuer and prints
// how each signs in to the console.
func signIns(ctx context.Context, e *env, st *devstack.Stack) error {
	people := demoPeople(reviewed.ID)
	if err := st.Issuer.Register(people...); err != nil {
		return err
	}
	console := st.URL + "/"
	link, err := reviewLink(ctx, st, people[0], reviewed.ID, "Rita")
	if err != nil {
		return err
	}
	say(e.out, "    open %s\n", console)
	for _, p := range people[:2] {
		say(e.out, "    as the %-8s pick %q on the sign-in page, or open %s?login_hint=%s\n", p.Role, p.Name, console, p.Name)
	}
	say(e.out, "    as %s's reviewer, open the review link %s\n", reviewed.ID, link)
	return nil
}

// waitPost waits until a post leaves scheduled and publishing.
func waitPost(ctx context.Context, a *app, p relais.Post) (relais.Post, error) {
	for {
		got, err := a.store.Post(ctx, p.ClientID, p.ID)
		if err != nil {
			return got, err
		}
		switch got.Status {
		case relais.StatusPublished:
			return got, nil
		case relais.StatusScheduled, relais.StatusPublishing:
		default:
			return got, fmt.Errorf("post %s ended %s: %s", got.ID, got.Status, got.FailureReason)
		}
		select {
		case <-ctx.Done():
			return got, fmt.Errorf("post %s still %s: %w", got.ID, got.Status, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// buzz is what angry customers write when a batch went wrong.
var buzz = []string{
	"Intoxication alimentaire après vos croissants, c'est une honte",
	"Mon fils a été malade toute la nuit, bande d'incapables",
	"Croissants immondes, vous êtes des charlatans",
	"Plus jamais chez vous, service nul et produits avariés",
	"Honteux, personne ne répond au téléphone",
	"Vous empoisonnez vos clients, bande de crétins",
	"Je vais porter plainte, c'est inadmissible",
	"Arnaque totale, remboursez-nous",
	"Dégoûtant, j'ai retrouvé un cheveu dans mon pain",
	"Nuls, nuls, nuls. Je préviens tout le quartier",
	"Boulangerie de merde, fermez",
	"Intoxiqués à trois dans la famille, honte à vous",
}

// badBuzz has a dozen people pile in on acme's post and shows the crisis
// the moderator suspects.
func badBuzz(ctx context.Context, e *env, st *devstack.Stack, postID string) error {
	cs := make([]sandboxfake.Comment, len(buzz))
	for i, text := range buzz {
		cs[i] = sandboxfake.Comment{Account: "acme-page", PostID: postID, AuthorID: fmt.Sprintf("angry-%d", i), AuthorName: fmt.Sprintf("Client %d", i+1), Text: text}
	}
	if _, err := st.Sandbox.SendComments(ctx, cs...); err != nil {
		return err
	}
	if err := st.AWS.Drain(ctx); err != nil {
		return err
	}
	for _, ev := range st.AWS.Notifications() {
		if ev.DetailType != relais.DetailCrisisSuspected {
			continue
		}
		var c relais.CrisisSuspected
		if err := json.Unmarshal(ev.Detail, &c); err != nil {
			return err
		}
		say(e.out, "    Crisis Suspected for %s: %d negative of %d comments between %s and %s UTC (%.1f expected), about %s\n",
			c.ClientID, c.Negative, c.Interactions, c.WindowStart.Format("15:04"), c.WindowEnd.Format("15:04"), c.Expected, strings.Join(c.TopTerms, ", "))
		if c.PausedPosts {
			say(e.out, "    %s's scheduled posts are on hold until relais client resume %s\n", c.ClientID, c.ClientID)
		}
		return nil
	}
	return errors.New("demo: the bad buzz raised no Crisis Suspected")
}
