// Package devstack runs the whole of Relais on one machine with no AWS
// account: DynamoDB Local, the local AWS emulator, the sandbox network and
// the four functions' handlers, wired as in AWS. relais dev, relais demo
// and the end-to-end tests start it.
package devstack

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/middleware"

	"github.com/relais-dev/relais/internal/api"
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamolocal"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/localaws"
	"github.com/relais-dev/relais/internal/localoidc"
	"github.com/relais-dev/relais/internal/moderation"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/poll"
	"github.com/relais-dev/relais/internal/publish"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/report"
	"github.com/relais-dev/relais/internal/routing"
	"github.com/relais-dev/relais/internal/sandbox"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/sdkconfig"
	"github.com/relais-dev/relais/internal/ssm"
	"github.com/relais-dev/relais/internal/webhook"
)

// Options configure a local stack.
type Options struct {
	// Addr is where the console, the API, the sign-in, webhooks and the
	// sandbox network are served.
	Addr string
	// Console is the built console, served at "/" (cmd/relais gives the
	// one it embeds); nil serves a page saying how to build it.
	Console fs.FS
	// StateDir receives the state file through which the CLI finds the
	// stack; empty writes none.
	StateDir string
	// Clock drives the schedules; the wall clock by default.
	Clock localaws.Clock
	// Tick is how often due schedules are fired; zero leaves firing to
	// the caller's RunDue.
	Tick time.Duration
	Log  *slog.Logger
	// NetworkTimeout bounds network calls; tests that inject timeouts
	// shorten it.
	NetworkTimeout time.Duration
	// Calls, when set, counts every AWS request the stack makes, for the
	// benchmarks.
	Calls *sdkconfig.Calls
	// DynamoDBLocal, when set, is the DynamoDB Local the binary carries,
	// so that the stack runs outside the source tree.
	DynamoDBLocal dynamolocal.Bundle
	// Observe, when set, gives each function's AWS clients its own API
	// option, so that tests see which function made which call.
	Observe func(function string) func(*middleware.Stack) error
	// Credentials, when set, are the AWS credentials every function
	// signs with, asked at each call: tests rotate them as Lambda does.
	// Fixed local ones by default.
	Credentials aws.CredentialsProvider
	// Invoked, when set, is told of each invocation of a function, as
	// Lambda would bill it: every webhook request and every delivery of
	// an event or a schedule, with how long its handler ran.
	Invoked func(function string, took time.Duration)
}

// Stack is a running local stack.
type Stack struct {
	// URL serves the console at /, the API under /api/ (report links
	// under /api/links/), the sign-in under /oidc/, /webhooks/{network}
	// and /sandbox/.
	URL       string
	Endpoints config.Endpoints
	Settings  config.Settings
	Store     *dynamo.Store
	AWS       *localaws.Server
	Sandbox   *sandboxfake.Network
	Fakes     Fakes
	// apps are Relais' OAuth apps on the fakes that implement OAuth, by API.
	apps      map[string]app
	Reporter  *report.Reporter
	Publisher *publish.Publisher
	API       *api.Server
	// Issuer signs the tokens the API takes, as the user pool would.
	Issuer *localoidc.Issuer
	Intake *intake.Intake
	Params *ssm.Parameters
	// Networks are where the fake networks answer, for the CLI's
	// answers from the inbox.
	Networks networks.URLs

	dynamo    *dynamolocal.Server
	servers   []*http.Server
	cancel    context.CancelFunc
	stateFile string
}

// IssuerPath is where the local issuer is served.
const IssuerPath = "/oidc"

// Fixed names of the local deployment, shaped as in AWS.
const (
	account = "000000000000"
	region  = "eu-west-3"
)

// functionARN is a local function's ARN, shaped as in AWS.
func functionARN(name string) string {
	return "arn:aws:lambda:" + region + ":" + account + ":function:relais-" + name
}

func localSettings() config.Settings {
	return config.Settings{
		Table: "relais", Bus: "relais", Bucket: "relais-reports", MediaBucket: "relais-media", ScheduleGroup: "relais",
		PublisherARN: functionARN(routing.Publisher), ReporterARN: functionARN(routing.Reporter), ModeratorARN: functionARN(routing.Moderator),
		SchedulerRoleARN: "arn:aws:iam::" + account + ":role/relais-scheduler",
		ParameterPrefix:  config.DefaultParameterPrefix,
		Branding:         demoBranding,
	}
}

func functionARNs() map[string]string {
	arns := map[string]string{}
	for _, f := range routing.Functions {
		arns[f] = functionARN(f)
	}
	return arns
}

// demoBranding is the local deployment's agency, so that its reports look
// as an agency's do.
var demoBranding = relais.Branding{
	Name: "Agence Relais", Color: "#2f5fd0",
	// A speech bubble, as a base64 SVG data URI.
	Logo: "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCA0OCA0OCI+PHJlY3QgeD0iNCIgeT0iNiIgd2lkdGg9IjQwIiBoZWlnaHQ9IjI4IiByeD0iOCIgZmlsbD0iIzJmNWZkMCIvPjxwYXRoIGQ9Ik0xNCAzNGwtNCAxMCAxNC0xMHoiIGZpbGw9IiMyZjVmZDAiLz48Y2lyY2xlIGN4PSIxNiIgY3k9IjIwIiByPSIzIiBmaWxsPSIjZmZmIi8+PGNpcmNsZSBjeD0iMjQiIGN5PSIyMCIgcj0iMyIgZmlsbD0iI2ZmZiIvPjxjaXJjbGUgY3g9IjMyIiBjeT0iMjAiIHI9IjMiIGZpbGw9IiNmZmYiLz48L3N2Zz4=",
}

// Start starts every part and returns once the stack answers.
func Start(ctx context.Context, o Options) (st *Stack, err error) {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Clock == nil {
		o.Clock = localaws.SystemClock{}
	}
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	runCtx, cancel := context.WithCancel(context.Background())
	s := &Stack{Settings: localSettings(), cancel: cancel}
	defer func() {
		if err != nil {
			s.Stop()
		}
	}()
	if s.dynamo, err = dynamolocal.StartBundled(ctx, o.DynamoDBLocal); err != nil {
		return nil, err
	}
	web, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return nil, fmt.Errorf("devstack: listen on %s: %w", o.Addr, err)
	}
	s.URL = "http://" + web.Addr().String()
	// The local issuer stands for the user pool; the console is served
	// from the stack's own address.
	if s.Issuer, err = localoidc.New(s.URL+IssuerPath, localoidc.WithConsole(s.URL)); err != nil {
		web.Close()
		return nil, err
	}
	s.Settings.Issuer, s.Settings.AppClientID, s.Settings.ConsoleOrigin = s.Issuer.URL(), localoidc.ClientID, s.URL
	s.Settings.APIURL = s.URL + "/api"
	awsListener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		web.Close()
		return nil, fmt.Errorf("devstack: listen for the AWS emulator: %w", err)
	}
	s.Endpoints = config.Endpoints{DynamoDB: s.dynamo.Endpoint, AWS: "http://" + awsListener.Addr().String()}

	cfg, err := sdkconfig.Load(ctx, s.Endpoints)
	if err != nil {
		return nil, err
	}
	if o.Credentials != nil {
		cfg.Credentials = o.Credentials
	}
	if o.Calls != nil {
		cfg.APIOptions = append(cfg.APIOptions, o.Calls.Middleware)
	}
	s.Store = dynamo.Connect(cfg, s.Endpoints, s.Settings.Table)
	s.Store.Now = o.Clock.Now
	bus := eventbridge.Connect(cfg, s.Endpoints, s.Settings.Bus)
	s.Params = ssm.Connect(cfg, s.Endpoints)
	secret := randomHex(32)
	s.Sandbox = sandboxfake.NewNetwork(s.URL+webhook.Path+string(relais.Sandbox), []byte(secret))
	urls, err := s.startFakes(s.URL, o.Clock.Now)
	if err != nil {
		return nil, err
	}
	s.Networks = urls
	timeout := o.NetworkTimeout
	if timeout == 0 {
		timeout = networks.DefaultTimeout
	}
	adapters := networks.New(urls, timeout)

	s.Intake = intake.New(s.Store, bus)
	sched := scheduler.Connect(cfg, s.Endpoints, s.Settings)
	// Each function has clients of its own, as in AWS.
	env := func(name string) function.Env { return s.envOf(cfg, name, o) }
	hooks := webhook.Wire(env(routing.Webhook))
	mod := moderation.Wire(env(routing.Moderator), adapters)
	s.Publisher = publish.Wire(env(routing.Publisher), adapters.Publishers, urls)
	s.Reporter = report.Wire(env(routing.Reporter), adapters.Metrics)
	poller := poll.Wire(env(routing.Poller), adapters.Pollers)
	s.API = api.Wire(env(routing.API), adapters, urls, s.RegisterAccount)

	// Handlers go through lambda.NewHandler, which decodes payloads exactly
	// as the Lambda runtime does for lambda.Start.
	s.AWS = localaws.New(
		localaws.WithClock(o.Clock),
		localaws.WithLogger(o.Log.With("component", "localaws")),
		localaws.WithBus(s.Settings.Bus),
		localaws.WithRegion(region),
		localaws.WithAccount(account),
		localaws.WithBuckets(s.Settings.Bucket),
		// The console's browser uploads images straight to the media
		// bucket, on the emulator's own port, as the bucket's CORS rule
		// lets it in AWS.
		localaws.WithBucketCORS(s.Settings.MediaBucket, localaws.CORSRule{
			AllowedOrigins: []string{s.Settings.ConsoleOrigin}, AllowedMethods: []string{http.MethodPut, http.MethodGet},
			AllowedHeaders: []string{"Content-Type"}, ExposeHeaders: []string{"ETag"}, MaxAgeSeconds: 600,
		}),
		localaws.WithInvoker(timed(localaws.Functions{
			routing.Moderator: lambda.NewHandler(mod.Run),
			routing.Publisher: lambda.NewHandler(s.Publisher.Run),
			routing.Reporter:  lambda.NewHandler(s.Reporter.Handle),
			routing.Poller:    lambda.NewHandler(poller.Run),
		}, o.Invoked)),
	)
	mux := http.NewServeMux()
	mux.Handle(webhook.Path, timedHTTP(routing.Webhook, hooks, o.Invoked))
	mux.Handle(api.Prefix, timedHTTP(routing.API, s.API, o.Invoked))
	mux.Handle(IssuerPath+"/", http.StripPrefix(IssuerPath, s.Issuer))
	mux.Handle(sandboxfake.Prefix, s.Sandbox)
	mux.HandleFunc("POST "+AccountsPath, s.registerAccount)
	mux.Handle("/", newConsole(o.Console, s.Endpoints.AWS))
	s.serve(web, mux)
	s.serve(awsListener, s.AWS)

	if err := dynamo.CreateTable(ctx, s.Store.DB(), s.Settings.Table); err != nil {
		return nil, err
	}
	if err := s.Params.PutSecure(ctx, s.Settings.SecretParameter(sandbox.Secret), secret); err != nil {
		return nil, err
	}
	// Report links are signed with a key made up at each start, as the
	// sandbox's secret is: a restart revokes the links it served.
	if err := s.Params.PutSecure(ctx, s.Settings.SecretParameter(config.LinksSigningKey), randomHex(32)); err != nil {
		return nil, err
	}
	// The networks' webhook secrets come from the environment, as the
	// operator set them; a network without one answers 404.
	for _, w := range networks.Secrets() {
		if v := os.Getenv(w.Env); v != "" {
			if err := s.Params.PutSecure(ctx, s.Settings.SecretParameter(w), v); err != nil {
				return nil, err
			}
		}
	}
	if err := s.putApps(ctx); err != nil {
		return nil, err
	}
	settingsJSON, _ := json.Marshal(s.Settings)
	if err := s.Params.PutString(ctx, s.Settings.ConfigParameter(), string(settingsJSON)); err != nil {
		return nil, err
	}
	if err := sched.ScheduleRoutines(ctx, functionARNs()); err != nil {
		return nil, err
	}
	if o.Tick > 0 {
		go s.AWS.Start(runCtx, o.Tick)
	}
	if o.StateDir != "" {
		if err := s.writeState(o.StateDir); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// timed tells invoked of each invocation inv runs, when invoked is set.
func timed(inv localaws.Invoker, invoked func(string, time.Duration)) localaws.Invoker {
	if invoked == nil {
		return inv
	}
	return localaws.InvokerFunc(func(ctx context.Context, function string, payload []byte) error {
		start := time.Now()
		defer func() { invoked(function, time.Since(start)) }()
		return inv.Invoke(ctx, function, payload)
	})
}

// timedHTTP tells invoked of each request h serves as one invocation of
// function, as Lambda runs a function URL, when invoked is set.
func timedHTTP(function string, h http.Handler, invoked func(string, time.Duration)) http.Handler {
	if invoked == nil {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		defer func() { invoked(function, time.Since(start)) }()
		h.ServeHTTP(w, r)
	})
}

func (s *Stack) serve(l net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	s.servers = append(s.servers, srv)
	go srv.Serve(l)
}

// Stop stops every part, DynamoDB Local included, and removes the state
// file.
func (s *Stack) Stop() error {
	s.cancel()
	var errs []error
	for _, srv := range s.servers {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		if err := srv.Shutdown(ctx); err != nil {
			srv.Close()
		}
		cancel()
	}
	if s.AWS != nil {
		s.AWS.Close()
	}
	if s.dynamo != nil {
		errs = append(errs, s.dynamo.Stop())
	}
	if s.stateFile != "" {
		if err := os.Remove(s.stateFile); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// State is what the state file tells the CLI about a running stack.
type State struct {
	URL       string           `json:"url"`
	Endpoints config.Endpoints `json:"endpoints"`
	PID       int              `json:"pid"`
	// Networks are the fake networks' URLs by API (relais.Spec.APIName);
	// one fake stands for every Mastodon instance.
	Networks networks.URLs `json:"networks"`
}

// StateFileName is the state file's name inside the state folder.
const StateFileName = "dev.json"

func (s *Stack) writeState(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("devstack: create %s: %w", dir, err)
	}
	b, _ := json.MarshalIndent(State{URL: s.URL, Endpoints: s.Endpoints, PID: os.Getpid(), Networks: s.Networks}, "", "  ")
	path := filepath.Join(dir, StateFileName)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return fmt.Errorf("devstack: write %s: %w", path, err)
	}
	s.stateFile = path
	return nil
}

// ReadState reads the state file a running stack wrote in dir.
func ReadState(dir string) (State, error) {
	path := filepath.Join(dir, StateFileName)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return State{}, relais.Errorf(relais.ENOTFOUND, "no local stack is running from this folder (no %s); start one with: relais dev", path)
	}
	if err != nil {
		return State{}, fmt.Errorf("devstack: read %s: %w", path, err)
	}
	var st State
	if err := json.Unmarshal(b, &st); err != nil {
		return State{}, fmt.Errorf("devstack: %s is not a state file: %w", path, err)
	}
	return st, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// envOf is one function's environment, as Lambda would give it: AWS
// clients of its own, with the option that observes its calls when the
// options ask for one, and the stack's clock.
func (s *Stack) envOf(cfg aws.Config, name string, o Options) function.Env {
	c := cfg.Copy()
	c.APIOptions = slices.Clip(c.APIOptions)
	if o.Observe != nil {
		c.APIOptions = append(c.APIOptions, o.Observe(name))
	}
	return function.Env{AWS: c, Settings: s.Settings, Endpoints: s.Endpoints, Log: o.Log.With("function", name), Now: o.Clock.Now}
}
