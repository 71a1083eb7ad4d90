package main

import "github.com/relais-dev/relais/internal/routing"

// resource names one thing a function may be granted access to. The stack
// turns each into exact ARNs; none of them is "*".
type resource string

const (
	// onTable is the table itself.
	onTable resource = "table"
	// onClientIndex is GSI1, where clients and posts are found by id.
	onClientIndex resource = "index/GSI1"
	// onDueIndex is GSI2: scheduled posts and unmoderated interactions, by
	// time.
	onDueIndex resource = "index/GSI2"
	// onBus is the Relais event bus.
	onBus resource = "bus"
	// onSecrets is the webhook secrets: <prefix>/secrets/*.
	onSecrets resource = "parameters/secrets"
	// onTokens is the account access tokens: <prefix>/tokens/*.
	onTokens resource = "parameters/tokens"
	// onReports is the report objects: <bucket>/reports/*.
	onReports resource = "bucket/reports"
	// onLogs is the function's own log group and its streams.
	onLogs resource = "logs"
	// onMetricsSchedules is the posts' engagement schedules:
	// schedule/<group>/metrics-*.
	onMetricsSchedules resource = "schedules/metrics"
	// onSchedulerRole is the role Scheduler assumes, which a function
	// creating schedules passes.
	onSchedulerRole resource = "scheduler role"
)

// grant allows actions on one resource.
type grant struct {
	on      resource
	actions []string
}

// logging lets a function write to its own log group, which the stack
// creates, so no function may create log groups.
var logging = grant{onLogs, []string{"logs:CreateLogStream", "logs:PutLogEvents"}}

// access is every permission each function holds: only the actions its
// code calls, each on the resource it calls it on. TransactWriteItems has
// no IAM action of its own; it needs the item actions it contains.
var access = map[string][]grant{
	routing.Webhook: {
		// GetItem reads what the team's answer answers.
		{onTable, []string{"dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"}},
		{onBus, []string{"events:PutEvents"}},
		{onSecrets, []string{"ssm:GetParameter"}},
		logging,
	},
	routing.Moderator: {
		{onTable, []string{"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"}},
		{onDueIndex, []string{"dynamodb:Query"}},
		{onBus, []string{"events:PutEvents"}},
		{onTokens, []string{"ssm:GetParameter"}},
		logging,
	},
	routing.Publisher: {
		{onTable, []string{"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"}},
		{onClientIndex, []string{"dynamodb:Query"}},
		{onDueIndex, []string{"dynamodb:Query"}},
		{onBus, []string{"events:PutEvents"}},
		{onTokens, []string{"ssm:GetParameter"}},
		// After a publish: the post's engagement schedules.
		{onMetricsSchedules, []string{"scheduler:CreateSchedule", "scheduler:UpdateSchedule"}},
		{onSchedulerRole, []string{"iam:PassRole"}},
		logging,
	},
	routing.Poller: {
		{onTable, []string{"dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem"}},
		{onClientIndex, []string{"dynamodb:Query"}},
		{onBus, []string{"events:PutEvents"}},
		{onTokens, []string{"ssm:GetParameter"}},
		logging,
	},
	routing.Reporter: {
		// PutItem and UpdateItem store a post's engagement, BatchGetItem
		// reads a report's top posts.
		{onTable, []string{"dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"}},
		{onReports, []string{"s3:PutObject", "s3:GetObject"}},
		{onBus, []string{"events:PutEvents"}},
		// Engagement is read with the account's token.
		{onTokens, []string{"ssm:GetParameter"}},
		logging,
	},
}

// uses reports whether a function holds any grant on r.
func uses(function string, r resource) bool {
	for _, g := range access[function] {
		if g.on == r {
			return true
		}
	}
	return false
}
