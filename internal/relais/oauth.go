package relais

// OAuth is how a network lets an account grant Relais its token: the
// authorization-code flow, with PKCE where the network supports it.
// URLs are the production ones; the local stack serves the same paths on
// the network's fake.
type OAuth struct {
	// AuthURL is the consent page; TokenURL exchanges a code and refreshes
	// a token; RevokeURL, where there is one, revokes it.
	AuthURL, TokenURL, RevokeURL string
	Scopes                       []string
	// ScopeSeparator joins Scopes in the consent URL: a space by default,
	// a comma for the networks that document one.
	ScopeSeparator string
	PKCE           bool
	// Refresh is how a token is kept alive before it expires.
	Refresh Refresh
	// ClientID names the app's public id parameter, ClientSecret its
	// secret, both kept as secrets.
	ClientID, ClientSecret Secret
}

// Refresh is how a network renews an access token.
type Refresh string

const (
	// RefreshToken: a refresh_token grant, which may rotate the refresh
	// token.
	RefreshToken Refresh = "refresh_token"
	// RefreshExchange: a long-lived token is exchanged for a new one
	// before it expires (Meta's fb_exchange_token, Threads' th_refresh_token).
	RefreshExchange Refresh = "exchange"
	// RefreshNone: the token does not expire, or cannot be renewed
	// without the person (the person reconnects).
	RefreshNone Refresh = ""
)
