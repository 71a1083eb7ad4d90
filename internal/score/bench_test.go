package score

import (
	"slices"
	"testing"
	"time"
)

// benchComments are typical comments of about 100 characters, French and
// English, clean, harsh, abusive and spam, in the proportions a page sees.
var benchComments = []string{
	"Super produit, je recommande vivement ! La livraison a été rapide et le colis bien emballé.",
	"Love the new collection, the colours are amazing. When will it be available in the UK store?",
	"3 semaines que j'attends mon colis, service client inexistant, c'est honteux franchement.",
	"Still waiting for my refund after six weeks, nobody answers the phone. This is unacceptable.",
	"Bonjour, est-ce que ce modèle existe en taille 42 ? Je ne le trouve pas sur le site. Merci",
	"T'es vraiment qu'un c0nn@rd, retourne te coucher au lieu d'écrire des posts débiles 🤡",
	"Great post! Check out my page for more amazing deals, link in bio 🔥 DM me for collab",
	"Can you tell me when the Essex store opens on Sunday? The assessment of my order was fine.",
	"Le concours est génial, j'ai participé avec ma sœur, on croise les doigts pour gagner 🤞",
	"I made $5000 a week trading bitcoin from home, contact my mentor on WhatsApp +44 7700 900123",
}

func BenchmarkScore(b *testing.B) {
	s, p := New(), DefaultPolicy()
	s.Score("warm up", p)
	chars := 0
	for _, c := range benchComments {
		chars += len([]rune(c))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		s.Score(benchComments[i%len(benchComments)], p)
	}
	b.ReportMetric(float64(chars)/float64(len(benchComments)), "chars/comment")
}

// BenchmarkScoreLatency records each call's duration and reports the
// median and the 99th percentile.
func BenchmarkScoreLatency(b *testing.B) {
	s, p := New(), DefaultPolicy()
	s.Score("warm up", p)
	d := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		s.Score(benchComments[i%len(benchComments)], p)
		d = append(d, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Nanoseconds())/1000, "p50-µs")
	b.ReportMetric(float64(d[len(d)*99/100].Nanoseconds())/1000, "p99-µs")
}

// BenchmarkLoad measures the one-time load of the word lists, which the
// moderator pays on its first comment after a cold start.
func BenchmarkLoad(b *testing.B) {
	for range b.N {
		loadModelFresh()
	}
}

// BenchmarkLoadClassifier measures the one-time decoding of the model's
// weights, paid with the word lists on the first comment.
func BenchmarkLoadClassifier(b *testing.B) {
	for range b.N {
		if _, err := decodeWeights(weightsGz); err != nil {
			b.Fatal(err)
		}
	}
}
