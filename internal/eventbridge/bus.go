// Package eventbridge puts Relais events on its EventBridge bus.
package eventbridge

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/relais"
)

// maxEntries is the most entries PutEvents takes in one call.
const maxEntries = 10

// API is the part of the EventBridge client the bus uses.
type API interface {
	PutEvents(ctx context.Context, in *eventbridge.PutEventsInput, opts ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error)
}

var _ relais.Bus = (*Bus)(nil)

// Bus puts events on one bus.
type Bus struct {
	api  API
	name string
}

// New returns a bus named name.
func New(api API, name string) *Bus { return &Bus{api: api, name: name} }

// Put sends events in batches of ten. Entries the bus refuses are sent
// once more, alone of their batch; an entry refused twice is an error that
// names its detail type, never its content.
func (b *Bus) Put(ctx context.Context, events ...relais.Event) error {
	entries := make([]types.PutEventsRequestEntry, len(events))
	for i, e := range events {
		detail, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("eventbridge: encode %s: %w", e.DetailType(), err)
		}
		entries[i] = types.PutEventsRequestEntry{
			EventBusName: &b.name,
			Source:       aws.String(relais.EventSource),
			DetailType:   aws.String(e.DetailType()),
			Detail:       aws.String(string(detail)),
		}
	}
	for start := 0; start < len(entries); start += maxEntries {
		batch := entries[start:min(start+maxEntries, len(entries))]
		for try := 0; len(batch) > 0; try++ {
			failed, err := b.put(ctx, batch)
			if err != nil {
				return err
			}
			if len(failed) > 0 && try == 1 {
				var names []string
				for _, f := range failed {
					names = append(names, *f.DetailType)
				}
				return fmt.Errorf("eventbridge: bus %s refused %d events (%s)", b.name, len(failed), strings.Join(names, ", "))
			}
			batch = failed
		}
	}
	return nil
}

func (b *Bus) put(ctx context.Context, batch []types.PutEventsRequestEntry) ([]types.PutEventsRequestEntry, error) {
	out, err := b.api.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: batch})
	if err != nil {
		return nil, fmt.Errorf("eventbridge: put %d events on %s: %w", len(batch), b.name, err)
	}
	var failed []types.PutEventsRequestEntry
	for i, r := range out.Entries {
		if r.ErrorCode != nil && i < len(batch) {
			failed = append(failed, batch[i])
		}
	}
	return failed, nil
}

// Connect returns the bus named name, through a client on the endpoint of
// e (AWS's own when e is empty).
func Connect(cfg aws.Config, e config.Endpoints, name string) *Bus {
	return New(eventbridge.NewFromConfig(cfg, func(o *eventbridge.Options) {
		if e.AWS != "" {
			o.BaseEndpoint = aws.String(e.AWS)
		}
	}), name)
}
