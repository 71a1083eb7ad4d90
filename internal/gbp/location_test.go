package gbp

import "testing"

func TestParseLocation(t *testing.T) {
	tests := []struct {
		id      string
		want    Location
		wantErr bool
	}{
		{id: "accounts/111/locations/222", want: Location{Account: "111", ID: "222"}},
		{id: " /accounts/111/locations/222/\n", want: Location{Account: "111", ID: "222"}},
		{id: "locations/222", wantErr: true},
		{id: "accounts/111", wantErr: true},
		{id: "accounts/111/locations/222/localPosts/3", wantErr: true},
		{id: "accounts//locations/222", wantErr: true},
		{id: "accounts/111/locations/2 2", wantErr: true},
		{id: "accounts/111/locations/22%2F2", wantErr: true},
		{id: "Accounts/111/Locations/222", wantErr: true},
		{id: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got, err := ParseLocation(tt.id)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("got %+v, %v; want %+v, error %v", got, err, tt.want, tt.wantErr)
			}
			if err == nil && CanonicalAccount(tt.id) != got.String() {
				t.Errorf("canonical: got %q, want %q", CanonicalAccount(tt.id), got.String())
			}
		})
	}
}

func TestParseReview(t *testing.T) {
	tests := []struct {
		name string
		want Location
		ok   bool
	}{
		{name: "accounts/111/locations/222/reviews/AbFv-Oq_1", want: Location{Account: "111", ID: "222"}, ok: true},
		{name: "accounts/111/locations/222/reviews/AbFv/reply"},
		{name: "accounts/111/locations/222/reviews/"},
		{name: "/accounts/111/locations/222/reviews/AbFv"},
		{name: "accounts/111/locations/222/localPosts/3"},
		{name: "locations/222/reviews/AbFv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseReview(tt.name)
			if ok != tt.ok || got != tt.want {
				t.Errorf("got %+v %v, want %+v %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}
