package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"time"

	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/gbp"
	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/pinterest"
	"github.com/relais-dev/relais/internal/posts"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/threads"
	"github.com/relais-dev/relais/internal/tiktok"
)

// imageAccounts are globex's accounts on the networks that take images,
// each on its network's fake.
var imageAccounts = []relais.AccountRef{
	{Network: relais.Facebook, ID: "globex-outdoor"},
	{Network: relais.Instagram, ID: "17841400000000077"},
	{Network: relais.X, ID: "1600000000000000077"},
	{Network: relais.LinkedIn, ID: "urn:li:organization:77"},
	{Network: relais.Mastodon, ID: "globex@mastodon.example"},
	{Network: relais.Bluesky, ID: "globex.bsky.social"},
	{Network: pinterest.Network, ID: "549755885177"},
	{Network: gbp.Network, ID: "accounts/77/locations/770"},
	{Network: threads.Network, ID: "17841400000000777"},
	{Network: tiktok.Network, ID: "globex-open-id"},
}

// imageOptions are the settings a post to a network says: TikTok's
// privacy has no default, and an app TikTok has not audited yet posts in
// private, which the post allows.
var imageOptions = map[relais.Network]map[string]string{
	tiktok.Network: {tiktok.OptionPrivacy: string(tiktok.PublicToEveryone), tiktok.OptionPrivateUntilAudit: "true"},
}

// demoImages uploads one picture into globex's media library, as the
// console and media add do, and publishes it with its description on
// every network that takes images, each through its own upload flow.
func demoImages(ctx context.Context, e *env, a *app, st *devstack.Stack) error {
	for _, ref := range imageAccounts {
		token := "demo-token-globex-" + string(ref.Network)
		if err := st.RegisterAccount(ref, token); err != nil {
			return err
		}
		if _, _, err := a.clients.Connect(ctx, relais.Account{ClientID: "globex", Network: ref.Network, ID: ref.ID}, token); err != nil {
			return err
		}
	}
	picture, err := boots()
	if err != nil {
		return err
	}
	created, err := a.media.Create(ctx, "globex", media.Declared{Type: "image/jpeg", Size: int64(len(picture)), Alt: "A pair of green trail boots on a rock"}, "camille")
	if err != nil {
		return err
	}
	if err := upload(ctx, created.Upload, picture); err != nil {
		return err
	}
	img, err := a.media.Complete(ctx, "globex", created.ID)
	if err != nil {
		return err
	}
	say(e.out, "    %s: a %d-byte JPEG in globex's media library, described %q\n", img.ID, img.Size, img.Alt)
	globex, err := a.store.Client(ctx, "globex")
	if err != nil {
		return err
	}
	at := time.Now().Add(3 * time.Second).In(globex.Location()).Format("2006-01-02T15:04:05")
	var planned []relais.Post
	for _, ref := range imageAccounts {
		p, err := a.posts.Schedule(ctx, posts.Draft{ClientID: "globex", Account: ref, At: at,
			Content: relais.Content{Text: "New trail boots, in store this week.", Media: []string{img.ID}, Options: imageOptions[ref.Network]}}, cliActor)
		if err != nil {
			return err
		}
		planned = append(planned, p)
	}
	for _, p := range planned {
		got, err := waitPost(ctx, a, p)
		if err != nil {
			return err
		}
		say(e.out, "    %-9s published with its image, network id %s\n", got.Account.Network, got.NetworkPostID)
	}
	return nil
}

// boots draws the demo's picture: a small JPEG, which every network takes.
func boots() ([]byte, error) {
	m := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for y := range 240 {
		for x := range 320 {
			m.Set(x, y, color.RGBA{R: uint8(40 + x/8), G: uint8(120 + y/4), B: 60, A: 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 80}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
