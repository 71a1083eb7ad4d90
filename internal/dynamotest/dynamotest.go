// Package dynamotest gives a test package one DynamoDB Local for all its
// tests. Tests that need DynamoDB never skip: they start the server or fail
// with a clear message.
package dynamotest

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamolocal"
	"github.com/relais-dev/relais/internal/sdkconfig"
)

var (
	server *dynamolocal.Server
	tables atomic.Int64
)

// Main starts DynamoDB Local, runs the package's tests and stops it by PID.
// Call it from TestMain: os.Exit(dynamotest.Main(m)).
func Main(m *testing.M) int {
	var err error
	server, err = dynamolocal.Start(context.Background())
	if err != nil {
		fmt.Fprintf(os.Stderr, "dynamotest: cannot start DynamoDB Local, which these tests need: %v\n", err)
		return 1
	}
	code := m.Run()
	if err := server.Stop(); err != nil {
		fmt.Fprintf(os.Stderr, "dynamotest: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// Endpoints returns the endpoints of the package's DynamoDB Local.
func Endpoints(tb testing.TB) config.Endpoints {
	tb.Helper()
	if server == nil {
		tb.Fatal("dynamotest: DynamoDB Local is not running; call dynamotest.Main from TestMain")
	}
	return config.Endpoints{DynamoDB: server.Endpoint}
}

// Client returns a real SDK client for the package's DynamoDB Local.
func Client(tb testing.TB) *dynamodb.Client {
	tb.Helper()
	e := Endpoints(tb)
	cfg, err := sdkconfig.Load(context.Background(), e)
	if err != nil {
		tb.Fatal(err)
	}
	return dynamo.Connect(cfg, e, "").DB()
}

// TableName returns a table name no other test in the package uses.
func TableName() string {
	return fmt.Sprintf("relais-test-%d", tables.Add(1))
}
