package relais

import (
	"strings"
	"testing"
)

func TestSavedReplyValidate(t *testing.T) {
	ok := SavedReply{Name: "delivery-late", Language: "fr", Text: "Bonjour {first_name}, l'équipe {brand} regarde votre commande."}
	for _, c := range []struct {
		name    string
		edit    func(*SavedReply)
		refused string
	}{
		{"valid", func(*SavedReply) {}, ""},
		{"a bad name", func(r *SavedReply) { r.Name = "Delivery Late" }, "invalid saved reply id"},
		{"a language", func(r *SavedReply) { r.Language = "de" }, `language "de"`},
		{"no text", func(r *SavedReply) { r.Text = "  " }, "the text is empty"},
		{"an unknown variable", func(r *SavedReply) { r.Text = "Bonjour {prenom}" }, "unknown variable {prenom}"},
		{"an open brace", func(r *SavedReply) { r.Text = "Bonjour {first_name" }, "a brace is not closed"},
	} {
		r := ok
		c.edit(&r)
		err := r.Validate()
		if c.refused == "" {
			if err != nil {
				t.Errorf("%s: got %v", c.name, err)
			}
			continue
		}
		if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), c.refused) {
			t.Errorf("%s: got %v, want EINVALID with %q", c.name, err, c.refused)
		}
	}
}

func TestSavedReplyRender(t *testing.T) {
	r := SavedReply{Text: "Hello {first_name}, the {brand} team is on it."}
	for _, c := range []struct {
		name   string
		client Client
		author Author
		want   string
	}{
		{"first name and brand", Client{Name: "Acme SAS", Brands: []string{"Acme"}}, Author{Name: "Camille Martin"}, "Hello Camille, the Acme team is on it."},
		{"no brand, the client's name", Client{Name: "Initech"}, Author{Name: "Ada"}, "Hello Ada, the Initech team is on it."},
		{"a handle is no first name", Client{Name: "Acme"}, Author{Name: "@camille"}, "Hello, the Acme team is on it."},
		{"no name", Client{Name: "Acme"}, Author{}, "Hello, the Acme team is on it."},
	} {
		if got := r.Render(c.client, c.author); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
