package moderation

import (
	"regexp"
	"strings"
	"sync"

	"github.com/relais-dev/relais/internal/relais"
)

// Scorer is a first, word-list scorer for French and English: enough to
// hide plain insults and flag links, with the brand's own words never
// counted against a comment.
type Scorer struct{}

// Patterns compile on first use, not at the function's start-up.
var (
	// Apostrophes split words, so that elided forms (d'abrutis, n'est) are
	// read as two words.
	wordPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[\p{L}\p{N}]+`) })
	linkPattern = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(https?://|www\.)\S+|\b[a-z0-9-]+\.(ly|gl|co|io|xyz|me)/\S*`)
	})
)

// insults holds unambiguous insults in both languages, lower-cased.
var insults = map[string]bool{
	"idiot": true, "idiots": true, "moron": true, "morons": true, "stupid": true, "loser": true,
	"losers": true, "scum": true, "crook": true, "crooks": true, "scammers": true,
	"connard": true, "connards": true, "connasse": true, "abruti": true, "abrutis": true,
	"débile": true, "débiles": true, "crétin": true, "crétins": true, "escrocs": true,
	"nul": true, "nuls": true, "minable": true, "minables": true, "voleurs": true,
}

// Score scores a text for a client.
func (Scorer) Score(text string, c relais.Client) relais.Score {
	s := relais.Score{Categories: map[string]float64{"insult": 0, "spam": 0}, Labels: []string{}, Reasons: []string{}, Language: language(text), Action: relais.ActionAllow}
	brand := map[string]bool{}
	for _, b := range c.Brands {
		for _, w := range wordPattern().FindAllString(strings.ToLower(b), -1) {
			brand[w] = true
		}
	}
	for _, w := range wordPattern().FindAllString(strings.ToLower(text), -1) {
		if insults[w] && !brand[w] {
			s.Categories["insult"] = 1
			s.Reasons = append(s.Reasons, "insult: "+w)
		}
	}
	if linkPattern().MatchString(text) {
		s.Categories["spam"] = 0.6
		s.Reasons = append(s.Reasons, "spam: link")
	}
	switch {
	case s.Categories["insult"] >= 0.8:
		s.Labels = append(s.Labels, "insult")
		s.Action = relais.ActionHide
		s.Sentiment = -1
	case s.Categories["spam"] >= 0.5:
		s.Labels = append(s.Labels, "spam")
		s.Action = relais.ActionReview
	}
	return s
}

// frenchMarkers are frequent French words that English rarely uses.
var frenchMarkers = map[string]bool{
	"le": true, "la": true, "les": true, "est": true, "et": true, "je": true, "tu": true,
	"vous": true, "pas": true, "une": true, "des": true, "du": true, "merci": true, "pour": true,
}

func language(text string) string {
	fr, words := 0, 0
	for _, w := range wordPattern().FindAllString(strings.ToLower(text), -1) {
		words++
		if frenchMarkers[w] {
			fr++
		}
	}
	if words > 0 && fr*5 >= words {
		return "fr"
	}
	return "en"
}
