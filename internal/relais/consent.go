package relais

import "time"

// Consent is an account's OAuth consent under way from the API: what the
// person asked to connect, and the PKCE verifier the code's exchange
// needs. Its state is the one-time key the network sends back; it is
// taken once and lasts ConsentLife.
type Consent struct {
	State     string    `json:"-"`
	ClientID  string    `json:"clientId"`
	Network   Network   `json:"network"`
	AccountID string    `json:"accountId"`
	Verifier  string    `json:"-"`
	By        string    `json:"by"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// ConsentLife is how long a person has to consent on the network's page.
const ConsentLife = 15 * time.Minute
