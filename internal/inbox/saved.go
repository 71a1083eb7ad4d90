package inbox

import (
	"context"

	"github.com/relais-dev/relais/internal/relais"
)

// SaveReply keeps a client's saved reply in one language, by a person.
func (s *Service) SaveReply(ctx context.Context, r relais.SavedReply) (relais.SavedReply, error) {
	if _, err := s.store.Client(ctx, r.ClientID); err != nil {
		return r, err
	}
	r.UpdatedAt = s.Now().UTC()
	return r, s.store.PutSavedReply(ctx, r)
}

// SavedReplies lists a client's saved replies.
func (s *Service) SavedReplies(ctx context.Context, clientID string) ([]relais.SavedReply, error) {
	return s.store.SavedReplies(ctx, clientID, "")
}

// ForgetReply deletes a saved reply in one language, or in all.
func (s *Service) ForgetReply(ctx context.Context, clientID, name, language string) error {
	return s.store.DeleteSavedReply(ctx, clientID, name, language)
}
