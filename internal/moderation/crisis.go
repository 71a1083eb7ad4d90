package moderation

import (
	"context"
	"log/slog"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/score"
)

// toxicLabels are the labels that make an interaction alarming whatever
// its sentiment.
var toxicLabels = map[string]bool{
	"insult": true, "profanity": true, "hate": true, "threat": true, "harassment": true, "sexual": true,
}

// alarming: what a crisis is made of, negative or toxic interactions.
func alarming(s relais.Score) bool {
	if relais.SentimentClass(s.Sentiment) == relais.SentimentNegative {
		return true
	}
	for _, l := range s.Labels {
		if toxicLabels[l] {
			return true
		}
	}
	return false
}

// crisisRule is the client's crisis rule, from its policy.
func crisisRule(p score.Policy) relais.CrisisRule {
	r := relais.DefaultCrisisRule
	if p.Crisis.WindowMinutes > 0 {
		r.Window = time.Duration(p.Crisis.WindowMinutes) * time.Minute
	}
	if p.Crisis.MinCount > 0 {
		r.MinCount = p.Crisis.MinCount
	}
	if p.Crisis.Factor > 0 {
		r.Factor = p.Crisis.Factor
	}
	r.PausePosts = p.Crisis.PausePosts
	return r
}

// watch keeps what a first decision says about the client's mood: an
// example for the reports when it was hidden or flagged. When alarming interactions pile up far over the
// client's own baseline, it raises Crisis Suspected with the evidence,
// once per window, and holds the client's posts if the policy says so.
func (m *Moderator) watch(ctx context.Context, log *slog.Logger, client relais.Client, p score.Policy, in relais.Interaction, d relais.Decision) error {
	now := m.Now().UTC()
	if d.Action != relais.ActionAllow {
		ex := relais.ModerationExample{
			ClientID: d.ClientID, Network: d.Network, InteractionID: d.InteractionID, Action: d.Action,
			Labels: d.Score.Labels, Text: in.Text, Flagged: d.Score.Matched, At: now,
		}
		if _, err := m.store.SaveModerationExample(ctx, ex, client.TimeZone); err != nil {
			return err
		}
	}
	if !d.Alarming {
		return nil
	}
	rule := crisisRule(p)
	start := rule.WindowStart(now)
	// A crisis is alerted once per window: while one is under way, its
	// evidence is not gathered again for each alarming comment.
	if recorded, err := m.store.CrisisRecorded(ctx, client.ID, start); err != nil || recorded {
		return err
	}
	w, err := m.store.AlarmWindow(ctx, client.ID, now.Add(-rule.Window), now)
	if err != nil || w.Count < rule.MinCount {
		return err
	}
	perDay, err := m.baseline(ctx, client, now)
	if err != nil || !rule.Spike(w.Count, perDay) {
		return err
	}
	c := relais.CrisisSuspected{
		ClientID: client.ID, Network: in.Network, WindowStart: start, WindowEnd: start.Add(rule.Window),
		Negative: w.Count, Interactions: w.Total, Expected: rule.Expected(perDay), Samples: w.Samples,
		TopTerms: m.topTerms(ctx, client.ID, w.Samples), PausedPosts: rule.PausePosts,
	}
	created, err := m.store.SaveCrisis(ctx, c, client.TimeZone)
	if err != nil || !created {
		return err
	}
	log.Warn("crisis suspected", "alarming", w.Count, "expected", c.Expected, "window", rule.Window)
	if rule.PausePosts {
		held, err := m.store.HoldPosts(ctx, client.ID, "moderator", "crisis suspected")
		if err != nil {
			return err
		}
		log.Warn("client's posts held for the crisis", "posts", len(held))
	}
	return m.bus.Put(ctx, c)
}

// baseline is the client's alarming interactions per day over the days
// before today: its negative interactions, from the day counters.
func (m *Moderator) baseline(ctx context.Context, client relais.Client, now time.Time) (float64, error) {
	today := now.In(client.Location())
	from := today.AddDate(0, 0, -relais.BaselineDays).Format(time.DateOnly)
	to := today.AddDate(0, 0, -1).Format(time.DateOnly)
	days, err := m.store.Counters(ctx, client.ID, from, to)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, d := range days {
		n += d.Counts[relais.CountSentiment(relais.SentimentNegative)]
	}
	return float64(n) / relais.BaselineDays, nil
}

// topTerms are the words the window's sample interactions use most, for
// the person who gets the alert to see what it is about at a glance.
func (m *Moderator) topTerms(ctx context.Context, clientID string, samples []string) []string {
	counts := map[string]int{}
	for _, s := range samples[:min(len(samples), 10)] {
		network, id, _ := strings.Cut(s, "/")
		e, err := m.store.Interaction(ctx, clientID, relais.Network(network), id)
		if err != nil {
			continue
		}
		seen := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(e.Text), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len([]rune(w)) >= 4 && !stopWords[w] && !seen[w] {
				seen[w] = true
				counts[w]++
			}
		}
	}
	words := make([]string, 0, len(counts))
	for w := range counts {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if counts[words[i]] != counts[words[j]] {
			return counts[words[i]] > counts[words[j]]
		}
		return words[i] < words[j]
	})
	return words[:min(len(words), 5)]
}

// stopWords are frequent French and English words of four letters or more
// that say nothing of what a crisis is about.
var stopWords = map[string]bool{
	"this": true, "that": true, "with": true, "have": true, "from": true, "your": true, "they": true, "were": true,
	"been": true, "what": true, "when": true, "will": true, "just": true, "about": true, "there": true, "their": true,
	"dans": true, "pour": true, "avec": true, "vous": true, "nous": true, "mais": true, "plus": true, "tout": true,
	"sont": true, "cette": true, "votre": true, "comme": true, "faire": true, "encore": true, "très": true, "après": true, "avant": true, "leur": true, "leurs": true,
}
