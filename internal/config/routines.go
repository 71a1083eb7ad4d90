package config

import "github.com/relais-dev/relais/internal/relais"

// Routine is a recurring schedule of the publisher. infra/ deploys each
// one; the local stack creates the same through the Scheduler API.
type Routine struct {
	Name       string
	Expression string
	Input      any
}

// Schedule names of the publisher's routines.
const (
	SweepScheduleName      = "safety-sweep"
	TokenCheckScheduleName = "token-check"
)

// Routines are the publisher's recurring schedules: the safety sweep of
// overdue posts, and the daily check of the tokens of accounts with posts
// due in the next 24 hours.
var Routines = []Routine{
	{Name: SweepScheduleName, Expression: "rate(5 minutes)", Input: relais.SweepInput{Sweep: true}},
	{Name: TokenCheckScheduleName, Expression: "rate(1 day)", Input: relais.TokenCheckInput{TokenCheck: true}},
}
