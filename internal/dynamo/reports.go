package dynamo

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/relais-dev/relais/internal/relais"
)

const reportPrefix = "REPORT#"

// reportKey keeps a client's report record under the period's label; a
// report written again replaces its record.
func reportKey(clientID, period string) key { return key{clientPK(clientID), reportPrefix + period} }

// SaveReport records a written report.
func (s *Store) SaveReport(ctx context.Context, r relais.ReportRecord) error {
	it := newItem(reportKey(r.ClientID, r.Period.Label))
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("dynamo: encode report %s of %s: %w", r.Period.Label, r.ClientID, err)
	}
	it.setS("record", string(b))
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: it})
	return wrap("save report "+r.Period.Label+" of "+r.ClientID, err)
}

// Reports lists a client's written reports, newest period label first.
func (s *Store) Reports(ctx context.Context, clientID string) ([]relais.ReportRecord, error) {
	return underClient(ctx, s, clientID, reportPrefix, "reports", true, reportFromItem)
}

// Report returns a client's written report of a period, or ENOTFOUND.
func (s *Store) Report(ctx context.Context, clientID, period string) (relais.ReportRecord, error) {
	it, err := s.get(ctx, reportKey(clientID, period), false)
	if err != nil {
		return relais.ReportRecord{}, wrap("read report "+period+" of "+clientID, err)
	}
	if it == nil {
		return relais.ReportRecord{}, relais.Errorf(relais.ENOTFOUND, "no report of %s for %s", clientID, period)
	}
	return reportFromItem(it)
}

func reportFromItem(it item) (relais.ReportRecord, error) {
	var r relais.ReportRecord
	if err := json.Unmarshal([]byte(it.s("record")), &r); err != nil {
		return r, fmt.Errorf("dynamo: decode report %s: %w", it.s(attrSK), err)
	}
	return r, nil
}
