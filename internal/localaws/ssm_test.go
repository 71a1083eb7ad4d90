package localaws

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/relais"
)

func TestSSMParameters(t *testing.T) {
	ts := newTestStack(t)
	ctx := t.Context()
	settings := config.Settings{ParameterPrefix: config.DefaultParameterPrefix}
	configName := settings.ConfigParameter()
	tokenName := settings.TokenParameter("acme", relais.AccountRef{Network: relais.LinkedIn, ID: "urn:li:organization:42"})
	const token = "li-secret-token"

	put := func(name, value string, typ types.ParameterType, overwrite bool) (*ssm.PutParameterOutput, error) {
		return ts.ssm.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String(name), Value: aws.String(value), Type: typ, Overwrite: aws.Bool(overwrite)})
	}
	getValue := func(name string, decrypt bool) (string, int64) {
		t.Helper()
		out, err := ts.ssm.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(decrypt)})
		if err != nil {
			t.Fatalf("GetParameter %s: %v", name, err)
		}
		return aws.ToString(out.Parameter.Value), out.Parameter.Version
	}

	if out, err := put(configName, `{"bus":"relais"}`, types.ParameterTypeString, false); err != nil || out.Version != 1 {
		t.Fatalf("first put: got %+v, %v; want version 1", out, err)
	}
	var exists *types.ParameterAlreadyExists
	if _, err := put(configName, `{}`, types.ParameterTypeString, false); !errors.As(err, &exists) {
		t.Errorf("put without overwrite: got %v, want ParameterAlreadyExists", err)
	}
	if out, err := put(configName, `{"bus":"relais-2"}`, "", true); err != nil || out.Version != 2 {
		t.Errorf("overwrite: got %+v, %v; want version 2", out, err)
	}
	if value, version := getValue(configName, false); value != `{"bus":"relais-2"}` || version != 2 {
		t.Errorf("after overwrite: got %q version %d", value, version)
	}

	if _, err := put(tokenName, token, types.ParameterTypeSecureString, false); err != nil {
		t.Fatalf("put SecureString %s: %v", tokenName, err)
	}
	if value, _ := getValue(tokenName, false); value == token || strings.Contains(value, token) || value == "" {
		t.Errorf("SecureString without decryption: got %q, want an opaque value", value)
	}
	if value, _ := getValue(tokenName, true); value != token {
		t.Errorf("SecureString with decryption: got %q, want %q", value, token)
	}

	many, err := ts.ssm.GetParameters(ctx, &ssm.GetParametersInput{Names: []string{configName, "/relais/missing", tokenName}, WithDecryption: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range many.Parameters {
		names = append(names, aws.ToString(p.Name))
	}
	if !slices.Equal(names, []string{configName, tokenName}) || !slices.Equal(many.InvalidParameters, []string{"/relais/missing"}) {
		t.Errorf("GetParameters: got %v, invalid %v", names, many.InvalidParameters)
	}
	if arn := aws.ToString(many.Parameters[0].ARN); arn != "arn:aws:ssm:eu-west-3:000000000000:parameter/relais/config" {
		t.Errorf("ARN: got %s", arn)
	}

	if _, err := ts.ssm.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String(tokenName)}); err != nil {
		t.Fatal(err)
	}
	var notFound *types.ParameterNotFound
	if _, err := ts.ssm.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(tokenName)}); !errors.As(err, &notFound) {
		t.Errorf("get after delete: got %v, want ParameterNotFound", err)
	}
	if _, err := ts.ssm.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String(tokenName)}); !errors.As(err, &notFound) {
		t.Errorf("delete missing: got %v, want ParameterNotFound", err)
	}
	if out, err := put(tokenName, token, types.ParameterTypeSecureString, false); err != nil || out.Version != 1 {
		t.Errorf("put after delete: got %+v, %v; want version 1 again", out, err)
	}
}

func TestSSMValidation(t *testing.T) {
	ts := newTestStack(t)
	tests := []struct {
		name, param, value string
		typ                types.ParameterType
	}{
		{"reserved prefix", "/aws/relais", "x", types.ParameterTypeString},
		{"not fully qualified", "relais/config", "x", types.ParameterTypeString},
		{"bad characters", "/relais/a b", "x", types.ParameterTypeString},
		{"no type on create", "/relais/new", "x", ""},
		{"value too long", "/relais/big", strings.Repeat("x", 4097), types.ParameterTypeString},
	}
	for _, tt := range tests {
		_, err := ts.ssm.PutParameter(t.Context(), &ssm.PutParameterInput{Name: aws.String(tt.param), Value: aws.String(tt.value), Type: tt.typ})
		// Read the code itself: not every SDK release lists
		// ValidationException among PutParameter's typed errors.
		var api smithy.APIError
		if !errors.As(err, &api) || api.ErrorCode() != "ValidationException" {
			t.Errorf("%s: got %v, want ValidationException", tt.name, err)
		}
	}
}
