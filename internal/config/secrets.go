package config

// WebhookSecret is a secret kept under <prefix>/secrets: one the webhook
// function checks deliveries with, or the links' signing key. In AWS it is
// a SecureString parameter; `relais dev` takes it from the
// environment variable Env.
type WebhookSecret struct {
	Name string
	Env  string
}

// The webhook secrets, one or two per webhook path.
var (
	MetaAppSecret        = WebhookSecret{Name: "meta/app-secret", Env: "RELAIS_META_APP_SECRET"}
	MetaVerifyToken      = WebhookSecret{Name: "meta/verify-token", Env: "RELAIS_META_VERIFY_TOKEN"}
	XConsumerSecret      = WebhookSecret{Name: "x/consumer-secret", Env: "RELAIS_X_CONSUMER_SECRET"}
	LinkedInClientSecret = WebhookSecret{Name: "linkedin/client-secret", Env: "RELAIS_LINKEDIN_CLIENT_SECRET"}
	TikTokClientSecret   = WebhookSecret{Name: "tiktok/client-secret", Env: "RELAIS_TIKTOK_CLIENT_SECRET"}
	// SandboxSecret is made up by the local stack at each start.
	SandboxSecret = WebhookSecret{Name: "sandbox"}
	// LinksSigningKey signs report links (internal/links): at least 32
	// random characters, which the operator puts once, and which
	// relais dev makes up at each start. Changing it revokes every link.
	LinksSigningKey = WebhookSecret{Name: "links/signing-key"}
)

// WebhookSecrets lists the secrets an operator configures.
var WebhookSecrets = []WebhookSecret{MetaAppSecret, MetaVerifyToken, XConsumerSecret, LinkedInClientSecret, TikTokClientSecret}
