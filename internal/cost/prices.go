package cost

// PricesRead is the day the prices below were read from their sources.
const PricesRead = "2026-12-06"

// USEast1 are the public on-demand prices of US East (N. Virginia), in US
// dollars, without free tiers (see FreeTier). Each price names where it
// was read; the AWS pricing pages themselves were not reachable from here,
// so the sources are pages that quote them, cross-checked where two
// agreed.
//
// Europe (Paris), eu-west-3, where the local stack pretends to run, is not
// here: no source at hand quoted its current prices, and none is guessed.
var USEast1 = Prices{
	Region: "us-east-1",
	Read:   PricesRead,
	WriteUnit: Price{USD: 0.625, Per: 1e6, Unit: "write request unit",
		Source: "https://airbyte.com/data-engineering-resources/dynamodb-pricing (on-demand, US East)"},
	ReadUnit: Price{USD: 0.125, Per: 1e6, Unit: "read request unit",
		Source: "https://airbyte.com/data-engineering-resources/dynamodb-pricing (on-demand, US East)"},
	Event: Price{USD: 1.00, Per: 1e6, Unit: "custom event",
		Source: "https://cloudburn.io/blog/amazon-eventbridge-pricing (March 2026, us-east-1); https://www.wring.co/blog/aws-eventbridge-pricing-guide"},
	SchedulerInvocation: Price{USD: 1.00, Per: 1e6, Unit: "schedule invocation",
		Source: "https://cloudburn.io/blog/amazon-eventbridge-pricing (Scheduler, after 14M free a month)"},
	LambdaRequest: Price{USD: 0.20, Per: 1e6, Unit: "request",
		Source: "https://git.mcrn.ar/mariano/lambda_local_runner/src/commit/957e45b8adae23ce50b966346229585b5df18b4d/docs/lambdas-md/lambda-13-cost.md; https://cloudchipr.com/blog/aws-lambda-pricing"},
	LambdaGBSecond: Price{USD: 0.0000133334, Per: 1, Unit: "GB-second (arm64)",
		Source: "https://cloudchipr.com/blog/aws-lambda-pricing (ARM, first 7.5 billion GB-s)"},
	S3Put: Price{USD: 0.005, Per: 1e3, Unit: "PUT request",
		Source: "https://c3x.dev/blog/s3-request-fees-explained (S3 Standard)"},
	S3Get: Price{USD: 0.0004, Per: 1e3, Unit: "GET request",
		Source: "https://c3x.dev/blog/s3-request-fees-explained (S3 Standard)"},
	// Standard parameters at standard throughput: no charge per call.
	SSMCall: Price{USD: 0, Per: 1e4, Unit: "GetParameter call",
		Source: "AWS Systems Manager pricing: standard parameters, standard throughput, no additional charge"},
	LogGB: Price{USD: 0.50, Per: 1, Unit: "GB of logs ingested",
		Source: "https://c3x.dev/blog/cloudwatch-logs-cost-optimization (Standard log class, us-east-1, June 2026)"},
}

// FreeTier is what AWS gives every account each month, always (not the
// first year only), for the services that have such a tier. The totals
// are given without it: an agency's account may run other things.
var FreeTier = Usage{
	Invocations:          1e6,     // Lambda requests
	GBSeconds:            400_000, // Lambda duration
	SchedulerInvocations: 14e6,
	LogBytes:             5e9, // CloudWatch Logs ingestion
}
