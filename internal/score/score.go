package score

import (
	_ "embed"
	"fmt"
	"hash/maphash"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"mvdan.cc/xurls/v2"

	"github.com/relais-dev/relais/internal/relais"
)

var (
	//go:embed data/lexicon.tsv
	lexiconTSV string
	//go:embed data/sentiment.tsv
	sentimentTSV string
	//go:embed data/confusables.tsv
	confusablesTSV string
)

// builtinAllowed are innocent phrases made of listed words.
var builtinAllowed = []string{
	"cul de sac", "culs de sac", "raton laveur", "ratons laveurs", "pros and cons", "cum laude", "summa cum laude",
	"magna cum laude", "pédale de frein", "pédale d'embrayage", "pédale d'accélérateur", "gland de chêne",
	"bite size", "bite sized", "bite-sized", "pet shop", "pet food", "pet friendly", "dick's sporting goods",
	"moby dick", "hard core fans", "chatte de ma voisine", "con edison",
}

// model is the data every Scorer shares, built once on first use so that
// package init stays free (the moderator Lambda's cold start).
type model struct {
	lex     *lexicon
	rules   *rules
	bagSlot []int // rule id -> index in rules.bags, or -1
	sent    *sentiment
	allowed *phraseSet
	// known is every word of the lists and rules; ruleWords holds the
	// rules' own words by first letter, to read masked words (t*bleau).
	known     map[string]bool
	ruleWords map[byte][]string
	ext       extractor
	folder    folder
	runs      sync.Pool
}

var loadModel = sync.OnceValue(loadModelFresh)

// loadModelFresh builds the shared data: about a few milliseconds.
func loadModelFresh() *model {
	m := &model{folder: newFolder(confusablesTSV)}
	z := &tokenizer{f: m.folder}
	m.lex = loadLexicon(z, lexiconTSV)
	m.sent = loadSentiment(z, sentimentTSV)
	m.rules = compileRules(ruleTable, ruleSets)
	m.bagSlot = make([]int, len(m.rules.list))
	for i := range m.bagSlot {
		m.bagSlot[i] = -1
	}
	for i, id := range m.rules.bags {
		m.bagSlot[id] = i
	}
	m.known = map[string]bool{}
	for w := range m.lex.set.single {
		m.known[w] = true
	}
	for w := range m.lex.squeezed {
		m.known[w] = true
	}
	m.ruleWords = map[byte][]string{}
	for _, rl := range m.rules.list {
		for _, sl := range rl.slots {
			for _, alt := range sl.alts {
				for _, w := range alt {
					if isLetters(w) && !m.known[w] {
						m.known[w] = true
						if len(w) >= 3 {
							m.ruleWords[w[0]] = append(m.ruleWords[w[0]], w)
						}
					}
				}
			}
		}
	}
	m.allowed = newPhraseSet()
	for i, p := range builtinAllowed {
		m.allowed.add(z.words(p), int32(i))
	}
	// "Vous nous prenez pour des idiots" is a complaint, not an insult.
	n := int32(len(builtinAllowed))
	fools := []string{"idiots", "cons", "imbéciles", "abrutis", "débiles", "pigeons", "billes", "truffes", "jambons", "quiches", "fools", "morons", "mugs", "suckers"}
	for _, v := range []string{"prendre pour des", "prend pour des", "prends pour des", "prenez pour des", "prennent pour des", "pris pour des", "take us for", "treat us like", "treating us like", "take your customers for"} {
		for _, w := range fools {
			m.allowed.add(z.words(v+" "+w), n)
			n++
		}
	}
	m.ext = extractor{urls: xurls.Relaxed(), phones: regexp.MustCompile(phonePattern)}
	m.runs.New = func() any { return &run{z: tokenizer{f: m.folder, known: m.known}} }
	return m
}

// Scorer scores comments; it is safe for concurrent use.
type Scorer struct {
	seed  maphash.Seed
	terms sync.Map // Policy.termKey -> *policyTerms
}

// New returns a Scorer. The word lists load on the first Score, once per
// process, so building a Scorer at start-up costs nothing.
func New() *Scorer { return &Scorer{seed: maphash.MakeSeed()} }

// policyTerms are a policy's own term lists, compiled once per policy.
type policyTerms struct {
	allowed *phraseSet // allowed terms and brand words
	blocked *phraseSet
	terms   []string // blocked terms as written, by id
	brands  []string // folded brand words, for look-alike links
}

// maxTermCache bounds the compiled policies kept; past it the cache starts
// over (a moderator serves a handful of clients).
const maxTermCache = 256

func (s *Scorer) policyTerms(m *model, p Policy) *policyTerms {
	key := p.termKey(s.seed)
	if key == 0 {
		return nil
	}
	if pt, ok := s.terms.Load(key); ok {
		return pt.(*policyTerms)
	}
	z := &tokenizer{f: m.folder}
	pt := &policyTerms{allowed: newPhraseSet(), blocked: newPhraseSet(), terms: p.Blocked}
	for i, b := range p.Blocked {
		pt.blocked.add(z.words(b), int32(i))
	}
	for i, a := range append(append([]string(nil), p.Allowed...), p.Brands...) {
		pt.allowed.add(z.words(a), int32(i))
	}
	for _, b := range p.Brands {
		for _, w := range z.words(b) {
			if len(w) >= 3 {
				pt.brands = append(pt.brands, w)
			}
		}
	}
	n := 0
	s.terms.Range(func(any, any) bool { n++; return n <= maxTermCache })
	if n > maxTermCache {
		s.terms.Clear()
	}
	s.terms.Store(key, pt)
	return pt
}

// run is one comment's scratch state, pooled.
type run struct {
	z       tokenizer
	ents    []entity
	skip    []bool
	keep    [numCategories]float64 // product of (1 - weight): noisy-or
	toxic   float64
	seenLex []int32
	seenRul []int32
	bagBits []uint32
	reasons []string
	// matched are the words the word lists matched, as written.
	matched []string
	pair    []byte
	res     []string
}

func (r *run) reset(nbags int) {
	r.keep = [numCategories]float64{}
	for i := range r.keep {
		r.keep[i] = 1
	}
	r.toxic = 0
	r.seenLex, r.seenRul, r.reasons, r.matched = r.seenLex[:0], r.seenRul[:0], nil, nil
	r.bagBits = append(r.bagBits[:0], make([]uint32, nbags)...)
}

func (r *run) add(c category, w float64, reason string) {
	w = min(max(w, 0), 1)
	r.keep[c] *= 1 - w
	switch c {
	case catInsult, catHate, catThreat, catHarassment:
		r.toxic += w
	}
	if reason != "" && len(r.reasons) < maxReasons {
		r.reasons = append(r.reasons, reason)
	}
}

// maxReasons bounds the reasons kept for one comment.
const maxReasons = 12

// maxInput bounds the text scored: no network allows longer comments, and
// it keeps the worst case of a call bounded.
const maxInput = 16 << 10

// Score scores text under p, guessing its language.
func (s *Scorer) Score(text string, p Policy) relais.Score { return s.ScoreLang(text, "", p) }

// ScoreLang scores text under p; lang ("en" or "fr") overrides language
// detection when set.
func (s *Scorer) ScoreLang(text, lang string, p Policy) relais.Score {
	m := loadModel()
	if len(text) > maxInput {
		cut := maxInput
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	r := m.runs.Get().(*run)
	defer m.runs.Put(r)
	r.reset(len(m.rules.bags))
	r.ents = m.ext.find(text, r.ents)
	t := r.z.tokenize(text, r.ents)
	sure := true
	if lang != "en" && lang != "fr" {
		lang, sure = detectLanguage(&t)
	}
	pt := s.policyTerms(m, p)
	if pt != nil {
		pt.unmentionBrands(&t)
	}
	r.markAllowed(&t, m.allowed, pt)
	r.matchLexicon(&t, m.lex, lang, sure)
	r.unmask(&t, m.ruleWords)
	if pt != nil {
		r.matchBlocked(&t, pt)
		r.linkSignals(&t, pt)
	}
	r.matchRules(&t, m)
	// A complaint is judged on its words alone: abuse makes a comment
	// negative without making it a complaint. The comment's sentiment also
	// counts the abuse found, which French word polarities miss.
	sum := m.sent.sum(&t, lang)
	if plain := squash(sum); plain < -0.25 {
		r.add(catComplaint, -plain, "")
	}
	sent := squash(sum - min(r.toxic, 2))
	return r.verdict(p.compile(), lang, sent)
}

// markAllowed marks the tokens of allowed terms, brand words and innocent
// phrases: the word lists skip them.
func (r *run) markAllowed(t *tokens, builtin *phraseSet, pt *policyTerms) {
	r.skip = append(r.skip[:0], make([]bool, len(t.toks))...)
	r.res = append(r.res[:0], make([]string, len(t.toks))...)
	t.res = r.res
	mark := func(i int) func(int32, int) {
		return func(_ int32, n int) {
			for k := i; k < i+n; k++ {
				r.skip[k] = true
			}
		}
	}
	for i := range t.toks {
		if t.toks[i].kind != kWord {
			continue
		}
		builtin.at(t, i, nil, mark(i))
		if pt != nil {
			pt.allowed.at(t, i, nil, mark(i))
		}
	}
}

func seen(ids *[]int32, id int32) bool {
	for _, x := range *ids {
		if x == id {
			return true
		}
	}
	*ids = append(*ids, id)
	return false
}

func (r *run) hitLex(t *tokens, l *lexicon, id int32, tok *token, idx int, lang string, sure bool) {
	if seen(&r.seenLex, id) {
		return
	}
	e := &l.entries[id]
	w := e.weight
	if e.weight < 0.9 && nameLike(t, idx) {
		w *= 0.4 // Dick Fosbury, Rod Hull: a capitalised word inside a name
	}
	switch {
	case e.lang == "" || e.lang == lang && sure:
	case e.lang != lang && sure:
		w *= 0.5 // innocent, or far milder, in the comment's language
	default:
		w *= 0.75 // the language is a guess
	}
	r.add(e.category, w, r.reasonFor(categoryNames[e.category], e.term, t, tok, idx))
}

// nameLike reports a capitalised word, not starting a sentence, next to
// another capitalised word: most likely part of a name.
func nameLike(t *tokens, i int) bool {
	upper := func(k int) bool {
		if k < 0 || k >= len(t.toks) || t.toks[k].kind != kWord {
			return false
		}
		r, _ := utf8.DecodeRuneInString(t.orig(&t.toks[k]))
		return unicode.IsUpper(r)
	}
	if i == 0 || !upper(i) {
		return false
	}
	before := strings.TrimRight(t.input[:t.toks[i].orig.a], " ")
	if before == "" || strings.ContainsAny(before[len(before)-1:], ".!?\n") {
		return false
	}
	return upper(i-1) || upper(i+1)
}

// affix is a vulgar word that keeps its sense inside compounds
// (fuckwit, dumbfuck, enculage).
type affix struct {
	text, show string
	prefix     bool
	category   category
	weight     float64
}

var vulgarAffixes = []affix{
	{"fuck", "fuck...", true, catInsult, 0.8},
	{"fuck", "...fuck", false, catInsult, 0.8},
	{"cunt", "cunt...", true, catInsult, 0.85},
	{"bitch", "bitch...", true, catInsult, 0.75},
	{"motherfuck", "motherfuck...", true, catInsult, 0.9},
	{"connard", "connard...", true, catInsult, 0.85},
	{"encul", "encul...", true, catInsult, 0.85},
	{"salop", "salop...", true, catInsult, 0.8},
	{"putain", "putain...", true, catProfanity, 0.7},
	{"nigger", "nigger...", true, catHate, 0.9},
	{"fagg", "fagg...", true, catHate, 0.85},
}

func vulgarAffix(t *tokens, i int) (affix, bool) {
	for k := range int(t.toks[i].nforms) {
		f := t.form(i, k)
		for _, a := range vulgarAffixes {
			if len(f) >= len(a.text)+2 && (a.prefix && strings.HasPrefix(f, a.text) || !a.prefix && strings.HasSuffix(f, a.text)) {
				return a, true
			}
		}
	}
	return affix{}, false
}

// reasonFor writes `insult: "connard" (token 3, from "c0nn@rd")`, and
// keeps the word as written among the matched ones.
func (r *run) reasonFor(cat, term string, t *tokens, tok *token, idx int) string {
	orig := t.orig(tok)
	if len(r.matched) < maxReasons {
		r.matched = append(r.matched, orig)
	}
	if strings.EqualFold(orig, term) {
		return fmt.Sprintf("%s: %q (token %d)", cat, term, idx+1)
	}
	return fmt.Sprintf("%s: %q (token %d, from %q)", cat, term, idx+1, orig)
}

func (r *run) matchLexicon(t *tokens, l *lexicon, lang string, sure bool) {
	for i := range t.toks {
		tok := &t.toks[i]
		if r.skip[i] || tok.kind == kNumber || tok.kind == kEntity {
			continue
		}
		hit := false
		l.set.at(t, i, r.skip, func(id int32, _ int) {
			hit = true
			r.hitLex(t, l, id, tok, i, lang, sure)
		})
		// A stretched word is read both ways (cooooon: coon and con).
		if sq := tok.squeeze; sq.b > sq.a {
			if id, ok := l.squeezed[t.text[sq.a:sq.b]]; ok {
				hit = true
				t.res[i] = l.entries[id].words[0]
				r.hitLex(t, l, id, tok, i, lang, sure)
			}
		}
		if hit || tok.kind != kWord {
			continue
		}
		if id, ok := l.lookupVariant(t, i); ok {
			t.res[i] = l.entries[id].words[0]
			r.hitLex(t, l, id, tok, i, lang, sure)
			continue
		}
		if a, ok := vulgarAffix(t, i); ok {
			r.add(a.category, a.weight, r.reasonFor(categoryNames[a.category], a.show, t, tok, i))
			continue
		}
		// Two short words that make a listed one (con nard).
		if i+1 < len(t.toks) && !r.skip[i+1] && t.toks[i+1].kind == kWord {
			a, b := t.form(i, 0), t.form(i+1, 0)
			if len(a) <= 4 && len(b) <= 4 && len(a)+len(b) >= 5 {
				r.pair = append(append(r.pair[:0], a...), b...)
				if id, ok := l.set.single[string(r.pair)]; ok && len(l.entries[id].words) == 1 {
					pair := token{kind: kWord, orig: span{tok.orig.a, t.toks[i+1].orig.b}}
					r.hitLex(t, l, id, &pair, i, lang, sure)
				}
			}
		}
	}
	for j := range t.joins {
		tok := &t.joins[j]
		w := t.text[tok.forms[0].a:tok.forms[0].b]
		id, ok := l.set.single[w]
		if !ok && tok.squeeze.b > tok.squeeze.a {
			id, ok = l.squeezed[t.text[tok.squeeze.a:tok.squeeze.b]]
		}
		if ok {
			r.hitLex(t, l, id, tok, tokenIndex(t, tok.orig.a), lang, sure)
		}
	}
}

// lookupVariant tries the spellings a plain lookup misses: plurals and
// masks.
func (l *lexicon) lookupVariant(t *tokens, i int) (int32, bool) {
	tok := &t.toks[i]
	for k := range int(tok.nforms) {
		f := t.form(i, k)
		if len(f) >= 5 && f[len(f)-1] == 's' {
			if id, ok := l.set.single[f[:len(f)-1]]; ok {
				return id, true
			}
		}
	}
	if tok.masked {
		for k := range int(tok.nforms) {
			if f := t.form(i, k); strings.Contains(f, "*") {
				if id, ok := l.masked(f); ok {
					return id, true
				}
			}
		}
	}
	return 0, false
}

// unmask reads masked tokens the word lists did not know as a rule word,
// so that "tu s*rs a rien" still reads as the phrase.
func (r *run) unmask(t *tokens, words map[byte][]string) {
	for i := range t.toks {
		tok := &t.toks[i]
		if !tok.masked || t.res[i] != "" {
			continue
		}
		f := t.form(i, int(tok.nforms)-1)
		if !maskable(f) {
			continue
		}
		for _, w := range words[f[0]] {
			if maskMatch(f, w) {
				t.res[i] = w
				break
			}
		}
	}
}

func tokenIndex(t *tokens, origStart int32) int {
	for i := range t.toks {
		if t.toks[i].orig.a == origStart {
			return i
		}
	}
	return 0
}

// unmentionBrands drops the <mention> reading of the brand's own handles:
// "I sent a DM to @acme" is a customer, not a spammer.
func (pt *policyTerms) unmentionBrands(t *tokens) {
	for i := range t.toks {
		tok := &t.toks[i]
		if tok.nforms < 2 || t.form(i, int(tok.nforms)-1) != "<mention>" {
			continue
		}
		for _, b := range pt.brands {
			if strings.Contains(t.form(i, 0), b) {
				tok.nforms--
				break
			}
		}
	}
}

func (r *run) matchBlocked(t *tokens, pt *policyTerms) {
	for i := range t.toks {
		if t.toks[i].kind != kWord || r.skip[i] {
			continue
		}
		pt.blocked.at(t, i, nil, func(id int32, _ int) {
			if !seen(&r.seenLex, -1-id) {
				r.add(catBlocked, 1, r.reasonFor("blocked", pt.terms[id], t, &t.toks[i], i))
			}
		})
	}
}

// supportWords in a link's host next to a brand word make it a look-alike
// of the brand's support.
var supportWords = []string{"support", "help", "care", "service", "secure", "verify", "login", "account", "official", "team", "refund", "claim", "gift", "assist", "sav", "client"}

// linkSignals flags links whose host borrows a brand word with a support
// word: fake brand support.
func (r *run) linkSignals(t *tokens, pt *policyTerms) {
	for i := range t.toks {
		tok := &t.toks[i]
		if tok.kind != kEntity || t.form(i, 0) == phPhone || t.form(i, 0) == phEmail {
			continue
		}
		host := urlHost(t.orig(tok))
		for _, b := range pt.brands {
			if !strings.Contains(host, b) {
				continue
			}
			for _, sw := range supportWords {
				if strings.Contains(host, sw) {
					r.add(catScam, 0.85, fmt.Sprintf("scam: link %q looks like %q support (token %d)", host, b, i+1))
					return
				}
			}
		}
	}
}

// keys returns the words token i is looked up under in the rule indexes.
func keys(t *tokens, i int, fn func(string)) {
	tok := &t.toks[i]
	for k := range int(tok.nforms) {
		fn(t.form(i, k))
	}
	if tok.squeeze.b > tok.squeeze.a {
		fn(t.text[tok.squeeze.a:tok.squeeze.b])
	}
	if t.res[i] != "" {
		fn(t.res[i])
	}
	if tok.kind == kNumber {
		fn("<num>")
		fn("<money>")
	}
}

func (r *run) matchRules(t *tokens, m *model) {
	rs := m.rules
	for i := range t.toks {
		keys(t, i, func(w string) {
			for _, id := range rs.first[w] {
				if countID(r.seenRul, id) >= maxRuleHits(rs.list[id].category) {
					continue
				}
				if end, ok := matchFrom(t, i, rs.list[id].slots); ok {
					r.seenRul = append(r.seenRul, id)
					r.hitRule(t, &rs.list[id], i, end)
				}
			}
			for _, bs := range rs.bag[w] {
				rl := &rs.list[bs[0]]
				if slotAt(t, i, &rl.slots[bs[1]]) > 0 {
					r.bagBits[m.bagSlot[bs[0]]] |= 1 << bs[1]
				}
			}
		})
	}
	for bi, id := range rs.bags {
		rl := &rs.list[id]
		if r.bagBits[bi] == 1<<len(rl.slots)-1 {
			r.add(rl.category, rl.weight, fmt.Sprintf("%s: rule %q", categoryNames[rl.category], rl.text))
		}
	}
}

func countID(ids []int32, id int32) int {
	n := 0
	for _, x := range ids {
		if x == id {
			n++
		}
	}
	return n
}

// maxRuleHits lets an abuse rule count twice ("nobody cares... go away"),
// while a complaint cue counts once: a customer naming an order and a
// delivery is not twice as unhappy.
func maxRuleHits(c category) int {
	if c == catComplaint {
		return 1
	}
	return 2
}

func (r *run) hitRule(t *tokens, rl *rule, start, end int) {
	a, b := t.toks[start].orig.a, t.toks[end-1].orig.b
	r.add(rl.category, rl.weight, fmt.Sprintf("%s: rule %q (tokens %d-%d, %q)", categoryNames[rl.category], shortRule(rl.text), start+1, end, t.input[a:b]))
}

// shortRule keeps reasons readable: long alternative lists are cut.
func shortRule(s string) string {
	if len(s) <= 60 {
		return s
	}
	cut := 57
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// verdict turns category scores into labels and the action.
func (r *run) verdict(c compiled, lang string, sent float64) relais.Score {
	out := relais.Score{
		Categories: make(map[string]float64, numCategories),
		Labels:     []string{},
		Sentiment:  round3(min(max(sent, -1), 1)),
		Language:   lang,
		Reasons:    append([]string{}, r.reasons...),
		Matched:    append([]string(nil), r.matched...),
		Action:     relais.ActionAllow,
	}
	var strongest PolicyAction
	for i, name := range categoryNames {
		v := round3(1 - r.keep[i])
		out.Categories[name] = v
		if v <= 0 || v < c.threshold[i] {
			continue
		}
		out.Labels = append(out.Labels, name)
		a := c.action[i]
		if category(i) == catComplaint {
			// A complaint waits for the team's answer, whatever else is done.
			out.Labels = appendUnique(out.Labels, "needs_reply")
		}
		switch a {
		case ActReply:
			out.Labels = appendUnique(out.Labels, "needs_reply")
		case ActAlert:
			out.Labels = appendUnique(out.Labels, "alert")
		case ActDelete:
			out.Labels = appendUnique(out.Labels, "delete")
		}
		if a.severity() > strongest.severity() {
			strongest = a
		}
	}
	switch strongest {
	case ActHide, ActDelete:
		out.Action = relais.ActionHide
		// Nobody answers what is hidden.
		out.Labels = slices.DeleteFunc(out.Labels, func(l string) bool { return l == "needs_reply" })
	case ActReview, ActReply, ActAlert:
		out.Action = relais.ActionReview
	}
	return out
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }
