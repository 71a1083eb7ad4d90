package ssm

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// store is a parameter store that counts its reads.
type store struct {
	values map[string]string
	reads  int
}

func (s *store) GetParameter(_ context.Context, in *ssm.GetParameterInput, _ ...func(*ssm.Options)) (*ssm.GetParameterOutput, error) {
	s.reads++
	v, ok := s.values[*in.Name]
	if !ok {
		return nil, &types.ParameterNotFound{}
	}
	return &ssm.GetParameterOutput{Parameter: &types.Parameter{Value: aws.String(v)}}, nil
}

func (s *store) PutParameter(_ context.Context, in *ssm.PutParameterInput, _ ...func(*ssm.Options)) (*ssm.PutParameterOutput, error) {
	s.values[*in.Name] = *in.Value
	return &ssm.PutParameterOutput{}, nil
}

// TestKeepsValuesForAWhile: a value is read once within Keep, and read
// again after it, so that a token another function renewed is seen.
func TestKeepsValuesForAWhile(t *testing.T) {
	s := &store{values: map[string]string{"/relais/tokens/acme/x/1": "old"}}
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	p := New(s)
	p.Now = func() time.Time { return now }
	ctx := context.Background()
	tests := []struct {
		after     time.Duration
		want      string
		wantReads int
	}{
		{0, "old", 1},
		{DefaultKeep - time.Second, "old", 1},
		{DefaultKeep, "new", 2},
	}
	for _, tt := range tests {
		if tt.after > 0 {
			s.values["/relais/tokens/acme/x/1"] = "new" // renewed elsewhere
		}
		now = time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC).Add(tt.after)
		got, err := p.Get(ctx, "/relais/tokens/acme/x/1")
		if err != nil || got != tt.want || s.reads != tt.wantReads {
			t.Errorf("after %s: got %q (%v) with %d reads, want %q with %d", tt.after, got, err, s.reads, tt.want, tt.wantReads)
		}
	}
}
