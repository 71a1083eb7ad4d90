package blueskyfake

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// serviceToken is a token com.atproto.server.getServiceAuth issued: the
// PDS signs a JWT for another service (its aud), bound to one method (its
// lxm); the fake keeps what the JWT would say.
type serviceToken struct {
	did, aud, lxm string
	expires       time.Time
}

// getServiceAuth handles com.atproto.server.getServiceAuth as the
// reference PDS does: aud must be a DID; exp (Unix seconds, 60 s ahead
// when absent) may not be past nor over an hour ahead, nor over a minute
// for a token bound to no method.
func (s *Server) getServiceAuth(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !requireParams(w, q.Get, "aud") {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, t, ok := s.bearer(w, r, accessToken)
	if !ok {
		return
	}
	aud, lxm, now := q.Get("aud"), q.Get("lxm"), s.Now()
	if !strings.HasPrefix(aud, "did:") {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "aud must be a valid atproto DID or did#serviceId reference")
		return
	}
	exp := now.Add(time.Minute)
	if v := q.Get("exp"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "Error: exp must be an integer")
			return
		}
		exp = time.Unix(n, 0)
		switch d := exp.Sub(now); {
		case d < 0:
			writeError(w, http.StatusBadRequest, "BadExpiration", "expiration is in past")
			return
		case d > time.Hour:
			writeError(w, http.StatusBadRequest, "BadExpiration", "cannot request a token with an expiration more than an hour in the future")
			return
		case lxm == "" && d > time.Minute:
			writeError(w, http.StatusBadRequest, "BadExpiration", "cannot request a method-less token with an expiration more than a minute in the future")
			return
		}
	}
	v := newToken("svc")
	s.services[v] = &serviceToken{did: t.did, aud: aud, lxm: lxm, expires: exp}
	writeJSON(w, map[string]string{"token": v})
}

// serviceCaller checks a call to a service (the video service) bears a
// service token for it (aud) and for the method called (lxm), as
// @atproto/xrpc-server verifies the JWT, and answers its errors
// otherwise; s.mu is held.
func (s *Server) serviceCaller(w http.ResponseWriter, r *http.Request, lxm string) (*serviceToken, bool) {
	v, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	t := s.services[v]
	switch {
	case !ok || v == "":
		writeError(w, http.StatusUnauthorized, "AuthMissing", "Authentication Required")
	case t == nil:
		writeError(w, http.StatusUnauthorized, "BadJwt", "Token could not be verified")
	case !s.Now().Before(t.expires):
		writeError(w, http.StatusUnauthorized, "JwtExpired", "jwt expired")
	case t.aud != hostDID(r):
		writeError(w, http.StatusUnauthorized, "BadJwtAudience", "jwt audience does not match service did")
	case t.lxm != lxm:
		writeError(w, http.StatusUnauthorized, "BadJwtLexiconMethod", `bad jwt lexicon method ("lxm"). must match: `+lxm)
	default:
		return t, true
	}
	return nil, false
}

// hostDID is the did:web of the host a request reached, port left out:
// the fake is both the PDS and the video service, so each service's DID
// is its own.
func hostDID(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	return "did:web:" + host
}

// baseURL is the fake's URL as the request reached it, for the DID
// documents sessions carry.
func baseURL(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}
