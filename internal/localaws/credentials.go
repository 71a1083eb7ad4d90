package localaws

import (
	"net/http"
	"strings"
)

// ExpireAccessKey makes the credentials of access key id expired, as a
// Lambda's temporary credentials are within hours: S3 then refuses every
// request signed with them, pre-signed URLs included, with ExpiredToken.
// Other access keys keep working, so a test rotates credentials by
// signing with a new key and expiring the old one.
func (s *Server) ExpireAccessKey(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expiredKeys[id] = true
}

// accessKeyExpired reports whether r is signed with expired credentials.
func (s *Server) accessKeyExpired(r *http.Request) bool {
	id := accessKeyID(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	return id != "" && s.expiredKeys[id]
}

// credentialScope returns the parts of a SigV4 request's credential, from
// its Authorization header or pre-signed query:
// key-id/date/region/service/aws4_request. It returns nil when the
// request carries no such credential.
func credentialScope(r *http.Request) []string {
	credential := r.URL.Query().Get("X-Amz-Credential")
	if auth := r.Header.Get("Authorization"); auth != "" {
		if _, after, ok := strings.Cut(auth, "Credential="); ok {
			credential, _, _ = strings.Cut(after, ",")
		}
	}
	scope := strings.Split(credential, "/")
	if len(scope) != 5 {
		return nil
	}
	return scope
}

// signingService returns the service a SigV4 request was signed for.
func signingService(r *http.Request) string {
	if scope := credentialScope(r); scope != nil {
		return scope[3]
	}
	return ""
}

// accessKeyID returns the access key id a SigV4 request was signed with.
func accessKeyID(r *http.Request) string {
	if scope := credentialScope(r); scope != nil {
		return scope[0]
	}
	return ""
}
