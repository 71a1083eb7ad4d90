package config

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Endpoints overrides where the SDK clients send requests. Empty fields
// keep AWS's own endpoints; the local stack sets them all.
type Endpoints struct {
	// DynamoDB is DynamoDB Local's URL.
	DynamoDB string `json:"dynamodb"`
	// AWS is the local emulator's URL for EventBridge, Scheduler, S3 and SSM.
	AWS string `json:"aws"`
}

// Local reports whether the endpoints point at the local stack.
func (e Endpoints) Local() bool { return e.DynamoDB != "" || e.AWS != "" }

// LoadAWS loads the standard AWS configuration. Against the local stack it
// uses fixed credentials and region, since nothing checks them there.
func LoadAWS(ctx context.Context, e Endpoints) (aws.Config, error) {
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
