package localaws

import (
	"crypto/hmac"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// localSecrets are the secret keys of the local stack's credentials
// (internal/sdkconfig), with which the emulator checks pre-signed URLs.
var localSecrets = map[string]string{"local": "local"}

// WithSecretKey lets the server check the signatures of pre-signed URLs
// made with one more access key. URLs signed with a key it does not know
// are checked for their expiry only.
func WithSecretKey(accessKeyID, secret string) Option {
	return func(s *Server) { s.secrets[accessKeyID] = secret }
}

// presignedSignatureMatches recomputes a pre-signed URL's SigV4
// signature as S3 does: over the method, the path as sent, the query
// without the signature, and the headers the URL names as signed, with
// the request's own values. An upload signed for a Content-Type or a
// Content-Length is refused with any other. It reports true when the key
// is unknown.
func (s *Server) presignedSignatureMatches(r *http.Request, q url.Values, signed time.Time) bool {
	scope := credentialScope(r)
	if scope == nil {
		return false
	}
	s.mu.Lock()
	secret, known := s.secrets[scope[0]]
	s.mu.Unlock()
	if !known {
		return true
	}
	unsigned := url.Values{}
	for k, v := range q {
		if k != "X-Amz-Signature" {
			unsigned[k] = v
		}
	}
	u := &url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawPath: r.URL.EscapedPath(), RawQuery: unsigned.Encode()}
	req, err := http.NewRequestWithContext(r.Context(), r.Method, u.String(), nil)
	if err != nil {
		return false
	}
	req.Host = r.Host
	for _, h := range strings.Split(q.Get("X-Amz-SignedHeaders"), ";") {
		switch h {
		case "host":
		case "content-length":
			req.ContentLength = r.ContentLength
		default:
			req.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
		}
	}
	creds := aws.Credentials{AccessKeyID: scope[0], SecretAccessKey: secret, SessionToken: q.Get("X-Amz-Security-Token")}
	// S3 signs its paths escaped once, and leaves the payload unsigned in
	// a pre-signed URL.
	again, _, err := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true }).
		PresignHTTP(r.Context(), creds, req, "UNSIGNED-PAYLOAD", scope[3], scope[2], signed)
	if err != nil {
		return false
	}
	au, err := url.Parse(again)
	if err != nil {
		return false
	}
	return hmac.Equal([]byte(au.Query().Get("X-Amz-Signature")), []byte(q.Get("X-Amz-Signature")))
}
