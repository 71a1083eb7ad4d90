// Package accesstest records the AWS calls each function makes, as the
// IAM actions and access resources they need, so that tests can check
// every function stays within its grants.
package accesstest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/smithy-go/middleware"

	"github.com/relais-dev/relais/internal/access"
)

// Use is one permission a call needed.
type Use struct {
	Function string
	Action   string
	On       access.Resource
}

func (u Use) String() string { return u.Function + ": " + u.Action + " on " + string(u.On) }

// Observer records what each function's calls need.
type Observer struct {
	mu   sync.Mutex
	uses map[Use]bool
}

// Middleware is the API option that records a function's calls.
func (o *Observer) Middleware(function string) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("RelaisObserveAccess",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				for _, u := range needs(awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx), in.Parameters) {
					u.Function = function
					o.add(u)
				}
				return next.HandleInitialize(ctx, in)
			}), middleware.After)
	}
}

func (o *Observer) add(u Use) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.uses == nil {
		o.uses = map[Use]bool{}
	}
	o.uses[u] = true
}

// Uses returns every permission recorded, sorted.
func (o *Observer) Uses() []Use {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make([]Use, 0, len(o.uses))
	for u := range o.uses {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// needs maps one SDK call to the IAM actions and resources it needs.
// TransactWriteItems needs the item action of each of its writes.
func needs(service, op string, params any) []Use {
	switch in := params.(type) {
	case *dynamodb.QueryInput:
		on := access.OnTable
		if in.IndexName != nil {
			on = access.Resource("index/" + *in.IndexName)
		}
		return []Use{{Action: "dynamodb:Query", On: on}}
	case *dynamodb.TransactWriteItemsInput:
		var out []Use
		for _, it := range in.TransactItems {
			switch {
			case it.Put != nil:
				out = append(out, Use{Action: "dynamodb:PutItem", On: access.OnTable})
			case it.Update != nil:
				out = append(out, Use{Action: "dynamodb:UpdateItem", On: access.OnTable})
			case it.Delete != nil:
				out = append(out, Use{Action: "dynamodb:DeleteItem", On: access.OnTable})
			case it.ConditionCheck != nil:
				out = append(out, Use{Action: "dynamodb:ConditionCheckItem", On: access.OnTable})
			}
		}
		return out
	case *ssm.GetParameterInput:
		return []Use{{Action: "ssm:GetParameter", On: parameter(*in.Name)}}
	case *ssm.PutParameterInput:
		return []Use{{Action: "ssm:PutParameter", On: parameter(*in.Name)}}
	case *s3.PutObjectInput:
		return []Use{{Action: "s3:PutObject", On: object(*in.Key)}}
	case *s3.GetObjectInput:
		return []Use{{Action: "s3:GetObject", On: object(*in.Key)}}
	case *s3.HeadObjectInput:
		// HeadObject has no IAM action of its own.
		return []Use{{Action: "s3:GetObject", On: object(*in.Key)}}
	case *s3.DeleteObjectInput:
		return []Use{{Action: "s3:DeleteObject", On: object(*in.Key)}}
	case *scheduler.CreateScheduleInput:
		return []Use{{Action: "scheduler:CreateSchedule", On: schedule(*in.Name)}, {Action: "iam:PassRole", On: access.OnSchedulerRole}}
	case *scheduler.UpdateScheduleInput:
		return []Use{{Action: "scheduler:UpdateSchedule", On: schedule(*in.Name)}, {Action: "iam:PassRole", On: access.OnSchedulerRole}}
	case *scheduler.DeleteScheduleInput:
		// Deleting passes no role.
		return []Use{{Action: "scheduler:DeleteSchedule", On: schedule(*in.Name)}}
	case *eventbridge.PutEventsInput:
		return []Use{{Action: "events:PutEvents", On: access.OnBus}}
	}
	if service == "DynamoDB" {
		return []Use{{Action: "dynamodb:" + op, On: access.OnTable}}
	}
	// A call this table does not know is recorded as needing a grant
	// nobody holds, so that the test names it.
	return []Use{{Action: strings.ToLower(service) + ":" + op, On: "unmapped"}}
}

func parameter(name string) access.Resource {
	switch {
	case strings.HasSuffix(name, "/secrets/links/signing-key"):
		return access.OnLinkKey
	case strings.Contains(name, "/secrets/"):
		return access.OnSecrets
	case strings.Contains(name, "/tokens/"):
		return access.OnTokens
	}
	return access.Resource(fmt.Sprintf("parameter %s", name))
}

func object(key string) access.Resource {
	switch {
	case strings.HasPrefix(key, "reports/"):
		return access.OnReports
	case strings.HasPrefix(key, "media/"):
		return access.OnMedia
	}
	return access.Resource("object " + key)
}

func schedule(name string) access.Resource {
	switch {
	case strings.HasPrefix(name, "metrics-"):
		return access.OnMetricsSchedules
	case strings.HasPrefix(name, "post-"):
		return access.OnPostSchedules
	case strings.HasPrefix(name, "report-"):
		return access.OnReportSchedules
	case strings.HasPrefix(name, "overdue-"):
		return access.OnOverdueSchedules
	}
	return access.Resource("schedule " + name)
}
