package graphfake

import "testing"

func TestPath(t *testing.T) {
	for _, tt := range []struct {
		path, node, edge string
		ok               bool
	}{
		{"/v21.0/123/feed", "123", "feed", true},
		{"/123/feed", "123", "feed", true},
		{"/me", "me", "", true},
		{"/v1.0/", "", "", false},
		{"/123/feed/more", "123", "", false},
	} {
		node, edge, ok := Path(tt.path)
		if node != tt.node || edge != tt.edge || ok != tt.ok {
			t.Errorf("%s: got %q %q %t, want %q %q %t", tt.path, node, edge, ok, tt.node, tt.edge, tt.ok)
		}
	}
}
