package report

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
)

// LinkTTL is how long a report's link stays valid.
const LinkTTL = 7 * 24 * time.Hour

// Bucket stores report files.
type Bucket interface {
	Put(ctx context.Context, key, contentType string, body []byte) error
	Link(ctx context.Context, key string, ttl time.Duration) (string, error)
}

var _ Store = (*dynamo.Store)(nil)

// Reporter writes reports when their schedule fires or on demand.
type Reporter struct {
	store  Store
	bucket Bucket
	bus    relais.Bus
	log    *slog.Logger
	// Now reads the clock; tests replace it.
	Now func() time.Time
}

// New returns a reporter.
func New(store Store, bucket Bucket, bus relais.Bus, log *slog.Logger) *Reporter {
	return &Reporter{store: store, bucket: bucket, bus: bus, log: log, Now: time.Now}
}

// Result is a written report.
type Result struct {
	Ready  relais.ReportReady
	Report Report
	Files  Files
}

// Handle is the Lambda entry: it writes the report a schedule asks for.
func (rp *Reporter) Handle(ctx context.Context, in relais.ReportInput) (relais.ReportReady, error) {
	res, err := rp.Run(ctx, in)
	return res.Ready, err
}

// Run builds, renders and stores a client's report for a period, and
// announces it with a link valid for seven days.
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
	r, err := Build(ctx, rp.store, client, period, now)
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
	prefix := "reports/" + client.ID + "/" + period.Label + "/"
	ready := relais.ReportReady{ClientID: client.ID, Period: period.Label, Keys: []string{}}
	for _, name := range names {
		key := prefix + name
		if err := rp.bucket.Put(ctx, key, ContentType(name), files[name]); err != nil {
			return Result{}, fmt.Errorf("report: %w", err)
		}
		ready.Keys = append(ready.Keys, key)
	}
	ready.URL, err = rp.bucket.Link(ctx, prefix+"report.html", LinkTTL)
	if err != nil {
		return Result{}, fmt.Errorf("report: %w", err)
	}
	ready.Expires = now.Add(LinkTTL).UTC()
	if err := rp.bus.Put(ctx, ready); err != nil {
		return Result{}, fmt.Errorf("report: announce: %w", err)
	}
	rp.log.Info("report ready", "client", client.ID, "period", period.Label, "empty", r.Empty())
	return Result{Ready: ready, Report: r, Files: files}, nil
}
