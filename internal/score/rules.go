package score

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// slot is one step of a rule.
type slot struct {
	alts  [][]string
	byKey map[string][]int32 // alternatives by first word
	any   bool               // * : any word
	gap   int                // tokens that may come before this slot
}

type rule struct {
	category category
	weight   float64
	text     string
	slots    []slot
	bag      bool
	// linked is a rule one of whose slots is a link and nothing else: the
	// spam it finds may be a customer quoting an order's page.
	linked bool
}

// rules indexes sequence rules by the first word of their first slot, and
// bag rules by every first word of every slot.
type rules struct {
	list  []rule
	first map[string][]int32
	bag   map[string][][2]int32 // word -> (rule, slot)
	bags  []int32
}

// parseRules reads the rule file (data/rules.txt, whose header describes
// the language). A malformed line is an error naming it, so that a bad rule
// fails the tests and the load, never a comment being scored.
func parseRules(text string) (*rules, error) {
	sets := map[string][]string{}
	rs := &rules{first: map[string][]int32{}, bag: map[string][][2]int32{}}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var err error
		if strings.HasPrefix(line, "@") {
			err = parseSet(line, sets)
		} else {
			err = rs.add(line, sets)
		}
		if err != nil {
			return nil, fmt.Errorf("score: rules line %d: %w", n+1, err)
		}
	}
	return rs, nil
}

// parseSet reads "@name = alt|alt".
func parseSet(line string, sets map[string][]string) error {
	name, alts, ok := strings.Cut(line[1:], " = ")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " |+") {
		return fmt.Errorf("want \"@name = alt|alt\", got %q", line)
	}
	if _, dup := sets[name]; dup {
		return fmt.Errorf("set @%s is defined twice", name)
	}
	list := strings.Split(strings.TrimSpace(alts), "|")
	for _, a := range list {
		if !validAlt(a) {
			return fmt.Errorf("set @%s: empty or spaced alternative %q", name, a)
		}
	}
	sets[name] = list
	return nil
}

// validAlt reports an alternative of one or more words joined by +.
func validAlt(a string) bool {
	if a == "" || strings.ContainsAny(a, " \t") {
		return false
	}
	for _, w := range strings.Split(a, "+") {
		if w == "" {
			return false
		}
	}
	return true
}

// add compiles one "category weight | pattern" line.
func (rs *rules) add(line string, sets map[string][]string) error {
	head, pattern, ok := strings.Cut(line, " | ")
	fields := strings.Fields(head)
	if !ok || len(fields) != 2 || strings.TrimSpace(pattern) == "" {
		return fmt.Errorf("want \"category weight | pattern\", got %q", line)
	}
	c, ok := categoryByName[fields[0]]
	if !ok {
		return fmt.Errorf("unknown category %q", fields[0])
	}
	w, err := strconv.ParseFloat(fields[1], 64)
	if err != nil || w <= 0 || w > 1 {
		return fmt.Errorf("weight %q: want a number over 0, at most 1", fields[1])
	}
	r := rule{category: c, weight: w, text: pattern, bag: strings.Contains(pattern, " & ")}
	var elems []string
	if r.bag {
		elems = strings.Split(pattern, " & ")
	} else {
		elems = strings.Fields(pattern)
	}
	gap := 0
	for _, e := range elems {
		e = strings.TrimSpace(e)
		if g, isGap := strings.CutPrefix(e, "~"); isGap {
			if gap, err = strconv.Atoi(g); err != nil || gap < 1 || r.bag {
				return fmt.Errorf("gap %q: want ~N with N at least 1, in a sequence rule", e)
			}
			continue
		}
		s := slot{gap: gap, any: e == "*", byKey: map[string][]int32{}}
		gap = 0
		if !s.any {
			for _, alt := range strings.Split(e, "|") {
				name, isSet := strings.CutPrefix(alt, "@")
				if !isSet {
					if !validAlt(alt) {
						return fmt.Errorf("empty or spaced alternative %q", alt)
					}
					s.alts = append(s.alts, strings.Split(alt, "+"))
					continue
				}
				set, known := sets[name]
				if !known {
					return fmt.Errorf("unknown set @%s (sets are defined before the rules using them)", name)
				}
				for _, a := range set {
					s.alts = append(s.alts, strings.Split(a, "+"))
				}
			}
		}
		for ai, a := range s.alts {
			s.byKey[a[0]] = append(s.byKey[a[0]], int32(ai))
		}
		r.slots = append(r.slots, s)
	}
	if gap != 0 {
		return fmt.Errorf("pattern ends with a gap")
	}
	r.linked = slices.ContainsFunc(r.slots, func(s slot) bool {
		return len(s.alts) > 0 && !slices.ContainsFunc(s.alts, func(a []string) bool {
			return len(a) != 1 || a[0] != "<url>" && a[0] != "<shortlink>" && a[0] != "<chatlink>"
		})
	})
	if r.bag && slices.ContainsFunc(r.slots, func(s slot) bool { return s.any }) {
		return fmt.Errorf("a bag cannot hold *")
	}
	if r.slots[0].any {
		return fmt.Errorf("a rule cannot start with *")
	}
	id := int32(len(rs.list))
	rs.list = append(rs.list, r)
	if r.bag {
		rs.bags = append(rs.bags, id)
		for si, s := range r.slots {
			for _, a := range s.alts {
				rs.bag[a[0]] = append(rs.bag[a[0]], [2]int32{id, int32(si)})
			}
		}
		return nil
	}
	for _, a := range r.slots[0].alts {
		rs.first[a[0]] = appendUnique(rs.first[a[0]], id)
	}
	return nil
}

// appendUnique appends v unless s holds it.
func appendUnique[T comparable](s []T, v T) []T {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}
