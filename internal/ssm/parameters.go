// Package ssm reads and writes Relais' secrets and tokens in Parameter
// Store, as SecureString parameters.
package ssm

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/relais"
)

// API is the part of the SSM client Relais uses.
type API interface {
	GetParameter(ctx context.Context, in *ssm.GetParameterInput, opts ...func(*ssm.Options)) (*ssm.GetParameterOutput, error)
	PutParameter(ctx context.Context, in *ssm.PutParameterInput, opts ...func(*ssm.Options)) (*ssm.PutParameterOutput, error)
}

var _ relais.Parameters = (*Parameters)(nil)

// Parameters reads parameters on first use and keeps them for Keep: a
// warm Lambda reads each once in that time, init makes no network call,
// and a token another function renewed is read again well before the old
// one expires (tokens are renewed at least 15 minutes ahead).
type Parameters struct {
	// Keep is how long a value read is kept; Now reads the clock.
	Keep time.Duration
	Now  func() time.Time

	api   API
	mu    sync.Mutex
	cache map[string]kept
}

// kept is a value and when it was read.
type kept struct {
	value string
	at    time.Time
}

// DefaultKeep is how long Parameters keep a value by default.
const DefaultKeep = 5 * time.Minute

// New returns parameters read through api.
func New(api API) *Parameters {
	return &Parameters{Keep: DefaultKeep, Now: time.Now, api: api, cache: map[string]kept{}}
}

// Get returns a parameter's decrypted value, or ENOTFOUND. Errors name the
// parameter, never its value.
func (p *Parameters) Get(ctx context.Context, name string) (string, error) {
	p.mu.Lock()
	k, ok := p.cache[name]
	p.mu.Unlock()
	if ok && p.Now().Sub(k.at) < p.Keep {
		return k.value, nil
	}
	out, err := p.api.GetParameter(ctx, &ssm.GetParameterInput{Name: &name, WithDecryption: aws.Bool(true)})
	var nf *types.ParameterNotFound
	if errors.As(err, &nf) {
		return "", relais.Errorf(relais.ENOTFOUND, "parameter %s is not set", name)
	}
	if err != nil {
		return "", fmt.Errorf("ssm: get %s: %w", name, err)
	}
	v := aws.ToString(out.Parameter.Value)
	p.mu.Lock()
	p.cache[name] = kept{value: v, at: p.Now()}
	p.mu.Unlock()
	return v, nil
}

// PutSecure stores a secret value, replacing any earlier one.
func (p *Parameters) PutSecure(ctx context.Context, name, value string) error {
	return p.put(ctx, name, value, types.ParameterTypeSecureString)
}

// PutString stores a plain value, replacing any earlier one.
func (p *Parameters) PutString(ctx context.Context, name, value string) error {
	return p.put(ctx, name, value, types.ParameterTypeString)
}

func (p *Parameters) put(ctx context.Context, name, value string, typ types.ParameterType) error {
	_, err := p.api.PutParameter(ctx, &ssm.PutParameterInput{
		Name: &name, Value: &value, Type: typ, Overwrite: aws.Bool(true),
	})
	if err != nil {
		return fmt.Errorf("ssm: put %s: %w", name, err)
	}
	p.mu.Lock()
	p.cache[name] = kept{value: value, at: p.Now()}
	p.mu.Unlock()
	return nil
}

// Connect returns parameters read through a client on the endpoint of e.
func Connect(cfg aws.Config, e config.Endpoints) *Parameters {
	return New(ssm.NewFromConfig(cfg, func(o *ssm.Options) {
		if e.AWS != "" {
			o.BaseEndpoint = aws.String(e.AWS)
		}
	}))
}
