package relais

import "time"

// CrisisRule says when a client's alarming interactions (negative or
// toxic) amount to a suspected crisis: at least MinCount within Window,
// and at least Factor times what the client's own baseline would put in
// such a window.
type CrisisRule struct {
	Window   time.Duration
	MinCount int
	Factor   float64
	// PausePosts holds the client's scheduled posts when a crisis is
	// suspected, so that nothing cheerful goes out in the middle of it.
	PausePosts bool
}

// DefaultCrisisRule: ten alarming interactions in fifteen minutes, five
// times the usual rate; posts keep going out unless the policy says so.
var DefaultCrisisRule = CrisisRule{Window: 15 * time.Minute, MinCount: 10, Factor: 5}

// BaselineDays is how many days before today make a client's baseline.
const BaselineDays = 7

// Expected is how many alarming interactions a window usually holds, from
// the client's alarming interactions per day. A client with no history
// expects one per window, so that a handful of complaints on a quiet
// account is not a crisis.
func (r CrisisRule) Expected(perDay float64) float64 {
	return max(perDay*r.Window.Hours()/24, 1)
}

// Spike reports whether count alarming interactions in a window are a
// suspected crisis for a client with that baseline.
func (r CrisisRule) Spike(count int, perDay float64) bool {
	return count >= r.MinCount && float64(count) >= r.Factor*r.Expected(perDay)
}

// WindowStart is the start of the aligned window holding t: a crisis is
// suspected at most once per window.
func (r CrisisRule) WindowStart(t time.Time) time.Time { return t.UTC().Truncate(r.Window) }
