package relais

import (
	"regexp"
	"strings"
	"time"
)

// SavedReply is a client's ready answer, by name and language, with
// variables filled in when it is sent: {first_name} (the customer's) and
// {brand} (the client's).
type SavedReply struct {
	ClientID  string    `json:"clientId"`
	Name      string    `json:"name"`
	Language  string    `json:"language"`
	Text      string    `json:"text"`
	By        string    `json:"by,omitempty"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// ReplyVariables are the variables a saved reply may use.
var ReplyVariables = []string{"first_name", "brand"}

var variable = regexp.MustCompile(`\{[^{}]*\}`)

// Validate checks a saved reply before it is kept: a usable name, French
// or English, text within the longest reply any network takes, and only
// known variables.
func (r SavedReply) Validate() error {
	if err := ValidateID("saved reply", r.Name); err != nil {
		return err
	}
	if r.Language != "fr" && r.Language != "en" {
		return Errorf(EINVALID, "saved reply %s: language %q is not supported (want fr or en)", r.Name, r.Language)
	}
	if strings.TrimSpace(r.Text) == "" {
		return Errorf(EINVALID, "saved reply %s: the text is empty", r.Name)
	}
	if len([]rune(r.Text)) > MaxPostText {
		return Errorf(EINVALID, "saved reply %s: the text is over %d characters", r.Name, MaxPostText)
	}
	for _, v := range variable.FindAllString(r.Text, -1) {
		if !known(strings.Trim(v, "{}")) {
			return Errorf(EINVALID, "saved reply %s: unknown variable %s (want {%s})", r.Name, v, strings.Join(ReplyVariables, "}, {"))
		}
	}
	if strings.Count(r.Text, "{") != strings.Count(r.Text, "}") {
		return Errorf(EINVALID, "saved reply %s: a brace is not closed", r.Name)
	}
	return nil
}

func known(name string) bool {
	for _, v := range ReplyVariables {
		if v == name {
			return true
		}
	}
	return false
}

// Render fills the reply's variables for a customer of a client: the first
// word of the name the network gives (or nothing), and the client's first
// brand (or its name).
func (r SavedReply) Render(c Client, customer Author) string {
	first := ""
	if f := strings.Fields(customer.Name); len(f) > 0 && !strings.HasPrefix(f[0], "@") {
		first = f[0]
	}
	brand := c.Name
	if len(c.Brands) > 0 {
		brand = c.Brands[0]
	}
	out := strings.NewReplacer("{first_name}", first, "{brand}", brand).Replace(r.Text)
	// A missing first name leaves no "Hello ," behind.
	return strings.NewReplacer(" ,", ",", "  ", " ").Replace(out)
}
