package score

import (
	"bufio"
	"math"
	"strconv"
	"strings"
)

// frenchPolarity completes the French lexicon of @nlpjs/lang-fr, which
// misses most words of customer complaints and praise (and rates a few of
// them oddly); these win over it. Values are -1..1.
const frenchPolarity = `honte -0.7
honteux -0.8
honteuse -0.8
scandaleux -0.8
scandale -0.7
inadmissible -0.8
inacceptable -0.8
decu -0.6
decue -0.6
decus -0.6
decevant -0.6
decevante -0.6
deception -0.6
lamentable -0.8
catastrophique -0.8
catastrophe -0.6
inexistant -0.6
inexistante -0.6
arnaque -0.7
arnaqueurs -0.8
escroquerie -0.8
nul -0.6
nulle -0.6
nuls -0.6
pire -0.6
horrible -0.8
affreux -0.7
degueulasse -0.7
mediocre -0.6
inutile -0.5
incompetent -0.6
incompetents -0.6
incapable -0.5
incapables -0.5
colere -0.6
enerve -0.5
furieux -0.7
marre -0.6
ras -0.3
attente -0.3
retard -0.4
panne -0.5
probleme -0.4
problemes -0.4
bug -0.4
casse -0.4
abime -0.5
perdu -0.4
jamais -0.3
inutilisable -0.6
vol -0.5
voleurs -0.6
mouille -0.3
degoute -0.6
galere -0.5
pourri -0.7
merde -0.6
naze -0.6
bof -0.3
raccroche -0.4
desagreable -0.6
desagreables -0.6
interminable -0.5
froid -0.2
sale -0.4
rien -0.2
toujours -0.1
merci 0.5
bravo 0.7
super 0.7
genial 0.8
parfait 0.8
excellent 0.8
top 0.6
adore 0.8
aime 0.5
magnifique 0.8
rapide 0.4
efficace 0.5
content 0.6
contente 0.6
ravi 0.7
ravie 0.7
satisfait 0.6
satisfaite 0.6
recommande 0.6
sympa 0.5
cool 0.5
beau 0.5
belle 0.5
felicitations 0.7
hate 0.3
`

// negators flip the polarity of the next few words.
var negators = map[string]bool{
	"not": true, "no": true, "never": true, "dont": true, "doesnt": true, "didnt": true, "isnt": true, "wasnt": true,
	"cant": true, "cannot": true, "wont": true, "nothing": true, "nobody": true, "without": true,
	"pas": true, "jamais": true, "aucun": true, "aucune": true, "sans": true, "ni": true,
}

// sentiment holds polarities by folded word, -1..1.
type sentiment struct {
	en, fr, any map[string]float64
	frStems     map[string]float64 // stems of @nlpjs/lang-fr, matched by prefix
	multi       *phraseSet         // several-word entries of AFINN
	multiVal    []float64
}

func loadSentiment(z *tokenizer, tsv string) *sentiment {
	s := &sentiment{en: map[string]float64{}, fr: map[string]float64{}, any: map[string]float64{}, frStems: map[string]float64{}, multi: newPhraseSet()}
	sc := bufio.NewScanner(strings.NewReader(tsv))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 || strings.HasPrefix(f[0], "#") {
			continue
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			continue
		}
		words := z.words(f[0])
		switch {
		case len(words) == 0:
		case len(words) > 1:
			s.multi.add(words, int32(len(s.multiVal)))
			s.multiVal = append(s.multiVal, v)
		case f[2] == "en":
			s.en[words[0]] = v
		case f[2] == "fr-stem":
			s.frStems[words[0]] = v
		default:
			s.any[words[0]] = v
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(frenchPolarity), "\n") {
		w, v, _ := strings.Cut(line, " ")
		s.fr[w], _ = strconv.ParseFloat(v, 64)
	}
	return s
}

// word returns the polarity of token i's first form, in lang.
func (s *sentiment) word(t *tokens, i int, lang string) (float64, bool) {
	w := t.form(i, 0)
	if v, ok := s.any[w]; ok {
		return v, true
	}
	if lang == "fr" {
		if v, ok := s.fr[w]; ok {
			return v, true
		}
		// Longest stem that the word starts with, at most 4 letters shorter.
		for n := len(w); n >= 3 && n >= len(w)-4; n-- {
			if v, ok := s.frStems[w[:n]]; ok {
				return v, true
			}
		}
		return 0, false
	}
	v, ok := s.en[w]
	return v, ok
}

// sum adds the polarities of the comment's words, flipped after a
// negator.
func (s *sentiment) sum(t *tokens, lang string) float64 {
	sum := 0.0
	negate := 0
	for i := 0; i < len(t.toks); i++ {
		if t.toks[i].kind == kEntity || t.toks[i].kind == kNumber {
			continue
		}
		if negators[t.form(i, 0)] {
			negate = 3
			continue
		}
		v, n, ok := 0.0, 1, false
		s.multi.at(t, i, nil, func(id int32, m int) {
			if m > n || !ok {
				v, n, ok = s.multiVal[id], m, true
			}
		})
		if !ok {
			v, ok = s.word(t, i, lang)
		}
		if ok {
			if negate > 0 {
				v *= -0.7
			}
			sum += v
		}
		if negate > 0 {
			negate--
		}
		i += n - 1
	}
	return sum
}

// squash maps a polarity sum to -1..1 as VADER does (x/sqrt(x²+α)).
func squash(sum float64) float64 { return sum / math.Sqrt(sum*sum+1) }

// Language markers: frequent short words of one language only.
var (
	frMarkers = wordSet("le la les de des du et est un une je tu vous nous il elle ils pas que qui pour dans sur avec mon ma mes ton ta tes votre vos c j l d qu n s ce ca cest au aux ne plus tres merci bonjour oui non rien toujours encore mais ou quel quelle depuis chez sont suis etes fait jamais aussi bien trop quand comment pourquoi moi toi y en notre nos nouveau nouvelle leur leurs cette ces son sa ses donc car ai avez avons etait sera vraiment t es")
	enMarkers = wordSet("the and is are you your to of it this that for with not no my i we have was what why how just so me they be on at but all can will get don re ll thanks thank hello please still been has from would should could did does an or if very too when where who our new got like love great good any some there their them he she his her us am do im ive been about after")
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// detectLanguage counts marker words and French accents; sure is false
// when nothing tells the two apart.
func detectLanguage(t *tokens) (lang string, sure bool) {
	fr, en := 0, 0
	for i := range t.toks {
		if t.toks[i].kind != kWord {
			continue
		}
		w := t.form(i, 0)
		if frMarkers[w] {
			fr++
		}
		if enMarkers[w] {
			en++
		}
		if strings.ContainsAny(t.orig(&t.toks[i]), "éèêàçùâîôûëïœÉÈÀÇ") {
			fr++
		}
	}
	switch {
	case fr > en:
		return "fr", true
	case en > fr:
		return "en", true
	}
	return "en", false
}
