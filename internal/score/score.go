package score

import (
	_ "embed"
	"hash/maphash"
	"regexp"
	"sync"
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
	//go:embed data/rules.txt
	rulesTxt string
	//go:embed data/allowed.txt
	allowedTxt string
	//go:embed data/affixes.tsv
	affixesTSV string
	//go:embed data/support.txt
	supportTxt string
	//go:embed data/mentions.txt
	mentionsTxt string
	//go:embed data/quoting.txt
	quotingTxt string
	//go:embed data/lone.tsv
	loneTSV string
	//go:embed model/weights.bin.gz
	weightsGz []byte
)

// model is the data every Scorer shares, built once on first use so that
// package init stays free (the moderator Lambda's cold start).
type model struct {
	lex     *lexicon
	rules   *rules
	bagSlot []int // rule id -> index in rules.bags, or -1
	sent    *sentiment
	allowed *phraseSet
	// mentions are the phrases after which a word is reported or quoted,
	// not aimed at anyone.
	mentions *phraseSet
	// openers are mentions only where a sentence starts ("Saying …").
	openers *phraseSet
	// quoting are the words that introduce a quotation ("said", "dire").
	quoting *phraseSet
	affixes []affix
	support []string
	// known is every word of the lists and rules; ruleWords holds the
	// rules' own words by first letter, to read masked words (t*bleau).
	known     map[string]bool
	ruleWords map[byte][]string
	ext       extractor
	folder    folder
	runs      sync.Pool
}

var loadModel = sync.OnceValues(loadModelFresh)

// loadClassifier decodes the model's weights, apart from the rest so that
// the trainer can read comments whatever the weights.
var loadClassifier = sync.OnceValues(func() (*classifier, error) { return decodeWeights(weightsGz) })

// loadModelFresh builds the shared data: about a few milliseconds. Its
// only error is a malformed data file, which the tests catch first.
func loadModelFresh() (*model, error) {
	m := &model{folder: newFolder(confusablesTSV)}
	z := &tokenizer{f: m.folder}
	m.lex = loadLexicon(z, lexiconTSV)
	m.sent = loadSentiment(z, sentimentTSV)
	if err := m.lex.markDoubtful(loneTSV); err != nil {
		return nil, err
	}
	var err error
	if m.rules, err = parseRules(rulesTxt); err != nil {
		return nil, err
	}
	if m.affixes, err = parseAffixes(affixesTSV); err != nil {
		return nil, err
	}
	m.support = dataLines(supportTxt)
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
	anywhere, atStart := anchored(mentionsTxt)
	m.allowed, m.quoting = phrasesOf(z, dataLines(allowedTxt)), phrasesOf(z, dataLines(quotingTxt))
	m.mentions, m.openers = phrasesOf(z, anywhere), phrasesOf(z, atStart)
	m.ext = extractor{urls: xurls.Relaxed(), phones: regexp.MustCompile(phonePattern)}
	m.runs.New = func() any { return &run{z: tokenizer{f: m.folder, known: m.known}} }
	return m, nil
}

// Scorer scores comments; it is safe for concurrent use.
type Scorer struct {
	seed  maphash.Seed
	terms sync.Map // Policy.termKey -> *policyTerms
}

// New returns a Scorer. The word lists load on the first Score, once per
// process, so building a Scorer at start-up costs nothing.
func New() *Scorer { return &Scorer{seed: maphash.MakeSeed()} }

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
	// The model's scratch: its features and margins, the category scores
	// before it spoke, and whether it found anything worth a look.
	feats    []feature
	margin   []float32
	ruleKeep [numCategories]float64
	doubt    bool
	// foreign marks words listed in the other language only (retard,
	// bite): innocent here, so the model does not read them either.
	foreign []bool
	// quoted marks the words a mention phrase reports ("the word ...",
	// "m'a traité de ..."): what the lists or rules find there goes to a
	// person instead of counting against the comment.
	quoted []bool
	quotes bool // abuse was found in quoted words
	// quotedKeep is keep for that abuse: over a category's threshold, it
	// sends the comment to a person.
	quotedKeep [numCategories]float64
	// linkSpamKeep is spam's keep from the rules that read a link.
	linkSpamKeep float64
	// listed counts the word-list matches that counted against the
	// comment, ruled whether a rule, blocked term or lookalike link did,
	// weighed whether the model read the comment and confirmed whether it
	// counted too: one listed word the model reads and does not confirm
	// is sent to a person, not hidden.
	listed                    int
	ruled, weighed, confirmed bool
	lone                      int32 // the last listed entry that counted, or -1
}

func (r *run) reset(nbags int) {
	for i := range r.keep {
		r.keep[i], r.quotedKeep[i] = 1, 1
	}
	r.toxic, r.doubt, r.quotes, r.linkSpamKeep = 0, false, false, 1
	r.listed, r.ruled, r.weighed, r.confirmed, r.lone = 0, false, false, false, -1
	r.seenLex, r.seenRul, r.reasons, r.matched = r.seenLex[:0], r.seenRul[:0], nil, nil
	r.bagBits = append(r.bagBits[:0], make([]uint32, nbags)...)
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
	m, err := loadModel()
	if err != nil {
		return unscored(lang, err)
	}
	clf, err := loadClassifier()
	if err != nil {
		return unscored(lang, err)
	}
	text = clip(text)
	r := m.runs.Get().(*run)
	defer m.runs.Put(r)
	pt := s.policyTerms(m, p)
	t, lang, _ := r.read(m, text, lang, pt)
	if pt != nil {
		r.matchBlocked(&t, pt)
		r.linkSignals(&t, pt, m.support)
	}
	r.matchRules(&t, m)
	r.classify(clf, &t, lang)
	// A complaint is judged on its words alone: abuse makes a comment
	// negative without making it a complaint. The comment's sentiment also
	// counts the abuse found, which French word polarities miss.
	sum := m.sent.sum(&t, lang)
	if plain := squash(sum); plain < -0.25 {
		r.add(catComplaint, -plain, "")
	}
	sent := squash(sum - min(r.toxic, 2))
	return r.verdict(p.compile(), m.lex, lang, sent)
}

// clip bounds the text scored, at a rune boundary.
func clip(text string) string {
	if len(text) <= maxInput {
		return text
	}
	cut := maxInput
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut]
}

// read tokenizes text, settles its language and matches the word lists:
// the normalised reading that the rules and the model share.
func (r *run) read(m *model, text, lang string, pt *policyTerms) (t tokens, _ string, sure bool) {
	r.reset(len(m.rules.bags))
	r.ents = m.ext.find(text, r.ents)
	t = r.z.tokenize(text, r.ents)
	sure = true
	if lang != "en" && lang != "fr" {
		lang, sure = detectLanguage(&t)
	}
	if pt != nil {
		pt.unmentionBrands(&t)
	}
	r.markAllowed(&t, m.allowed, pt)
	r.markQuoted(&t, m)
	r.matchLexicon(&t, m.lex, m.affixes, lang, sure)
	r.unmask(&t, m.ruleWords)
	return t, lang, sure
}

// Features returns the hashed features the model reads in text, for the
// trainer (internal/score/model/train), which must see comments exactly as
// the scorer does.
func Features(text, lang string) ([]uint32, error) {
	m, err := loadModel()
	if err != nil {
		return nil, err
	}
	r := m.runs.Get().(*run)
	defer m.runs.Put(r)
	t, _, _ := r.read(m, clip(text), lang, nil)
	r.feats = r.features(&t, r.feats[:0])
	out := make([]uint32, len(r.feats))
	for i, f := range r.feats {
		out[i] = f.bucket
	}
	return out, nil
}

// LoneTerm returns the listed term that alone counts against text, read
// as the scorer reads it with no client policy, when exactly one term
// counts and no rule does: for the trainer (internal/score/model/lone),
// which measures how often each term stands alone in clean comments.
func LoneTerm(text, lang string) (string, bool) {
	m, err := loadModel()
	if err != nil {
		return "", false
	}
	r := m.runs.Get().(*run)
	defer m.runs.Put(r)
	t, _, _ := r.read(m, clip(text), lang, nil)
	r.matchRules(&t, m)
	if r.listed != 1 || r.ruled || r.lone < 0 {
		return "", false
	}
	return m.lex.entries[r.lone].term, true
}

// FeatureBits is the size of the feature hash, in bits.
const FeatureBits = featureBits

func seen(ids *[]int32, id int32) bool {
	for _, x := range *ids {
		if x == id {
			return true
		}
	}
	*ids = append(*ids, id)
	return false
}
