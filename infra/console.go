package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3deployment"
	"github.com/aws/jsii-runtime-go"
)

// DefaultConsoleDir is the built console (Vite's output), relative to
// infra/: make deps and make build write it.
const DefaultConsoleDir = "../web/dist/app"

// Cache policies of the console's files in the bucket, which CloudFront
// follows: hashed assets never change under their name; everything
// else, index.html first, is revalidated.
const (
	consoleAssets      = "assets/*"
	cacheConsoleAssets = "public, max-age=31536000, immutable"
	cacheConsolePages  = "no-cache"
)

// deployConsole copies the built console into the Console bucket, in two
// halves that each prune only their own files: the hashed assets first,
// then index.html and the rest, so that a new page never names an asset
// not there yet. CloudFront's cache is not invalidated (that would need
// cloudfront:CreateInvalidation on every distribution): index.html is
// no-cache, which the distribution's cache policy follows within its
// one-second minimum.
func (s *RelaisStack) deployConsole(dir string) {
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		panic(fmt.Sprintf("infra: the console is not built: %s has no index.html (run make deps from the repository's root)", dir))
	}
	// The deployments' function runs with a role of its own, which CDK
	// grants the asset's reading and the bucket's writing, and writes to
	// its own log group: not AWS's basic execution policy, which lets it
	// write to every log group.
	logs := awslogs.NewLogGroup(s.Stack, jsii.String("ConsoleDeploymentLogs"), &awslogs.LogGroupProps{
		Retention:     awslogs.RetentionDays_THREE_MONTHS,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	role := awsiam.NewRole(s.Stack, jsii.String("ConsoleDeploymentRole"), &awsiam.RoleProps{
		Description: jsii.String("Copies the built console into its bucket"),
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
	})
	logs.GrantWrite(role)
	source := awss3deployment.Source_Asset(jsii.String(dir), nil)
	assets := awss3deployment.NewBucketDeployment(s.Stack, jsii.String("ConsoleAssets"), &awss3deployment.BucketDeploymentProps{
		DestinationBucket: s.Console,
		Sources:           &[]awss3deployment.ISource{source},
		Role:              role,
		LogGroup:          logs,
		Exclude:           jsii.Strings("*"),
		Include:           jsii.Strings(consoleAssets),
		Prune:             jsii.Bool(true),
		CacheControl:      &[]awss3deployment.CacheControl{awss3deployment.CacheControl_FromString(jsii.String(cacheConsoleAssets))},
	})
	pages := awss3deployment.NewBucketDeployment(s.Stack, jsii.String("ConsolePages"), &awss3deployment.BucketDeploymentProps{
		DestinationBucket: s.Console,
		Sources:           &[]awss3deployment.ISource{source},
		Role:              role,
		LogGroup:          logs,
		Exclude:           jsii.Strings(consoleAssets),
		Prune:             jsii.Bool(true),
		CacheControl:      &[]awss3deployment.CacheControl{awss3deployment.CacheControl_FromString(jsii.String(cacheConsolePages))},
	})
	pages.Node().AddDependency(assets)
}
