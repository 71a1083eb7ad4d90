package localaws

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/smithy-go"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/routing"
)

func entry(detailType, detail string) types.PutEventsRequestEntry {
	return types.PutEventsRequestEntry{
		Source:       aws.String(relais.EventSource),
		DetailType:   aws.String(detailType),
		Detail:       aws.String(detail),
		EventBusName: aws.String(DefaultBus),
	}
}

func mustPutEvents(t *testing.T, ts *testStack, entries ...types.PutEventsRequestEntry) *eventbridge.PutEventsOutput {
	t.Helper()
	out, err := ts.events.PutEvents(t.Context(), &eventbridge.PutEventsInput{Entries: entries})
	if err != nil {
		t.Fatalf("PutEvents: %v", err)
	}
	return out
}

func TestPutEventsRouting(t *testing.T) {
	ts := newTestStack(t)
	received := `{"clientId":"acme","network":"sandbox","interactionId":"i-1"}`
	out := mustPutEvents(t, ts,
		entry(relais.DetailInteractionReceived, received),
		entry(relais.DetailReportReady, `{"clientId":"acme","period":"2026-W48"}`),
	)
	ts.mustDrain(t)

	if got, want := out.FailedEntryCount, int32(0); got != want {
		t.Fatalf("FailedEntryCount: got %d, want %d (%+v)", got, want, out.Entries)
	}
	calls := ts.inv.Calls()
	if got, want := len(calls), 1; got != want {
		t.Fatalf("calls: got %d, want %d", got, want)
	}
	if got, want := calls[0].function, routing.Moderator; got != want {
		t.Errorf("function: got %q, want %q", got, want)
	}

	var envelope map[string]any
	if err := json.Unmarshal([]byte(calls[0].payload), &envelope); err != nil {
		t.Fatalf("payload is not JSON: %v", err)
	}
	wantFields := map[string]any{
		"version":     "0",
		"id":          *out.Entries[0].EventId,
		"detail-type": relais.DetailInteractionReceived,
		"source":      relais.EventSource,
		"account":     DefaultAccount,
		"region":      DefaultRegion,
		"time":        "2026-11-30T12:00:00Z",
		"resources":   []any{},
	}
	for k, want := range wantFields {
		if got := envelope[k]; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("envelope %s: got %v, want %v", k, got, want)
		}
	}
	var ev events.EventBridgeEvent
	if err := json.Unmarshal([]byte(calls[0].payload), &ev); err != nil {
		t.Fatalf("payload is not an EventBridge event: %v", err)
	}
	if got, want := string(ev.Detail), received; got != want {
		t.Errorf("detail: got %s, want %s", got, want)
	}

	notes := ts.srv.Notifications()
	if got, want := len(notes), 1; got != want {
		t.Fatalf("notifications: got %d, want %d", got, want)
	}
	if got, want := notes[0].DetailType, relais.DetailReportReady; got != want {
		t.Errorf("notification: got %q, want %q", got, want)
	}
	if got, want := len(ts.srv.Archive()), 2; got != want {
		t.Errorf("archive: got %d events, want %d", got, want)
	}
}

func TestPutEventsEntryValidation(t *testing.T) {
	valid := entry(relais.DetailPostPublished, `{"postId":"p1"}`)
	with := func(change func(e *types.PutEventsRequestEntry)) types.PutEventsRequestEntry {
		e := valid
		change(&e)
		return e
	}
	tests := []struct {
		name     string
		entry    types.PutEventsRequestEntry
		wantCode string
	}{
		{"valid", valid, ""},
		{"bus ARN", with(func(e *types.PutEventsRequestEntry) {
			e.EventBusName = aws.String("arn:aws:events:eu-west-3:000000000000:event-bus/relais")
		}), ""},
		{"no source", with(func(e *types.PutEventsRequestEntry) { e.Source = nil }), "InvalidArgument"},
		{"no detail type", with(func(e *types.PutEventsRequestEntry) { e.DetailType = aws.String("") }), "InvalidArgument"},
		{"no detail", with(func(e *types.PutEventsRequestEntry) { e.Detail = nil }), "InvalidArgument"},
		{"detail not JSON", with(func(e *types.PutEventsRequestEntry) { e.Detail = aws.String(`{"postId":`) }), "MalformedDetail"},
		{"detail an array", with(func(e *types.PutEventsRequestEntry) { e.Detail = aws.String(`["p1"]`) }), "MalformedDetail"},
		{"default bus", with(func(e *types.PutEventsRequestEntry) { e.EventBusName = nil }), "InvalidArgument"},
		{"other bus", with(func(e *types.PutEventsRequestEntry) { e.EventBusName = aws.String("relais-prod") }), "InvalidArgument"},
	}
	ts := newTestStack(t)
	entries := make([]types.PutEventsRequestEntry, len(tests))
	wantFailed := int32(0)
	for i, tt := range tests {
		entries[i] = tt.entry
		if tt.wantCode != "" {
			wantFailed++
		}
	}
	// Ten entries at most per call.
	out := mustPutEvents(t, ts, entries[:5]...)
	out2 := mustPutEvents(t, ts, entries[5:]...)
	results := append(out.Entries, out2.Entries...)
	if got := out.FailedEntryCount + out2.FailedEntryCount; got != wantFailed {
		t.Errorf("FailedEntryCount: got %d, want %d", got, wantFailed)
	}
	for i, tt := range tests {
		got := aws.ToString(results[i].ErrorCode)
		if got != tt.wantCode {
			t.Errorf("%s: ErrorCode got %q, want %q (%s)", tt.name, got, tt.wantCode, aws.ToString(results[i].ErrorMessage))
		}
		if hasID := results[i].EventId != nil; hasID != (tt.wantCode == "") {
			t.Errorf("%s: EventId %v, want one only on success", tt.name, aws.ToString(results[i].EventId))
		}
	}
	ts.mustDrain(t)
	if got, want := len(ts.srv.Archive()), 2; got != want {
		t.Errorf("archived: got %d, want %d valid events", got, want)
	}
}

func TestPutEventsRequestValidation(t *testing.T) {
	tests := []struct {
		name    string
		entries []types.PutEventsRequestEntry
	}{
		{"no entries", []types.PutEventsRequestEntry{}},
		{"eleven entries", func() []types.PutEventsRequestEntry {
			es := make([]types.PutEventsRequestEntry, 11)
			for i := range es {
				es[i] = entry(relais.DetailPostPublished, `{}`)
			}
			return es
		}()},
		{"over 256 KiB", []types.PutEventsRequestEntry{
			entry(relais.DetailPostPublished, `{"big":"`+strings.Repeat("x", 256*1024)+`"}`),
		}},
	}
	ts := newTestStack(t)
	for _, tt := range tests {
		_, err := ts.events.PutEvents(t.Context(), &eventbridge.PutEventsInput{Entries: tt.entries})
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) {
			t.Errorf("%s: got %v, want an API error", tt.name, err)
			continue
		}
		if got, want := apiErr.ErrorCode(), "ValidationException"; got != want {
			t.Errorf("%s: code got %q, want %q", tt.name, got, want)
		}
	}
}

func TestEventDeliveryRetries(t *testing.T) {
	boom := errors.New("moderator unavailable")
	tests := []struct {
		name          string
		failFirst     int
		wantCalls     int
		wantDeadLeter bool
	}{
		{"succeeds at once", 0, 1, false},
		{"succeeds on the last retry", 2, 3, false},
		{"retries exhausted", 3, 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestStack(t)
			ts.inv.setFail(func(_ string, n int) error {
				if n <= tt.failFirst {
					return boom
				}
				return nil
			})
			mustPutEvents(t, ts, entry(relais.DetailInteractionReceived, `{}`))
			ts.mustDrain(t)
			if got := len(ts.inv.Calls()); got != tt.wantCalls {
				t.Errorf("calls: got %d, want %d", got, tt.wantCalls)
			}
			dead := ts.srv.DeadLetters()
			if got := len(dead) == 1; got != tt.wantDeadLeter {
				t.Fatalf("dead letters: got %+v, want one: %v", dead, tt.wantDeadLeter)
			}
			if tt.wantDeadLeter {
				d := dead[0]
				if d.Kind != EventDelivery || d.Function != routing.Moderator || d.Name != relais.DetailInteractionReceived || d.Attempts != 3 || !errors.Is(d.Err, boom) {
					t.Errorf("dead letter: got %+v", d)
				}
			}
		})
	}
}

func TestUnknownFunctionIsDeadLettered(t *testing.T) {
	ts := newTestStack(t, WithInvoker(Functions{}))
	mustPutEvents(t, ts, entry(relais.DetailInteractionReceived, `{}`))
	ts.mustDrain(t)
	dead := ts.srv.DeadLetters()
	if got, want := len(dead), 1; got != want {
		t.Fatalf("dead letters: got %d, want %d", got, want)
	}
	var unknown *UnknownFunctionError
	if !errors.As(dead[0].Err, &unknown) || unknown.Function != routing.Moderator {
		t.Errorf("error: got %v, want an UnknownFunctionError for %s", dead[0].Err, routing.Moderator)
	}
	if got, want := dead[0].Attempts, 1; got != want {
		t.Errorf("attempts: got %d, want %d: an unknown function is not retried", got, want)
	}
}

// TestFunctionsRunLambdaHandlers delivers to a handler built the way the
// functions' mains build theirs.
func TestFunctionsRunLambdaHandlers(t *testing.T) {
	var (
		mu        sync.Mutex
		got       events.EventBridgeEvent
		requestID string
	)
	moderator := lambda.NewHandler(func(ctx context.Context, ev events.EventBridgeEvent) error {
		lc, _ := lambdacontext.FromContext(ctx)
		mu.Lock()
		defer mu.Unlock()
		got, requestID = ev, lc.AwsRequestID
		return nil
	})
	ts := newTestStack(t, WithInvoker(Functions{routing.Moderator: moderator}))
	out := mustPutEvents(t, ts, entry(relais.DetailInteractionReceived, `{"clientId":"acme"}`))
	ts.mustDrain(t)

	mu.Lock()
	defer mu.Unlock()
	if got.ID != *out.Entries[0].EventId || got.DetailType != relais.DetailInteractionReceived || string(got.Detail) != `{"clientId":"acme"}` {
		t.Errorf("event: got %+v", got)
	}
	if !got.Time.Equal(testStart) {
		t.Errorf("time: got %s, want %s", got.Time, testStart)
	}
	if requestID == "" {
		t.Error("handler got no Lambda request id")
	}
	if dead := ts.srv.DeadLetters(); len(dead) != 0 {
		t.Errorf("dead letters: got %+v, want none", dead)
	}
}

func TestDeliveryLogsNoPayload(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(lockedWriter{&mu, &buf}, nil))
	ts := newTestStack(t, WithLogger(logger))
	ts.inv.setFail(func(string, int) error { return errors.New("down") })
	mustPutEvents(t, ts, entry(relais.DetailInteractionReceived, `{"text":"very private comment"}`))
	ts.mustDrain(t)

	mu.Lock()
	logs := buf.String()
	mu.Unlock()
	if strings.Contains(logs, "very private comment") {
		t.Errorf("logs hold the payload:\n%s", logs)
	}
	for _, want := range []string{`"function":"moderator"`, `"detail_type":"Interaction Received"`, `"attempt":3`, `"outcome":"failed"`, "dead-lettered"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
}

type lockedWriter struct {
	mu  *sync.Mutex
	buf *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func TestEventFaults(t *testing.T) {
	t.Run("duplicate deliveries", func(t *testing.T) {
		ts := newTestStack(t)
		ts.srv.Faults().SetDuplicateDeliveries(true)
		out := mustPutEvents(t, ts, entry(relais.DetailInteractionReceived, `{}`))
		ts.mustDrain(t)
		calls := ts.inv.Calls()
		if got, want := len(calls), 2; got != want {
			t.Fatalf("calls: got %d, want %d", got, want)
		}
		for _, c := range calls {
			var ev events.EventBridgeEvent
			if err := json.Unmarshal([]byte(c.payload), &ev); err != nil || ev.ID != *out.Entries[0].EventId {
				t.Errorf("duplicate: got id %q (%v), want the same event %q", ev.ID, err, *out.Entries[0].EventId)
			}
		}
	})
	t.Run("delivery delay", func(t *testing.T) {
		ts := newTestStack(t)
		const delay = 50 * time.Millisecond
		ts.srv.Faults().SetDeliveryDelay(delay)
		start := time.Now()
		mustPutEvents(t, ts, entry(relais.DetailInteractionReceived, `{}`))
		if got := len(ts.inv.Calls()); got != 0 {
			t.Errorf("calls right after PutEvents: got %d, want 0", got)
		}
		ts.mustDrain(t)
		if got := len(ts.inv.Calls()); got != 1 {
			t.Errorf("calls after Drain: got %d, want 1", got)
		}
		if elapsed := time.Since(start); elapsed < delay {
			t.Errorf("delivered after %s, want at least %s", elapsed, delay)
		}
	})
}
