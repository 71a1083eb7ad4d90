package console

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// TestNetworkLimits checks the console's table of networks against
// Relais's own lists: every network, with the limits the guards apply and
// the private answers its messaging windows allow.
func TestNetworkLimits(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "web", "src", "networks.json"))
	must(t, err)
	var table map[string]struct {
		MaxText        int    `json:"maxText"`
		RequiresImage  bool   `json:"requiresImage"`
		Messages       bool   `json:"messages"`
		PrivateReplies bool   `json:"privateReplies"`
		Counting       string `json:"counting"`
	}
	must(t, json.Unmarshal(b, &table))
	if len(table) != len(relais.Networks()) {
		t.Errorf("web/src/networks.json has %d networks, Relais %d", len(table), len(relais.Networks()))
	}
	for _, n := range relais.Networks() {
		got, ok := table[string(n)]
		spec, _ := relais.SpecOf(n)
		want := spec.Limits
		if !ok || got.MaxText != want.MaxText || got.RequiresImage != want.RequiresImage || got.Counting != string(spec.Counting) {
			t.Errorf("%s: the console says %+v, Relais %+v counting %s", n, got, want, spec.Counting)
		}
		messages, privateReplies := spec.Messaging != nil, spec.Messaging != nil && spec.Messaging.PrivateReply > 0
		if got.Messages != messages || got.PrivateReplies != privateReplies {
			t.Errorf("%s: the console says messages %v and private replies %v, Relais' windows %+v", n, got.Messages, got.PrivateReplies, spec.Messaging)
		}
	}
}
