package dynamo

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

// correctionPut writes a correction over any earlier one for the same
// reading: the latest person's word holds. Its text is cut to
// relais.MaxCorrectionText characters.
func (s *Store) correctionPut(c relais.Correction) (types.TransactWriteItem, error) {
	if r := []rune(c.Text); len(r) > relais.MaxCorrectionText {
		c.Text = string(r[:relais.MaxCorrectionText])
	}
	it := newItem(correctionKey(c.ClientID, c.Key))
	if err := it.setJSON("correction", c); err != nil {
		return types.TransactWriteItem{}, fmt.Errorf("dynamo: correction of %s: %w", c.InteractionID, err)
	}
	return types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: it}}, nil
}

// Correction returns the client's correction for a comment's fingerprint;
// found is false when nobody corrected a comment that reads the same.
func (s *Store) Correction(ctx context.Context, clientID, fingerprint string) (c relais.Correction, found bool, err error) {
	it, err := s.get(ctx, correctionKey(clientID, fingerprint), false)
	if err != nil || it == nil {
		return c, false, wrap("read correction of "+clientID, err)
	}
	c, err = correctionFrom(it)
	return c, err == nil, err
}

// Corrections returns every correction of a client, in fingerprint order.
func (s *Store) Corrections(ctx context.Context, clientID string) ([]relais.Correction, error) {
	return underClient(ctx, s, clientID, correctionPrefix, "corrections", false, correctionFrom)
}

func correctionFrom(it item) (relais.Correction, error) {
	var c relais.Correction
	if err := json.Unmarshal([]byte(it.s("correction")), &c); err != nil {
		return c, fmt.Errorf("dynamo: decode correction %s: %w", it.s(attrSK), err)
	}
	return c, nil
}
