// Package routing is the one source of truth for how events on the Relais
// bus reach their targets. infra/ deploys these rules; the local AWS
// emulator routes with the same patterns.
package routing

import (
	"encoding/json"

	"github.com/relais-dev/relais/internal/relais"
)

// TargetKind says what a rule delivers to.
type TargetKind string

const (
	// Function is one of the Relais Lambda functions.
	Function TargetKind = "function"
	// Notifications is the topic people subscribe to for alerts and reports.
	Notifications TargetKind = "notifications"
	// Archive is the log group that keeps every event for audit.
	Archive TargetKind = "archive"
)

// Function names, as deployed and as the local stack registers handlers.
const (
	Webhook   = "webhook"
	Publisher = "publisher"
	Moderator = "moderator"
	Reporter  = "reporter"
	Poller    = "poller"
	// API serves the Relais API behind its function URL.
	API = "api"
)

// Functions lists the functions.
var Functions = []string{Webhook, Publisher, Moderator, Reporter, Poller, API}

// MemoryMB is each function's memory size, which infra deploys and by
// which the cost benchmark prices the duration it measures.
var MemoryMB = map[string]float64{Webhook: 256, Publisher: 256, Moderator: 512, Reporter: 512, Poller: 256, API: 256}

// MaxBootstrap bounds a function's bootstrap, in bytes: the functions are
// thin mains over the domain and the few AWS clients they use. The API,
// which does what the CLI does (the inbox's threads and accounts'
// OAuth consents included) and verifies tokens, has 13.5 MB; the
// publisher, which checks the guards with the moderation model, uploads
// images and videos through each of eleven networks' own flows and renews
// their OAuth tokens, 12 MB.
func MaxBootstrap(function string) int64 {
	switch function {
	case API:
		return 13_500_000
	case Publisher:
		return 12_000_000
	}
	return 10 << 20
}

// Target is where a rule sends matching events.
type Target struct {
	Kind TargetKind
	// Name is the function name for Function targets.
	Name string
}

// Pattern is the subset of EventBridge event patterns Relais uses: exact
// matches on source and detail-type and, optionally, on the labels the
// detail carries.
type Pattern struct {
	Source     []string       `json:"source"`
	DetailType []string       `json:"detail-type"`
	Detail     *DetailPattern `json:"detail,omitempty"`
}

// DetailPattern matches an event whose detail's labels hold any of Labels,
// as EventBridge matches a list field against a list of values.
type DetailPattern struct {
	Labels []string `json:"labels"`
}

// JSON renders the pattern as EventBridge expects it.
func (p Pattern) JSON() string {
	b, _ := json.Marshal(p)
	return string(b)
}

// Matches reports whether an event with this source, detail type and
// detail matches, as EventBridge would.
func (p Pattern) Matches(source, detailType string, detail []byte) bool {
	if !contains(p.Source, source) || !contains(p.DetailType, detailType) {
		return false
	}
	if p.Detail == nil {
		return true
	}
	var d struct{ Labels []string }
	if json.Unmarshal(detail, &d) != nil {
		return false
	}
	for _, l := range d.Labels {
		if contains(p.Detail.Labels, l) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Rule is one bus rule: a name, a pattern, and its targets.
type Rule struct {
	Name    string
	Pattern Pattern
	Targets []Target
}

func rule(name, detailType string, targets ...Target) Rule {
	return Rule{
		Name:    name,
		Pattern: Pattern{Source: []string{relais.EventSource}, DetailType: []string{detailType}},
		Targets: targets,
	}
}

var archive = Target{Kind: Archive}
var notify = Target{Kind: Notifications}

// LambdaSource and DetailInvocationFailure name the record Lambda puts on
// the bus, the publisher's on-failure destination, once an asynchronous
// invocation of the publisher has failed every retry.
const (
	LambdaSource            = "lambda"
	DetailInvocationFailure = "Lambda Function Invocation Result - Failure"
)

// LabelAlert is the label moderation gives an interaction the client's
// policy wants a person alerted about.
const LabelAlert = "alert"

// Rules are the bus rules: one per detail type, and the alert rule, which
// sends the interactions the policy alerts on to the people subscribed.
var Rules = []Rule{
	rule("interaction-received", relais.DetailInteractionReceived, Target{Kind: Function, Name: Moderator}, archive),
	rule("interaction-moderated", relais.DetailInteractionModerated, archive),
	{
		Name: "interaction-alert",
		Pattern: Pattern{Source: []string{relais.EventSource}, DetailType: []string{relais.DetailInteractionModerated},
			Detail: &DetailPattern{Labels: []string{LabelAlert}}},
		Targets: []Target{notify},
	},
	rule("post-published", relais.DetailPostPublished, archive),
	rule("post-failed", relais.DetailPostFailed, notify, archive),
	rule("post-needs-attention", relais.DetailPostNeedsAttention, notify, archive),
	rule("crisis-suspected", relais.DetailCrisisSuspected, notify, archive),
	rule("report-ready", relais.DetailReportReady, notify, archive),
	rule("reply-overdue", relais.DetailReplyOverdue, notify, archive),
	rule("account-needs-reconnect", relais.DetailAccountReconnect, notify, archive),
	// A publisher invocation that failed every retry comes back to the
	// publisher, which flags its post: no post waits unseen or stays held.
	{
		Name:    "publisher-failed",
		Pattern: Pattern{Source: []string{LambdaSource}, DetailType: []string{DetailInvocationFailure}},
		Targets: []Target{{Kind: Function, Name: Publisher}, archive},
	},
}

// Match returns the targets of every rule matching an event.
func Match(source, detailType string, detail []byte) []Target {
	var out []Target
	for _, r := range Rules {
		if r.Pattern.Matches(source, detailType, detail) {
			out = append(out, r.Targets...)
		}
	}
	return out
}
