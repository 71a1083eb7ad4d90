package tiktok

import "github.com/relais-dev/relais/internal/relais"

// ClientSecret signs TikTok's deliveries.
var ClientSecret = relais.Secret{Name: "tiktok/client-secret", Env: "RELAIS_TIKTOK_CLIENT_SECRET"}

// Spec declares TikTok, whose comments arrive by webhook.
var Spec = relais.Spec{
	Name: relais.TikTok, Label: "TikTok", Color: "#f2a900",
	Limits:      relais.Limits{MaxText: 2200, RequiresImage: true},
	NoMessaging: "TikTok offers no messaging API to business accounts; answer on TikTok",
	Webhook: &relais.Webhook{
		Path: "tiktok", Secret: ClientSecret, Verify: Verify, Parse: Parse,
		Header: SignatureHeader, Sign: Sign,
	},
}
