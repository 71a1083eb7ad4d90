package tiktok

import (
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// Privacy is who may see a post on TikTok: post_info.privacy_level. It
// must be one of the account's options, which creator_info gives: a
// public account offers PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS and
// SELF_ONLY; a private one FOLLOWER_OF_CREATOR, MUTUAL_FOLLOW_FRIENDS and
// SELF_ONLY.
type Privacy string

const (
	PublicToEveryone    Privacy = "PUBLIC_TO_EVERYONE"
	MutualFollowFriends Privacy = "MUTUAL_FOLLOW_FRIENDS"
	FollowerOfCreator   Privacy = "FOLLOWER_OF_CREATOR"
	SelfOnly            Privacy = "SELF_ONLY"
)

// ParsePrivacy reads a privacy level as TikTok spells it.
func ParsePrivacy(s string) (Privacy, error) {
	switch p := Privacy(s); p {
	case PublicToEveryone, MutualFollowFriends, FollowerOfCreator, SelfOnly:
		return p, nil
	}
	return "", relais.Errorf(relais.EINVALID, "unknown TikTok privacy level %q (want %s, %s, %s or %s)", s, PublicToEveryone, MutualFollowFriends, FollowerOfCreator, SelfOnly)
}

// PostOptions are what a TikTok post says beyond its content. TikTok's
// guidelines have the person choose them, with no default: Relais makes
// none up.
type PostOptions struct {
	// Privacy is who may see the post. It is required, except on an app
	// that has not passed TikTok's audit (Client.Audited unset) when
	// PrivateUntilAudit is set: the post then goes out SELF_ONLY.
	Privacy Privacy
	// PrivateUntilAudit lets the post go out SELF_ONLY, seen only by the
	// account, when TikTok refuses Privacy because the app has not passed
	// its audit; unset, such a post is refused and nothing goes out.
	PrivateUntilAudit bool
	// AllowComment, AllowDuet and AllowStitch let others comment, duet
	// and stitch the post; off unless set, as TikTok's guidelines want,
	// and off whatever is set where the creator's settings turn them off.
	// Photo posts take no duets or stitches.
	AllowComment, AllowDuet, AllowStitch bool
	// BrandContent discloses a paid partnership promoting a third party;
	// BrandOrganic a post promoting the creator's own business.
	BrandContent, BrandOrganic bool
}

// The options a post to TikTok gives (relais.Spec.Options), as the CLI
// (--option privacy=SELF_ONLY) and the API name them.
const (
	OptionPrivacy           = "privacy"
	OptionPrivateUntilAudit = "private_until_audit"
	OptionAllowComment      = "allow_comment"
	OptionAllowDuet         = "allow_duet"
	OptionAllowStitch       = "allow_stitch"
	OptionBrandContent      = "brand_content"
	OptionBrandOrganic      = "brand_organic"
)

// options are the options Spec declares.
var options = []relais.Option{
	{Name: OptionPrivacy, Required: true, Help: "who may see the post; TikTok has no default",
		Values: []string{string(PublicToEveryone), string(MutualFollowFriends), string(FollowerOfCreator), string(SelfOnly)}},
	{Name: OptionPrivateUntilAudit, Help: "go out seen by the account only while TikTok has not audited the app, instead of being refused"},
	{Name: OptionAllowComment, Help: "let others comment"},
	{Name: OptionAllowDuet, Help: "let others duet a video"},
	{Name: OptionAllowStitch, Help: "let others stitch a video"},
	{Name: OptionBrandContent, Help: "a paid partnership promoting a third party"},
	{Name: OptionBrandOrganic, Help: "promotes the creator's own business"},
}

// optionsOf reads a post's options, which the guards checked against
// Spec when it was scheduled.
func optionsOf(m map[string]string) PostOptions {
	yes := func(name string) bool { return m[name] == "true" }
	return PostOptions{Privacy: Privacy(m[OptionPrivacy]), PrivateUntilAudit: yes(OptionPrivateUntilAudit),
		AllowComment: yes(OptionAllowComment), AllowDuet: yes(OptionAllowDuet), AllowStitch: yes(OptionAllowStitch),
		BrandContent: yes(OptionBrandContent), BrandOrganic: yes(OptionBrandOrganic)}
}

// Published is what a publish made.
type Published struct {
	// ID is the post's public video id; a post TikTok gives none (one
	// not PUBLIC_TO_EVERYONE, or one still in moderation) is named by its
	// PublishID, which Metrics also takes.
	ID        string
	PublishID string
	// Privacy is who may see the post, which may be SELF_ONLY where
	// another was asked (PrivateUntilAudit).
	Privacy Privacy
	// PrivateUntilAudit is set when the post went out SELF_ONLY because
	// the app has not passed TikTok's audit.
	PrivateUntilAudit bool
	// Note says, for a person, what differs from what was asked, or "".
	Note string
}

// join lists privacy levels for a message.
func join(ps []Privacy) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, ", ")
}
