package networks

import (
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// Meta's networks answer in private: Messenger and Instagram Direct
// messages, and private replies to comments.
func TestMetaMessengers(t *testing.T) {
	a := New(URLs{}, DefaultTimeout)
	for _, n := range []relais.Network{relais.Facebook, relais.Instagram} {
		if a.Messengers[n] == nil {
			t.Errorf("%s: no messenger, want one", n)
		}
	}
}
