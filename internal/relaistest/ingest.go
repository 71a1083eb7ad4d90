package relaistest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

// Ingested stores an interaction as intake would, in a Europe/Paris
// client, and returns the Interaction Received event that announces it.
func Ingested(tb testing.TB, store *dynamo.Store, in relais.Interaction) events.EventBridgeEvent {
	tb.Helper()
	outcomes, err := store.Ingest(context.Background(), []relais.Interaction{in}, map[string]string{in.ClientID: "Europe/Paris"})
	MustOK(tb, err)
	if outcomes[0] != dynamo.Created {
		tb.Fatalf("interaction %s was already stored", in.ID)
	}
	detail, err := json.Marshal(relais.InteractionReceived{
		ClientID: in.ClientID, Network: in.Network, AccountID: in.AccountID,
		InteractionID: in.ID, Kind: in.Kind, ReceivedAt: in.ReceivedAt,
	})
	MustOK(tb, err)
	return events.EventBridgeEvent{
		Version: "0", ID: "ev-" + in.ID, DetailType: relais.DetailInteractionReceived,
		Source: relais.EventSource, AccountID: "000000000000", Time: in.ReceivedAt, Region: "eu-west-3",
		Detail: detail,
	}
}

// ActionsOn counts the sandbox network's actions on one comment, by kind.
func ActionsOn(network *sandboxfake.Network, id string) map[sandboxfake.ActionKind]int {
	out := map[sandboxfake.ActionKind]int{}
	for _, a := range network.Actions() {
		if a.CommentID == id {
			out[a.Kind]++
		}
	}
	return out
}
