// Command train fits the scorer's model from corpus.jsonl.gz and writes
// weights.bin.gz, which internal/score embeds:
//
//	go run ./internal/score/model/train
//
// Everything is deterministic (fixed order, fixed epochs, no clock, no
// randomness beyond a seeded shuffle), so the same corpus gives the same
// bytes. The held-out split is never read here.
package main

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"

	"github.com/relais-dev/relais/internal/score"
	"github.com/relais-dev/relais/internal/score/model/corpus"
)

// heads are the categories the corpus labels. The insult head learns all
// abuse (insults and hate); the hate head, hate alone.
var heads = []struct {
	category string
	positive []string
}{
	{"insult", []string{"insult", "hate"}},
	{"hate", []string{"hate"}},
	{"spam", []string{"spam"}},
}

const (
	epochs = 6
	rate   = 0.5
	// reviewRecall is the share of a head's calibration positives its
	// review point keeps; reviewFloor and reviewCeiling bound that point.
	reviewRecall = 0.93
	reviewFloor  = 0.5
	// A head hides from the lowest point where, on the calibration split of
	// the comment's language, what it hides is abuse or spam hidePrecision
	// of the time and clean comments are hidden at most cleanHidden.
	hidePrecision = 0.97
	cleanHidden   = 0.015
)

var langs = [2]string{"en", "fr"}

type sample struct {
	feats []uint32
	y     []bool
	lang  string
	clean bool
}

func main() {
	corpus := flag.String("corpus", "internal/score/model/corpus.jsonl.gz", "the training corpus")
	out := flag.String("o", "internal/score/model/weights.bin.gz", "the weights to write")
	flag.Parse()
	if err := run(*corpus, *out); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(corpus, out string) error {
	train, calib, err := load(corpus)
	if err != nil {
		return err
	}
	fmt.Printf("train %d, calibration %d\n", len(train), len(calib))
	nb := 1 << score.FeatureBits
	var hs []score.Head
	q := make([]int8, len(heads)*nb)
	for h, hd := range heads {
		w, bias := fit(train, h, nb)
		scale := quantise(w, q, h, len(heads))
		margins := make([]float32, len(calib))
		for i, s := range calib {
			margins[i] = margin(s.feats, q, h, len(heads), scale, bias)
		}
		a, b := platt(margins, calib, h)
		head := score.Head{Category: hd.category, Scale: scale, Bias: bias, PlattA: a, PlattB: b}
		for li, lang := range langs {
			var ps []float64
			var sub []sample
			for i, s := range calib {
				if s.lang == lang {
					ps, sub = append(ps, sigmoid(float64(a)*float64(margins[i])+float64(b))), append(sub, s)
				}
			}
			head.Hide[li] = hidePoint(ps, sub)
			head.Review[li] = reviewPoint(ps, sub, h, head.Hide[li])
		}
		hs = append(hs, head)
		fmt.Printf("%-7s scale %.5f bias %.3f platt %.3f %.3f review %.3v hide %.3v\n", hd.category, scale, bias, a, b, head.Review, head.Hide)
	}
	data, err := score.EncodeWeights(hs, q)
	if err != nil {
		return err
	}
	return os.WriteFile(out, data, 0o644)
}

// load reads the corpus's train and calibration splits, featurised as the
// scorer reads comments.
func load(path string) (train, calib []sample, err error) {
	err = corpus.Learnable(path, func(ex corpus.Example) error {
		feats, err := score.Features(ex.Text, ex.Lang)
		if err != nil {
			return err
		}
		// A comment no head learns (clean, or a complaint) is what hiding
		// must spare.
		s := sample{feats: feats, lang: ex.Lang, clean: true}
		for _, hd := range heads {
			y := slices.ContainsFunc(ex.Labels, func(l string) bool { return slices.Contains(hd.positive, l) })
			s.y = append(s.y, y)
			s.clean = s.clean && !y
		}
		if ex.Split == "calibration" {
			calib = append(calib, s)
		} else {
			train = append(train, s)
		}
		return nil
	})
	return train, calib, err
}

func value(n int) float64 { return 1 / math.Sqrt(float64(n)) }

// fit trains head h by stochastic gradient descent on the log loss, in a
// seeded order, with a rate that decays by epoch.
func fit(train []sample, h, nb int) ([]float64, float32) {
	w := make([]float64, nb)
	bias := 0.0
	order := make([]int, len(train))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(11, uint64(h)))
	for e := range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		lr := rate / float64(1+e)
		for _, i := range order {
			s := train[i]
			if len(s.feats) == 0 {
				continue
			}
			v := value(len(s.feats))
			z := bias
			for _, f := range s.feats {
				z += w[f] * v
			}
			g := sigmoid(z)
			if s.y[h] {
				g--
			}
			bias -= lr * g * 0.1
			for _, f := range s.feats {
				w[f] -= lr * g * v
			}
		}
	}
	return w, float32(bias)
}

// quantise writes head h's weights as int8 into q and returns their scale.
func quantise(w []float64, q []int8, h, n int) float32 {
	top := 0.0
	for _, x := range w {
		top = max(top, math.Abs(x))
	}
	scale := top / 127
	if scale == 0 {
		scale = 1
	}
	for i, x := range w {
		q[i*n+h] = int8(math.Round(x / scale))
	}
	return float32(scale)
}

// margin is what the scorer computes from the int8 weights.
func margin(feats []uint32, q []int8, h, n int, scale, bias float32) float32 {
	if len(feats) == 0 {
		return bias
	}
	sum := float32(0)
	for _, f := range feats {
		sum += float32(q[int(f)*n+h])
	}
	return bias + scale*float32(value(len(feats)))*sum
}

// platt fits p = σ(a·z + b) to the calibration split by gradient descent.
func platt(z []float32, calib []sample, h int) (float32, float32) {
	a, b := 1.0, 0.0
	for range 2000 {
		var ga, gb float64
		for i, s := range calib {
			g := sigmoid(a*float64(z[i]) + b)
			if s.y[h] {
				g--
			}
			ga += g * float64(z[i])
			gb += g
		}
		n := float64(len(calib))
		a -= 0.5 * ga / n
		b -= 0.5 * gb / n
	}
	return float32(a), float32(b)
}

// hidePoint is the lowest probability, in steps of 0.01, from which
// hiding meets hidePrecision and cleanHidden on the calibration comments
// of one language.
func hidePoint(ps []float64, calib []sample) float32 {
	clean := 0
	for _, s := range calib {
		clean += b2i(s.clean)
	}
	for t := 50; t < 100; t++ {
		th := float64(t) / 100
		over, wrong := 0, 0
		for i, s := range calib {
			if ps[i] >= th {
				over++
				wrong += b2i(s.clean)
			}
		}
		if over > 0 && float64(over-wrong) >= hidePrecision*float64(over) && float64(wrong) <= cleanHidden*float64(clean) {
			return float32(th)
		}
	}
	return 1
}

// reviewPoint is the probability from which head h sends a comment of one
// language to a person: low enough to keep reviewRecall of its calibration
// positives, never under reviewFloor nor over the hide point.
func reviewPoint(ps []float64, calib []sample, h int, hide float32) float32 {
	var pos []float64
	for i, s := range calib {
		if s.y[h] {
			pos = append(pos, ps[i])
		}
	}
	if len(pos) == 0 {
		return hide
	}
	slices.Sort(pos)
	p := pos[int(float64(len(pos))*(1-reviewRecall))]
	return float32(min(max(p, reviewFloor), float64(hide)))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
