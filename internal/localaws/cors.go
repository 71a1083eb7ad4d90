package localaws

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// CORSRule is one rule of a bucket's CORS configuration, as S3 takes it:
// the origins, methods and request headers it allows ("*" matches any),
// the answer headers a page may read, and how long a browser may keep a
// preflight's answer.
type CORSRule struct {
	AllowedOrigins []string
	AllowedMethods []string
	AllowedHeaders []string
	ExposeHeaders  []string
	MaxAgeSeconds  int
}

// WithBucketCORS creates a bucket, if need be, with a CORS configuration,
// as infra configures the media bucket for the console's origin.
func WithBucketCORS(name string, rules ...CORSRule) Option {
	return func(s *Server) {
		if s.buckets[name] == nil {
			s.buckets[name] = newBucket()
		}
		s.buckets[name].cors = rules
	}
}

// corsRule returns the bucket's first rule that allows origin, method and
// every one of headers, as S3 evaluates them.
func (s *Server) corsRule(bucketName, origin, method string, headers []string) (CORSRule, bool) {
	s.mu.Lock()
	b := s.buckets[bucketName]
	var rules []CORSRule
	if b != nil {
		rules = b.cors
	}
	s.mu.Unlock()
	for _, r := range rules {
		if !matchesAny(r.AllowedOrigins, origin, false) || !slices.Contains(r.AllowedMethods, method) {
			continue
		}
		allowed := true
		for _, h := range headers {
			allowed = allowed && matchesAny(r.AllowedHeaders, h, true)
		}
		if allowed {
			return r, true
		}
	}
	return CORSRule{}, false
}

// matchesAny reports whether v matches one of patterns, each of which may
// hold one "*" wildcard.
func matchesAny(patterns []string, v string, fold bool) bool {
	for _, p := range patterns {
		if fold {
			p, v = strings.ToLower(p), strings.ToLower(v)
		}
		prefix, suffix, wild := strings.Cut(p, "*")
		if p == v || (wild && len(v) >= len(prefix)+len(suffix) && strings.HasPrefix(v, prefix) && strings.HasSuffix(v, suffix)) {
			return true
		}
	}
	return false
}

// allowOrigin sets the headers of an answer a rule allows.
func allowOrigin(h http.Header, r CORSRule, origin string) {
	if slices.Contains(r.AllowedOrigins, "*") {
		h.Set("Access-Control-Allow-Origin", "*")
	} else {
		h.Set("Access-Control-Allow-Origin", origin)
	}
	h.Set("Access-Control-Allow-Methods", strings.Join(r.AllowedMethods, ", "))
	if len(r.ExposeHeaders) > 0 {
		h.Set("Access-Control-Expose-Headers", strings.Join(r.ExposeHeaders, ", "))
	}
}

// preflight answers a CORS preflight (OPTIONS) on a bucket or an object,
// which S3 serves unsigned.
func (s *Server) preflight(w http.ResponseWriter, r *http.Request, bucketName string) error {
	origin, method := r.Header.Get("Origin"), r.Header.Get("Access-Control-Request-Method")
	if origin == "" || method == "" {
		return newAPIError(http.StatusBadRequest, "BadRequest", "Insufficient information. Origin request header needed.")
	}
	var headers []string
	for _, h := range strings.Split(r.Header.Get("Access-Control-Request-Headers"), ",") {
		if h = strings.TrimSpace(h); h != "" {
			headers = append(headers, h)
		}
	}
	rule, ok := s.corsRule(bucketName, origin, method, headers)
	if !ok {
		return newAPIError(http.StatusForbidden, "AccessForbidden", "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.")
	}
	h := w.Header()
	h.Set("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method")
	allowOrigin(h, rule, origin)
	if len(headers) > 0 {
		h.Set("Access-Control-Allow-Headers", strings.Join(headers, ", "))
	}
	if rule.MaxAgeSeconds > 0 {
		h.Set("Access-Control-Max-Age", strconv.Itoa(rule.MaxAgeSeconds))
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

// corsHeaders adds to any answer, errors included, the headers that let
// an allowed origin's page read it.
func (s *Server) corsHeaders(w http.ResponseWriter, r *http.Request, bucketName string) {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return
	}
	w.Header().Add("Vary", "Origin")
	if rule, ok := s.corsRule(bucketName, origin, r.Method, nil); ok {
		allowOrigin(w.Header(), rule, origin)
	}
}
