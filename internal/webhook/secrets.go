package webhook

import (
	"context"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// missingTTL is how long a secret found missing stays so before it is read
// again, so that configuring a network needs no restart.
const missingTTL = time.Minute

// secrets reads webhook secrets once per process: a cold start reads each
// one the first time a delivery needs it.
type secrets struct {
	params relais.Parameters
	mu     sync.Mutex
	known  map[string]string
	// missing holds when a secret was found missing.
	missing map[string]time.Time
	now     func() time.Time
}

func newSecrets(params relais.Parameters) *secrets {
	return &secrets{params: params, known: map[string]string{}, missing: map[string]time.Time{}, now: time.Now}
}

func (s *secrets) get(ctx context.Context, name string) (string, error) {
	s.mu.Lock()
	v, ok := s.known[name]
	at, gone := s.missing[name]
	s.mu.Unlock()
	if ok {
		return v, nil
	}
	if gone && s.now().Sub(at) < missingTTL {
		return "", relais.Errorf(relais.ENOTFOUND, "parameter %s not found", name)
	}
	v, err := s.params.Get(ctx, name)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case err == nil:
		s.known[name] = v
		delete(s.missing, name)
	case relais.ErrorCode(err) == relais.ENOTFOUND:
		s.missing[name] = s.now()
	}
	return v, err
}
