package inbox_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamotest"
	"github.com/relais-dev/relais/internal/inbox"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

var (
	now      = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	settings = config.Settings{ParameterPrefix: config.DefaultParameterPrefix}
)

// fixture is the inbox on a fresh table holding client acme and its
// account acme-page, acting through the networks adapter on a real
// sandbox network served over HTTP.
type fixture struct {
	store     *dynamo.Store
	network   *sandboxfake.Network
	inbox     *inbox.Service
	logs      *relaistest.LogBuffer
	bus       *relaistest.Bus
	schedules *schedules
}

// schedules records the overdue checks the inbox makes.
type schedules struct {
	checks []relais.OverdueInput
	at     []time.Time
}

func (s *schedules) ScheduleOverdue(_ context.Context, in relais.OverdueInput, at time.Time) error {
	s.checks, s.at = append(s.checks, in), append(s.at, at)
	return nil
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	acme := relaistest.NewAcme(t, now, settings)
	f := &fixture{store: acme.Store, network: acme.Network, logs: &relaistest.LogBuffer{}, bus: &relaistest.Bus{}, schedules: &schedules{}}
	f.inbox = inbox.New(acme.Store, acme.Params, networks.New(networks.URLs{string(relais.Sandbox): acme.URL}, networks.DefaultTimeout), settings, f.logs.Logger())
	f.inbox.Now = func() time.Time { return now }
	f.inbox.Bus, f.inbox.Schedules = f.bus, f.schedules
	return f
}

// comment has someone write text on acme-page's first post, on the
// network and in the store as the webhook would have stored it.
func (f *fixture) comment(t *testing.T, id, text string) {
	t.Helper()
	f.commentAs(t, id, text, false)
}

// commentAs is comment, as a private message when private is true.
func (f *fixture) commentAs(t *testing.T, id, text string, private bool) relais.Interaction {
	t.Helper()
	c := sandboxfake.Comment{Account: "acme-page", ID: id, PostID: "acme-page_1", AuthorID: "u-42", AuthorName: "Camille", Text: text}
	_, err := f.network.SendComment(context.Background(), c)
	relaistest.MustOK(t, err)
	in := relais.Interaction{
		ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page", ID: id, PostID: "acme-page_1",
		Kind: relais.KindComment, Author: relais.Author{ID: "u-42", Name: "Camille"}, Text: text,
		CreatedAt: now, ReceivedAt: now, Private: private,
	}
	relaistest.Ingested(t, f.store, in)
	return in
}

// dm has a customer write to acme-page in private, at a time, on the
// network and in the store, and returns the message as Relais keeps it.
func (f *fixture) dm(t *testing.T, text string, at time.Time) relais.Interaction {
	t.Helper()
	d, err := f.network.SendMessage(context.Background(), sandboxfake.DM{Account: "acme-page", AuthorID: "u-7", AuthorName: "Marie Curie", Text: text, CreatedAt: at})
	relaistest.MustOK(t, err)
	ev := d.Events[0]
	in := relais.Interaction{
		ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page", ID: ev.MessageID, Conversation: ev.ConversationID,
		Kind: relais.KindMessage, Private: true, Author: relais.Author{ID: "u-7", Name: "Marie Curie"}, Text: text,
		CreatedAt: at, ReceivedAt: now,
	}
	relaistest.Ingested(t, f.store, in)
	return in
}

// join puts an interaction on its thread as moderation would, with the
// labels moderation gave it.
func (f *fixture) join(t *testing.T, in relais.Interaction, labels ...string) relais.Thread {
	t.Helper()
	client, err := f.store.Client(context.Background(), "acme")
	relaistest.MustOK(t, err)
	th, err := f.inbox.Join(context.Background(), client, in, relais.Decision{Action: relais.ActionAllow, Score: relais.Score{Labels: labels, Language: "fr"}})
	relaistest.MustOK(t, err)
	return th
}

// sent lists what the network sent in private, by kind and tag.
func (f *fixture) sent() []string {
	var out []string
	for _, a := range f.network.Actions() {
		if a.Kind == sandboxfake.ActionMessage || a.Kind == sandboxfake.ActionPrivateReply {
			out = append(out, string(a.Kind)+":"+string(a.Tag))
		}
	}
	return out
}

// actions counts the network's actions on id, by kind.
func (f *fixture) actions(id string) map[sandboxfake.ActionKind]int {
	return relaistest.ActionsOn(f.network, id)
}
