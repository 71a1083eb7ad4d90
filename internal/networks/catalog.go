package networks

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// The files below are derived from the registered networks by
// `make networks` (internal/networks/gen), and tests hold them to it:
// the console's table of networks and the event schemas' enums.

// consoleEntry is one network as the console's table describes it.
type consoleEntry struct {
	Label          string `json:"label"`
	MaxText        int    `json:"maxText"`
	RequiresImage  bool   `json:"requiresImage"`
	Replies        bool   `json:"replies"`
	Messages       bool   `json:"messages"`
	PrivateReplies bool   `json:"privateReplies"`
	Counting       string `json:"counting"`
}

// Console is web/src/networks.json: every registered network, one per
// line in display order, with the limits the guards apply and the answers
// it takes.
func Console() []byte {
	a := New(URLs{string(relais.Sandbox): "http://sandbox.invalid"}, DefaultTimeout)
	var b strings.Builder
	b.WriteString("{\n")
	for i, s := range relais.Specs() {
		_, replies := a.Repliers[s.Name]
		e := consoleEntry{Label: s.Label, MaxText: s.Limits.MaxText, RequiresImage: s.Limits.RequiresImage, Replies: replies,
			Messages: s.Messaging != nil, PrivateReplies: s.Messaging != nil && s.Messaging.PrivateReply > 0, Counting: string(s.Counting)}
		line, _ := json.Marshal(e)
		sep := ","
		if i == len(relais.Specs())-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "  %q: %s%s\n", s.Name, spaced(line), sep)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// spaced writes a flat JSON object as the console's file does: { "k": v, ... }.
func spaced(line []byte) string {
	s := strings.TrimSuffix(strings.TrimPrefix(string(line), "{"), "}")
	s = strings.ReplaceAll(s, `,"`, `, "`)
	s = strings.ReplaceAll(s, `":`, `": `)
	return "{ " + s + " }"
}

// networkEnum finds a schema's "network" property and its enum.
var networkEnum = regexp.MustCompile(`("network"\s*:\s*\{[^{}]*?"enum"\s*:\s*)\[[^\]]*\]`)

// WithNetworkEnum returns a JSON schema with its "network" properties'
// enums listing the registered networks, in display order.
func WithNetworkEnum(schema []byte) []byte {
	names := make([]string, 0, len(relais.Networks()))
	for _, n := range relais.Networks() {
		names = append(names, fmt.Sprintf("%q", n))
	}
	return networkEnum.ReplaceAll(schema, []byte("${1}["+strings.Join(names, ", ")+"]"))
}
