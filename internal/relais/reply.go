package relais

import (
	"strings"
	"unicode/utf8"
)

// CheckReply refuses, with an EINVALID error, a public reply that must not
// be sent: one to a private message, whose author wrote to the account
// alone, or one without text or longer than the network allows.
func CheckReply(in Interaction, text string) error {
	s, err := spec(in.Network)
	if err != nil {
		return err
	}
	return s.CheckReply(in, text)
}

// CheckReply is CheckReply on the network s declares, for its adapter.
func (s Spec) CheckReply(in Interaction, text string) error {
	if in.Private {
		return Errorf(EINVALID, "interaction %s is a private message: it is never answered in public", in.ID)
	}
	if strings.TrimSpace(text) == "" {
		return Errorf(EINVALID, "a reply needs text")
	}
	most := s.Limits.MaxText
	if s.Limits.MaxReply > 0 {
		most = s.Limits.MaxReply
	}
	if chars := s.Counting.Length(text); most > 0 && chars > most {
		return Errorf(EINVALID, "the reply is %d characters; %s allows %d", chars, in.Network, most)
	}
	return nil
}

// CheckMessage refuses, with an EINVALID error, a private answer that must
// not be sent: one without text or longer than the network's messages
// allow. Whether the network lets it go out at all, and when, is
// MessageWindow's.
func CheckMessage(in Interaction, text string) error {
	if strings.TrimSpace(text) == "" {
		return Errorf(EINVALID, "a message needs text")
	}
	s, err := spec(in.Network)
	if err != nil {
		return err
	}
	if s.Messaging == nil {
		return nil
	}
	if chars, most := utf8.RuneCountInString(text), s.Messaging.MaxText; most > 0 && chars > most {
		return Errorf(EINVALID, "the message is %d characters; %s allows %d", chars, in.Network, most)
	}
	return nil
}
