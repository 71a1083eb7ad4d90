package config

import (
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/routing"
)

// Routine is a recurring schedule of one function. infra/ deploys each
// one; the local stack creates the same through the Scheduler API.
type Routine struct {
	Name       string
	Expression string
	Function   string
	Input      any
}

// Schedule names of the routines.
const (
	SweepScheduleName           = "safety-sweep"
	TokenCheckScheduleName      = "token-check"
	TokenRenewScheduleName      = "token-renew"
	ModerationSweepScheduleName = "moderation-sweep"
	PollScheduleName            = "poll"
)

// Routines are the recurring schedules: the publisher's safety sweep of
// overdue posts, daily check of the tokens of accounts with posts due in
// the next 24 hours and renewal of the tokens granted with OAuth, the moderator's sweep of interactions whose event
// was lost, and the poll of the networks without webhooks.
var Routines = []Routine{
	{Name: SweepScheduleName, Expression: "rate(5 minutes)", Function: routing.Publisher, Input: relais.SweepInput{Sweep: true}},
	{Name: TokenCheckScheduleName, Expression: "rate(1 day)", Function: routing.Publisher, Input: relais.TokenCheckInput{TokenCheck: true}},
	// Every 30 minutes (tokens.DefaultEvery): Google's tokens last an hour.
	{Name: TokenRenewScheduleName, Expression: "rate(30 minutes)", Function: routing.Publisher, Input: relais.TokenRenewInput{TokenRenew: true}},
	{Name: ModerationSweepScheduleName, Expression: "rate(5 minutes)", Function: routing.Moderator, Input: relais.SweepInput{Sweep: true}},
	{Name: PollScheduleName, Expression: "rate(1 minute)", Function: routing.Poller, Input: relais.PollInput{Poll: true}},
}
