package relais

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Answer is a person's reply to an interaction, in public under it or in
// private, sent from Relais.
type Answer struct {
	ClientID      string  `json:"clientId"`
	Network       Network `json:"network"`
	InteractionID string  `json:"interactionId"`
	// ID names who answered what (AnswerID), so that the same answer sent
	// twice, by a double click or a retried call, finds the first.
	ID   string `json:"id"`
	Text string `json:"text"`
	By   string `json:"by"`
	// Private answers go to the author alone: a message in the
	// conversation, or a private reply to a comment.
	Private   bool        `json:"private,omitempty"`
	State     AnswerState `json:"state"`
	NetworkID string      `json:"networkId,omitempty"`
	At        time.Time   `json:"at"`
}

// AnswerState is where an answer stands.
type AnswerState string

const (
	// AnswerSending: claimed, the network's call under way.
	AnswerSending AnswerState = "sending"
	// AnswerSent: the network took it and named it (NetworkID).
	AnswerSent AnswerState = "sent"
	// AnswerUnknown: the call failed in a way that leaves it unknown
	// whether the reply went out; a person looks on the network, and
	// Relais never sends it again.
	AnswerUnknown AnswerState = "unknown"
)

// AnswerID is the id of by's answer text to an interaction: the same for
// the same words from the same person, in public or in private.
func AnswerID(n Network, interactionID, by, text string, private bool) string {
	way := "public"
	if private {
		way = "private"
	}
	h := sha256.Sum256([]byte(string(n) + "\x00" + interactionID + "\x00" + by + "\x00" + way + "\x00" + text))
	return hex.EncodeToString(h[:12])
}
