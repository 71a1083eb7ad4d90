package report

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/links"
	"github.com/relais-dev/relais/internal/relais"
)

// Bucket stores report files.
type Bucket interface {
	Put(ctx context.Context, key, contentType string, body []byte) error
}

// Records keeps the list of a client's written reports.
type Records interface {
	SaveReport(ctx context.Context, r relais.ReportRecord) error
}

// Linker issues the links Report Ready carries: served by the API, they
// outlive the reporter's credentials. internal/links implements it.
type Linker interface {
	Issue(ctx context.Context, r links.Report, ttl time.Duration) (links.Issued, error)
}

var _ Store = (*dynamo.Store)(nil)

// Reporter writes reports when their schedule fires or on demand, and
// fetches published posts' engagement when theirs do.
type Reporter struct {
	store  Store
	bucket Bucket
	bus    relais.Bus
	log    *slog.Logger
	brand  relais.Branding
	fetch  *fetcher
	links  Linker
	// records, when set, lists each written report.
	records Records
	// Now reads the clock; tests replace it.
	Now func() time.Time
}

// Option configures a reporter.
type Option func(*Reporter)

// WithBranding sets the deployment's branding, which clients may override.
func WithBranding(b relais.Branding) Option { return func(rp *Reporter) { rp.brand = b } }

// WithLinks makes Report Ready carry a link to the report, issued by l.
// Without it, the event carries none.
func WithLinks(l Linker) Option { return func(rp *Reporter) { rp.links = l } }

// WithRecords lists each written report in r, where the API finds it.
func WithRecords(r Records) Option { return func(rp *Reporter) { rp.records = r } }

// WithEngagement lets the reporter fetch published posts' engagement
// through the networks' metrics calls, with the accounts' tokens.
func WithEngagement(store EngagementStore, tokens relais.Parameters, networks map[relais.Network]relais.NetworkMetrics, settings config.Settings) Option {
	return func(rp *Reporter) {
		rp.fetch = &fetcher{store: store, tokens: tokens, networks: networks, settings: settings}
	}
}

// New returns a reporter.
func New(store Store, bucket Bucket, bus relais.Bus, log *slog.Logger, opts ...Option) *Reporter {
	rp := &Reporter{store: store, bucket: bucket, bus: bus, log: log, Now: time.Now}
	for _, o := range opts {
		o(rp)
	}
	return rp
}

// Input is what the reporter's schedules hand it: a client's recurring
// report, or a published post's engagement fetch, told apart by the post
// id only the latter carries.
type Input struct {
	Report  *relais.ReportInput
	Metrics *relais.MetricsInput
}

// UnmarshalJSON reads either input.
func (in *Input) UnmarshalJSON(b []byte) error {
	var probe struct {
		PostID string `json:"postId"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return fmt.Errorf("report: decode input: %w", err)
	}
	if probe.PostID != "" {
		in.Metrics = &relais.MetricsInput{}
		return json.Unmarshal(b, in.Metrics)
	}
	in.Report = &relais.ReportInput{}
	return json.Unmarshal(b, in.Report)
}

// Handle is the Lambda entry.
func (rp *Reporter) Handle(ctx context.Context, in Input) error {
	if in.Metrics != nil {
		return rp.FetchEngagement(ctx, *in.Metrics)
	}
	if in.Report == nil {
		return relais.Errorf(relais.EINVALID, "report: empty input")
	}
	_, err := rp.Run(ctx, *in.Report)
	return err
}

// Result is a written report.
type Result struct {
	Ready  relais.ReportReady
	Report Report
	Files  Files
}

// Run builds, renders and stores a client's report for a period, and
// announces it with a link to its HTML file, valid for seven days.
func (rp *Reporter) Run(ctx context.Context, in relais.ReportInput) (Result, error) {
	client, err := rp.store.Client(ctx, in.ClientID)
	if err != nil {
		return Result{}, err
	}
	now := rp.Now()
	period, err := relais.ParsePeriod(in.Period, client.Location(), now)
	if err != nil {
		return Result{}, err
	}
	r, err := Build(ctx, rp.store, client, period, rp.brand, now)
	if err != nil {
		return Result{}, fmt.Errorf("report: build %s %s: %w", client.ID, period.Label, err)
	}
	files, err := Render(r)
	if err != nil {
		return Result{}, err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	ready := relais.ReportReady{ClientID: client.ID, Period: period.Label, Keys: []string{}}
	for _, name := range names {
		key := relais.ReportObjectKey(client.ID, period.Label, name)
		if err := rp.bucket.Put(ctx, key, ContentType(name), files[name]); err != nil {
			return Result{}, fmt.Errorf("report: %w", err)
		}
		ready.Keys = append(ready.Keys, key)
	}
	if rp.records != nil {
		rec := relais.ReportRecord{ClientID: client.ID, Period: period, Files: names, Empty: r.Empty, WrittenAt: now}
		if err := rp.records.SaveReport(ctx, rec); err != nil {
			return Result{}, fmt.Errorf("report: record %s %s: %w", client.ID, period.Label, err)
		}
	}
	if rp.links != nil {
		link, err := rp.links.Issue(ctx, links.Report{ClientID: client.ID, Period: period.Label, Format: "html"}, links.DefaultTTL)
		if err != nil {
			return Result{}, fmt.Errorf("report: link %s %s: %w", client.ID, period.Label, err)
		}
		ready.URL, ready.Expires = link.URL, link.Link.Expires
	} else {
		rp.log.Warn("report ready without a link: the API's URL is not set", "client", client.ID, "period", period.Label)
	}
	if err := rp.bus.Put(ctx, ready); err != nil {
		return Result{}, fmt.Errorf("report: announce: %w", err)
	}
	rp.log.Info("report ready", "client", client.ID, "period", period.Label, "empty", r.Empty)
	return Result{Ready: ready, Report: r, Files: files}, nil
}
