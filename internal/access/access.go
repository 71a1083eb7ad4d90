// Package access is every AWS permission each Relais function holds: the
// table infra/ turns into IAM policies, and the tests check the functions
// stay within.
package access

import (
	"slices"

	"github.com/relais-dev/relais/internal/routing"
)

// Resource names one thing a function may be granted access to. The stack
// turns each into exact ARNs; none of them is "*".
type Resource string

const (
	// OnTable is the table itself.
	OnTable Resource = "table"
	// OnClientIndex is GSI1, where clients and posts are found by id.
	OnClientIndex Resource = "index/GSI1"
	// OnDueIndex is GSI2: scheduled posts and unmoderated interactions, by
	// time.
	OnDueIndex Resource = "index/GSI2"
	// OnBus is the Relais event bus.
	OnBus Resource = "bus"
	// OnSecrets is the webhook secrets: <prefix>/secrets/*.
	OnSecrets Resource = "parameters/secrets"
	// OnLinkKey is the report links' signing key, one parameter:
	// <prefix>/secrets/links/signing-key.
	OnLinkKey Resource = "parameters/secrets/links/signing-key"
	// OnTokens is the account access tokens: <prefix>/tokens/*.
	OnTokens Resource = "parameters/tokens"
	// OnAppCredentials is the networks' apps' OAuth ids and secrets:
	// <prefix>/secrets/*/client-*.
	OnAppCredentials Resource = "parameters/secrets/*/client-*"
	// OnReports is the report objects: <bucket>/reports/*.
	OnReports Resource = "bucket/reports"
	// OnMedia is the clients' images: <media bucket>/media/*.
	OnMedia Resource = "bucket/media"
	// OnLogs is the function's own log group and its streams.
	OnLogs Resource = "logs"
	// OnMetricsSchedules is the posts' engagement schedules:
	// schedule/<group>/metrics-*.
	OnMetricsSchedules Resource = "schedules/metrics"
	// OnPostSchedules is the posts' one-time publishing schedules:
	// schedule/<group>/post-*.
	OnPostSchedules Resource = "schedules/posts"
	// OnReportSchedules is the clients' recurring report schedules:
	// schedule/<group>/report-*.
	OnReportSchedules Resource = "schedules/reports"
	// OnOverdueSchedules is the threads' one-time overdue checks:
	// schedule/<group>/overdue-*.
	OnOverdueSchedules Resource = "schedules/overdue"
	// OnSchedulerRole is the role Scheduler assumes, which a function
	// creating schedules passes.
	OnSchedulerRole Resource = "scheduler role"
)

// Grant allows actions on one resource.
type Grant struct {
	On      Resource
	Actions []string
}

// logging lets a function write to its own log group, which the stack
// creates, so no function may create log groups.
var logging = Grant{OnLogs, []string{"logs:CreateLogStream", "logs:PutLogEvents"}}

// Grants is every permission each function holds: only the actions its
// code calls, each on the Resource it calls it on. TransactWriteItems has
// no IAM action of its own; it needs the item actions it contains.
var Grants = map[string][]Grant{
	routing.Webhook: {
		// GetItem reads what the team's answer answers, and Query the
		// answers sent to it from Relais, which the network's copy settles.
		{OnTable, []string{"dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"}},
		{OnBus, []string{"events:PutEvents"}},
		{OnSecrets, []string{"ssm:GetParameter"}},
		logging,
	},
	routing.Moderator: {
		{OnTable, []string{"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"}},
		{OnDueIndex, []string{"dynamodb:Query"}},
		{OnBus, []string{"events:PutEvents"}},
		{OnTokens, []string{"ssm:GetParameter"}},
		// A thread that starts waiting for an answer is checked once
		// before its service target is missed.
		{OnOverdueSchedules, []string{"scheduler:CreateSchedule", "scheduler:UpdateSchedule"}},
		{OnSchedulerRole, []string{"iam:PassRole"}},
		logging,
	},
	routing.Publisher: {
		// Query lists a client's accounts for the renewal of their tokens.
		{OnTable, []string{"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem", "dynamodb:Query"}},
		{OnClientIndex, []string{"dynamodb:Query"}},
		{OnDueIndex, []string{"dynamodb:Query"}},
		{OnBus, []string{"events:PutEvents"}},
		// Tokens granted with OAuth are renewed ahead of their expiry with
		// the networks' apps' credentials.
		{OnTokens, []string{"ssm:GetParameter", "ssm:PutParameter"}},
		{OnAppCredentials, []string{"ssm:GetParameter"}},
		// A post's image is handed to the network as a URL pre-signed
		// with the publisher's credentials, which only works if they may
		// read it.
		{OnMedia, []string{"s3:GetObject"}},
		// After a publish: the post's engagement schedules.
		{OnMetricsSchedules, []string{"scheduler:CreateSchedule", "scheduler:UpdateSchedule"}},
		{OnSchedulerRole, []string{"iam:PassRole"}},
		logging,
	},
	routing.Poller: {
		{OnTable, []string{"dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem"}},
		{OnClientIndex, []string{"dynamodb:Query"}},
		{OnBus, []string{"events:PutEvents"}},
		{OnTokens, []string{"ssm:GetParameter"}},
		logging,
	},
	routing.Reporter: {
		// PutItem and UpdateItem store a post's engagement and PutItem a
		// report's link, BatchGetItem reads a report's top posts.
		{OnTable, []string{"dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"}},
		// Reports are read through links the API serves, which sign with
		// the API's credentials: the reporter only writes them.
		{OnReports, []string{"s3:PutObject"}},
		// Report Ready's link is signed with the links' key.
		{OnLinkKey, []string{"ssm:GetParameter"}},
		{OnBus, []string{"events:PutEvents"}},
		// Engagement is read with the account's token.
		{OnTokens, []string{"ssm:GetParameter"}},
		logging,
	},
	routing.API: {
		// Clients, accounts, posts and their audit, idempotency keys;
		// ConditionCheckItem guards an account's connection and a post's
		// creation, BatchGetItem and BatchWriteItem replay what an
		// account received before it was connected.
		{OnTable, []string{"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
			"dynamodb:Query", "dynamodb:ConditionCheckItem", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem"}},
		// The clients list, a post by id alone, the inbox.
		{OnClientIndex, []string{"dynamodb:Query"}},
		// Replayed interactions are announced to the moderator.
		{OnBus, []string{"events:PutEvents"}},
		// An account's token is written when it is connected, and read to
		// carry out a person's moderation override.
		{OnTokens, []string{"ssm:GetParameter", "ssm:PutParameter"}},
		// An account connected with its network's consent: the app's
		// credentials exchange the consent's code.
		{OnAppCredentials, []string{"ssm:GetParameter"}},
		// Review and report links are signed and checked with the
		// deployment's key; a download is a URL pre-signed with the
		// function's credentials, which only works if they may read it.
		{OnLinkKey, []string{"ssm:GetParameter"}},
		{OnReports, []string{"s3:GetObject"}},
		// Images: an upload is a PUT pre-signed with the function's
		// credentials, checked by HeadObject (s3:GetObject), deleted when
		// unlike what was declared, and previewed by a pre-signed GET.
		{OnMedia, []string{"s3:PutObject", "s3:GetObject", "s3:DeleteObject"}},
		// Schedule, reschedule, pause and resume, cancel.
		{OnPostSchedules, []string{"scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"}},
		// A new client's weekly and monthly reports.
		{OnReportSchedules, []string{"scheduler:CreateSchedule", "scheduler:UpdateSchedule"}},
		{OnSchedulerRole, []string{"iam:PassRole"}},
		logging,
	},
}

// UsesSchedules reports whether a function creates any schedule, and so
// needs the schedule group, the role Scheduler assumes and the ARNs of
// the functions its schedules invoke.
func UsesSchedules(function string) bool {
	return Uses(function, OnMetricsSchedules) || Uses(function, OnPostSchedules) || Uses(function, OnReportSchedules) || Uses(function, OnOverdueSchedules)
}

// Uses reports whether a function holds any Grant on r.
func Uses(function string, r Resource) bool {
	for _, g := range Grants[function] {
		if g.On == r {
			return true
		}
	}
	return false
}

// Allows reports whether a function may take an action on a resource.
func Allows(function, action string, r Resource) bool {
	for _, g := range Grants[function] {
		if g.On == r && slices.Contains(g.Actions, action) {
			return true
		}
	}
	return false
}
