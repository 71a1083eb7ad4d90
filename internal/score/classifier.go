package score

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// The classifier is a logistic model per category over hashed features
// (features.go), trained by internal/score/model/train from the corpus
// that DATA.md describes, and calibrated on a split of its own (Platt
// scaling), so that a head's output reads as a probability. Its weights
// are int8, bucket-major, one byte per head per bucket: 768 KiB for three
// heads, gzipped in the binary.

// weightsMagic starts the weights file; the version changes with the
// layout.
const weightsMagic = "RELAISM1"

// Head is one category's part of the weights file.
type Head struct {
	Category string
	// Scale turns the int8 weights back into floats.
	Scale float32
	Bias  float32
	// PlattA and PlattB calibrate the raw margin: p = σ(A·z + B).
	PlattA, PlattB float32
	// Review and Hide are, by language (en, fr), the probabilities from
	// which the model alone sends a comment to a person, and from which it
	// counts against the comment's category, for the policy to act on.
	Review, Hide [2]float32
}

// langIndex indexes Head.Review and Head.Hide.
func langIndex(lang string) int {
	if lang == "fr" {
		return 1
	}
	return 0
}

type classifier struct {
	heads []Head
	cats  []category
	w     []int8 // bucket*len(heads) + head
}

// EncodeWeights writes the weights file that internal/score embeds.
func EncodeWeights(heads []Head, w []int8) ([]byte, error) {
	if len(w) != len(heads)<<featureBits {
		return nil, fmt.Errorf("score: %d weights for %d heads, want %d", len(w), len(heads), len(heads)<<featureBits)
	}
	var raw bytes.Buffer
	raw.WriteString(weightsMagic)
	le := binary.LittleEndian
	raw.Write(le.AppendUint32(nil, featureBits))
	raw.Write(le.AppendUint32(nil, uint32(len(heads))))
	for _, h := range heads {
		raw.WriteByte(byte(len(h.Category)))
		raw.WriteString(h.Category)
		for _, f := range []float32{h.Scale, h.Bias, h.PlattA, h.PlattB, h.Review[0], h.Review[1], h.Hide[0], h.Hide[1]} {
			raw.Write(le.AppendUint32(nil, math.Float32bits(f)))
		}
	}
	for _, v := range w {
		raw.WriteByte(byte(v))
	}
	var out bytes.Buffer
	zw, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw.Bytes()); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// headFloats is the number of float32 fields of a Head in the file.
const headFloats = 8

var errWeights = errors.New("score: weights file is malformed")

// decodeWeights reads what EncodeWeights wrote.
func decodeWeights(data []byte) (*classifier, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("score: weights: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("score: weights: %w", err)
	}
	if !bytes.HasPrefix(raw, []byte(weightsMagic)) || len(raw) < len(weightsMagic)+8 {
		return nil, errWeights
	}
	raw = raw[len(weightsMagic):]
	le := binary.LittleEndian
	bits, n := le.Uint32(raw), int(le.Uint32(raw[4:]))
	raw = raw[8:]
	if bits != featureBits {
		return nil, fmt.Errorf("score: weights hash %d bits, features %d: retrain with make model", bits, featureBits)
	}
	c := &classifier{}
	for range n {
		if len(raw) < 1 || len(raw) < 1+int(raw[0])+4*headFloats {
			return nil, errWeights
		}
		h := Head{Category: string(raw[1 : 1+raw[0]])}
		raw = raw[1+raw[0]:]
		var f [headFloats]float32
		for i := range f {
			f[i] = math.Float32frombits(le.Uint32(raw[4*i:]))
		}
		raw = raw[4*headFloats:]
		h.Scale, h.Bias, h.PlattA, h.PlattB = f[0], f[1], f[2], f[3]
		h.Review, h.Hide = [2]float32{f[4], f[5]}, [2]float32{f[6], f[7]}
		cat, ok := categoryByName[h.Category]
		if !ok {
			return nil, fmt.Errorf("score: weights: unknown category %q", h.Category)
		}
		c.heads, c.cats = append(c.heads, h), append(c.cats, cat)
	}
	if len(raw) != n<<featureBits {
		return nil, errWeights
	}
	c.w = make([]int8, len(raw))
	for i, b := range raw {
		c.w[i] = int8(b)
	}
	return c, nil
}

// margins returns each head's raw margin for the features.
func (c *classifier) margins(feats []feature, out []float32) []float32 {
	n := len(c.heads)
	v := featureWeight(len(feats))
	out = append(out[:0], make([]float32, n)...)
	for _, f := range feats {
		row := c.w[int(f.bucket)*n : int(f.bucket)*n+n]
		for h, x := range row {
			out[h] += float32(x)
		}
	}
	for h, hd := range c.heads {
		out[h] = hd.Bias + hd.Scale*v*out[h]
	}
	return out
}

// prob calibrates head h's margin.
func (c *classifier) prob(h int, z float32) float64 {
	hd := c.heads[h]
	return 1 / (1 + math.Exp(-float64(hd.PlattA*z+hd.PlattB)))
}

// maxShown bounds the features a reason names.
const maxShown = 3

// strongest names the features that pushed head h up the most.
func (c *classifier) strongest(t *tokens, feats []feature, h int) []string {
	n := len(c.heads)
	type contrib struct {
		name string
		w    int
	}
	var cs []contrib
	for _, f := range feats {
		w := int(c.w[int(f.bucket)*n+h])
		if w <= 0 {
			continue
		}
		name := describe(t, f)
		if i := slices.IndexFunc(cs, func(x contrib) bool { return x.name == name }); i >= 0 {
			cs[i].w += w
			continue
		}
		cs = append(cs, contrib{name, w})
	}
	slices.SortStableFunc(cs, func(a, b contrib) int { return b.w - a.w })
	var out []string
	for _, x := range cs[:min(len(cs), maxShown)] {
		out = append(out, fmt.Sprintf("%q", x.name))
	}
	return out
}

// classify adds the model's probabilities to the categories from each
// head's hide point; from its review point, under the hide point, the
// comment goes to a person and its category score is left to the rules.
func (r *run) classify(c *classifier, t *tokens, lang string) {
	r.ruleKeep = r.keep
	if words(t) < 2 {
		// One word gives the model only its edges, where innocent words
		// look like listed ones (shitake, raccoon): the word lists judge it.
		return
	}
	r.weighed = true
	r.feats = r.features(t, r.feats[:0])
	li := langIndex(lang)
	r.margin = c.margins(r.feats, r.margin)
	for h, z := range r.margin {
		p, hd := c.prob(h, z), c.heads[h]
		if p < float64(hd.Review[li]) {
			continue
		}
		r.doubt = true
		cat := c.cats[h]
		why := fmt.Sprintf("%s: model %.2f (%s)", categoryNames[cat], p, strings.Join(c.strongest(t, r.feats, h), ", "))
		switch {
		case p < float64(hd.Hide[li]):
			why += fmt.Sprintf(", under its hide point %.2f: review", hd.Hide[li])
			p = 0
		case r.quotes && cat != catSpam:
			why += ", over quoted words: review"
			p = 0
		}
		r.confirmed = r.confirmed || p > 0
		r.add(cat, p, why)
	}
}

// words counts a comment's word tokens.
func words(t *tokens) int {
	n := 0
	for i := range t.toks {
		if t.toks[i].kind == kWord {
			n++
		}
	}
	return n
}
