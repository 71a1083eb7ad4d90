package score

import (
	"slices"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

func TestScore(t *testing.T) {
	tests := []struct {
		name, text string
		want       relais.Action
		label      string // a label the score must carry, if any
	}{
		{"plain insult", "t'es qu'un connard", relais.ActionHide, "insult"},
		{"leet insult", "t'es qu'un c0nn@rd", relais.ActionHide, "insult"},
		{"masked profanity is read", "f*ck you", relais.ActionHide, "insult"},
		{"implicit insult fr", "tu sers à rien", relais.ActionHide, "insult"},
		{"implicit insult en", "nobody asked you", relais.ActionHide, "harassment"},
		{"go back to school", "go back to school kid", relais.ActionHide, "insult"},
		{"threat en", "I'm going to kill you", relais.ActionHide, "threat"},
		{"threat fr", "je vais te retrouver", relais.ActionHide, "threat"},
		{"hate", "les arabes sont des parasites", relais.ActionHide, "hate"},
		{"scam chat app", "Contact me on WhatsApp +44 7700 900123 for crypto profits", relais.ActionHide, "scam"},
		{"scam shortener", "You won! claim your gift at bit.ly/abcd", relais.ActionHide, "scam"},
		{"self promotion", "Check out my page, link in bio", relais.ActionHide, "spam"},
		{"harsh complaint fr", "3 semaines que j'attends mon colis, service client inexistant, c'est honteux", relais.ActionReview, "needs_reply"},
		{"harsh complaint en", "Still waiting for my refund after 6 weeks, this is unacceptable", relais.ActionReview, "needs_reply"},
		{"praise", "Super produit, merci !", relais.ActionAllow, ""},
		{"question", "Do you ship to Canada?", relais.ActionAllow, ""},
	}
	s, p := New(), DefaultPolicy()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Score(tt.text, p)
			if got.Action != tt.want {
				t.Errorf("Score(%q).Action: got %s, want %s (labels %v, reasons %v)", tt.text, got.Action, tt.want, got.Labels, got.Reasons)
			}
			if tt.label != "" && !slices.Contains(got.Labels, tt.label) {
				t.Errorf("Score(%q).Labels: got %v, want %s among them", tt.text, got.Labels, tt.label)
			}
		})
	}
}

// TestComplaintsNeverHidden: harsh but legitimate complaints are
// answered, not hidden, under the default policy.
func TestComplaintsNeverHidden(t *testing.T) {
	s, p := New(), DefaultPolicy()
	for _, it := range loadDev(t) {
		if it.Kind != "complaint" {
			continue
		}
		if got := s.Score(it.Text, p); got.Action == relais.ActionHide {
			t.Errorf("Score(%q): got hide %v %v, want review or allow", it.Text, got.Labels, got.Reasons)
		}
	}
	if got := s.Score("Vos prix sont une honte, c'est de la merde, je résilie", p); got.Action == relais.ActionHide {
		t.Errorf("profane complaint: got hide %v", got.Reasons)
	}
}

// TestInnocentSubstrings: listed words inside innocent words never count.
func TestInnocentSubstrings(t *testing.T) {
	s, p := New(), DefaultPolicy()
	for _, text := range []string{
		"Scunthorpe", "assessment", "concours", "cocktail", "bassesse", "analyse", "contre", "constitution",
		"Essex", "Middlesex", "classic", "passion", "therapist", "cockpit", "Dickens", "shitake", "raccoon",
		"Concarneau", "consommateurs", "cumulative", "pénalité", "title", "butter", "scrap", "grape",
		"our new trainee", "pros and cons", "cul-de-sac", "raton laveur", "summa cum laude",
	} {
		got := s.Score(text, p)
		if len(got.Labels) != 0 || got.Action != relais.ActionAllow {
			t.Errorf("Score(%q): got %s %v %v, want allow with no label", text, got.Action, got.Labels, got.Reasons)
		}
	}
}

// TestLanguageAwareWords: "bite" is vulgar in French, harmless in English.
func TestLanguageAwareWords(t *testing.T) {
	s, p := New(), DefaultPolicy()
	if got := s.ScoreLang("Take a bite of the new burger", "en", p); got.Action != relais.ActionAllow {
		t.Errorf("english bite: got %s %v, want allow", got.Action, got.Reasons)
	}
	if got := s.ScoreLang("suce ma bite", "fr", p); got.Action != relais.ActionHide {
		t.Errorf("french bite: got %s %v, want hide", got.Action, got.Reasons)
	}
	if got := s.ScoreLang("Votre retard de livraison est énorme", "fr", p); got.Categories["insult"] >= p.Thresholds["insult"] {
		t.Errorf("french retard: got insult %.2f, want under the threshold", got.Categories["insult"])
	}
}

func TestLanguageDetection(t *testing.T) {
	s, p := New(), DefaultPolicy()
	tests := []struct{ text, hint, want string }{
		{"Je ne suis pas content de ma commande", "", "fr"},
		{"I am not happy with my order", "", "en"},
		{"Livraison rapide, très bien", "", "fr"},
		{"ok", "fr", "fr"},
	}
	for _, tt := range tests {
		if got := s.ScoreLang(tt.text, tt.hint, p).Language; got != tt.want {
			t.Errorf("ScoreLang(%q, %q).Language: got %s, want %s", tt.text, tt.hint, got, tt.want)
		}
	}
}

func TestReasons(t *testing.T) {
	s, p := New(), DefaultPolicy()
	got := s.Score("t'es qu'un c0nn@rd", p)
	want := `insult: "connard" (token 5, from "c0nn@rd")`
	if !slices.Contains(got.Reasons, want) {
		t.Errorf("reasons: got %q, want %q among them", got.Reasons, want)
	}
}

func TestPolicyTerms(t *testing.T) {
	s := New()
	p := DefaultPolicy()
	p.Brands = []string{"Bitch Pudding"}
	p.Allowed = []string{"con"}
	p.Blocked = []string{"concurrent", "super promo"}

	if got := s.Score("I love Bitch Pudding, best dessert", p); got.Action != relais.ActionAllow {
		t.Errorf("brand word: got %s %v, want allow", got.Action, got.Reasons)
	}
	if got := s.ScoreLang("c'est con", "fr", p); got.Categories["insult"] != 0 {
		t.Errorf("allowed term: got insult %.2f, want 0", got.Categories["insult"])
	}
	got := s.Score("allez chez le concurrent, super promo", p)
	if got.Action != relais.ActionHide || !slices.Contains(got.Labels, "blocked") {
		t.Errorf("blocked terms: got %s %v, want hide with label blocked", got.Action, got.Labels)
	}
	if got := s.Score("allez chez le c0ncurrent", p); !slices.Contains(got.Labels, "blocked") {
		t.Errorf("leet blocked term: got %v, want label blocked", got.Labels)
	}
}

func TestBrandHandle(t *testing.T) {
	s := New()
	p := DefaultPolicy()
	p.Brands = []string{"Acme"}
	p.Blocked = []string{"acme"}
	if got := s.Score("I sent a DM to @AcmeSupport about my order", p); got.Action == relais.ActionHide {
		t.Errorf("brand handle: got hide %v %v, want no hide", got.Labels, got.Reasons)
	}
	if got := s.Score("Recover your hacked account fast, DM @hackrecovery", p); !slices.Contains(got.Labels, "scam") {
		t.Errorf("recovery scam: got %v %v, want label scam", got.Labels, got.Reasons)
	}
}

func TestBrandLookAlikeLink(t *testing.T) {
	s := New()
	p := DefaultPolicy()
	p.Brands = []string{"Acme"}
	got := s.Score("Problem with your order? Go to acme-support-desk.com", p)
	if !slices.Contains(got.Labels, "scam") {
		t.Errorf("look-alike link: got %v %v, want label scam", got.Labels, got.Reasons)
	}
}

func TestPolicyActions(t *testing.T) {
	s := New()
	p := DefaultPolicy()
	p.Actions["insult"] = ActDelete
	p.Actions["threat"] = ActAlert
	got := s.Score("you idiot", p)
	if got.Action != relais.ActionHide || !slices.Contains(got.Labels, "delete") {
		t.Errorf("delete: got %s %v, want hide with label delete", got.Action, got.Labels)
	}
	got = s.Score("I know where you live", p)
	if got.Action != relais.ActionReview || !slices.Contains(got.Labels, "alert") {
		t.Errorf("alert: got %s %v, want review with label alert", got.Action, got.Labels)
	}
	p.Thresholds["insult"] = 1
	if got := s.Score("you idiot", p); slices.Contains(got.Labels, "insult") {
		t.Errorf("threshold 1: got labels %v, want no insult", got.Labels)
	}
}

func TestScoreRanges(t *testing.T) {
	s, p := New(), DefaultPolicy()
	for _, it := range loadDev(t) {
		got := s.Score(it.Text, p)
		checkScore(t, it.Text, got)
	}
}

// checkScore asserts what every score must hold.
func checkScore(t *testing.T, text string, got relais.Score) {
	t.Helper()
	if len(got.Categories) != int(numCategories) {
		t.Errorf("Score(%q): got %d categories, want %d", text, len(got.Categories), numCategories)
	}
	for c, v := range got.Categories {
		if v < 0 || v > 1 {
			t.Errorf("Score(%q): category %s got %v, want 0..1", text, c, v)
		}
	}
	if got.Sentiment < -1 || got.Sentiment > 1 {
		t.Errorf("Score(%q): sentiment got %v, want -1..1", text, got.Sentiment)
	}
	switch got.Action {
	case relais.ActionAllow, relais.ActionReview, relais.ActionHide:
	default:
		t.Errorf("Score(%q): action got %q", text, got.Action)
	}
	if got.Language != "en" && got.Language != "fr" {
		t.Errorf("Score(%q): language got %q", text, got.Language)
	}
	if got.Labels == nil || got.Reasons == nil {
		t.Errorf("Score(%q): labels and reasons must be non-nil lists", text)
	}
}

func TestLongInput(t *testing.T) {
	s, p := New(), DefaultPolicy()
	text := strings.Repeat("é a b c d e ", 10000) + "connard"
	checkScore(t, "long", s.Score(text, p))
}

// TestEverydayPhrases: phrases made of a rule's words that say something
// ordinary ("crever la faim", to starve; "send it to me") are not named
// for that rule's category; the abuse itself still is.
func TestEverydayPhrases(t *testing.T) {
	s, p := New(), DefaultPolicy()
	tests := []struct {
		text, lang, category string
		want                 bool // the category named
	}{
		{"On crève la dalle ici", "fr", "harassment", false},
		{"Les artistes crèvent la faim de leur vivant", "fr", "harassment", false},
		{"Il crève la faim depuis des mois", "fr", "harassment", false},
		{"Dites à ces crève-la-faim que le match est fini", "fr", "harassment", false},
		{"Crève la bouche ouverte", "fr", "harassment", true},
		{"Va crever", "fr", "harassment", true},
		{"J'espère que tu vas crever", "fr", "harassment", true},
		{"Can you send it to me when it is ready?", "en", "spam", false},
		{"I'll get there tomorrow and send it to you", "en", "spam", false},
		{"Check out my channel for free followers", "en", "spam", true},
	}
	for _, tt := range tests {
		got := s.ScoreLang(tt.text, tt.lang, p)
		if named := slices.Contains(got.Labels, tt.category); named != tt.want {
			t.Errorf("ScoreLang(%q): got labels %v %v, want %s named %v", tt.text, got.Labels, got.Reasons, tt.category, tt.want)
		}
	}
}
