package score

import "testing"

// FuzzScore: any text scores without panic, with every value in range.
func FuzzScore(f *testing.F) {
	for _, c := range benchComments {
		f.Add(c, "")
	}
	f.Add("c o n n a r d i.d.i.o.t f*ck ｆｕｃｋ", "fr")
	f.Add("\xff\xfe broken utf-8 \u200b\u200d", "en")
	s, p := New(), DefaultPolicy()
	p.Brands = []string{"Acme"}
	p.Blocked = []string{"concurrent"}
	f.Fuzz(func(t *testing.T, text, lang string) {
		checkScore(t, text, s.ScoreLang(text, lang, p))
	})
}
