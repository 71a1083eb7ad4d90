package meta

import (
	"context"
	"errors"
	"time"
)

// errStillProcessing ends a poll whose budget is spent while Meta is still
// processing.
var errStillProcessing = errors.New("meta is still processing")

// poll reads a status until read says it is settled. Each read of an
// unsettled status spends one of budget's polls, PollInterval apart, so
// that one publish, whatever it uploads, waits at most MaxPolls times:
// it ends well within a Lambda's timeout. It returns read's error,
// errStillProcessing once the budget is spent, or the context's error.
func (c *Client) poll(ctx context.Context, budget *int, read func() (settled bool, err error)) error {
	for {
		settled, err := read()
		if err != nil || settled {
			return err
		}
		if *budget--; *budget <= 0 {
			return errStillProcessing
		}
		t := time.NewTimer(c.PollInterval)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}
