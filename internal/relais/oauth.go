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
	// ClientAuth is how the app authenticates at TokenURL and RevokeURL.
	ClientAuth ClientAuth
	// ClientIDParam names the app's id parameter where the network does
	// not call it client_id (TikTok's client_key).
	ClientIDParam string
	// Upgrade exchanges the short-lived token a code gives for a
	// long-lived one at once (Meta's fb_exchange_token, Threads'
	// th_exchange_token); Renew renews a token when Refresh is
	// RefreshExchange.
	Upgrade, Renew *Exchange
	// ConsentParams are parameters the consent URL needs besides the
	// standard ones (Google's access_type=offline for a refresh token).
	ConsentParams map[string]string
}

// ClientAuth is how an app authenticates to a network's token endpoint.
type ClientAuth string

const (
	// ClientAuthBody sends the app's id and secret in the form, as most
	// networks document.
	ClientAuthBody ClientAuth = ""
	// ClientAuthBasic sends them with HTTP Basic (X, Pinterest).
	ClientAuthBasic ClientAuth = "basic"
)

// Exchange is a network's exchange of a current access token for a new
// one, in the network's own names.
type Exchange struct {
	// URL is where the exchange goes: TokenURL when empty.
	URL string
	// Method is GET (the default: Meta and Threads document query
	// parameters) or POST (a form).
	Method string
	// GrantType is its grant_type (fb_exchange_token, th_exchange_token,
	// th_refresh_token).
	GrantType string
	// TokenParam names the parameter carrying the current token.
	TokenParam string
	// ClientID and ClientSecret say which of the app's credentials go
	// with it.
	ClientID, ClientSecret bool
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
