package media_test

import (
	"context"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/media"
	_ "github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/pinterest"
	"github.com/relais-dev/relais/internal/relais"
)

// library is a client's media, as the store reads it.
type library map[string]media.Item

func (l library) Media(_ context.Context, clientID, id string) (media.Item, error) {
	it, ok := l[id]
	if !ok || it.ClientID != clientID {
		return media.Item{}, relais.Errorf(relais.ENOTFOUND, "no media %q", id)
	}
	return it, nil
}

// TestAttachable: a post carries as many images, and the videos, its
// network takes, and is refused the rest when it is scheduled.
func TestAttachable(t *testing.T) {
	lib := library{}
	for _, it := range []media.Item{
		{ID: "i1", Type: "image/jpeg", Size: 1000}, {ID: "i2", Type: "image/png", Size: 1000},
		{ID: "i3", Type: "image/jpeg", Size: 1000}, {ID: "i4", Type: "image/jpeg", Size: 1000},
		{ID: "i5", Type: "image/jpeg", Size: 1000}, {ID: "i6", Type: "image/jpeg", Size: 1000},
		{ID: "v1", Type: "video/mp4", Size: 50_000_000}, {ID: "w1", Type: "image/webp", Size: 1000},
		{ID: "pending", Type: "image/jpeg", Size: 1000, Status: media.Pending},
	} {
		if it.Status == "" {
			it.Status = media.Ready
		}
		it.ClientID = "acme"
		lib[it.ID] = it
	}
	lib["theirs"] = media.Item{ID: "theirs", ClientID: "globex", Type: "image/jpeg", Size: 1000, Status: media.Ready}
	tests := []struct {
		network relais.Network
		ids     []string
		want    string // "" for accepted, else part of the refusal
	}{
		{pinterest.Network, []string{"i1", "i2", "i3"}, ""},
		{pinterest.Network, []string{"i1", "i2", "i3", "i4", "i5", "i6"}, "at most 5 images"},
		{pinterest.Network, []string{"v1"}, ""},
		{pinterest.Network, []string{"v1", "i1"}, "a video goes out alone"},
		{pinterest.Network, []string{"w1"}, "not image/webp"},
		{pinterest.Network, []string{"i1", "i1"}, "attached twice"},
		{relais.X, []string{"i1", "i2", "i3", "i4"}, ""},
		{relais.X, []string{"i1", "i2", "i3", "i4", "i5"}, "at most 4 images"},
		{relais.X, []string{"v1", "i1"}, "a video goes out alone"},
		{relais.Sandbox, []string{"i1", "i2"}, "one image or video per post"},
		{relais.Sandbox, []string{"v1"}, "does not take videos"},
		{relais.Facebook, []string{"i1"}, ""},
		{relais.Facebook, []string{"pending"}, "not uploaded yet"},
		{relais.Facebook, []string{"theirs"}, "no image \"theirs\" for this client"},
	}
	for _, tt := range tests {
		got, err := media.Attachable(context.Background(), lib, "acme", tt.ids, tt.network)
		switch {
		case tt.want == "" && (err != nil || len(got) != len(tt.ids)):
			t.Errorf("%s %v: got %d items, %v; want all", tt.network, tt.ids, len(got), err)
		case tt.want != "" && (relais.ErrorCode(err) != relais.EINVALID || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s %v: got %v, want a refusal saying %q", tt.network, tt.ids, err, tt.want)
		}
	}
}
