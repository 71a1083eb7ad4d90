package report_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamotest"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/report"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

var paris, _ = time.LoadLocation("Europe/Paris")

// now is the Monday morning after ISO week 46 of 2026 (9 to 15 November),
// when the weekly report runs.
var now = time.Date(2026, 11, 16, 8, 0, 0, 0, paris)

var acme = relais.Client{ID: "acme", Name: "Acme Boulangerie", TimeZone: "Europe/Paris", Locale: "fr", Approval: relais.ApprovalNone}

// agency is the deployment's branding of the fixture.
var agency = relais.Branding{Name: "Agence Lumière", Color: "#7a3e9d",
	Logo: "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCA0MCA0MCI+PGNpcmNsZSBjeD0iMjAiIGN5PSIyMCIgcj0iMTgiIGZpbGw9IiM3YTNlOWQiLz48L3N2Zz4="}

func mustOK(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// newStore returns a store on a fresh table of the package's DynamoDB Local.
func newStore(tb testing.TB) *dynamo.Store {
	tb.Helper()
	db := dynamotest.Client(tb)
	name := dynamotest.TableName()
	mustOK(tb, dynamo.CreateTable(context.Background(), db, name))
	s := dynamo.New(db, name)
	s.Now = func() time.Time { return now }
	return s
}

type counts = map[string]int64

// The fixture's day counters. Saving the posts' engagement and the crisis
// adds the engagement counters of week 46 and its crisis alert. The
// figures the tests expect are worked out by hand in build_test.go.
var (
	week46 = []relais.DayCounters{
		{Day: "2026-11-09", Network: relais.Facebook, Counts: counts{
			relais.CountPostsPublished: 1, relais.CountInteractions: 40,
			"sentiment_positive": 20, "sentiment_neutral": 15, "sentiment_negative": 5,
			relais.CountHidden: 2, relais.CountReview: 1, relais.CountAllowed: 37,
			relais.CountResponses: 4, "response_le_300": 2, "response_le_900": 2,
		}},
		{Day: "2026-11-09", Network: relais.Instagram, Counts: counts{
			relais.CountInteractions: 25, "sentiment_positive": 18, "sentiment_neutral": 6, "sentiment_negative": 1, relais.CountAllowed: 25,
		}},
		{Day: "2026-11-10", Network: relais.Facebook, Counts: counts{
			relais.CountInteractions: 10, "sentiment_positive": 3, "sentiment_neutral": 5, "sentiment_negative": 2,
			relais.CountResponses: 2, "response_le_1800": 2,
		}},
		{Day: "2026-11-12", Network: relais.X, Counts: counts{
			relais.CountPostsPublished: 1, relais.CountInteractions: 30,
			"sentiment_positive": 5, "sentiment_neutral": 10, "sentiment_negative": 15,
			relais.CountHidden: 4, relais.CountDeleted: 1, relais.CountReplied: 3,
			relais.CountResponses: 4, "response_le_3600": 2, "response_le_7200": 1, "response_over": 1,
		}},
		{Day: "2026-11-15", Network: relais.Instagram, Counts: counts{
			relais.CountPostsPublished: 1, relais.CountInteractions: 15, "sentiment_positive": 10, "sentiment_neutral": 5,
		}},
		// The Monday after the week: outside the report.
		{Day: "2026-11-16", Network: relais.Facebook, Counts: counts{relais.CountInteractions: 999}},
	}
	week45 = []relais.DayCounters{
		{Day: "2026-11-03", Network: relais.Facebook, Counts: counts{
			relais.CountPostsPublished: 2, relais.CountInteractions: 80, relais.CountHidden: 4,
			relais.CountResponses: 5, "response_le_300": 5,
			relais.CountLikes: 100, relais.CountComments: 20, relais.CountShares: 10, relais.CountImpressions: 2000,
		}},
		{Day: "2026-11-05", Network: relais.X, Counts: counts{relais.CountInteractions: 20, relais.CountHidden: 1, relais.CountReview: 2}},
	}
)

type fixturePost struct {
	id      string
	network relais.Network
	text    string
	at      time.Time
	e       relais.Engagement
}

var posts = []fixturePost{
	{"p-fb", relais.Facebook, "Nouvelle fournée de croissants ce matin ! Venez les goûter tant qu’ils sont chauds.",
		time.Date(2026, 11, 9, 9, 0, 0, 0, paris), relais.Engagement{Likes: 120, Comments: 14, Shares: 6, Impressions: 3000}},
	{"p-x", relais.X, "Fermeture exceptionnelle jeudi après-midi pour inventaire.",
		time.Date(2026, 11, 12, 12, 30, 0, 0, paris), relais.Engagement{Likes: 40, Comments: 10, Shares: 12}},
	{"p-ig", relais.Instagram, "La galette des rois arrive : réservez la vôtre dès aujourd’hui 👑",
		time.Date(2026, 11, 15, 18, 0, 0, 0, paris), relais.Engagement{Likes: 200, Comments: 30, Impressions: 5000}},
}

var crisis = relais.CrisisSuspected{ClientID: "acme", Network: relais.X,
	WindowStart: time.Date(2026, 11, 12, 14, 0, 0, 0, paris).UTC(), WindowEnd: time.Date(2026, 11, 12, 15, 0, 0, 0, paris).UTC(),
	Negative: 15, Interactions: 22}

var examples = []relais.ModerationExample{
	{ClientID: "acme", Network: relais.Facebook, InteractionID: "c1", Action: relais.ActionReview, Labels: []string{"spam"},
		Text: "Free boots here: bit.ly/free-boots", At: time.Date(2026, 11, 9, 11, 5, 0, 0, paris).UTC()},
	{ClientID: "acme", Network: relais.Facebook, InteractionID: "c2", Action: relais.ActionHide, Labels: []string{"insult"},
		Text: "Bande de nuls", At: time.Date(2026, 11, 9, 16, 40, 0, 0, paris).UTC()},
	{ClientID: "acme", Network: relais.X, InteractionID: "c3", Action: relais.ActionHide, Labels: []string{"insult"},
		Text: "Vous êtes des escrocs et des abrutis", Flagged: []string{"escrocs", "abrutis"}, At: time.Date(2026, 11, 12, 14, 10, 0, 0, paris).UTC()},
}

// seed writes the fixture through the store's own methods: the client,
// one account per network, the counters, the posts with their engagement,
// the crisis and the moderation examples.
func seed(tb testing.TB, s *dynamo.Store) {
	tb.Helper()
	ctx := context.Background()
	mustOK(tb, s.CreateClient(ctx, acme))
	for _, n := range []relais.Network{relais.Facebook, relais.Instagram, relais.X} {
		mustOK(tb, s.ConnectAccount(ctx, relais.Account{ClientID: "acme", Network: n, ID: "acme-" + string(n)}))
	}
	for _, dc := range append(append([]relais.DayCounters{}, week46...), week45...) {
		mustOK(tb, s.AddCounters(ctx, "acme", dc))
	}
	for _, fp := range posts {
		publish(tb, s, fp.id, fp.network, fp.text, fp.at)
		e := fp.e
		e.FetchedAt = fp.at.Add(24 * time.Hour)
		mustOK(tb, s.SaveEngagement(ctx, "acme", fp.id, e))
	}
	_, err := s.SaveCrisis(ctx, crisis, acme.TimeZone)
	mustOK(tb, err)
	for _, ex := range examples {
		_, err := s.SaveModerationExample(ctx, ex, acme.TimeZone)
		mustOK(tb, err)
	}
}

// publish stores a post already published, as the publisher leaves it,
// without counting it: the fixture's counters say what was published.
func publish(tb testing.TB, s *dynamo.Store, id string, n relais.Network, text string, at time.Time) relais.Post {
	tb.Helper()
	ctx := context.Background()
	p := relais.Post{ID: id, ClientID: "acme", Account: relais.AccountRef{Network: n, ID: "acme-" + string(n)}, Text: text,
		TimeZone: acme.TimeZone, LocalTime: at.Format("2006-01-02T15:04:05"), ScheduledAt: at.UTC(), Status: relais.StatusDraft}
	mustOK(tb, s.CreatePost(ctx, p, "test", "drafted"))
	p, err := s.Post(ctx, "acme", id)
	mustOK(tb, err)
	for _, to := range []relais.PostStatus{relais.StatusScheduled, relais.StatusPublishing, relais.StatusPublished} {
		if to == relais.StatusPublished {
			utc := at.UTC()
			p.PublishedAt, p.NetworkPostID = &utc, "net-"+id
		}
		p, err = s.Transition(ctx, p, to, "test", "fixture", "")
		mustOK(tb, err)
	}
	return p
}

// memBucket keeps report files in memory.
type memBucket struct{ files map[string][]byte }

func (b *memBucket) Put(_ context.Context, key, _ string, body []byte) error {
	if b.files == nil {
		b.files = map[string][]byte{}
	}
	b.files[key] = body
	return nil
}

// memBus keeps events in memory.
type memBus struct{ events []relais.Event }

func (b *memBus) Put(_ context.Context, events ...relais.Event) error {
	b.events = append(b.events, events...)
	return nil
}

// newReporter returns a reporter on s whose clock reads now, logging into
// logs.
func newReporter(s *dynamo.Store, logs *bytes.Buffer, opts ...report.Option) (*report.Reporter, *memBucket, *memBus) {
	bucket, bus := &memBucket{}, &memBus{}
	rp := report.New(s, bucket, bus, slog.New(slog.NewJSONHandler(logs, nil)), append([]report.Option{report.WithBranding(agency)}, opts...)...)
	rp.Now = func() time.Time { return now }
	return rp, bucket, bus
}
