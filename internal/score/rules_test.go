package score

import (
	"errors"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// mustModel returns the shared data, failing the test if it does not load.
func mustModel(tb testing.TB) *model {
	tb.Helper()
	m, err := loadModel()
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// TestDataFiles: every shipped data file reads.
func TestDataFiles(t *testing.T) {
	rs, err := parseRules(rulesTxt)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs.list) < 50 {
		t.Errorf("rules: got %d, want the whole file", len(rs.list))
	}
	if _, err := parseAffixes(affixesTSV); err != nil {
		t.Error(err)
	}
	if got := expandPhrases([]string{"a {b|c} d {e|f}"}); strings.Join(got, ",") != "a b d e,a b d f,a c d e,a c d f" {
		t.Errorf("expandPhrases: got %q", got)
	}
}

func TestParseRulesErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"no pattern", "insult 0.8", `rules line 1: want "category weight | pattern"`},
		{"unknown category", "rudeness 0.8 | you+suck", `rules line 1: unknown category "rudeness"`},
		{"weight over 1", "insult 1.5 | you+suck", `rules line 1: weight "1.5"`},
		{"weight not a number", "insult high | you+suck", `rules line 1: weight "high"`},
		{"unknown set", "# sets first\ninsult 0.8 | @nope ~1 idiot", "rules line 2: unknown set @nope"},
		{"set twice", "@a = x\n@a = y", "rules line 2: set @a is defined twice"},
		{"bad set", "@a x|y", `rules line 1: want "@name = alt|alt"`},
		{"empty alternative", "insult 0.8 | you||idiot", `rules line 1: empty or spaced alternative ""`},
		{"dangling plus", "insult 0.8 | you+ idiot", `rules line 1: empty or spaced alternative "you+"`},
		{"bad gap", "insult 0.8 | you ~x idiot", `rules line 1: gap "~x"`},
		{"trailing gap", "insult 0.8 | you ~2", "rules line 1: pattern ends with a gap"},
		{"star first", "insult 0.8 | * idiot", "rules line 1: a rule cannot start with *"},
		{"star in bag", "spam 0.8 | follow & *", "rules line 1: a bag cannot hold *"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseRules(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parseRules(%q): got %v, want an error with %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestParseAffixesErrors(t *testing.T) {
	for _, in := range []string{"fuck\tprefix\tinsult", "fuck\tinfix\tinsult\t0.8", "fuck\tprefix\trudeness\t0.8", "fuck\tprefix\tinsult\t2"} {
		if _, err := parseAffixes(in); err == nil {
			t.Errorf("parseAffixes(%q): got no error", in)
		}
	}
}

// TestUnscored: data that cannot be read leaves the comment to a person,
// with every category present, rather than a panic.
func TestUnscored(t *testing.T) {
	got := unscored("", errors.New("score: rules line 3: unknown set @x"))
	if got.Action != relais.ActionReview || len(got.Categories) != int(numCategories) || got.Labels == nil {
		t.Errorf("unscored: got %+v, want review with every category", got)
	}
}

// TestPhraseFiles: every line of the phrase files expands to phrases of
// words only, so that a stray brace or bar fails here, not silently.
func TestPhraseFiles(t *testing.T) {
	z := &tokenizer{f: mustModel(t).folder}
	anywhere, atStart := anchored(mentionsTxt)
	for name, lines := range map[string][]string{"allowed.txt": dataLines(allowedTxt), "mentions.txt": anywhere, "mentions.txt (^)": atStart, "quoting.txt": dataLines(quotingTxt)} {
		for _, line := range lines {
			for _, p := range expand(line) {
				if strings.ContainsAny(p, "{}|^") || len(z.words(p)) == 0 {
					t.Errorf("%s: line %q gives the phrase %q", name, line, p)
				}
			}
		}
	}
}

// TestPhrasePatterns: a stereotype pinned on a group, a conspiracy trope
// or a call to strip a group of rights is hate, a bullet wished on
// someone a threat, and so on; the same words said of something else are
// not (denials and reports: TestQuotedAbuse).
func TestPhrasePatterns(t *testing.T) {
	checkActions(t, []actionCase{
		{"Muslims are all terrorists", "en", relais.ActionHide},
		{"Immigrants are lazy", "en", relais.ActionHide},
		{"Trans people are dangerous", "en", relais.ActionHide},
		{"les arabes sont tous des voleurs", "fr", relais.ActionHide},
		{"Les juifs contrôlent les médias", "fr", relais.ActionHide},
		{"Gays shouldn't be allowed near children", "en", relais.ActionHide},
		{"women belong in the kitchen, not in the boardroom", "en", relais.ActionHide},
		{"You deserve a bullet", "en", relais.ActionHide},
		{"I'm going to find you and make you pay", "en", relais.ActionHide},
		{"You'd better watch out, I know your address", "en", relais.ActionHide},
		{"Je sais où tu travailles, fais attention", "fr", relais.ActionHide},
		{"Everybody laughs at you behind your back", "en", relais.ActionHide},
		{"Tout le monde se moque de toi ici", "fr", relais.ActionHide},
		{"We laugh with you, never at you", "en", relais.ActionAllow},
		{"I'm going to find you a better table next time", "en", relais.ActionAllow},
		{"I'll find you a seat by the window", "en", relais.ActionAllow},
		{"Ton patron mérite une balle dans la tête", "fr", relais.ActionHide},
		{"someone should put a bullet in the manager's head", "en", relais.ActionHide},
		{"I'd love to bend you over that counter", "en", relais.ActionHide},
		{"Crypto investment doubles your money in 24h, DM me", "en", relais.ActionHide},
		{"Best replica bags here >>> bagsoutlet.shop", "en", relais.ActionHide},
		{"Visit https://mystore.example for 50% off everything!", "en", relais.ActionHide},
		{"Soldes -70% sur toute la boutique : www.mode-discount.fr", "fr", relais.ActionHide},
		{"Je veux te voir nue", "fr", relais.ActionHide},
		{"I want to see you naked", "en", relais.ActionHide},
		{"I'd love to see you in the new collection", "en", relais.ActionAllow},
		// An advert with a grumble in it is still an advert...
		{"Découvrez notre boutique, prix cassés sur toutes les montres : www.montres-promo.example", "fr", relais.ActionHide},
		// ...but a customer's grievance quoting a link and a price is not one.
		{"Your discount code doesn't work on https://acme.example/checkout, I'm furious", "en", relais.ActionReview},
		{"Merci pour les soldes ! Ma commande https://acme.example/c/123 n'est toujours pas livrée", "fr", relais.ActionReview},
		{"Muslims are not terrorists", "en", relais.ActionAllow},
		{"Les musulmans ne sont pas des terroristes", "fr", relais.ActionAllow},
		{"Women are the problem solvers in our team", "en", relais.ActionAllow},
		{"Women run the world", "en", relais.ActionAllow},
		{"Women shouldn't be allowed to wait this long for a delivery", "en", relais.ActionAllow},
		{"I'd put a bullet in my own foot before buying this again", "en", relais.ActionAllow},
		{"We'll make you pay less for shipping this month", "en", relais.ActionAllow},
	})
}
