package relais

import "time"

// Correction is a person's decision over moderation (hide, unhide, allow),
// kept as a labelled example for the client: the client's later comments
// that read the same (Key) follow it, and `relais moderation export`
// hands the corrections to the next training run.
type Correction struct {
	ClientID      string  `json:"clientId"`
	Network       Network `json:"network"`
	InteractionID string  `json:"interactionId"`
	// Key identifies the comment's normalised reading (score.Fingerprint):
	// comments that differ only in case, accents, lookalike letters, leet,
	// masking, stretched letters, punctuation or emoji share it.
	Key  string `json:"key"`
	Text string `json:"text"`
	Lang string `json:"lang,omitempty"`
	// From is what moderation had decided; To what the person chose:
	// hide, review (shown again, still to settle) or allow.
	From Action `json:"from"`
	To   Action `json:"to"`
	// Labels are the scorer's labels at the time, the categories a hide
	// confirms.
	Labels []string  `json:"labels,omitempty"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// MaxCorrectionText bounds the text a correction keeps: longer than any
// network's comment, short enough for one item.
const MaxCorrectionText = 4096
