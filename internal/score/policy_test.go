package score

import (
	"reflect"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

func TestParsePolicy(t *testing.T) {
	got, err := ParsePolicy([]byte(`# Acme's rules
thresholds:
  insult: 0.6
  spam: 0.9
actions:
  profanity: hide
  threat: alert
  complaint: reply
blocked: [concurrent, "super promo"]
allowed:
  - con
brands: [Acme, Acme Care]
replies:
  fr: "Bonjour, écrivez-nous en privé."
crisis:
  window_minutes: 30
  min_count: 5
  factor: 2.5
  pause_posts: false
`))
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultPolicy()
	want.Thresholds["insult"], want.Thresholds["spam"] = 0.6, 0.9
	want.Actions["profanity"], want.Actions["threat"], want.Actions["complaint"] = ActHide, ActAlert, ActReply
	want.Blocked = []string{"concurrent", "super promo"}
	want.Allowed = []string{"con"}
	want.Brands = []string{"Acme", "Acme Care"}
	want.Replies["fr"] = "Bonjour, écrivez-nous en privé."
	want.Crisis = Crisis{WindowMinutes: 30, MinCount: 5, Factor: 2.5, PausePosts: false}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParsePolicy:\ngot  %+v\nwant %+v", got, want)
	}
}

func TestParsePolicyEmpty(t *testing.T) {
	for _, in := range []string{"", "# nothing yet\n"} {
		got, err := ParsePolicy([]byte(in))
		if err != nil {
			t.Fatalf("ParsePolicy(%q): %v", in, err)
		}
		if !reflect.DeepEqual(got, DefaultPolicy()) {
			t.Errorf("ParsePolicy(%q): got %+v, want the default policy", in, got)
		}
	}
}

func TestPolicyYAMLRoundTrip(t *testing.T) {
	p := DefaultPolicy()
	p.Blocked = []string{"concurrent"}
	p.Brands = []string{"Acme"}
	p.Thresholds["hate"] = 0.4
	got, err := ParsePolicy(p.YAML())
	if err != nil {
		t.Fatalf("ParsePolicy(YAML()): %v\n%s", err, p.YAML())
	}
	if !reflect.DeepEqual(got, p) {
		t.Errorf("round trip:\ngot  %+v\nwant %+v", got, p)
	}
}

func TestParsePolicyErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"syntax", "thresholds:\n  insult: 0.5\n bad: [", "rules.yaml line 2: did not find expected key"},
		{"tab", "thresholds:\n\tinsult: 0.5\n", "rules.yaml line 2: found character that cannot start any token"},
		{"unknown key", "thresholds:\n  insult: 0.5\nthreshold:\n  spam: 0.2\n", `rules.yaml line 3: unknown key "threshold" (want thresholds, actions, blocked, allowed, brands, replies or crisis)`},
		{"threshold over 1", "thresholds:\n  insult: 1.5\n", `rules.yaml line 2: threshold for insult must be a number from 0 to 1, got "1.5"`},
		{"threshold not a number", "thresholds:\n  insult: high\n", `rules.yaml line 2: threshold for insult must be a number from 0 to 1, got "high"`},
		{"negative threshold", "thresholds:\n  spam: -0.1\n", `rules.yaml line 2: threshold for spam must be a number from 0 to 1, got "-0.1"`},
		{"unknown category", "thresholds:\n  rudeness: 0.5\n", `rules.yaml line 2: unknown category "rudeness" (want one of insult, profanity, hate, threat, harassment, sexual, spam, scam, blocked, complaint)`},
		{"unknown action", "actions:\n  insult: ban\n", `rules.yaml line 2: unknown action "ban" (want hide, delete, review, reply or alert)`},
		{"complaint hidden", "actions:\n  spam: hide\n  complaint: hide\n", `rules.yaml line 3: complaint cannot be hide: a legitimate complaint is answered, not hidden (want review, reply or alert)`},
		{"blocked not a list", "blocked: concurrent\n", `rules.yaml line 1: want a list of terms, got "concurrent"`},
		{"empty term", "allowed:\n  - ok\n  - \"\"\n", `rules.yaml line 3: a term must be a non-empty text`},
		{"reply language", "replies:\n  de: Hallo\n", `rules.yaml line 2: unknown reply language "de" (want en or fr)`},
		{"crisis key", "crisis:\n  window: 5\n", `rules.yaml line 2: unknown crisis key "window" (want window_minutes, min_count, factor or pause_posts)`},
		{"crisis count", "crisis:\n  min_count: 0\n", `rules.yaml line 2: crisis min_count must be a whole number of at least 1, got "0"`},
		{"crisis bool", "crisis:\n  pause_posts: maybe\n", `rules.yaml line 2: crisis pause_posts must be true or false, got "maybe"`},
		{"repeated key", "thresholds:\n  insult: 0.5\n  insult: 0.6\n", `rules.yaml line 3: key "insult" is repeated`},
		{"not a mapping", "- insult\n", "rules.yaml line 1: want a mapping of keys (thresholds, actions, blocked, allowed, brands, replies, crisis)"},
		{"section not a mapping", "thresholds: [0.5]\n", "rules.yaml line 1: want a mapping, got a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePolicy([]byte(tt.in))
			if err == nil {
				t.Fatalf("ParsePolicy(%q): got no error, want %q", tt.in, tt.want)
			}
			if got := relais.ErrorCode(err); got != relais.EINVALID {
				t.Errorf("error code: got %s, want %s", got, relais.EINVALID)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
