package localaws

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/relais-dev/relais/internal/routing"
)

// PutEvents limits, as AWS documents them.
const (
	maxEntriesPerPut = 10
	maxPutEventsSize = 256 * 1024
	// timeEntrySize is what a Time field counts toward an entry's size.
	timeEntrySize = 14
)

type putEventsInput struct {
	Entries []putEventsEntry
}

type putEventsEntry struct {
	Source       *string
	DetailType   *string
	Detail       *string
	EventBusName *string
	Resources    []string
	Time         *epochSeconds
}

type putEventsResultEntry struct {
	EventId      string `json:",omitempty"`
	ErrorCode    string `json:",omitempty"`
	ErrorMessage string `json:",omitempty"`
}

type putEventsOutput struct {
	Entries          []putEventsResultEntry
	FailedEntryCount int
}

// putEvents validates each entry as EventBridge does, answers with one
// result per entry, and routes the accepted ones by the bus rules.
func (s *Server) putEvents(body []byte) (any, error) {
	var in putEventsInput
	if err := decodeJSON(body, &in); err != nil {
		return nil, err
	}
	switch n := len(in.Entries); {
	case n == 0:
		return nil, validationError("1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1")
	case n > maxEntriesPerPut:
		return nil, validationError("1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to %d", maxEntriesPerPut)
	}
	size := 0
	for _, e := range in.Entries {
		size += e.size()
	}
	if size > maxPutEventsSize {
		return nil, validationError("Total size of the entries in the request is over the limit of %d bytes.", maxPutEventsSize)
	}

	out := putEventsOutput{Entries: make([]putEventsResultEntry, len(in.Entries))}
	for i, e := range in.Entries {
		ev, payload, res := s.acceptEvent(e)
		out.Entries[i] = res
		if res.ErrorCode != "" {
			out.FailedEntryCount++
			continue
		}
		s.route(ev, payload)
	}
	return out, nil
}

// size is an entry's size as AWS counts it toward the request limit.
func (e putEventsEntry) size() int {
	n := len(deref(e.Source)) + len(deref(e.DetailType)) + len(deref(e.Detail))
	if e.Time != nil {
		n += timeEntrySize
	}
	for _, r := range e.Resources {
		n += len(r)
	}
	return n
}

// acceptEvent turns a valid entry into the event EventBridge delivers, with
// its JSON envelope, or says why the entry failed.
func (s *Server) acceptEvent(e putEventsEntry) (events.EventBridgeEvent, []byte, putEventsResultEntry) {
	fail := func(code, format string, args ...any) (events.EventBridgeEvent, []byte, putEventsResultEntry) {
		return events.EventBridgeEvent{}, nil, putEventsResultEntry{ErrorCode: code, ErrorMessage: fmt.Sprintf(format, args...)}
	}
	for _, f := range []struct {
		name  string
		value *string
	}{{"Source", e.Source}, {"DetailType", e.DetailType}, {"Detail", e.Detail}} {
		if deref(f.value) == "" {
			return fail("InvalidArgument", "Parameter %s is not valid. Reason: %s is a required argument.", f.name, f.name)
		}
	}
	if bus := deref(e.EventBusName); bus != s.bus && bus != s.busARN() {
		if bus == "" {
			bus = "default"
		}
		// AWS accepts events for a bus without rules, or without existence,
		// and drops them; failing here surfaces the misconfiguration.
		return fail("InvalidArgument", "Event bus %q does not exist locally; the bus is %q (%s).", bus, s.bus, s.busARN())
	}
	detail := []byte(*e.Detail)
	if !json.Valid(detail) || !bytes.HasPrefix(bytes.TrimSpace(detail), []byte("{")) {
		return fail("MalformedDetail", "Detail is malformed.")
	}

	at := s.clock.Now()
	if e.Time != nil {
		at = e.Time.Time
	}
	resources := e.Resources
	if resources == nil {
		resources = []string{}
	}
	ev := events.EventBridgeEvent{
		Version:    "0",
		ID:         newID(),
		DetailType: *e.DetailType,
		Source:     *e.Source,
		AccountID:  s.account,
		Time:       at.UTC().Truncate(time.Second),
		Region:     s.region,
		Resources:  resources,
		Detail:     json.RawMessage(detail),
	}
	payload, err := json.Marshal(ev)
	if err != nil {
		return fail("InternalFailure", "cannot encode the event")
	}
	return ev, payload, putEventsResultEntry{EventId: ev.ID}
}

// route sends an accepted event to the targets of every matching rule:
// functions get it asynchronously; the notifications topic and the archive
// log group are recorded for inspection.
func (s *Server) route(ev events.EventBridgeEvent, payload []byte) {
	for _, t := range routing.Match(ev.Source, ev.DetailType, ev.Detail) {
		switch t.Kind {
		case routing.Function:
			s.goDeliver(delivery{
				kind:     EventDelivery,
				function: t.Name,
				name:     ev.DetailType,
				payload:  payload,
				attempts: eventAttempts,
				occurred: ev.Time,
			})
		case routing.Notifications:
			s.mu.Lock()
			s.notifications = append(s.notifications, ev)
			s.mu.Unlock()
		case routing.Archive:
			s.mu.Lock()
			s.archive = append(s.archive, ev)
			s.mu.Unlock()
		default:
			s.log.Warn("rule target kind not emulated", slog.String("kind", string(t.Kind)), slog.String("detail_type", ev.DetailType))
		}
	}
}

func (s *Server) busARN() string {
	return fmt.Sprintf("arn:aws:events:%s:%s:event-bus/%s", s.region, s.account, s.bus)
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
