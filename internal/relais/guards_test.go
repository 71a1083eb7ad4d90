package relais

import (
	"strings"
	"testing"
)

func TestCheckPost(t *testing.T) {
	acme := Client{ID: "acme", Brands: []string{"Acme"}}
	others := []Client{acme, {ID: "globex", Brands: []string{"Globex", "Globex Outdoor"}}, {ID: "initech", Brands: []string{"Initech"}}}
	long := strings.Repeat("a", 281)
	tests := []struct {
		name      string
		c         Content
		n         Network
		overrides []Guard
		want      []Guard
	}{
		{"clean", Content{Text: "Nouvelle fournée ce matin !"}, X, nil, nil},
		{"own brand", Content{Text: "Acme vous souhaite un bon week-end"}, X, nil, nil},
		{"another client's brand", Content{Text: "Mieux que globex, évidemment"}, Facebook, nil, []Guard{GuardBrand}},
		{"brand forced", Content{Text: "Mieux que Globex"}, Facebook, []Guard{GuardBrand}, nil},
		{"brand inside a word is not a brand", Content{Text: "Globexian style"}, Facebook, nil, nil},
		{"email", Content{Text: "Écrivez à jean.dupont@example.fr"}, Facebook, nil, []Guard{GuardPrivateData}},
		{"phone", Content{Text: "Appelez le +33 6 12 34 56 78"}, Facebook, nil, []Guard{GuardPrivateData}},
		{"order number", Content{Text: "Votre commande n° 4589123 est prête"}, Facebook, nil, []Guard{GuardPrivateData}},
		{"private data confirmed", Content{Text: "Appelez le 01 23 45 67 89"}, Facebook, []Guard{GuardPrivateData}, nil},
		{"a date and a price are not a phone", Content{Text: "Le 2026-12-01, tout à 19,99 €"}, Facebook, nil, nil},
		{"over the limit", Content{Text: long}, X, []Guard{GuardLimit}, []Guard{GuardLimit}},
		{"link counts toward the limit", Content{Text: strings.Repeat("a", 270), Link: "https://acme.example/offre"}, X, nil, []Guard{GuardLimit}},
		{"image required", Content{Text: "Bonjour"}, Instagram, nil, []Guard{GuardLimit}},
		{"toxic text", Content{Text: "Bande de crétins"}, Facebook, nil, []Guard{GuardToxic}},
		{"toxic text, overrides asked", Content{Text: "Bande de crétins"}, Facebook, []Guard{GuardToxic}, []Guard{GuardToxic}},
	}
	// The scorer stands behind the check in production; here a stand-in
	// that finds one insult.
	toxic := func(text string, _ Client) string {
		if strings.Contains(text, "crétins") {
			return "the text reads as insult"
		}
		return ""
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			findings := CheckPost(tt.c, tt.n, acme, others, tt.overrides, toxic)
			var got []Guard
			for _, f := range findings {
				got = append(got, f.Guard)
				if f.Message == "" {
					t.Errorf("finding %s has no message", f.Guard)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}
