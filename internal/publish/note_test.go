package publish_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/publish"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/tiktok"
	"github.com/relais-dev/relais/internal/tiktok/tiktokfake"
)

// TestNetworkNote: a TikTok post its unaudited app may only make private
// goes out private, as the post allows, and the publisher says so in the
// post's audit and its Post Published event.
func TestNetworkNote(t *testing.T) {
	ctx := context.Background()
	acct := relais.Account{ClientID: "acme", Network: tiktok.Network, ID: "act.acme"}
	s := relaistest.NewStore(t, now, []relais.Client{{ID: "acme", Name: "acme", TimeZone: "Europe/Paris", Locale: "fr"}}, acct)
	fake := tiktokfake.New()
	fake.AllowHTTP = true
	fake.RegisterAccount(acct.ID, token)
	var jpg bytes.Buffer
	relaistest.MustOK(t, jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 64, 64)), nil))
	photo := relaistest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/jpeg")
		_, _ = w.Write(jpg.Bytes())
	}))
	params := &relaistest.Parameters{}
	params.Set(settings.TokenParameter("acme", acct.Ref()), token)
	adapters := networks.New(networks.URLs{"tiktok": relaistest.Serve(t, fake)}, networks.DefaultTimeout)
	bus := &relaistest.Bus{}
	p := publish.New(s, bus, params, adapters.Publishers, settings, (&relaistest.LogBuffer{}).Logger())
	p.Now = func() time.Time { return now }
	post := relais.Post{ID: "p-tiktok", ClientID: "acme", Account: acct.Ref(), Text: "Nouveau brunch", ImageURL: photo + "/brunch.jpg",
		Options:  map[string]string{tiktok.OptionPrivacy: string(tiktok.PublicToEveryone), tiktok.OptionPrivateUntilAudit: "true"},
		TimeZone: "Europe/Paris", LocalTime: "2026-11-22T11:00:00", ScheduledAt: now, Status: relais.StatusScheduled}
	relaistest.MustOK(t, s.CreatePost(ctx, post, "cli", "scheduled"))
	relaistest.MustOK(t, p.Handle(ctx, relais.PublishInput{ClientID: "acme", PostID: post.ID}))

	var published *relais.PostPublished
	for _, e := range bus.Events() {
		if e, ok := e.(relais.PostPublished); ok {
			published = &e
		}
	}
	if published == nil || !strings.Contains(published.Note, "private until TikTok's audit") {
		t.Fatalf("Post Published: got %+v, want the note that the post went out private", published)
	}
	if got := fake.Posts(acct.ID); len(got) != 1 || got[0].Privacy != "SELF_ONLY" {
		t.Errorf("on TikTok: got %+v, want one SELF_ONLY post", got)
	}
}
