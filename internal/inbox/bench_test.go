package inbox_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/inbox"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
	"github.com/relais-dev/relais/internal/sdkconfig"
)

// arrivals records when the network receives each answer.
type arrivals struct {
	mu sync.Mutex
	at []time.Time
	h  http.Handler
}

func (a *arrivals) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && (strings.HasSuffix(r.URL.Path, "/replies") || strings.HasSuffix(r.URL.Path, "/messages") || strings.HasSuffix(r.URL.Path, "/private_replies")) {
		a.mu.Lock()
		a.at = append(a.at, time.Now())
		a.mu.Unlock()
	}
	a.h.ServeHTTP(w, r)
}

func (a *arrivals) last() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.at[len(a.at)-1]
}

// BenchmarkAnswer measures a person's answer, on DynamoDB Local and the
// sandbox network over HTTP, with the wall clock: the time from the call
// to the network receiving the answer (p50 and p99, in milliseconds) and
// the DynamoDB calls of one answer, in public under a comment and in
// private in a conversation.
func BenchmarkAnswer(b *testing.B) {
	for _, private := range []bool{false, true} {
		name := map[bool]string{false: "public", true: "private"}[private]
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			a := relais.Account{ClientID: "acme", Network: relais.Sandbox, ID: "acme-page"}
			base := relaistest.NewStore(b, time.Now(), []relais.Client{{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr", Brands: []string{"Acme"}}}, a)
			calls := &sdkconfig.Calls{}
			store := relaistest.Counted(base, calls)
			network := sandboxfake.NewNetwork(relaistest.Serve(b, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})), []byte("whsec"))
			params := &relaistest.Parameters{}
			relaistest.RegisterToken(network, params, settings, a, relaistest.AcmeToken)
			seen := &arrivals{h: network}
			service := inbox.New(store, params, networks.New(networks.URLs{string(relais.Sandbox): relaistest.Serve(b, seen)}, networks.DefaultTimeout), settings, (&relaistest.LogBuffer{}).Logger())
			client, err := base.Client(ctx, "acme")
			relaistest.MustOK(b, err)

			var took []time.Duration
			var dynamoCalls int64
			i := 0
			for b.Loop() {
				b.StopTimer()
				in := relais.Interaction{ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page", PostID: "acme-page_1",
					Kind: relais.KindComment, Author: relais.Author{ID: "u-42", Name: "Camille"}, Text: "Où en est ma commande ?", CreatedAt: time.Now(), ReceivedAt: time.Now()}
				if private {
					d, err := network.SendMessage(ctx, sandboxfake.DM{Account: "acme-page", AuthorID: fmt.Sprintf("u-%d", i), AuthorName: "Marie", Text: in.Text})
					relaistest.MustOK(b, err)
					in.ID, in.Conversation, in.Kind, in.Private, in.PostID = d.Events[0].MessageID, d.Events[0].ConversationID, relais.KindMessage, true, ""
				} else {
					in.ID = fmt.Sprintf("c-%d", i)
					_, err := network.SendComment(ctx, sandboxfake.Comment{Account: "acme-page", ID: in.ID, PostID: "acme-page_1", AuthorID: "u-42", Text: in.Text})
					relaistest.MustOK(b, err)
				}
				relaistest.Ingested(b, base, in)
				_, err := service.Join(ctx, client, in, relais.Decision{Action: relais.ActionAllow, Score: relais.Score{Labels: []string{"complaint", "needs_reply"}}})
				relaistest.MustOK(b, err)
				calls.Reset()
				b.StartTimer()
				start := time.Now()
				ans, err := service.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: in.ID,
					Text: "Elle part demain, merci de votre patience.", Private: private, By: "max"})
				b.StopTimer()
				relaistest.MustOK(b, err)
				if ans.State != relais.AnswerSent {
					b.Fatalf("answer %d: %s", i, ans.State)
				}
				took = append(took, seen.last().Sub(start))
				dynamoCalls += calls.Count("DynamoDB")
				i++
				b.StartTimer()
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2])/float64(time.Millisecond), "p50-ms-to-network")
			b.ReportMetric(float64(took[len(took)*99/100])/float64(time.Millisecond), "p99-ms-to-network")
			b.ReportMetric(float64(dynamoCalls)/float64(len(took)), "dynamodb-calls/answer")
		})
	}
}
