package localaws

import (
	"context"
	"fmt"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

// Invoker runs a Relais function with a payload, as Lambda would. The
// emulator calls it for every routed event and every schedule firing.
type Invoker interface {
	Invoke(ctx context.Context, function string, payload []byte) error
}

// InvokerFunc adapts a function to an Invoker.
type InvokerFunc func(ctx context.Context, function string, payload []byte) error

// Invoke calls f.
func (f InvokerFunc) Invoke(ctx context.Context, function string, payload []byte) error {
	return f(ctx, function, payload)
}

// Functions is an Invoker over the handlers the local stack registers by
// function name, built with lambda.NewHandler as in each function's main.
// It must not be modified once the server uses it.
type Functions map[string]lambda.Handler

// Invoke runs the named handler with a fresh Lambda request id in its
// context, as the handlers read it for their logs.
func (fs Functions) Invoke(ctx context.Context, function string, payload []byte) error {
	h, ok := fs[function]
	if !ok {
		return &UnknownFunctionError{Function: function}
	}
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{AwsRequestID: newID()})
	if _, err := h.Invoke(ctx, payload); err != nil {
		return fmt.Errorf("invoke %s: %w", function, err)
	}
	return nil
}

// UnknownFunctionError says a target names a function nobody registered.
// Retrying cannot help, so such deliveries are dead-lettered at once.
type UnknownFunctionError struct {
	Function string
}

func (e *UnknownFunctionError) Error() string {
	if e.Function == "" {
		return "target is not a known function"
	}
	return fmt.Sprintf("no function %q is registered", e.Function)
}
