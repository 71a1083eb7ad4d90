package relais

// Network is a social network's one name, used alike in the CLI, keys,
// events and logs. The networks are those registered (Register); the
// names below are the ones the rest of Relais refers to by name (the
// demo, the tests).
type Network string

const (
	Facebook  Network = "facebook"
	Instagram Network = "instagram"
	X         Network = "x"
	LinkedIn  Network = "linkedin"
	TikTok    Network = "tiktok"
	Mastodon  Network = "mastodon"
	Bluesky   Network = "bluesky"
	Sandbox   Network = "sandbox"
)
