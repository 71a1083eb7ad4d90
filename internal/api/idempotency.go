package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/inbound"
)

// IdempotencyHeader names the key under which a creation is made once,
// however often it is sent.
const IdempotencyHeader = "Idempotency-Key"

// idempotent runs a creation once per caller and key: a retry with the
// same key and request gets the first answer again, marked replayed; the
// same key with another request is refused. A creation that fails
// forgets its key, so that a retry runs it again. Without a key, the
// creation just runs.
func (s *Server) idempotent(h func(http.ResponseWriter, *http.Request, auth.Identity) error) func(http.ResponseWriter, *http.Request, auth.Identity) error {
	return func(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
		name := r.Header.Get(IdempotencyHeader)
		if name == "" {
			return h(w, r, id)
		}
		if !inbound.Challenge(name) {
			return fail(http.StatusBadRequest, "Idempotency-Key must be 1 to 128 letters, digits or -_+/=")
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return fail(http.StatusRequestEntityTooLarge, "the body is too large")
		}
		sum := sha256.Sum256([]byte(r.Method + " " + r.URL.Path + "\n" + r.Header.Get("Content-Type") + "\n" + string(body)))
		hash := hex.EncodeToString(sum[:])
		partition := dynamo.IdempotencyPartition(r.PathValue("client"))
		prior, claimed, err := s.store.ClaimIdempotent(r.Context(), partition, id.Subject, name, hash)
		if err != nil {
			return err
		}
		if !claimed {
			switch {
			case prior.Hash != hash:
				return fail(http.StatusUnprocessableEntity, "this Idempotency-Key was used for another request")
			case !prior.Done:
				w.Header().Set("Retry-After", "1")
				return fail(http.StatusConflict, "a call with this Idempotency-Key is still running")
			}
			if prior.Location != "" {
				w.Header().Set("Location", prior.Location)
			}
			w.Header().Set("Idempotent-Replayed", "true")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(prior.Status)
			_, err := io.WriteString(w, prior.Body)
			return err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := &recorder{header: http.Header{}}
		if err := h(rec, r, id); err != nil || rec.status >= 300 {
			if rerr := s.store.ReleaseIdempotent(r.Context(), partition, id.Subject, name); rerr != nil {
				s.log.Error("release an idempotency key", "err", rerr)
			}
			if err != nil {
				return err
			}
		} else if err := s.store.CompleteIdempotent(r.Context(), partition, id.Subject, name, dynamo.Idempotent{
			Status: rec.status, Location: rec.header.Get("Location"), Body: rec.body.String(),
		}); err != nil {
			// Made, but not remembered: answer anyway; a retry would be
			// refused as still running until the key expires.
			s.log.Error("complete an idempotency key", "err", err)
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
		_, err = w.Write(rec.body.Bytes())
		return err
	}
}

// recorder keeps an answer to replay it later.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}
func (r *recorder) WriteHeader(status int) { r.status = status }
