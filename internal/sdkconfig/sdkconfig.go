// Package sdkconfig loads the AWS SDK configuration for the CLI and the
// local stack, from the standard chain or for the local endpoints. Lambda
// functions take theirs from their environment instead (internal/function).
package sdkconfig

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/relais-dev/relais/internal/config"
)

// Load loads the standard AWS configuration. Against the local stack it
// uses fixed credentials and region, since nothing checks them there.
func Load(ctx context.Context, e config.Endpoints) (aws.Config, error) {
	var opts []func(*awsconfig.LoadOptions) error
	if e.Local() {
		opts = append(opts,
			awsconfig.WithRegion("eu-west-3"),
			awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("local", "local", "")),
		)
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("config: load aws configuration: %w", err)
	}
	return cfg, nil
}
