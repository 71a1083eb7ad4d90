package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"slices"
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

// demoImages uploads a picture and a short video into globex's media
// library, as the console and media add do, and publishes the picture with
// its description on every network that takes images, then the video on
// every network that takes videos, each through its own upload flow.
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
	img, err := addMedia(ctx, e, a, "image/jpeg", picture, "A pair of green trail boots on a rock")
	if err != nil {
		return err
	}
	if err := publishEverywhere(ctx, e, a, img, "New trail boots, in store this week.", relais.FormatImage); err != nil {
		return err
	}
	video, err := addMedia(ctx, e, a, "video/mp4", clip(), "The boots on a muddy trail, in slow motion")
	if err != nil {
		return err
	}
	return publishEverywhere(ctx, e, a, video, "Tested on the trail: the boots in action.", relais.FormatVideo)
}

// addMedia uploads one file into globex's media library, as media add
// does.
func addMedia(ctx context.Context, e *env, a *app, typ string, b []byte, alt string) (media.Item, error) {
	created, err := a.media.Create(ctx, "globex", media.Declared{Type: typ, Size: int64(len(b)), Alt: alt}, "camille")
	if err != nil {
		return media.Item{}, err
	}
	if err := upload(ctx, created.Upload, b); err != nil {
		return media.Item{}, err
	}
	it, err := a.media.Complete(ctx, "globex", created.ID)
	if err != nil {
		return media.Item{}, err
	}
	say(e.out, "    %s: a %d-byte %s in globex's media library, described %q\n", it.ID, it.Size, it.Type, it.Alt)
	return it, nil
}

// publishEverywhere posts one media item on each of globex's accounts
// whose network takes its format, a few seconds ahead, and waits for
// them.
func publishEverywhere(ctx context.Context, e *env, a *app, it media.Item, text string, format relais.Format) error {
	globex, err := a.store.Client(ctx, "globex")
	if err != nil {
		return err
	}
	at := time.Now().Add(3 * time.Second).In(globex.Location()).Format("2006-01-02T15:04:05")
	var planned []relais.Post
	for _, ref := range imageAccounts {
		if spec, _ := relais.SpecOf(ref.Network); !slices.Contains(spec.Formats, format) {
			continue
		}
		p, err := a.posts.Schedule(ctx, posts.Draft{ClientID: "globex", Account: ref, At: at,
			Content: relais.Content{Text: text, Media: []string{it.ID}, Options: imageOptions[ref.Network]}}, cliActor)
		if err != nil {
			return fmt.Errorf("schedule the %s on %s: %w", format, ref.Network, err)
		}
		planned = append(planned, p)
	}
	for _, p := range planned {
		got, err := waitPost(ctx, a, p)
		if err != nil {
			return err
		}
		say(e.out, "    %-9s published with its %s, network id %s\n", got.Account.Network, format, got.NetworkPostID)
	}
	return nil
}

// clip makes the demo's video: an MP4's leading ftyp box, then 1 MiB of
// media data, which the networks' fakes take as an MP4 (they do not
// decode frames).
func clip() []byte {
	b := []byte{0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'}
	const data = 1 << 20
	b = append(b, 0, 0, 0, 0, 'm', 'd', 'a', 't')
	binary.BigEndian.PutUint32(b[len(b)-8:], data+8)
	return append(b, bytes.Repeat([]byte{0x42}, data)...)
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
