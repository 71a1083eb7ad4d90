package api

import (
	"net/http"

	"github.com/relais-dev/relais/internal/auth"
)

// SignIn is where the console signs people in: the OpenID issuer, whose
// discovery document names its endpoints, and the console's app client.
type SignIn struct {
	Issuer   string `json:"issuer"`
	ClientID string `json:"clientId"`
}

// config answers the sign-in settings, which the console needs before
// anyone is signed in.
func (s *Server) config(w http.ResponseWriter, _ *http.Request, _ auth.Identity) error {
	return writeJSON(w, http.StatusOK, s.signIn)
}
