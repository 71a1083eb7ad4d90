package score

import (
	"fmt"
	"hash/maphash"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/relais-dev/relais/internal/relais"
)

type category uint8

const (
	catInsult category = iota
	catProfanity
	catHate
	catThreat
	catHarassment
	catSexual
	catSpam
	catScam
	catBlocked   // the policy's own blocked terms
	catComplaint // negative but legitimate: answered, never hidden by default
	numCategories
)

var categoryNames = [numCategories]string{"insult", "profanity", "hate", "threat", "harassment", "sexual", "spam", "scam", "blocked", "complaint"}

var categoryByName = func() map[string]category {
	m := make(map[string]category, numCategories)
	for c, n := range categoryNames {
		m[n] = category(c)
	}
	return m
}()

// PolicyAction is what a community manager wants done with a comment over
// a category's threshold.
type PolicyAction string

const (
	ActHide   PolicyAction = "hide"
	ActDelete PolicyAction = "delete"
	ActReview PolicyAction = "review"
	ActReply  PolicyAction = "reply"
	ActAlert  PolicyAction = "alert"
)

var policyActions = []PolicyAction{ActHide, ActDelete, ActReview, ActReply, ActAlert}

// severity orders actions; the strongest over-threshold category decides.
func (a PolicyAction) severity() int {
	switch a {
	case ActDelete:
		return 4
	case ActHide:
		return 3
	case ActAlert:
		return 2
	case ActReview, ActReply:
		return 1
	}
	return 0
}

// Crisis sets when a burst of negative comments is treated as a crisis:
// at least MinCount of them in WindowMinutes, and Factor times the usual
// rate; PausePosts holds scheduled posts meanwhile.
type Crisis struct {
	WindowMinutes int
	MinCount      int
	Factor        float64
	PausePosts    bool
}

// Policy is a client's moderation rules (rules.yaml).
type Policy struct {
	// Thresholds per category, 0..1: a category at or over it is a label.
	Thresholds map[string]float64
	// Actions per category.
	Actions map[string]PolicyAction
	// Blocked terms count in the "blocked" category.
	Blocked []string
	// Allowed terms are never counted against a comment by the word lists.
	Allowed []string
	// Brands are the client's own names and products: never blocked.
	Brands []string
	// Replies are the answer templates to complaints, by language (en, fr).
	Replies map[string]string
	Crisis  Crisis
}

// Default thresholds and actions, by category.
var (
	defaultThresholds = [numCategories]float64{0.7, 0.8, 0.6, 0.6, 0.7, 0.75, 0.7, 0.6, 0.5, 0.5}
	defaultActions    = [numCategories]PolicyAction{ActHide, ActReview, ActHide, ActHide, ActHide, ActHide, ActHide, ActHide, ActHide, ActReview}
)

// DefaultPolicy hides abuse, threats, spam and scams, and marks complaints
// as needing the team's answer: a harsh but legitimate complaint is never
// hidden, and no saved reply goes out unless the client's rules say so.
func DefaultPolicy() Policy {
	p := Policy{
		Thresholds: map[string]float64{},
		Actions:    map[string]PolicyAction{},
		Replies: map[string]string{
			"en": "Hello, we are sorry about this. Could you send us your order number in a private message? We will look into it right away.",
			"fr": "Bonjour, nous sommes désolés pour ce désagrément. Pouvez-vous nous envoyer votre numéro de commande en message privé ? Nous regardons cela tout de suite.",
		},
		Crisis: Crisis{WindowMinutes: 60, MinCount: 10, Factor: 3, PausePosts: true},
	}
	for i, n := range categoryNames {
		p.Thresholds[n], p.Actions[n] = defaultThresholds[i], defaultActions[i]
	}
	return p
}

// ActionFor returns the policy's action for a category, review if unset.
func (p Policy) ActionFor(cat string) PolicyAction {
	if a, ok := p.Actions[cat]; ok {
		return a
	}
	return ActReview
}

// policyErr is the EINVALID error every rules.yaml problem becomes.
func policyErr(line int, format string, args ...any) error {
	return relais.Errorf(relais.EINVALID, "rules.yaml line %d: %s", line, fmt.Sprintf(format, args...))
}

var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

// ParsePolicy reads rules.yaml over DefaultPolicy: keys left out keep
// their defaults. Unknown keys, categories, actions and languages, and
// thresholds outside 0..1, are refused with their line.
func ParsePolicy(data []byte) (Policy, error) {
	p := DefaultPolicy()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			return Policy{}, policyErr(n, "%s", m[2])
		}
		return Policy{}, policyErr(1, "%s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return p, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return Policy{}, policyErr(root.Line, "want a mapping of keys (thresholds, actions, blocked, allowed, brands, replies, crisis)")
	}
	err := eachKey(root, func(k, v *yaml.Node) error {
		switch k.Value {
		case "thresholds":
			return eachKey(v, func(k, v *yaml.Node) error {
				if _, err := categoryOf(k); err != nil {
					return err
				}
				f, err := strconv.ParseFloat(v.Value, 64)
				if v.Kind != yaml.ScalarNode || err != nil || f < 0 || f > 1 {
					return policyErr(v.Line, "threshold for %s must be a number from 0 to 1, got %q", k.Value, v.Value)
				}
				p.Thresholds[k.Value] = f
				return nil
			})
		case "actions":
			return eachKey(v, func(k, v *yaml.Node) error {
				c, err := categoryOf(k)
				if err != nil {
					return err
				}
				a, err := actionOf(v)
				if err != nil {
					return err
				}
				if c == catComplaint && a.severity() >= ActHide.severity() {
					return policyErr(v.Line, "complaint cannot be %s: a legitimate complaint is answered, not hidden (want review, reply or alert)", a)
				}
				p.Actions[k.Value] = a
				return nil
			})
		case "blocked":
			return stringList(v, &p.Blocked)
		case "allowed":
			return stringList(v, &p.Allowed)
		case "brands":
			return stringList(v, &p.Brands)
		case "replies":
			return eachKey(v, func(k, v *yaml.Node) error {
				if k.Value != "en" && k.Value != "fr" {
					return policyErr(k.Line, "unknown reply language %q (want en or fr)", k.Value)
				}
				if v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "" {
					return policyErr(v.Line, "reply for %s must be a non-empty text", k.Value)
				}
				p.Replies[k.Value] = v.Value
				return nil
			})
		case "crisis":
			return parseCrisis(v, &p.Crisis)
		}
		return policyErr(k.Line, "unknown key %q (want thresholds, actions, blocked, allowed, brands, replies or crisis)", k.Value)
	})
	if err != nil {
		return Policy{}, err
	}
	return p, nil
}

// eachKey walks a mapping, refusing anything else and repeated keys.
func eachKey(n *yaml.Node, fn func(k, v *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return policyErr(n.Line, "want a mapping, got %s", kindName(n))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			return policyErr(k.Line, "key %q is repeated", k.Value)
		}
		seen[k.Value] = true
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

func categoryOf(k *yaml.Node) (category, error) {
	c, ok := categoryByName[k.Value]
	if !ok {
		return 0, policyErr(k.Line, "unknown category %q (want one of %s)", k.Value, strings.Join(categoryNames[:], ", "))
	}
	return c, nil
}

func actionOf(v *yaml.Node) (PolicyAction, error) {
	for _, a := range policyActions {
		if v.Kind == yaml.ScalarNode && v.Value == string(a) {
			return a, nil
		}
	}
	return "", policyErr(v.Line, "unknown action %q (want hide, delete, review, reply or alert)", v.Value)
}

func stringList(v *yaml.Node, dst *[]string) error {
	if v.Kind != yaml.SequenceNode {
		return policyErr(v.Line, "want a list of terms, got %s", kindName(v))
	}
	for _, item := range v.Content {
		if item.Kind != yaml.ScalarNode || strings.TrimSpace(item.Value) == "" {
			return policyErr(item.Line, "a term must be a non-empty text")
		}
		*dst = append(*dst, item.Value)
	}
	return nil
}

func parseCrisis(v *yaml.Node, c *Crisis) error {
	return eachKey(v, func(k, v *yaml.Node) error {
		switch k.Value {
		case "window_minutes", "min_count":
			n, err := strconv.Atoi(v.Value)
			if v.Kind != yaml.ScalarNode || err != nil || n < 1 {
				return policyErr(v.Line, "crisis %s must be a whole number of at least 1, got %q", k.Value, v.Value)
			}
			if k.Value == "window_minutes" {
				c.WindowMinutes = n
			} else {
				c.MinCount = n
			}
		case "factor":
			f, err := strconv.ParseFloat(v.Value, 64)
			if v.Kind != yaml.ScalarNode || err != nil || f < 1 {
				return policyErr(v.Line, "crisis factor must be a number of at least 1, got %q", v.Value)
			}
			c.Factor = f
		case "pause_posts":
			b, err := strconv.ParseBool(v.Value)
			if v.Kind != yaml.ScalarNode || err != nil {
				return policyErr(v.Line, "crisis pause_posts must be true or false, got %q", v.Value)
			}
			c.PausePosts = b
		default:
			return policyErr(k.Line, "unknown crisis key %q (want window_minutes, min_count, factor or pause_posts)", k.Value)
		}
		return nil
	})
}

// policyDoc is the rules.yaml layout, for YAML.
type policyDoc struct {
	Thresholds map[string]float64      `yaml:"thresholds"`
	Actions    map[string]PolicyAction `yaml:"actions"`
	Blocked    []string                `yaml:"blocked,omitempty"`
	Allowed    []string                `yaml:"allowed,omitempty"`
	Brands     []string                `yaml:"brands,omitempty"`
	Replies    map[string]string       `yaml:"replies,omitempty"`
	Crisis     struct {
		WindowMinutes int     `yaml:"window_minutes"`
		MinCount      int     `yaml:"min_count"`
		Factor        float64 `yaml:"factor"`
		PausePosts    bool    `yaml:"pause_posts"`
	} `yaml:"crisis"`
}

// YAML renders the policy as rules.yaml, keys sorted, for `relais rules
// show`; ParsePolicy reads it back unchanged.
func (p Policy) YAML() []byte {
	d := policyDoc{Thresholds: p.Thresholds, Actions: p.Actions, Blocked: p.Blocked, Allowed: p.Allowed, Brands: p.Brands, Replies: p.Replies}
	d.Crisis.WindowMinutes, d.Crisis.MinCount, d.Crisis.Factor, d.Crisis.PausePosts = p.Crisis.WindowMinutes, p.Crisis.MinCount, p.Crisis.Factor, p.Crisis.PausePosts
	out, err := yaml.Marshal(d)
	if err != nil { // maps of strings and numbers always marshal
		panic(fmt.Sprintf("score: marshal policy: %v", err))
	}
	return out
}

// compiled holds a policy's thresholds and actions by category.
type compiled struct {
	threshold [numCategories]float64
	action    [numCategories]PolicyAction
}

func (p Policy) compile() compiled {
	c := compiled{threshold: defaultThresholds, action: defaultActions}
	for i, n := range categoryNames {
		if t, ok := p.Thresholds[n]; ok {
			c.threshold[i] = t
		}
		if a, ok := p.Actions[n]; ok {
			c.action[i] = a
		}
	}
	return c
}

// termKey identifies a policy's term lists, to cache their matchers; 0
// when it has none.
func (p Policy) termKey(seed maphash.Seed) uint64 {
	if len(p.Blocked)+len(p.Allowed)+len(p.Brands) == 0 {
		return 0
	}
	var h maphash.Hash
	h.SetSeed(seed)
	for _, l := range [][]string{p.Blocked, p.Allowed, p.Brands} {
		for _, s := range l {
			h.WriteString(s)
			h.WriteByte(0)
		}
		h.WriteByte(1)
	}
	return h.Sum64() | 1
}

// ClientPolicy is a client's policy: its rules.yaml, or the default one,
// with the client's brands never blocked.
func ClientPolicy(c relais.Client) (Policy, error) {
	p := DefaultPolicy()
	if c.Rules != "" {
		var err error
		if p, err = ParsePolicy([]byte(c.Rules)); err != nil {
			return p, fmt.Errorf("rules of client %s: %w", c.ID, err)
		}
	}
	p.Brands = append(p.Brands, c.Brands...)
	return p, nil
}
