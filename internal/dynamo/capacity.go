package dynamo

import (
	"context"
	"sort"
	"sync"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"
)

// Capacity asks DynamoDB, on every call made through the clients it is
// added to (Middleware), for the capacity the call consumes
// (ReturnConsumedCapacity TOTAL), and sums what DynamoDB answers, by
// operation. It sits in the SDK's stack rather than at the store's call
// sites, so that no call site can forget it. Functions do not add it in
// AWS; benchmarks and tests do, to hold work to its budget.
//
// DynamoDB Local 3.3.0 answers as AWS bills on-demand tables (items
// rounded up to 1 KB for writes and 4 KB for reads, eventually consistent
// reads at half, a query by the sum of its items, an update by the larger
// of the item before and after, index entries written on top,
// transactional reads at twice the units), except for transactional
// writes: where AWS bills each item twice its units, DynamoDB Local
// reports a transaction of several small items at the units of one
// (2 for two 200-byte puts, where AWS bills 4). LocalTransactions
// corrects it. TestDynamoDBLocalChargesAsAWS holds DynamoDB Local to all
// of this. A write whose condition fails is billed by AWS too, but its
// error carries no capacity: Consumed.Failed counts those calls.
type Capacity struct {
	// LocalTransactions counts a transactional write at no less than two
	// units an item, what AWS bills for items up to 1 KB, as Relais's
	// transactions write (counters, idempotency records, audit entries);
	// a larger item is under-counted by DynamoDB Local's difference. Set
	// it against DynamoDB Local only.
	LocalTransactions bool

	mu  sync.Mutex
	ops map[string]Consumed
}

// Consumed is the capacity of calls to one operation, or to all of them.
type Consumed struct {
	Calls int64
	// Read and Write are the units DynamoDB reported, on the table and
	// its indexes.
	Read, Write float64
	// Failed counts calls that returned an error, so reported no
	// capacity: a failed condition still costs AWS's write units.
	Failed int64
	// Unmetered counts calls to operations that cannot report capacity
	// (CreateTable, DescribeTable and other control-plane calls, which
	// on-demand tables do not bill per request).
	Unmetered int64
}

// Add returns c plus o.
func (c Consumed) Add(o Consumed) Consumed {
	return Consumed{Calls: c.Calls + o.Calls, Read: c.Read + o.Read, Write: c.Write + o.Write,
		Failed: c.Failed + o.Failed, Unmetered: c.Unmetered + o.Unmetered}
}

// Middleware is the API option that meters, for aws.Config.APIOptions or a
// DynamoDB client's Options.APIOptions.
func (c *Capacity) Middleware(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("RelaisConsumedCapacity",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			if awsmiddleware.GetServiceID(ctx) != dynamodb.ServiceID {
				return next.HandleInitialize(ctx, in)
			}
			op := awsmiddleware.GetOperationName(ctx)
			metered := askCapacity(&in)
			items := transactItems(in.Parameters)
			out, md, err := next.HandleInitialize(ctx, in)
			got := Consumed{Calls: 1}
			switch {
			case !metered:
				got.Unmetered = 1
			case err != nil:
				got.Failed = 1
			default:
				var units float64
				for _, cc := range consumedOf(out.Result) {
					if cc.CapacityUnits != nil {
						units += *cc.CapacityUnits
					}
				}
				if c.LocalTransactions {
					units = max(units, 2*float64(items))
				}
				if writes[op] {
					got.Write = units
				} else {
					got.Read = units
				}
			}
			c.add(op, got)
			return out, md, err
		}), middleware.After)
}

// writes are the operations whose capacity is write capacity; the others
// that report capacity read.
var writes = map[string]bool{
	"PutItem": true, "UpdateItem": true, "DeleteItem": true, "BatchWriteItem": true,
	"TransactWriteItems": true, "ExecuteTransaction": true,
}

// transactItems counts the items of a transactional write.
func transactItems(params any) int {
	switch p := params.(type) {
	case *dynamodb.TransactWriteItemsInput:
		return len(p.TransactItems)
	case *dynamodb.ExecuteTransactionInput:
		return len(p.TransactStatements)
	}
	return 0
}

// askCapacity sets ReturnConsumedCapacity TOTAL on a copy of the call's
// input, leaving the caller's untouched, and reports whether the
// operation can answer it.
func askCapacity(in *middleware.InitializeInput) bool {
	const total = types.ReturnConsumedCapacityTotal
	switch p := in.Parameters.(type) {
	case *dynamodb.GetItemInput:
		cp := *p
		cp.ReturnConsumedCapacity, in.Parameters = total, &cp
	case *dynamodb.PutItemInput:
		cp := *p
		cp.ReturnConsumedCapacity, in.Parameters = total, &cp
	case *dynamodb.UpdateItemInput:
		cp := *p
		cp.ReturnConsumedCapacity, in.Parameters = total, &cp
	case *dynamodb.DeleteItemInput:
		cp := *p
		cp.ReturnConsumedCapacity, in.Parameters = total, &cp
	case *dynamodb.QueryInput:
		cp := *p
		cp.ReturnConsumedCapacity, in.Parameters = total, &cp
	case *dynamodb.ScanInput:
		cp := *p
		cp.ReturnConsumedCapacity, in.Parameters = total, &cp
	case *dynamodb.BatchGetItemInput:
		cp := *p
		cp.ReturnConsumedCapacity, in.Parameters = total, &cp
	case *dynamodb.BatchWriteItemInput:
		cp := *p
		cp.ReturnConsumedCapacity, in.Parameters = total, &cp
	case *dynamodb.TransactGetItemsInput:
		cp := *p
		cp.ReturnConsumedCapacity, in.Parameters = total, &cp
	case *dynamodb.TransactWriteItemsInput:
		cp := *p
		cp.ReturnConsumedCapacity, in.Parameters = total, &cp
	case *dynamodb.ExecuteStatementInput:
		cp := *p
		cp.ReturnConsumedCapacity, in.Parameters = total, &cp
	case *dynamodb.ExecuteTransactionInput:
		cp := *p
		cp.ReturnConsumedCapacity, in.Parameters = total, &cp
	case *dynamodb.BatchExecuteStatementInput:
		cp := *p
		cp.ReturnConsumedCapacity, in.Parameters = total, &cp
	default:
		return false
	}
	return true
}

// consumedOf returns the capacity an operation's output reports.
func consumedOf(result any) []types.ConsumedCapacity {
	one := func(c *types.ConsumedCapacity) []types.ConsumedCapacity {
		if c == nil {
			return nil
		}
		return []types.ConsumedCapacity{*c}
	}
	switch o := result.(type) {
	case *dynamodb.GetItemOutput:
		return one(o.ConsumedCapacity)
	case *dynamodb.PutItemOutput:
		return one(o.ConsumedCapacity)
	case *dynamodb.UpdateItemOutput:
		return one(o.ConsumedCapacity)
	case *dynamodb.DeleteItemOutput:
		return one(o.ConsumedCapacity)
	case *dynamodb.QueryOutput:
		return one(o.ConsumedCapacity)
	case *dynamodb.ScanOutput:
		return one(o.ConsumedCapacity)
	case *dynamodb.ExecuteStatementOutput:
		return one(o.ConsumedCapacity)
	case *dynamodb.BatchGetItemOutput:
		return o.ConsumedCapacity
	case *dynamodb.BatchWriteItemOutput:
		return o.ConsumedCapacity
	case *dynamodb.TransactGetItemsOutput:
		return o.ConsumedCapacity
	case *dynamodb.TransactWriteItemsOutput:
		return o.ConsumedCapacity
	case *dynamodb.ExecuteTransactionOutput:
		return o.ConsumedCapacity
	case *dynamodb.BatchExecuteStatementOutput:
		return o.ConsumedCapacity
	}
	return nil
}

func (c *Capacity) add(op string, got Consumed) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ops == nil {
		c.ops = map[string]Consumed{}
	}
	c.ops[op] = c.ops[op].Add(got)
}

// Total is the capacity of every call so far.
func (c *Capacity) Total() Consumed {
	c.mu.Lock()
	defer c.mu.Unlock()
	var t Consumed
	for _, o := range c.ops {
		t = t.Add(o)
	}
	return t
}

// Operation is the capacity of the calls to one operation so far.
func (c *Capacity) Operation(op string) Consumed {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ops[op]
}

// Operations names the operations called so far, sorted.
func (c *Capacity) Operations() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	ops := make([]string, 0, len(c.ops))
	for op := range c.ops {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	return ops
}

// Reset forgets every call.
func (c *Capacity) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ops = nil
}

// Metered returns a store on the same table whose calls c meters.
func (s *Store) Metered(c *Capacity) *Store {
	o := s.db.Options()
	o.APIOptions = append(o.APIOptions[:len(o.APIOptions):len(o.APIOptions)], c.Middleware)
	m := *s
	m.db = dynamodb.New(o)
	return &m
}
