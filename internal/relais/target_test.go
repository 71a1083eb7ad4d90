package relais

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseServiceTarget(t *testing.T) {
	for _, c := range []struct {
		in, want, refused string
	}{
		{"complaint 1h mon-fri 09:00-18:00", "complaint 1h mon,tue,wed,thu,fri 09:00-18:00", ""},
		{"message 4h", "message 4h", ""},
		{"any 90m sat,sun 10:00-12:30", "any 1h30m sat,sun 10:00-12:30", ""},
		{"Complaint 30m fri-mon 08:00-24:00", "complaint 30m fri,sat,sun,mon 08:00-24:00", ""},
		{"question 1h", "", "the kind is complaint, message or any"},
		{"complaint soon", "", "the delay is a duration"},
		{"complaint 10s", "", "the delay is a duration"},
		{"complaint 1h mon-fri", "", "want a kind, a delay"},
		{"complaint 1h mon-fry 09:00-18:00", "", `unknown day "fry"`},
		{"complaint 1h mon-fri 18:00-09:00", "", "opening before closing"},
		{"complaint 1h mon-fri 9h-18h", "", "HH:MM-HH:MM"},
	} {
		got, err := ParseServiceTarget(c.in)
		if c.refused != "" {
			if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), c.refused) {
				t.Errorf("%q: got %v, want EINVALID with %q", c.in, err, c.refused)
			}
			continue
		}
		if err != nil || got.String() != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestServiceTargetDue(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	office, err := ParseServiceTarget("complaint 1h mon-fri 09:00-18:00")
	if err != nil {
		t.Fatal(err)
	}
	local := func(day, clock string) time.Time {
		at, err := time.ParseInLocation("2006-01-02 15:04", day+" "+clock, paris)
		if err != nil {
			t.Fatal(err)
		}
		return at
	}
	for _, c := range []struct {
		name  string
		t     ServiceTarget
		start time.Time
		want  time.Time
	}{
		{"within the day", office, local("2026-12-07", "10:00"), local("2026-12-07", "11:00")},
		{"before opening", office, local("2026-12-07", "07:30"), local("2026-12-07", "10:00")},
		{"across the evening", office, local("2026-12-07", "17:30"), local("2026-12-08", "09:30")},
		{"friday evening to monday", office, local("2026-12-11", "17:45"), local("2026-12-14", "09:45")},
		{"on a sunday", office, local("2026-12-13", "15:00"), local("2026-12-14", "10:00")},
		{"across the spring change", office, local("2027-03-26", "17:30"), local("2027-03-29", "09:30")},
		{"around the clock", ServiceTarget{For: TargetMessage, Within: 4 * time.Hour}, local("2026-12-13", "22:00"), local("2026-12-14", "02:00")},
	} {
		if got := c.t.Due(c.start, paris); !got.Equal(c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got.In(paris), c.want)
		}
	}
}

func TestTargetFor(t *testing.T) {
	complaint, _ := ParseServiceTarget("complaint 1h mon-fri 09:00-18:00")
	message, _ := ParseServiceTarget("message 4h")
	c := Client{Targets: []ServiceTarget{complaint, message}}
	for _, tc := range []struct {
		name    string
		private bool
		labels  []string
		want    string
		covered bool
	}{
		{"a complaint", false, []string{"complaint", "needs_reply"}, "complaint", true},
		{"a private complaint takes the first", true, []string{"complaint"}, "complaint", true},
		{"a message", true, nil, "message", true},
		{"a question in public", false, []string{"needs_reply"}, "", false},
	} {
		got, ok := c.TargetFor(tc.private, tc.labels)
		if ok != tc.covered || got.For != tc.want {
			t.Errorf("%s: got %q %v, want %q %v", tc.name, got.For, ok, tc.want, tc.covered)
		}
	}
}

func TestThreadID(t *testing.T) {
	for _, c := range []struct {
		name string
		in   Interaction
		want string
	}{
		{"a comment is its own thread", Interaction{ID: "c1", PostID: "p1"}, "c1"},
		{"a comment whose parent is the post", Interaction{ID: "c1", PostID: "p1", ParentID: "p1"}, "c1"},
		{"a reply joins its comment", Interaction{ID: "r1", PostID: "p1", ParentID: "c1"}, "c1"},
		{"a message joins its conversation", Interaction{ID: "m1", Private: true, Conversation: "u-7"}, "dm-u-7"},
		{"a message without one, its author", Interaction{ID: "m1", Private: true, Author: Author{ID: "u-8"}}, "dm-u-8"},
	} {
		if got := ThreadID(c.in); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestServiceTargetJSON(t *testing.T) {
	var c Client
	if err := json.Unmarshal([]byte(`{"serviceTargets":["complaint 1h mon-fri 09:00-18:00","message 4h"]}`), &c); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(c.Targets)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `["complaint 1h mon,tue,wed,thu,fri 09:00-18:00","message 4h"]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if err := json.Unmarshal([]byte(`{"serviceTargets":["soon"]}`), &c); err == nil {
		t.Errorf("a target that does not read: no error")
	}
}
