package metafake

import (
	"fmt"
	"net/http"

	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
)

// Graph error codes the fake answers with.
const (
	codeService    = 2
	codeThrottled  = 4
	codeInvalid    = 100
	codeToken      = 190
	codeDuplicate  = 506
	subcodeExpired = 463
	subcodeUnknown = 33
	// subcodeNotAuthorized is a token whose person removed the app (or
	// whose grant Relais revoked): "App Not Installed" in Meta's access
	// token error table. codeAppCredentials is a refusal of the app's id
	// or secret at the token endpoint; codePageTokenNeeded a person's
	// user token on a call a Page makes as itself (a permission error,
	// the 200 range).
	subcodeNotAuthorized = 458
	codeAppCredentials   = 101
	codePageTokenNeeded  = 200
	// codeMissingParam, codeFetchVideo and codeVideoFile: a required
	// parameter missing, a video file_url Meta cannot fetch, a video file
	// it cannot process (the error tables of the videos edges);
	// codeImageFile, an image it cannot use (unconfirmed for a photo by
	// url: Graph's "Missing or invalid image file").
	codeMissingParam = 194
	codeImageFile    = 324
	codeFetchVideo   = 389
	codeVideoFile    = 6000
	// codeLimit/subcodeLimit: Instagram's posts-per-24-hours limit, and
	// codeNotReady/subcodeNotReady: a container not ready to publish
	// (both unconfirmed: from Meta's content publishing error table).
	codeLimit       = 9
	subcodeLimit    = 2207042
	codeNotReady    = 9007
	subcodeNotReady = 2207027
)

// writeError answers Meta's error body: a token error is an
// OAuthException, any other a GraphMethodException.
func writeError(w http.ResponseWriter, status, code, subcode int, msg string) {
	typ := "GraphMethodException"
	if code == codeToken {
		typ = "OAuthException"
	}
	writeTypedError(w, status, typ, code, subcode, msg)
}

// writeTypedError answers Meta's error body with its type.
func writeTypedError(w http.ResponseWriter, status int, typ string, code, subcode int, msg string) {
	graphfake.WriteError(w, status, typ, code, subcode, msg)
}

// unsupported is Meta's answer for an object that does not exist, or that
// the token cannot see, or a method the object lacks.
func unsupported(w http.ResponseWriter, method, id string) {
	graphfake.Unsupported(w, "GraphMethodException", method, id)
}

// answers writes netfake's injected faults as Meta does.
type answers struct{ s *Server }

// ServerError is Meta's 500 with code 2 (service temporarily unavailable).
func (answers) ServerError(w http.ResponseWriter) {
	writeError(w, http.StatusInternalServerError, codeService, 0, "An unexpected error has occurred. Please retry your request later.")
}

// RateLimited is Meta's throttling answer: code 4 with the usage headers.
// Meta sends it with 400 (some report 403: unconfirmed); the adapter reads
// the code, not the status.
func (a answers) RateLimited(w http.ResponseWriter) {
	w.Header().Set("X-App-Usage", `{"call_count":100,"total_cputime":20,"total_time":25}`)
	w.Header().Set("X-Business-Use-Case-Usage", fmt.Sprintf(
		`{"1":[{"type":"pages","call_count":100,"total_cputime":20,"total_time":25,"estimated_time_to_regain_access":%d}]}`, a.s.ThrottleMinutes))
	writeError(w, http.StatusBadRequest, codeThrottled, 0, "(#4) Application request limit reached")
}
