package moderation_test

import (
	"slices"
	"testing"

	"github.com/relais-dev/relais/internal/moderation"
	"github.com/relais-dev/relais/internal/relais"
)

func TestScorer(t *testing.T) {
	plain := relais.Client{ID: "acme", Locale: "fr"}
	band := relais.Client{ID: "label", Locale: "fr", Brands: []string{"Les Minables"}}
	tests := []struct {
		name        string
		client      relais.Client
		text        string
		wantAction  relais.Action
		wantLabels  []string
		wantReasons []string
		wantLang    string
	}{
		{
			name: "insults in French", client: plain,
			text:       "Vous êtes des escrocs et des voleurs",
			wantAction: relais.ActionHide, wantLabels: []string{"insult"},
			wantReasons: []string{"insult: escrocs", "insult: voleurs"}, wantLang: "fr",
		},
		{
			name: "insult in English", client: plain,
			text:       "You are all idiots",
			wantAction: relais.ActionHide, wantLabels: []string{"insult"},
			wantReasons: []string{"insult: idiots"}, wantLang: "en",
		},
		{
			name: "insult in capitals", client: plain,
			text:       "Le livreur est un CONNARD",
			wantAction: relais.ActionHide, wantLabels: []string{"insult"},
			wantReasons: []string{"insult: connard"}, wantLang: "fr",
		},
		{
			name: "insult with an accent", client: plain,
			text:       "Je trouve ça débile",
			wantAction: relais.ActionHide, wantLabels: []string{"insult"},
			wantReasons: []string{"insult: débile"}, wantLang: "fr",
		},
		{
			name: "elided insult, typographic apostrophe", client: plain,
			text:       "Bande d’abrutis",
			wantAction: relais.ActionHide, wantLabels: []string{"insult"},
			wantReasons: []string{"insult: abrutis"}, wantLang: "en",
		},
		{
			// French elides de, le and la before a vowel: "bande d'abrutis",
			// "espèce d'idiot" are the commonest French insults, and most
			// keyboards type the ASCII apostrophe.
			name: "elided insult, ASCII apostrophe", client: plain,
			text:       "Bande d'abrutis",
			wantAction: relais.ActionHide, wantLabels: []string{"insult"},
			wantReasons: []string{"insult: abrutis"}, wantLang: "en",
		},
		{
			name: "the brand's own word is never counted", client: band,
			text:       "J'adore le nouvel album des Minables",
			wantAction: relais.ActionAllow, wantLabels: []string{},
			wantReasons: []string{}, wantLang: "fr",
		},
		{
			name: "the same word from a client without that brand", client: plain,
			text:       "J'adore le nouvel album des Minables",
			wantAction: relais.ActionHide, wantLabels: []string{"insult"},
			wantReasons: []string{"insult: minables"}, wantLang: "fr",
		},
		{
			name: "the brand's word does not excuse another insult", client: band,
			text:       "Les Minables sont des escrocs",
			wantAction: relais.ActionHide, wantLabels: []string{"insult"},
			wantReasons: []string{"insult: escrocs"}, wantLang: "fr",
		},
		{
			name: "link", client: plain,
			text:       "Check out www.free-stuff.example for deals",
			wantAction: relais.ActionReview, wantLabels: []string{"spam"},
			wantReasons: []string{"spam: link"}, wantLang: "en",
		},
		{
			name: "shortened link", client: plain,
			text:       "Merci de visiter bit.ly/promo pour une surprise",
			wantAction: relais.ActionReview, wantLabels: []string{"spam"},
			wantReasons: []string{"spam: link"}, wantLang: "fr",
		},
		{
			name: "insult and link: hidden", client: plain,
			text:       "Scammers, see https://truth.example/acme",
			wantAction: relais.ActionHide, wantLabels: []string{"insult"},
			wantReasons: []string{"insult: scammers", "spam: link"}, wantLang: "en",
		},
		{
			name: "neutral French", client: plain,
			text:       "Merci pour la livraison rapide",
			wantAction: relais.ActionAllow, wantLabels: []string{},
			wantReasons: []string{}, wantLang: "fr",
		},
		{
			name: "neutral English", client: plain,
			text:       "Great service, thank you",
			wantAction: relais.ActionAllow, wantLabels: []string{},
			wantReasons: []string{}, wantLang: "en",
		},
		{
			name: "an insult inside a longer word is no insult", client: plain,
			text:       "Le service est nullement en cause, merci",
			wantAction: relais.ActionAllow, wantLabels: []string{},
			wantReasons: []string{}, wantLang: "fr",
		},
		{
			name: "empty", client: plain,
			text:       "",
			wantAction: relais.ActionAllow, wantLabels: []string{},
			wantReasons: []string{}, wantLang: "en",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := moderation.Scorer{}.Score(tt.text, tt.client)
			if got.Action != tt.wantAction {
				t.Errorf("action: got %s, want %s", got.Action, tt.wantAction)
			}
			if !slices.Equal(got.Labels, tt.wantLabels) {
				t.Errorf("labels: got %q, want %q", got.Labels, tt.wantLabels)
			}
			if !slices.Equal(got.Reasons, tt.wantReasons) {
				t.Errorf("reasons: got %q, want %q", got.Reasons, tt.wantReasons)
			}
			if got.Language != tt.wantLang {
				t.Errorf("language: got %s, want %s", got.Language, tt.wantLang)
			}
			wantSentiment := 0.0
			if tt.wantAction == relais.ActionHide {
				wantSentiment = -1
			}
			if got.Sentiment != wantSentiment {
				t.Errorf("sentiment: got %v, want %v", got.Sentiment, wantSentiment)
			}
			for _, c := range []string{"insult", "spam"} {
				if v, ok := got.Categories[c]; !ok || v < 0 || v > 1 {
					t.Errorf("category %s: got %v (present %v), want a score from 0 to 1", c, v, ok)
				}
			}
		})
	}
}
