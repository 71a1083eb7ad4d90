package dynamo

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/relais-dev/relais/internal/relais"
)

// PutSavedReply keeps a client's saved reply, replacing the one of the
// same name and language.
func (s *Store) PutSavedReply(ctx context.Context, r relais.SavedReply) error {
	if err := r.Validate(); err != nil {
		return err
	}
	it := newItem(savedKey(r.ClientID, r.Name, r.Language))
	it.setS("name", r.Name)
	it.setS("language", r.Language)
	it.setS("text", r.Text)
	it.setS("by", r.By)
	it.setTime("updatedAt", r.UpdatedAt)
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: it})
	return wrap("keep saved reply "+r.Name, err)
}

// SavedReplies lists a client's saved replies, by name then language;
// a name limits the listing to that reply's languages.
func (s *Store) SavedReplies(ctx context.Context, clientID, name string) ([]relais.SavedReply, error) {
	prefix := savedPrefix
	if name != "" {
		prefix += name + "#"
	}
	return underClient(ctx, s, clientID, prefix, "saved replies", false, func(it item) (relais.SavedReply, error) {
		return relais.SavedReply{ClientID: clientID, Name: it.s("name"), Language: it.s("language"), Text: it.s("text"), By: it.s("by"), UpdatedAt: it.time("updatedAt")}, nil
	})
}

// DeleteSavedReply forgets a saved reply in one language, or in all when
// language is empty; an unknown one is ENOTFOUND.
func (s *Store) DeleteSavedReply(ctx context.Context, clientID, name, language string) error {
	replies, err := s.SavedReplies(ctx, clientID, name)
	if err != nil {
		return err
	}
	deleted := 0
	for _, r := range replies {
		if language != "" && r.Language != language {
			continue
		}
		if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table, Key: savedKey(clientID, r.Name, r.Language).av()}); err != nil {
			return wrap("delete saved reply "+name, err)
		}
		deleted++
	}
	if deleted == 0 {
		return relais.Errorf(relais.ENOTFOUND, "client %s has no saved reply %s", clientID, strings.TrimSpace(name+" "+language))
	}
	return nil
}
