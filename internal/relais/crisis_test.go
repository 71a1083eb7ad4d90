package relais

import (
	"testing"
	"time"
)

func TestCrisisRuleSpike(t *testing.T) {
	r := CrisisRule{Window: 15 * time.Minute, MinCount: 10, Factor: 5}
	tests := []struct {
		name   string
		count  int
		perDay float64
		want   bool
	}{
		{"quiet client, a burst", 12, 0, true},
		{"quiet client, below the minimum", 9, 0, false},
		// 480 a day is 5 per 15 minutes; five times that is 25.
		{"busy client, its usual rate", 12, 480, false},
		{"busy client, five times its rate", 25, 480, true},
		{"busy client, just under", 24, 480, false},
	}
	for _, tt := range tests {
		if got := r.Spike(tt.count, tt.perDay); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCrisisWindowStart(t *testing.T) {
	r := CrisisRule{Window: 15 * time.Minute}
	at := time.Date(2026, 11, 22, 10, 7, 30, 0, time.UTC)
	if got, want := r.WindowStart(at), time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
