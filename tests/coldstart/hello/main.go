// Command hello is the smallest Go Lambda, built like the Relais functions:
// the baseline their cold starts are measured against.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	lambda.Start(func(ctx context.Context) (string, error) { return "hello", nil })
}
