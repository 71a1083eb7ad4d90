package sdkconfig

import (
	"context"
	"sync"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// Calls counts the AWS requests made through the clients it is added to,
// by service and operation, so that tests and benchmarks state how many
// calls a piece of work costs.
type Calls struct {
	mu sync.Mutex
	n  map[string]map[string]int64
}

// Middleware is the API option that counts, for aws.Config.APIOptions or a
// client's Options.APIOptions.
func (c *Calls) Middleware(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("RelaisCountCalls",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			c.add(awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx))
			return next.HandleInitialize(ctx, in)
		}), middleware.After)
}

func (c *Calls) add(service, op string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]map[string]int64{}
	}
	if c.n[service] == nil {
		c.n[service] = map[string]int64{}
	}
	c.n[service][op]++
}

// Count returns how many requests were made to a service's operations, or
// to all of its operations when none is named.
func (c *Calls) Count(service string, ops ...string) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var total int64
	for op, n := range c.n[service] {
		if len(ops) == 0 {
			total += n
			continue
		}
		for _, o := range ops {
			if o == op {
				total += n
			}
		}
	}
	return total
}

// Reset forgets every count.
func (c *Calls) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n = nil
}
