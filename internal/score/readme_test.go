package score

import (
	"os"
	"regexp"
	"testing"
)

// TestREADMERules: the rules.yaml the README shows is one Relais takes.
func TestREADMERules(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindSubmatch(b)
	if m == nil {
		t.Fatal("the README shows no rules.yaml")
	}
	if _, err := ParsePolicy(m[1]); err != nil {
		t.Errorf("the README's rules.yaml: %v", err)
	}
}
