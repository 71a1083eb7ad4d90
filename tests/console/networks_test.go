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
	if len(table) != len(relais.Networks) {
		t.Errorf("web/src/networks.json has %d networks, Relais %d", len(table), len(relais.Networks))
	}
	for _, n := range relais.Networks {
		got, ok := table[string(n)]
		want := relais.LimitsOf(n)
		if !ok || got.MaxText != want.MaxText || got.RequiresImage != want.RequiresImage || got.Counting != string(relais.CountingOf(n)) {
			t.Errorf("%s: the console says %+v, Relais %+v counting %s", n, got, want, relais.CountingOf(n))
		}
		w, messages := relais.MessagingWindows[n]
		if got.Messages != messages || got.PrivateReplies != (w.PrivateReply > 0) {
			t.Errorf("%s: the console says messages %v and private replies %v, Relais' windows %+v", n, got.Messages, got.PrivateReplies, w)
		}
	}
}
