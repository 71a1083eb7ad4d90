package main

import (
	"context"
	"fmt"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
)

// demoPosts are the bakery's posts of the fortnight the demo imports.
var demoPosts = []string{
	"Nouvelle fournée de croissants ce matin ! Venez les goûter tant qu’ils sont chauds.",
	"Notre pain au levain du week-end est de retour : réservez-le dès maintenant.",
	"Atelier pâtisserie pour les enfants mercredi à 15 h, il reste quelques places.",
	"Merci pour vos 500 avis ! Une viennoiserie offerte samedi pour fêter ça.",
	"La tarte aux pommes de saison est arrivée en vitrine.",
	"Fermeture exceptionnelle lundi pour inventaire, à mardi !",
	"Découvrez les coulisses du fournil à 5 h du matin.",
	"Concours : gagnez une galette pour six en partageant cette publication.",
	"Nos baguettes tradition ont reçu le label « Boulangerie de qualité ».",
	"Nouveau : le brunch du dimanche sur réservation.",
}

var demoExamples = []struct {
	action  relais.Action
	label   string
	text    string
	flagged []string
}{
	{relais.ActionHide, "insult", "Vous êtes des escrocs et des voleurs", []string{"escrocs", "voleurs"}},
	{relais.ActionReview, "spam", "Gagnez un iPhone ici : bit.ly/cadeau-gratuit", nil},
	{relais.ActionHide, "insult", "Service minable, des nuls", []string{"minable", "nuls"}},
}

// importHistory writes a client's activity of the two weeks before the
// current one, as the webhook, the moderator and the reporter would have
// counted it, so that the demo's report reads like a real week's: day
// counters per network, published posts with their engagement, a crisis
// and moderation examples. The figures vary by day but are the same at
// every run.
func importHistory(ctx context.Context, s *dynamo.Store, c relais.Client, accounts []relais.AccountRef, now time.Time) error {
	loc := c.Location()
	today := now.In(loc)
	monday := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	start := monday.AddDate(0, 0, -14)
	post := 0
	for d := range 14 {
		day := start.AddDate(0, 0, d)
		for i, ref := range accounts {
			// A busier second week, quieter weekends, and noise.
			n := 35 + noise(d*7+i)%45 + int64(d*3)
			if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
				n /= 2
			}
			negative := n / 8
			if d == 10 && i == 0 {
				negative = n / 2 // the day of the crisis
			}
			responses := n / 5
			counts := map[string]int64{
				relais.CountInteractions:                        n,
				relais.CountKind(relais.KindComment):            n * 7 / 10,
				relais.CountKind(relais.KindReply):              n - n*7/10,
				relais.CountSentiment(relais.SentimentNegative): negative,
				relais.CountSentiment(relais.SentimentPositive): (n - negative) * 6 / 10,
				relais.CountSentiment(relais.SentimentNeutral):  n - negative - (n-negative)*6/10,
				relais.CountHidden:                              negative / 4,
				relais.CountReview:                              n / 25,
				relais.CountReplied:                             responses,
				relais.CountAllowed:                             n - negative/4 - n/25,
				relais.CountResponses:                           responses,
			}
			// Most answers within the hour, a few late.
			for b, share := range []int64{30, 30, 20, 10, 5, 5} {
				counts[relais.CountResponseBucket(b)] += responses * share / 100
			}
			counts[relais.CountResponseBucket(0)] += responses - sumBuckets(counts)
			if err := s.AddCounters(ctx, c.ID, relais.DayCounters{Day: day.Format(relais.DayLayout), Network: ref.Network, Counts: counts}); err != nil {
				return err
			}
		}
		if day.Weekday() == time.Sunday {
			continue
		}
		ref := accounts[d%len(accounts)]
		at := day.Add(time.Duration(8+d%4) * time.Hour).UTC()
		p := relais.Post{ID: fmt.Sprintf("demo-%s-%02d", c.ID, d), ClientID: c.ID, Account: ref, Text: demoPosts[post%len(demoPosts)],
			TimeZone: c.TimeZone, LocalTime: at.In(loc).Format("2006-01-02T15:04:05"), ScheduledAt: at,
			Status: relais.StatusPublished, PublishedAt: &at, NetworkPostID: fmt.Sprintf("%s_%d", ref.ID, 9000+d)}
		post++
		if err := s.CreatePost(ctx, p, "import", "imported from the network"); err != nil {
			return err
		}
		published := relais.DayCounters{Day: day.Format(relais.DayLayout), Network: ref.Network, Counts: map[string]int64{relais.CountPostsPublished: 1}}
		if err := s.AddCounters(ctx, c.ID, published); err != nil {
			return err
		}
		v := 20 + noise(d)%90
		e := relais.Engagement{Likes: v * 3, Comments: v/4 + noise(d+1)%9, Shares: v / 6, Impressions: v*40 + noise(d+2)%3000, FetchedAt: at.Add(7 * 24 * time.Hour), Final: true}
		if err := s.SaveEngagement(ctx, c.ID, p.ID, e); err != nil {
			return err
		}
		ex := demoExamples[(d/2)%len(demoExamples)]
		if d%2 == 0 {
			_, err := s.SaveModerationExample(ctx, relais.ModerationExample{ClientID: c.ID, Network: ref.Network, InteractionID: fmt.Sprintf("demo-c%d", d),
				Action: ex.action, Labels: []string{ex.label}, Text: ex.text, Flagged: ex.flagged, At: at.Add(3 * time.Hour)}, c.TimeZone)
			if err != nil {
				return err
			}
		}
	}
	crisis := start.AddDate(0, 0, 10).Add(18 * time.Hour)
	_, err := s.SaveCrisis(ctx, relais.CrisisSuspected{ClientID: c.ID, Network: accounts[0].Network, WindowStart: crisis.UTC(), WindowEnd: crisis.Add(time.Hour).UTC(), Negative: 24, Interactions: 31}, c.TimeZone)
	return err
}

// noise is a fixed pseudo-random number for i.
func noise(i int) int64 {
	x := uint32(i)*2654435761 + 12345
	x ^= x >> 13
	return int64(x % 1000)
}

func sumBuckets(counts map[string]int64) int64 {
	var n int64
	for i := range len(relais.ResponseBuckets) + 1 {
		n += counts[relais.CountResponseBucket(i)]
	}
	return n
}
