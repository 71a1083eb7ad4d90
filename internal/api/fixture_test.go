package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/relais-dev/relais/internal/api"
	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/clients"
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamotest"
	"github.com/relais-dev/relais/internal/inbox"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/links"
	"github.com/relais-dev/relais/internal/localaws"
	"github.com/relais-dev/relais/internal/localoidc"
	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/moderation"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/pinterest"
	"github.com/relais-dev/relais/internal/pinterest/pinterestfake"
	"github.com/relais-dev/relais/internal/posts"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/s3"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/sdkconfig"
	"github.com/relais-dev/relais/internal/ssm"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

// now is the clock of every part, months ahead of the real one, so that
// the emulated scheduler never fires what the tests plan.
var now = time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC)

const origin = "https://console.agence.example"

// mediaBucket holds the clients' uploaded images.
const mediaBucket = "relais-media"

var settings = relaistest.Settings

var (
	acme = relais.Client{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr", Approval: relais.ApprovalNone}
	// globex wants its own people to approve its posts.
	globex = relais.Client{ID: "globex", Name: "Globex", TimeZone: "America/New_York", Locale: "en", Approval: relais.ApprovalRequired}
)

// fixture is the API over a fresh table, the emulated scheduler and
// parameters, with callers signed in by a local issuer.
type fixture struct {
	store    *dynamo.Store
	bucket   *s3.Bucket
	media    *s3.Bucket
	server   *api.Server
	issuer   *localoidc.Issuer
	verifier *auth.Verifier
	links    *links.Issuer
	// moderator and network moderate on the sandbox network.
	moderator *moderation.Moderator
	network   *sandboxfake.Network
	// pinterest is Pinterest's fake, where accounts connect with OAuth.
	pinterest *pinterestfake.Server
	url       string
	// calls counts the DynamoDB requests of store, which the API uses,
	// so that a call's cost in requests can be stated.
	calls *sdkconfig.Calls
}

// newStore returns a fresh table holding acme and globex, each with its
// sandbox page.
func newStore(tb testing.TB) *dynamo.Store {
	tb.Helper()
	return relaistest.NewStore(tb, now, []relais.Client{acme, globex},
		relais.Account{ClientID: "acme", Network: relais.Sandbox, ID: "acme-page"},
		relais.Account{ClientID: "globex", Network: relais.Sandbox, ID: "globex-page"})
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	return newFixtureOn(tb, newStore(tb))
}

// newFixtureOn serves the API over a store that may already hold data, as
// the benchmarks' does.
func newFixtureOn(t testing.TB, store *dynamo.Store) *fixture {
	t.Helper()
	calls := &sdkconfig.Calls{}
	store = relaistest.Counted(store, calls)
	cfg, e := relaistest.EmulatedAWS(t, localaws.WithBuckets("relais-reports", mediaBucket))
	sched := scheduler.Connect(cfg, e, settings)
	planner := posts.New(store, sched)
	planner.Now = func() time.Time { return now }
	cs := clients.New(store, sched, ssm.Connect(cfg, e), intake.New(store, &relaistest.Bus{}), settings)

	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	iss, err := localoidc.New(srv.URL + "/oidc")
	relaistest.MustOK(t, err)
	iss.Now = func() time.Time { return now }
	mux.Handle("/oidc/", http.StripPrefix("/oidc", iss))
	verifier := auth.NewVerifier(iss.URL(), localoidc.ClientID, http.DefaultClient, func() time.Time { return now })
	params := ssm.Connect(cfg, e)
	mod, answers, network := newModerator(t, store, params)
	key := links.NewKey(params, settings.SecretParameter(config.LinksSigningKey))
	relaistest.MustOK(t, params.PutSecure(context.Background(), settings.SecretParameter(config.LinksSigningKey), strings.Repeat("k", 64)))
	bucket := s3.Connect(cfg, e, "relais-reports")
	opened := links.NewHandler(store, key, bucket, slog.New(slog.DiscardHandler))
	opened.Now = func() time.Time { return now }
	issuer := links.NewIssuer(store, key, srv.URL+"/api")
	issuer.Now = opened.Now
	images := s3.Connect(cfg, e, mediaBucket)
	uploads := media.New(store, images)
	pins := pinterestfake.New()
	o := pinterest.Spec.OAuth
	relaistest.MustOK(t, params.PutSecure(context.Background(), settings.SecretParameter(o.ClientID), pins.ClientID))
	relaistest.MustOK(t, params.PutSecure(context.Background(), settings.SecretParameter(o.ClientSecret), pins.ClientSecret))
	withAPI := settings
	withAPI.APIURL = srv.URL + "/api"
	s := api.New(store, planner, cs, verifier, slog.New(slog.DiscardHandler), api.Options{Origin: origin, Rate: 1000, Burst: 1000,
		Links: opened, Issuer: issuer, Bucket: bucket, Moderation: mod, Inbox: answers, Media: uploads,
		SignIn: api.SignIn{Issuer: iss.URL(), ClientID: localoidc.ClientID},
		OAuth:  oauthAt(params, withAPI, networks.URLs{"pinterest": relaistest.Serve(t, pins)})})
	s.Now = func() time.Time { return now }
	mux.Handle(api.Prefix, s)
	return &fixture{store: store, bucket: bucket, media: images, server: s, issuer: iss, verifier: verifier, links: issuer, url: srv.URL, calls: calls, moderator: mod, network: network, pinterest: pins}
}

// Callers of the tests.
var (
	admin        = auth.Identity{Name: "ada", Role: auth.Admin}
	manager      = auth.Identity{Name: "max", Role: auth.Manager, Clients: []string{"acme"}}
	reviewer     = auth.Identity{Name: "rita", Role: auth.Reviewer, Clients: []string{"acme"}}
	globexManage = auth.Identity{Name: "gus", Role: auth.Manager, Clients: []string{"globex"}}
	globexReview = auth.Identity{Name: "gina", Role: auth.Reviewer, Clients: []string{"globex"}}
)

func (f *fixture) token(t testing.TB, id auth.Identity) string {
	t.Helper()
	tok, err := f.issuer.Mint(id)
	relaistest.MustOK(t, err)
	return tok
}

// answer is a call's answer, its body read.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("answer %d %s: %v", a.status, a.body, err)
	}
}

// call makes a request as a caller (no token for a zero identity) and
// checks its answer against the OpenAPI document.
func (f *fixture) call(t *testing.T, id auth.Identity, method, path string, body any, headers ...string) answer {
	t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ctype = strings.NewReader(b), "application/yaml"
	default:
		raw, _ := json.Marshal(b)
		rd, ctype = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequest(method, f.url+path, rd)
	relaistest.MustOK(t, err)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if id.Name != "" {
		req.Header.Set("Authorization", "Bearer "+f.token(t, id))
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := noRedirects.Do(req)
	relaistest.MustOK(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	relaistest.MustOK(t, err)
	a := answer{status: resp.StatusCode, header: resp.Header, body: b}
	conforms(t, method, path, a)
	return a
}

// noRedirects answers a redirect as it is, so that the API's own answer
// is checked.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// document is the OpenAPI document, loaded once as a schema resource.
var document = sync.OnceValues(func() (map[string]any, *jsonschema.Compiler) {
	var doc map[string]any
	if err := json.Unmarshal(api.Document, &doc); err != nil {
		panic(err)
	}
	res, err := jsonschema.UnmarshalJSON(bytes.NewReader(api.Document))
	if err != nil {
		panic(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("openapi.json", res); err != nil {
		panic(err)
	}
	return doc, c
})

// templateRegexp matches the paths of a path template.
func templateRegexp(tmpl string) *regexp.Regexp {
	parts := strings.Split(tmpl, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, "{") {
			parts[i] = "[^/]+"
		} else {
			parts[i] = regexp.QuoteMeta(p)
		}
	}
	return regexp.MustCompile("^" + strings.Join(parts, "/") + "$")
}

// operation finds the document's path template and operation of a call.
func operation(method, path string) (string, map[string]any, bool) {
	doc, _ := document()
	path, _, _ = strings.Cut(path, "?")
	for tmpl, item := range doc["paths"].(map[string]any) {
		if templateRegexp(tmpl).MatchString(path) {
			op, found := item.(map[string]any)[strings.ToLower(method)].(map[string]any)
			return tmpl, op, found
		}
	}
	return "", nil, false
}

// conforms checks that an answer is one the document describes: its
// status is listed for the operation (or is a problem every call may
// get), and its body validates against that response's schema.
func conforms(t *testing.T, method, path string, a answer) {
	t.Helper()
	if a.status == http.StatusMethodNotAllowed || (a.status == http.StatusNotFound && strings.Contains(string(a.body), "no such route")) {
		return
	}
	tmpl, op, ok := operation(method, path)
	if !ok {
		t.Errorf("%s %s: not in the OpenAPI document", method, path)
		return
	}
	responses := op["responses"].(map[string]any)
	resp, ok := responses[strconv.Itoa(a.status)].(map[string]any)
	if !ok {
		t.Errorf("%s %s: status %d is not documented (%s)", method, tmpl, a.status, a.body)
		return
	}
	content, _ := resp["content"].(map[string]any)
	ctype, _, _ := strings.Cut(a.header.Get("Content-Type"), ";")
	if content == nil {
		return
	}
	if _, ok := content[ctype]; !ok {
		t.Errorf("%s %s %d: content type %q is not documented", method, tmpl, a.status, ctype)
		return
	}
	if !strings.Contains(ctype, "json") {
		return
	}
	_, c := document()
	pointer := "openapi.json#/paths/" + escape(tmpl) + "/" + strings.ToLower(method) + "/responses/" + strconv.Itoa(a.status) + "/content/" + escape(ctype) + "/schema"
	sch, err := c.Compile(pointer)
	if err != nil {
		t.Fatalf("compile %s: %v", pointer, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(a.body))
	if err != nil {
		t.Errorf("%s %s %d: body is not JSON: %s", method, tmpl, a.status, a.body)
		return
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("%s %s %d: body does not match its schema: %v\n%s", method, tmpl, a.status, err, a.body)
	}
}

func escape(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1") }

// newModerator is a moderator acting on a sandbox network served over
// HTTP, where acme-page and globex-page have their tokens.
func newModerator(t testing.TB, store *dynamo.Store, params *ssm.Parameters) (*moderation.Moderator, *inbox.Service, *sandboxfake.Network) {
	t.Helper()
	network := sandboxfake.NewNetwork(relaistest.Serve(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})), []byte("whsec"))
	url := relaistest.Serve(t, network)
	for _, c := range []string{"acme", "globex"} {
		a := relais.Account{ClientID: c, Network: relais.Sandbox, ID: c + "-page"}
		network.RegisterAccount(a.ID, "tok-"+c)
		relaistest.MustOK(t, params.PutSecure(context.Background(), settings.AccountTokenParameter(a), "tok-"+c))
	}
	adapters := networks.New(networks.URLs{string(relais.Sandbox): url}, networks.DefaultTimeout)
	m := moderation.New(store, &relaistest.Bus{}, params, adapters, settings, slog.New(slog.DiscardHandler))
	m.Now = func() time.Time { return now }
	in := inbox.New(store, params, adapters, settings, slog.New(slog.DiscardHandler))
	in.Now = m.Now
	return m, in, network
}

// oauthAt is the API's OAuth with the networks at urls, whose consents
// name the account, as the local stack's fakes take it.
func oauthAt(params relais.Parameters, s config.Settings, urls networks.URLs) api.OAuth {
	return api.OAuth{Params: params, Settings: s, URLs: urls, Adapters: networks.New(urls, networks.DefaultTimeout), NameAccount: true}
}
