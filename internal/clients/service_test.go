package clients_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssched "github.com/aws/aws-sdk-go-v2/service/scheduler"

	"github.com/relais-dev/relais/internal/clients"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamotest"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/ssm"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

var now = time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC)

var settings = relaistest.Settings

// acme leaves its approval policy to the default.
var acme = relais.Client{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr"}

// fixture is the service over a fresh table, the emulated scheduler and
// parameters, and a bus that records what the replay announces.
type fixture struct {
	store   *dynamo.Store
	params  *ssm.Parameters
	sched   *awssched.Client
	bus     *relaistest.Bus
	service *clients.Service
}

func newFixture(t *testing.T, existing ...relais.Client) *fixture {
	t.Helper()
	store := relaistest.NewStore(t, now, existing)
	cfg, e := relaistest.EmulatedAWS(t)
	f := &fixture{store: store, params: ssm.Connect(cfg, e), bus: &relaistest.Bus{}}
	f.sched = awssched.NewFromConfig(cfg, func(o *awssched.Options) { o.BaseEndpoint = aws.String(e.AWS) })
	f.service = clients.New(store, scheduler.Connect(cfg, e, settings), f.params, intake.New(store, f.bus), settings)
	return f
}

func TestAdd(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	bad := acme
	bad.TimeZone = "Europe/Pariss"
	if err := f.service.Add(ctx, bad); relais.ErrorCode(err) != relais.EINVALID {
		t.Errorf("a client in an unknown time zone: got %v, want invalid", err)
	}
	if _, err := f.store.Client(ctx, "acme"); relais.ErrorCode(err) != relais.ENOTFOUND {
		t.Errorf("after a refused add: got %v, want no client", err)
	}
	relaistest.MustOK(t, f.service.Add(ctx, acme))
	for _, name := range []string{"report-acme-weekly", "report-acme-monthly"} {
		out, err := f.sched.GetSchedule(ctx, &awssched.GetScheduleInput{Name: aws.String(name), GroupName: aws.String("relais")})
		if err != nil {
			t.Errorf("schedule %s: %v", name, err)
			continue
		}
		if got, want := aws.ToString(out.ScheduleExpressionTimezone), "Europe/Paris"; got != want {
			t.Errorf("schedule %s: zone %s, want %s", name, got, want)
		}
	}
	if err := f.service.Add(ctx, acme); relais.ErrorCode(err) != relais.ECONFLICT {
		t.Errorf("the same client again: got %v, want a conflict", err)
	}
}

func TestRebrand(t *testing.T) {
	tests := []struct {
		name     string
		branding relais.Branding
		code     string
	}{
		{"nothing", relais.Branding{}, relais.EINVALID},
		{"a colour that is not #rrggbb", relais.Branding{Color: "red;}body{x:y"}, relais.EINVALID},
		{"a colour", relais.Branding{Color: "#12ab3c"}, ""},
		{"an agency name", relais.Branding{Name: "Agence Nord"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			f := newFixture(t, acme)
			err := f.service.Rebrand(ctx, "acme", tt.branding)
			if got := relais.ErrorCode(err); got != tt.code {
				t.Fatalf("got %s (%v), want %q", got, err, tt.code)
			}
			c, err := f.store.Client(ctx, "acme")
			relaistest.MustOK(t, err)
			want := relais.Branding{}
			if tt.code == "" {
				want = tt.branding
			}
			if c.Branding != want {
				t.Errorf("stored branding: got %+v, want %+v", c.Branding, want)
			}
		})
	}
}

func TestSetRules(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, acme)
	good := []byte("actions:\n  insult: hide\n")
	relaistest.MustOK(t, f.service.SetRules(ctx, "acme", good))
	err := f.service.SetRules(ctx, "acme", []byte("actions:\n  insult: explode\n"))
	if relais.ErrorCode(err) != relais.EINVALID || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a faulty file: got %v, want invalid, naming line 2", err)
	}
	c, err := f.store.Client(ctx, "acme")
	relaistest.MustOK(t, err)
	if got, want := c.Rules, string(good); got != want {
		t.Errorf("rules in force: got %q, want the last good file %q", got, want)
	}
}

func TestConnect(t *testing.T) {
	ctx := context.Background()
	globex := relais.Client{ID: "globex", Name: "Globex", TimeZone: "America/New_York", Locale: "en"}
	f := newFixture(t, acme, globex)
	// A comment reached the page before anyone connected it.
	early := relais.Interaction{Network: relais.LinkedIn, AccountID: "2414183", ID: "urn:li:comment:(urn:li:activity:1,9)",
		Kind: relais.KindComment, PostID: "urn:li:activity:1", ParentID: "urn:li:activity:1",
		Author: relais.Author{ID: "urn:li:person:7", Name: "Camille"}, Text: "Bonjour", CreatedAt: now, ReceivedAt: now}
	res, err := intake.New(f.store, f.bus).Accept(ctx, []relais.Interaction{early})
	relaistest.MustOK(t, err)
	if res.Unrouted != 1 {
		t.Fatalf("before connecting: got %+v, want the comment kept as unrouted", res)
	}

	var registered []string
	f.service.Register = func(_ context.Context, ref relais.AccountRef, token string) error {
		registered = append(registered, ref.String()+" "+token)
		return nil
	}
	// Pasted as its URN, the page is keyed by its number.
	ref, res, err := f.service.Connect(ctx, relais.Account{ClientID: "acme", Network: relais.LinkedIn, ID: "urn:li:organization:2414183"}, "tok-1")
	relaistest.MustOK(t, err)
	if got, want := ref, (relais.AccountRef{Network: relais.LinkedIn, ID: "2414183"}); got != want {
		t.Errorf("account: got %v, want %v", got, want)
	}
	if got := res.Created + res.Updated; got != 1 {
		t.Errorf("replayed: got %d, want the early comment", got)
	}
	token, err := f.params.Get(ctx, settings.TokenParameter("acme", ref))
	relaistest.MustOK(t, err)
	if token != "tok-1" {
		t.Errorf("stored token: got %q, want tok-1", token)
	}
	if got, want := strings.Join(registered, ","), "linkedin:2414183 tok-1"; got != want {
		t.Errorf("registered: got %q, want %q", got, want)
	}

	// The same page, spelt as a number, cannot go to a second client.
	_, _, err = f.service.Connect(ctx, relais.Account{ClientID: "globex", Network: relais.LinkedIn, ID: "2414183"}, "tok-2")
	if relais.ErrorCode(err) != relais.ECONFLICT {
		t.Errorf("the page for a second client: got %v, want a conflict", err)
	}
}

// An account whose network refuses it is not connected, and its token is
// not kept.
func TestConnectRefusedByTheNetwork(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, acme)
	refused := errors.New("the network refused the token")
	f.service.Register = func(context.Context, relais.AccountRef, string) error { return refused }
	ref := relais.AccountRef{Network: relais.Sandbox, ID: "acme-page"}
	if _, _, err := f.service.Connect(ctx, relais.Account{ClientID: "acme", Network: ref.Network, ID: ref.ID}, "tok"); !errors.Is(err, refused) {
		t.Fatalf("got %v, want the network's refusal", err)
	}
	accounts, err := f.store.Accounts(ctx, "acme")
	relaistest.MustOK(t, err)
	if len(accounts) != 0 {
		t.Errorf("accounts: got %v, want none", accounts)
	}
	if _, err := f.params.Get(ctx, settings.TokenParameter("acme", ref)); relais.ErrorCode(err) != relais.ENOTFOUND {
		t.Errorf("token: got %v, want none stored", err)
	}
}
