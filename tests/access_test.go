package tests

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/access"
	"github.com/relais-dev/relais/internal/access/accesstest"
	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/links"
	"github.com/relais-dev/relais/internal/localaws"
	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/routing"
	"github.com/relais-dev/relais/internal/s3"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/sdkconfig"
)

// TestFunctionsStayWithinTheirGrants runs a week of a client's life on the
// local stack, every function doing its work (publishing, engagement,
// webhooks, the team's answers, moderation with saved replies and alerts,
// a crisis, polling, sweeps, reports), and an admin's work in the API
// (a new client, an account connected with a token, a post scheduled,
// moved, paused and resumed, the inbox and the rules), records each
// function's AWS calls as the IAM actions they need, and checks each is
// among the grants infra deploys for that function.
func TestFunctionsStayWithinTheirGrants(t *testing.T) {
	ctx := context.Background()
	paris, _ := time.LoadLocation("Europe/Paris")
	clock := localaws.NewManualClock(time.Date(2026, 11, 22, 20, 0, 0, 0, paris))
	var seen accesstest.Observer
	st, err := devstack.Start(ctx, devstack.Options{Clock: clock, Observe: seen.Middleware})
	if err != nil {
		t.Fatalf("start the local stack: %v", err)
	}
	t.Cleanup(func() { st.Stop() })
	cfg, err := sdkconfig.Load(ctx, st.Endpoints)
	must(t, err)
	sched := scheduler.Connect(cfg, st.Endpoints, st.Settings)

	acme := relais.Client{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr", Approval: relais.ApprovalNone}
	must(t, st.Store.CreateClient(ctx, acme))
	must(t, sched.ScheduleReports(ctx, acme))
	must(t, st.Store.SetRules(ctx, "acme", "actions:\n  complaint: reply\n  threat: alert\n"))
	// A complaint is due within the hour: the moderator schedules its
	// overdue check, which then runs in the moderator.
	target, err := relais.ParseServiceTarget("complaint 1h")
	must(t, err)
	must(t, st.Store.SetTargets(ctx, "acme", []relais.ServiceTarget{target}))
	st.Sandbox.RegisterAccount("acme-page", "tok-acme")
	st.Fakes.Mastodon.RegisterAccount("acme", "tok-masto")
	for _, a := range []struct {
		account relais.Account
		token   string
	}{
		{relais.Account{ClientID: "acme", Network: relais.Sandbox, ID: "acme-page"}, "tok-acme"},
		{relais.Account{ClientID: "acme", Network: relais.Mastodon, ID: "acme@mastodon.example"}, "tok-masto"},
	} {
		must(t, st.Params.PutSecure(ctx, st.Settings.AccountTokenParameter(a.account), a.token))
		must(t, st.Store.ConnectAccount(ctx, a.account))
	}
	at, local, err := relais.ScheduleLocal("2026-11-22T21:00:00", paris)
	must(t, err)
	post := relais.Post{ID: "p1", ClientID: "acme", Account: relais.AccountRef{Network: relais.Sandbox, ID: "acme-page"},
		Text: "Soirée dégustation ce soir !", LocalTime: local, TimeZone: acme.TimeZone, ScheduledAt: at, Status: relais.StatusScheduled}
	must(t, st.Store.CreatePost(ctx, post, "test", "created"))
	must(t, sched.SchedulePost(ctx, post))
	useAPI(t, ctx, st, clock)

	step := func(to time.Time) {
		t.Helper()
		clock.Set(to)
		st.AWS.RunDue(ctx)
		must(t, st.AWS.Drain(ctx))
	}
	step(at.Add(time.Minute))

	comments := []sandboxfake.Comment{
		{ID: "insult", AuthorID: "u-1", Text: "Bande de crétins"},
		{ID: "complaint", AuthorID: "u-2", Text: "3 semaines que j'attends mon colis, service client inexistant"},
		{ID: "threat", AuthorID: "u-3", Text: "I know where you live, watch your back"},
		{ID: "answer", AuthorID: "acme-page", ParentID: "complaint", Text: "Nous regardons tout de suite !"},
	}
	for i := range 12 {
		comments = append(comments, sandboxfake.Comment{ID: fmt.Sprintf("buzz-%d", i), AuthorID: fmt.Sprintf("angry-%d", i),
			Text: "Intoxiqués après vos croissants, honte à vous, bande d'incapables"})
	}
	for _, c := range comments {
		c.Account, c.PostID = "acme-page", "acme-page_1"
		_, err := st.Sandbox.SendComment(ctx, c)
		must(t, err)
	}
	st.Fakes.Mastodon.Mention("acme", "camille@elsewhere.example", "@acme merci pour la dégustation", "")
	// A day for the engagement and the polls, then to Monday 08:00 for
	// the weekly report.
	step(at.Add(25 * time.Hour))
	step(time.Date(2026, 11, 30, 8, 1, 0, 0, paris))
	withImage := false
	for _, p := range st.Sandbox.Posts() {
		withImage = withImage || (p.Account == "globex-page" && strings.Contains(p.ImageURL, "/media/globex/"))
	}
	if !withImage {
		t.Errorf("globex's post went out without its image: %+v", st.Sandbox.Posts())
	}

	used := map[string]bool{}
	for _, u := range seen.Uses() {
		used[u.Function] = true
		if !access.Allows(u.Function, u.Action, u.On) {
			t.Errorf("%s, which its grants do not allow", u)
		}
	}
	for _, fn := range routing.Functions {
		if !used[fn] {
			t.Errorf("%s made no AWS call: the scenario does not exercise it", fn)
		}
	}
	// Grants the scenario did not need are listed, for a person to judge:
	// some serve paths it does not take.
	for _, fn := range routing.Functions {
		for _, g := range access.Grants[fn] {
			for _, a := range g.Actions {
				if g.On != access.OnLogs && !observed(seen.Uses(), fn, a, g.On) {
					t.Logf("%s: %s on %s not used by this scenario", fn, a, g.On)
				}
			}
		}
	}
}

// useAPI signs in as an agency admin and, through the API on the stack's
// address, adds a client, connects its account, which had a comment
// before it was connected, then plans a post and reads what the client
// has: each call runs in the api function as Lambda would run it.
func useAPI(t *testing.T, ctx context.Context, st *devstack.Stack, clock *localaws.ManualClock) {
	t.Helper()
	// The issuer signs at the stack's time, which the API checks tokens
	// against.
	st.Issuer.Now = clock.Now
	token, err := st.Issuer.Mint(auth.Identity{Subject: "sub-ada", Name: "ada", Role: auth.Admin})
	must(t, err)
	// A comment on an account no client owns yet, kept until one does.
	_, err = st.Sandbox.SendComment(ctx, sandboxfake.Comment{Account: "globex-page", PostID: "globex-page_0", AuthorID: "u-9",
		Text: "Vous ouvrez quand à Lyon ?"})
	must(t, err)

	call := func(method, path, body string, header map[string]string, want int) (http.Header, string) {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, method, st.URL+path, strings.NewReader(body))
		must(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		// A download's redirect is the API's answer; the browser follows it.
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		must(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		must(t, err)
		if resp.StatusCode != want {
			t.Fatalf("%s %s: got %d %s, want %d", method, path, resp.StatusCode, b, want)
		}
		return resp.Header, string(b)
	}

	call("POST", "/api/clients", `{"id":"globex","name":"Globex","timezone":"Europe/Paris","locale":"fr"}`,
		map[string]string{"Idempotency-Key": "new-globex"}, http.StatusCreated)
	call("GET", "/api/clients", "", nil, http.StatusOK)
	_, body := call("POST", "/api/clients/globex/accounts", `{"network":"sandbox","id":"globex-page","token":"tok-globex"}`,
		nil, http.StatusCreated)
	var connected struct{ Replayed int }
	must(t, json.Unmarshal([]byte(body), &connected))
	if connected.Replayed != 1 {
		t.Errorf("connect globex-page: replayed %d interactions, want 1", connected.Replayed)
	}
	call("GET", "/api/clients/globex/accounts", "", nil, http.StatusOK)

	// An image, uploaded by the browser to the URL the API signs, then
	// checked; another whose object is not the one declared is deleted.
	image := []byte("\x89PNG\r\n\x1a\nune boutique")
	declare := fmt.Sprintf(`{"type":"image/png","size":%d,"alt":"La boutique de Lyon"}`, len(image))
	_, body = call("POST", "/api/clients/globex/media", declare, map[string]string{"Idempotency-Key": "image-lyon"}, http.StatusCreated)
	var img struct {
		ID     string
		Upload struct {
			Method, URL string
			Headers     map[string]string
		}
	}
	must(t, json.Unmarshal([]byte(body), &img))
	req, err := http.NewRequestWithContext(ctx, img.Upload.Method, img.Upload.URL, bytes.NewReader(image))
	must(t, err)
	for k, v := range img.Upload.Headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("upload the image: got %d", resp.StatusCode)
	}
	call("POST", "/api/clients/globex/media/"+img.ID+"/complete", "", nil, http.StatusOK)
	call("GET", "/api/clients/globex/media/"+img.ID, "", nil, http.StatusOK)
	_, body = call("POST", "/api/clients/globex/media", declare, nil, http.StatusCreated)
	var unlike struct{ ID string }
	must(t, json.Unmarshal([]byte(body), &unlike))
	cfg, err := sdkconfig.Load(ctx, st.Endpoints)
	must(t, err)
	must(t, s3.Connect(cfg, st.Endpoints, st.Settings.MediaBucket).Put(ctx, media.ObjectKey("globex", unlike.ID), "image/gif", image))
	call("POST", "/api/clients/globex/media/"+unlike.ID+"/complete", "", nil, http.StatusUnprocessableEntity)

	h, body := call("POST", "/api/clients/globex/posts",
		`{"account":"sandbox:globex-page","at":"2026-11-23T10:00:00","text":"Nouvelle boutique à Lyon, ouverture samedi !","media":["`+img.ID+`"]}`,
		map[string]string{"Idempotency-Key": "post-lyon"}, http.StatusCreated)
	var post struct{ ID string }
	must(t, json.Unmarshal([]byte(body), &post))
	path := "/api/clients/globex/posts/" + post.ID
	h, _ = call("GET", path, "", nil, http.StatusOK)
	call("POST", path+"/reschedule", `{"at":"2026-11-23T11:00:00"}`, map[string]string{"If-Match": h.Get("ETag")}, http.StatusOK)
	call("GET", "/api/clients/globex/posts", "", nil, http.StatusOK)
	call("POST", "/api/clients/globex/pause", "", nil, http.StatusOK)
	call("POST", "/api/clients/globex/resume", "", nil, http.StatusOK)

	if _, body := call("GET", "/api/clients/globex/inbox", "", nil, http.StatusOK); !strings.Contains(body, "Lyon") {
		t.Errorf("globex's inbox %s lacks the comment received before its account was connected", body)
	}
	// Once moderated, a person overrides moderation: hidden on the
	// network with the account's token, then shown again.
	must(t, st.AWS.Drain(ctx))
	_, body = call("GET", "/api/clients/globex/inbox", "", nil, http.StatusOK)
	var inbox struct {
		Items []struct{ Network, ID string }
	}
	must(t, json.Unmarshal([]byte(body), &inbox))
	if len(inbox.Items) == 0 {
		t.Fatal("globex's inbox is empty")
	}
	decision := "/api/clients/globex/inbox/" + inbox.Items[0].Network + "/" + url.PathEscape(inbox.Items[0].ID) + "/decision"
	call("POST", decision, `{"action":"hide"}`, nil, http.StatusOK)
	call("POST", decision, `{"action":"allow"}`, nil, http.StatusOK)
	// The person opens the thread and answers it in public.
	thread := strings.TrimSuffix(decision, "/decision")
	call("GET", thread, "", nil, http.StatusOK)
	call("POST", thread+"/replies", `{"text":"Merci, nous regardons cela."}`, nil, http.StatusCreated)

	// The threads: a customer writes in private, and a manager answers in
	// private, assigns, tags, notes and closes, with a saved reply and
	// service targets.
	admin := token
	token, err = st.Issuer.Mint(auth.Identity{Subject: "sub-camille", Name: "camille", Role: auth.Manager, Clients: []string{"globex"}})
	must(t, err)
	_, err = st.Sandbox.SendMessage(ctx, sandboxfake.DM{Account: "globex-page", AuthorID: "u-10", AuthorName: "Léa", Text: "Ma commande 42 ?"})
	must(t, err)
	must(t, st.AWS.Drain(ctx))
	_, body = call("GET", "/api/clients/globex/threads?status=open", "", nil, http.StatusOK)
	var threads struct {
		Items []struct {
			Network, ID string
			Private     bool
		}
	}
	must(t, json.Unmarshal([]byte(body), &threads))
	dm := ""
	for _, th := range threads.Items {
		if th.Private {
			dm = "/api/clients/globex/threads/" + th.Network + "/" + url.PathEscape(th.ID)
		}
	}
	if dm == "" {
		t.Fatalf("globex's open threads %s lack the private message", body)
	}
	call("GET", dm, "", nil, http.StatusOK)
	call("PUT", "/api/clients/globex/saved-replies/commande/fr", `{"text":"Bonjour {first_name}, votre commande part demain."}`, nil, http.StatusOK)
	call("GET", "/api/clients/globex/saved-replies", "", nil, http.StatusOK)
	call("POST", dm+"/replies", `{"saved":"commande","private":true}`, map[string]string{"Idempotency-Key": "dm-42"}, http.StatusCreated)
	call("POST", dm+"/assign", `{"to":"camille"}`, nil, http.StatusOK)
	call("PUT", dm+"/tags", `{"tags":["commande"]}`, nil, http.StatusOK)
	call("POST", dm+"/notes", `{"text":"Colis parti ce matin"}`, nil, http.StatusOK)
	call("POST", dm+"/status", `{"status":"done"}`, nil, http.StatusOK)
	call("DELETE", "/api/clients/globex/saved-replies/commande/fr", "", nil, http.StatusNoContent)
	h, _ = call("GET", "/api/clients/globex", "", nil, http.StatusOK)
	call("PUT", "/api/clients/globex/targets", `{"targets":["message 4h"]}`, map[string]string{"If-Match": h.Get("ETag")}, http.StatusOK)
	token = admin
	call("GET", "/api/clients/globex/crises", "", nil, http.StatusOK)
	h, _ = call("GET", "/api/clients/globex/rules", "", nil, http.StatusOK)
	call("PUT", "/api/clients/globex/rules", "actions:\n  complaint: reply\n", map[string]string{"Content-Type": "application/yaml", "If-Match": h.Get("ETag")},
		http.StatusOK)

	// A report, written by the reporter, read and downloaded through the
	// API.
	written, err := st.Reporter.Run(ctx, relais.ReportInput{ClientID: "globex", Period: "previous-week"})
	must(t, err)
	reports := "/api/clients/globex/reports"
	call("GET", reports, "", nil, http.StatusOK)
	call("GET", reports+"/"+written.Ready.Period, "", nil, http.StatusOK)
	call("GET", reports+"/"+written.Ready.Period+"/report.html", "", nil, http.StatusFound)

	// A review link signs a person of the client in.
	_, body = call("POST", "/api/clients/globex/review-links", `{"reviewer":"Grace at Globex"}`, nil, http.StatusCreated)
	var link struct{ ID, URL string }
	must(t, json.Unmarshal([]byte(body), &link))
	call("GET", "/api/clients/globex/review-links", "", nil, http.StatusOK)
	_, review, _ := strings.Cut(link.URL, links.ReviewPath)
	token = review
	call("GET", "/api/clients/globex/posts", "", nil, http.StatusOK)
	token = admin
	call("DELETE", "/api/clients/globex/review-links/"+link.ID, "", nil, http.StatusNoContent)
}

func observed(uses []accesstest.Use, fn, action string, on access.Resource) bool {
	for _, u := range uses {
		if u.Function == fn && u.Action == action && u.On == on {
			return true
		}
	}
	return false
}
