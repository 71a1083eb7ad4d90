package score

import (
	"fmt"
	"strings"
	"sync"

	"github.com/relais-dev/relais/internal/relais"
)

// outgoing is the scorer of the team's own texts; its data loads on first
// use, not at a function's start.
var outgoing = sync.OnceValue(New)

// toxic are the categories no text of the team may carry. Links and
// promotions, which the team's own posts are made of, are not among them.
var toxic = map[string]bool{"insult": true, "profanity": true, "hate": true, "threat": true, "harassment": true, "sexual": true}

// CheckOutgoing is the guard on what the team publishes or replies: a text
// over the client's thresholds for abuse may not go out under the client's
// name. It is a relais.ToxicityCheck.
func CheckOutgoing(text string, own relais.Client) string {
	p, err := ClientPolicy(own)
	if err != nil {
		// A client whose rules no longer read is still guarded.
		p = DefaultPolicy()
		p.Brands = own.Brands
	}
	var found []string
	for _, l := range outgoing().Score(text, p).Labels {
		if toxic[l] {
			found = append(found, l)
		}
	}
	if len(found) == 0 {
		return ""
	}
	return fmt.Sprintf("the text reads as %s; reword it", strings.Join(found, ", "))
}

var _ relais.ToxicityCheck = CheckOutgoing
