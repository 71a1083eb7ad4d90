package score

import (
	"math"
	"slices"

	"github.com/relais-dev/relais/internal/relais"
)

func (r *run) add(c category, w float64, reason string) {
	w = unit(w)
	r.keep[c] *= 1 - w
	switch c {
	case catInsult, catHate, catThreat, catHarassment:
		r.toxic += w
	}
	if reason != "" && len(r.reasons) < maxReasons {
		r.reasons = append(r.reasons, reason)
	}
}

// verdict turns category scores into labels and the action.
func (r *run) verdict(c compiled, lex *lexicon, lang string, sent float64) relais.Score {
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
	if strongest.severity() >= ActHide.severity() && r.complaintSpared(c, out.Labels) {
		// A complaint is hidden for abuse a word list or a rule names, not
		// for the model's reading of its tone, nor for the link and prices
		// a customer quotes: a person decides.
		strongest = ActReview
		out.Reasons = append(out.Reasons, "complaint: hidden only for named abuse; sent to review")
	}
	if strongest.severity() >= ActHide.severity() && r.loneWord(lex) {
		strongest = ActReview
		out.Reasons = append(out.Reasons, "one doubtful listed word that the model does not confirm: review")
	}
	if strongest.severity() < ActHide.severity() && r.quotedOver(c) {
		out.Reasons = append(out.Reasons, "quoted or reported abuse: review")
		if strongest == "" {
			strongest = ActReview
		}
	}
	if strongest == "" && r.doubt {
		strongest = ActReview
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

// quotedOver reports quoted abuse that would have made a label.
func (r *run) quotedOver(c compiled) bool {
	for i, k := range r.quotedKeep {
		if v := 1 - k; v > 0 && v >= c.threshold[i] {
			return true
		}
	}
	return false
}

// unit bounds a weight to 0..1.
func unit(w float64) float64 { return min(max(w, 0), 1) }

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// complaintSpared reports a complaint that only the model's scores push
// over a hiding threshold, or, for spam, the links it quotes: a customer
// pointing at an order's page and its price is not an advert, while
// spam that stands on its own words ("visitez notre site") still is.
func (r *run) complaintSpared(c compiled, labels []string) bool {
	if !slices.Contains(labels, categoryNames[catComplaint]) {
		return false
	}
	for i := range numCategories {
		if c.action[i].severity() < ActHide.severity() || 1-r.keep[i] < c.threshold[i] {
			continue
		}
		ruled := 1 - r.ruleKeep[i]
		if category(i) == catSpam && r.linkSpamKeep > 0 {
			ruled = 1 - r.ruleKeep[i]/r.linkSpamKeep
		}
		if ruled >= c.threshold[i] {
			return false
		}
	}
	return true
}

// loneWord reports a comment hidden on one doubtful word of the lists
// alone (data/lone.tsv), in a text the model read without counting it as
// abuse: self-mockery, reclaimed or reported slurs. A person decides.
func (r *run) loneWord(lex *lexicon) bool {
	return r.listed == 1 && r.lone >= 0 && lex.entries[r.lone].doubtful && !r.ruled && r.weighed && !r.confirmed
}
