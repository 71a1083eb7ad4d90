package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/links"
	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/report"
)

func TestBadInputIsAOneLineError(t *testing.T) {
	s := newStore(t)
	seed(t, s)
	rp, bucket, bus := newReporter(s, &bytes.Buffer{})
	tests := []struct {
		name, client, period string
		code, message        string
	}{
		{"unknown client", "nobody", "2026-W46", relais.ENOTFOUND, `unknown client "nobody"`},
		{"malformed period", "acme", "last week", relais.EINVALID, `invalid period "last week": want 2026-W47, 2026-11 or 2026-11-01..2026-11-15`},
		{"week that does not exist", "acme", "2026-W60", relais.EINVALID, `invalid period "2026-W60": 2026 has weeks 01 to 53`},
		{"future week", "acme", "2026-W48", relais.EINVALID, "period 2026-W48 is in the future (it starts on 2026-11-23)"},
		{"future month", "acme", "2026-12", relais.EINVALID, "period 2026-12 is in the future (it starts on 2026-12-01)"},
	}
	for _, tt := range tests {
		_, err := rp.Run(context.Background(), relais.ReportInput{ClientID: tt.client, Period: tt.period})
		if relais.ErrorCode(err) != tt.code || relais.ErrorMessage(err) != tt.message || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: got %q (%s), want %q (%s)", tt.name, err, relais.ErrorCode(err), tt.message, tt.code)
		}
	}
	if len(bucket.files) != 0 || len(bus.events) != 0 {
		t.Errorf("bad input wrote %d files and %d events, want none", len(bucket.files), len(bus.events))
	}
}

func TestRunStoresAndAnnouncesTheReport(t *testing.T) {
	s := newStore(t)
	seed(t, s)
	const keyName = "/relais/secrets/links/signing-key"
	issuer := links.NewIssuer(s, links.NewKey(tokens{keyName: strings.Repeat("k", 64)}, keyName), "https://console.example.com/api")
	issuer.Now = func() time.Time { return now }
	rp, bucket, bus := newReporter(s, &bytes.Buffer{}, report.WithLinks(issuer), report.WithRecords(s))
	var in report.Input
	mustOK(t, json.Unmarshal([]byte(`{"clientId":"acme","period":"previous-week"}`), &in))
	mustOK(t, rp.Handle(context.Background(), in))
	for _, key := range []string{"reports/acme/2026-W46/report.html", "reports/acme/2026-W46/report.csv", "reports/acme/2026-W46/report.json"} {
		if len(bucket.files[key]) == 0 {
			t.Errorf("%s not stored", key)
		}
	}
	if len(bus.events) != 1 || bus.events[0].DetailType() != relais.DetailReportReady {
		t.Fatalf("events: got %v, want one Report Ready", bus.events)
	}
	ready := bus.events[0].(relais.ReportReady)
	if got, want := ready.Expires, now.Add(links.DefaultTTL).UTC(); !got.Equal(want) {
		t.Errorf("link expires %s, want %s", got, want)
	}
	if got, want := ready.URL, "https://console.example.com/api"+links.PathUnderAPI; !strings.HasPrefix(got, want) {
		t.Errorf("link: got %s, want one served under %s", got, want)
	}
	// The API lists it among the client's reports.
	recs, err := s.Reports(context.Background(), "acme")
	mustOK(t, err)
	if len(recs) != 1 || recs[0].Period.Label != "2026-W46" || strings.Join(recs[0].Files, ",") != "report.csv,report.html,report.json" {
		t.Errorf("report records: got %+v, want 2026-W46 with its three files", recs)
	}
}

// TestRunWithoutLinks announces a report without a link where the
// deployment does not know its API's URL, rather than a link that dies
// with the reporter's credentials.
func TestRunWithoutLinks(t *testing.T) {
	s := newStore(t)
	seed(t, s)
	var logs bytes.Buffer
	rp, _, bus := newReporter(s, &logs)
	_, err := rp.Run(context.Background(), relais.ReportInput{ClientID: "acme", Period: "2026-W46"})
	mustOK(t, err)
	ready := bus.events[0].(relais.ReportReady)
	if ready.URL != "" || !ready.Expires.IsZero() {
		t.Errorf("Report Ready without links: got url %q expiring %s, want neither", ready.URL, ready.Expires)
	}
	if got, want := logs.String(), "report ready without a link"; !strings.Contains(got, want) {
		t.Errorf("logs: got %s, want a warning %q", got, want)
	}
}

// metricsFunc is a network's metrics call as a function.
type metricsFunc func(ctx context.Context, token, account, postID string) (relais.Engagement, error)

func (f metricsFunc) Metrics(ctx context.Context, token, account, postID string) (relais.Engagement, error) {
	return f(ctx, token, account, postID)
}

// tokens is a parameter store in memory.
type tokens map[string]string

func (p tokens) Get(_ context.Context, name string) (string, error) {
	if v, ok := p[name]; ok {
		return v, nil
	}
	return "", relais.Errorf(relais.ENOTFOUND, "no parameter %s", name)
}

func TestEngagementFetch(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	seed(t, s)
	settings := config.Settings{ParameterPrefix: "/relais"}
	params := tokens{settings.TokenParameter("acme", relais.AccountRef{Network: relais.X, ID: "acme-x"}): "tok-x"}
	var calls []string
	var fail error
	x := metricsFunc(func(_ context.Context, token, account, postID string) (relais.Engagement, error) {
		calls = append(calls, token+" "+account+" "+postID)
		return relais.Engagement{Likes: 90, Comments: 10, Shares: 20, Impressions: 4000}, fail
	})
	var logs bytes.Buffer
	rp, _, _ := newReporter(s, &logs, report.WithEngagement(s, params, map[relais.Network]relais.NetworkMetrics{relais.X: x}, settings))

	var in report.Input
	mustOK(t, json.Unmarshal([]byte(`{"clientId":"acme","postId":"p-x","final":true}`), &in))
	mustOK(t, rp.Handle(ctx, in))
	p, err := s.Post(ctx, "acme", "p-x")
	mustOK(t, err)
	if want := (relais.Engagement{Likes: 90, Comments: 10, Shares: 20, Impressions: 4000, FetchedAt: now.UTC(), Final: true}); p.Engagement == nil || *p.Engagement != want {
		t.Errorf("engagement: got %+v, want %+v", p.Engagement, want)
	}
	if len(calls) != 1 || calls[0] != "tok-x acme-x net-p-x" {
		t.Errorf("metrics calls: got %v, want one with the account's token and the network's post id", calls)
	}

	tests := []struct {
		name    string
		in      relais.MetricsInput
		fail    error
		wantErr bool
		log     string
	}{
		{"a post that does not exist", relais.MetricsInput{ClientID: "acme", PostID: "gone"}, nil, false, "does not exist"},
		{"a network without metrics", relais.MetricsInput{ClientID: "acme", PostID: "p-fb"}, nil, false, "gives no engagement"},
		{"a refused call", relais.MetricsInput{ClientID: "acme", PostID: "p-x"}, &netcall.Error{Network: relais.X, Kind: relais.FailPermanent, Err: errors.New("gone")}, false, "refused"},
		{"a call that may work later", relais.MetricsInput{ClientID: "acme", PostID: "p-x"}, &netcall.Error{Network: relais.X, Kind: relais.FailTransient, Err: errors.New("busy")}, true, ""},
	}
	for _, tt := range tests {
		logs.Reset()
		fail = tt.fail
		err := rp.FetchEngagement(ctx, tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: got error %v, want an error: %v", tt.name, err, tt.wantErr)
		}
		if !strings.Contains(logs.String(), tt.log) {
			t.Errorf("%s: logs %q, want %q", tt.name, logs.String(), tt.log)
		}
	}
}
