package relais

import "testing"

// TestImagesCountForTheNetworksThatNeedOne: Instagram and TikTok take a
// post with an image, given by URL or uploaded, and refuse one without.
// selfOnly is the privacy a TikTok post must say.
var selfOnly = map[string]string{"privacy": "SELF_ONLY"}

func TestImagesCountForTheNetworksThatNeedOne(t *testing.T) {
	tests := []struct {
		name string
		c    Content
		n    Network
		want bool
	}{
		{"Instagram, text alone", Content{Text: "Bonjour"}, Instagram, false},
		{"Instagram, an image URL", Content{Text: "Bonjour", ImageURL: "https://cdn.example/a.png"}, Instagram, true},
		{"Instagram, an uploaded image", Content{Text: "Bonjour", Media: []string{"m1"}}, Instagram, true},
		{"TikTok, an uploaded image", Content{Text: "Bonjour", Media: []string{"m1"}, Options: selfOnly}, TikTok, true},
		{"TikTok, text alone", Content{Text: "Bonjour", Options: selfOnly}, TikTok, false},
		{"X, text alone", Content{Text: "Bonjour"}, X, true},
	}
	for _, tt := range tests {
		if got := CheckLimits(tt.c, tt.n) == nil; got != tt.want {
			t.Errorf("%s: got allowed %v, want %v", tt.name, got, tt.want)
		}
	}
}
