package eventbridge

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/relais-dev/relais/internal/relais"
)

// fakeAPI refuses the entries whose detail type refuse names, as many times
// as it says.
type fakeAPI struct {
	calls  [][]types.PutEventsRequestEntry
	refuse map[string]int
}

func (f *fakeAPI) PutEvents(_ context.Context, in *eventbridge.PutEventsInput, _ ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error) {
	f.calls = append(f.calls, in.Entries)
	out := &eventbridge.PutEventsOutput{}
	for _, e := range in.Entries {
		r := types.PutEventsResultEntry{EventId: aws.String("id")}
		if f.refuse[*e.DetailType] > 0 {
			f.refuse[*e.DetailType]--
			r = types.PutEventsResultEntry{ErrorCode: aws.String("InternalFailure")}
			out.FailedEntryCount++
		}
		out.Entries = append(out.Entries, r)
	}
	return out, nil
}

func TestPutBatchesAndResendsRefusedEntries(t *testing.T) {
	many := make([]relais.Event, 23)
	for i := range many {
		many[i] = relais.PostPublished{ClientID: "acme", PostID: "p"}
	}
	tests := []struct {
		name      string
		events    []relais.Event
		refuse    map[string]int
		wantCalls []int
		wantErr   string
	}{
		{"batches of ten", many, nil, []int{10, 10, 3}, ""},
		{"refused once is resent alone", []relais.Event{relais.PostPublished{}, relais.PostFailed{}},
			map[string]int{relais.DetailPostFailed: 1}, []int{2, 1}, ""},
		{"refused twice is an error", []relais.Event{relais.PostPublished{}, relais.PostFailed{}},
			map[string]int{relais.DetailPostFailed: 2}, []int{2, 1}, "Post Failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &fakeAPI{refuse: tt.refuse}
			err := New(api, "relais").Put(context.Background(), tt.events...)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("got error %v, want %q", err, tt.wantErr)
			}
			var got []int
			for _, c := range api.calls {
				got = append(got, len(c))
				for _, e := range c {
					if *e.Source != relais.EventSource || *e.EventBusName != "relais" {
						t.Errorf("entry source %s on bus %s", *e.Source, *e.EventBusName)
					}
				}
			}
			if len(got) != len(tt.wantCalls) {
				t.Fatalf("calls: got %v entries, want %v", got, tt.wantCalls)
			}
			for i := range got {
				if got[i] != tt.wantCalls[i] {
					t.Errorf("calls: got %v entries, want %v", got, tt.wantCalls)
				}
			}
		})
	}
}
