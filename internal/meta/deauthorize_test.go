package meta

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// TestDeauthorize: Meta's deauthorize callback is verified over its
// signed request, names the person who removed the app, and holds no
// interaction; a JSON delivery is never taken for one.
func TestDeauthorize(t *testing.T) {
	secret := []byte("app-secret-4b1d")
	good := SignRequest(secret, "person-1")
	tampered := SignRequest(secret, "person-1")
	tampered[len(tampered)-2] ^= 1
	tests := []struct {
		name string
		body []byte
		ok   bool
	}{
		{"signed", good, true},
		{"another app's", SignRequest([]byte("another-secret"), "person-1"), false},
		{"tampered", tampered, false},
		{"not a signed request", []byte("signed_request=nodot"), false},
	}
	for _, tt := range tests {
		err := Verify(secret, http.Header{}, tt.body, time.Now())
		if (err == nil) != tt.ok || (err != nil && relais.ErrorCode(err) != relais.EUNAUTHORIZED) {
			t.Errorf("%s: got %v, want ok %v", tt.name, err, tt.ok)
		}
	}
	if got := Revoked(good); len(got) != 1 || got[0] != (relais.Revocation{Network: relais.Facebook, Person: "person-1"}) {
		t.Errorf("revoked: got %+v, want person-1", got)
	}
	if ins, err := Parse(good, time.Now()); err != nil || len(ins) != 0 {
		t.Errorf("parse: got %v, %v; want no interaction", ins, err)
	}
	// A comment's words never make a delivery a deauthorization.
	delivery := []byte(`{"object":"page","entry":[{"id":"1","time":1,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"1_2","post_id":"1_3","from":{"id":"9","name":"Eve"},"message":"x&signed_request=a.b","created_time":1}}]}]}`)
	if got := Revoked(delivery); got != nil {
		t.Errorf("a JSON delivery: got %+v, want no revocation", got)
	}
	if ins, err := Parse(delivery, time.Now()); err != nil || len(ins) != 1 || !strings.Contains(ins[0].Text, "signed_request") {
		t.Errorf("a JSON delivery: got %+v, %v; want its comment", ins, err)
	}
}
