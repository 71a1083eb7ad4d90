package webhook

import (
	"context"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// rereadAfter is how old a secret's last read must be before it is read
// again: a secret found missing, so that configuring a network needs no
// restart, or one a signature did not match, so that a rotated secret
// works without one. Forged deliveries thus cost at most one read a
// minute per secret.
const rereadAfter = time.Minute

// secrets reads webhook secrets once per process and keeps them: a cold
// start reads each one the first time a delivery needs it.
type secrets struct {
	params relais.Parameters
	now    func() time.Time
	mu     sync.Mutex
	read   map[string]secretRead
}

// secretRead is the last read of one secret, or the one under way.
type secretRead struct {
	value string
	found bool
	at    time.Time
}

func newSecrets(params relais.Parameters, now func() time.Time) *secrets {
	return &secrets{params: params, now: now, read: map[string]secretRead{}}
}

// get returns the secret name, reading it the first time and again when it
// was found missing over a minute ago.
func (s *secrets) get(ctx context.Context, name string) (string, error) {
	now := s.now()
	s.mu.Lock()
	r, ok := s.read[name]
	if ok && (r.found || now.Sub(r.at) < rereadAfter) {
		s.mu.Unlock()
		if !r.found {
			return "", relais.Errorf(relais.ENOTFOUND, "parameter %s not found", name)
		}
		return r.value, nil
	}
	if ok {
		s.claim(name, r, now)
	}
	s.mu.Unlock()
	return s.load(ctx, name, now)
}

// refresh reads the secret name again after a signature it did not match,
// unless its last read is less than a minute old. It reports whether the
// value changed, so that the signature is checked once more.
func (s *secrets) refresh(ctx context.Context, name string) (string, bool) {
	now := s.now()
	s.mu.Lock()
	r := s.read[name]
	if !r.found || now.Sub(r.at) < rereadAfter {
		s.mu.Unlock()
		return r.value, false
	}
	s.claim(name, r, now)
	s.mu.Unlock()
	v, err := s.load(ctx, name, now)
	return v, err == nil && v != r.value
}

// claim dates the read about to start, so that concurrent deliveries
// within the minute keep the last value instead of reading too. s.mu is
// held.
func (s *secrets) claim(name string, r secretRead, now time.Time) {
	r.at = now
	s.read[name] = r
}

// load reads name from the parameter store and keeps what it found. A
// failed read keeps the last value; its claim, if any, stands.
func (s *secrets) load(ctx context.Context, name string, now time.Time) (string, error) {
	v, err := s.params.Get(ctx, name)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case err == nil:
		s.read[name] = secretRead{value: v, found: true, at: now}
	case relais.ErrorCode(err) == relais.ENOTFOUND:
		s.read[name] = secretRead{at: now}
	}
	return v, err
}
