package dynamo

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

func accountToItem(a relais.Account) item {
	it := newItem(accountKey(a.ClientID, a.Ref()))
	it.setS("clientId", a.ClientID)
	it.setS("network", string(a.Network))
	it.setS("id", a.ID)
	it.setTime("connectedAt", a.ConnectedAt)
	it.setS("pollCursor", a.PollCursor)
	if g := a.Grant; g != nil {
		setGrant(it, *g)
	}
	it.setTime("disconnectedAt", a.DisconnectedAt)
	it.setS("disconnectReason", a.DisconnectReason)
	return it
}

// setGrant keeps a grant's dates beside the account; the tokens are in the
// parameter store.
func setGrant(it item, g relais.Grant) {
	it.setBool("granted", true)
	it.setTime("tokenExpiresAt", g.ExpiresAt)
	it.setTime("refreshExpiresAt", g.RefreshExpiresAt)
	it.setBool("hasRefresh", g.HasRefresh)
	it.setList("scopes", g.Scopes)
	it.setTime("renewedAt", g.RenewedAt)
	it.setS("grantor", g.Person)
}

func accountFromItem(it item) relais.Account {
	return relais.Account{
		ClientID:         it.s("clientId"),
		Network:          relais.Network(it.s("network")),
		ID:               it.s("id"),
		ConnectedAt:      it.time("connectedAt"),
		PollCursor:       it.s("pollCursor"),
		Grant:            grantFromItem(it),
		DisconnectedAt:   it.time("disconnectedAt"),
		DisconnectReason: it.s("disconnectReason"),
	}
}

func grantFromItem(it item) *relais.Grant {
	if !it.bool("granted") {
		return nil
	}
	return &relais.Grant{ExpiresAt: it.time("tokenExpiresAt"), RefreshExpiresAt: it.time("refreshExpiresAt"),
		HasRefresh: it.bool("hasRefresh"), Scopes: it.list("scopes"), RenewedAt: it.time("renewedAt"), Person: it.s("grantor")}
}

// ConnectAccount connects a network account to a client. An account belongs
// to one client only: connecting it to a second client is a conflict, so
// that no post can reach another client's account and no webhook is routed
// to the wrong client. Connecting it again to the same client updates it.
func (s *Store) ConnectAccount(ctx context.Context, a relais.Account) error {
	a.ID = a.Ref().Canonical().ID
	if err := a.Ref().Validate(); err != nil {
		return err
	}
	if a.ConnectedAt.IsZero() {
		a.ConnectedAt = s.Now()
	}
	client, err := s.Client(ctx, a.ClientID)
	if err != nil {
		return err
	}
	owner := newItem(ownerKey(a.Ref()))
	owner.setS("clientId", a.ClientID)
	// The intake counts interactions in the client's days without reading
	// the client.
	owner.setS("zone", client.TimeZone)
	writes := []types.TransactWriteItem{
		{ConditionCheck: &types.ConditionCheck{
			TableName:           &s.table,
			Key:                 clientKey(a.ClientID).av(),
			ConditionExpression: aws.String("attribute_exists(PK)"),
		}},
		{Put: &types.Put{
			TableName:                 &s.table,
			Item:                      owner,
			ConditionExpression:       aws.String("attribute_not_exists(PK) OR clientId = :c"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":c": str(a.ClientID)},
		}},
		{Put: &types.Put{TableName: &s.table, Item: accountToItem(a)}},
	}
	if a.Grant != nil && a.Grant.Person != "" {
		spec, _ := relais.SpecOf(a.Network)
		grantor := newItem(grantorKey(spec.APIName(), a.Grant.Person, a.Ref()))
		grantor.setS("clientId", a.ClientID)
		grantor.setS("network", string(a.Network))
		grantor.setS("id", a.ID)
		writes = append(writes, types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: grantor}})
	}
	err = s.transact(ctx, writes...)
	if failed, which := conditionFailed(err); failed {
		if len(which) > 0 && which[0] {
			return relais.Errorf(relais.ENOTFOUND, "unknown client %q", a.ClientID)
		}
		return relais.Errorf(relais.ECONFLICT, "account %s is already connected to another client", a.Ref())
	}
	return wrap("connect account "+a.Ref().String(), err)
}

// Account returns a client's account, or ENOTFOUND when the client has no
// such account.
func (s *Store) Account(ctx context.Context, clientID string, ref relais.AccountRef) (relais.Account, error) {
	it, err := s.get(ctx, accountKey(clientID, ref), true)
	if err != nil {
		return relais.Account{}, wrap("get account "+ref.String(), err)
	}
	if it == nil {
		return relais.Account{}, relais.Errorf(relais.ENOTFOUND, "client %s has no account %s", clientID, ref)
	}
	return accountFromItem(it), nil
}

// Accounts lists a client's accounts.
func (s *Store) Accounts(ctx context.Context, clientID string) ([]relais.Account, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :sk)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": str(clientPK(clientID)), ":sk": str(accountPrefix),
		},
	}, 0)
	if err != nil {
		return nil, wrap("list accounts of "+clientID, err)
	}
	out := make([]relais.Account, len(items))
	for i, it := range items {
		out[i] = accountFromItem(it)
	}
	return out, nil
}

// AccountOwner returns the client an account is connected to, or ENOTFOUND.
// Webhooks use it to route a delivery to its client.
func (s *Store) AccountOwner(ctx context.Context, ref relais.AccountRef) (string, error) {
	it, err := s.get(ctx, ownerKey(ref), false)
	if err != nil {
		return "", wrap("get owner of "+ref.String(), err)
	}
	if it == nil {
		return "", relais.Errorf(relais.ENOTFOUND, "no client owns account %s", ref)
	}
	return it.s("clientId"), nil
}

// Owner is the client an account is connected to, with that client's time
// zone.
type Owner struct {
	ClientID string
	Zone     string
}

// Owners returns the owners of accounts, in one batched read; accounts no
// client owns are absent from the map.
func (s *Store) Owners(ctx context.Context, refs []relais.AccountRef) (map[relais.AccountRef]Owner, error) {
	out := make(map[relais.AccountRef]Owner, len(refs))
	keys := make([]map[string]types.AttributeValue, 0, len(refs))
	byPK := map[string]relais.AccountRef{}
	for _, r := range refs {
		k := ownerKey(r)
		if _, seen := byPK[k.pk]; !seen {
			byPK[k.pk] = r
			keys = append(keys, k.av())
		}
	}
	// BatchGetItem takes 100 keys a call; a delivery names a handful.
	for start := 0; start < len(keys); start += 100 {
		pending := map[string]types.KeysAndAttributes{s.table: {Keys: keys[start:min(start+100, len(keys))]}}
		for round := 0; len(pending) > 0; round++ {
			if round > 0 {
				if err := sleep(ctx, backoff(round)); err != nil {
					return nil, err
				}
			}
			res, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: pending})
			if err != nil {
				return nil, wrap("get account owners", err)
			}
			for _, it := range res.Responses[s.table] {
				it := item(it)
				out[byPK[it.s(attrPK)]] = Owner{ClientID: it.s("clientId"), Zone: it.s("zone")}
			}
			pending = res.UnprocessedKeys
		}
	}
	return out, nil
}

// SetPollCursor records where the last poll of an account stopped.
func (s *Store) SetPollCursor(ctx context.Context, a relais.Account, cursor string) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       accountKey(a.ClientID, a.Ref()).av(),
		UpdateExpression:          aws.String("SET pollCursor = :c"),
		ConditionExpression:       aws.String("attribute_exists(PK)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":c": str(cursor)},
	})
	if failed, _ := conditionFailed(err); failed {
		return relais.Errorf(relais.ENOTFOUND, "client %s has no account %s", a.ClientID, a.Ref())
	}
	return wrap("set poll cursor of "+a.Ref().String(), err)
}

// SetGrant records an account's renewed grant: the account is connected
// again. The account must exist.
func (s *Store) SetGrant(ctx context.Context, a relais.Account, g relais.Grant) error {
	it := item{}
	setGrant(it, g)
	names := map[string]string{}
	values := map[string]types.AttributeValue{}
	set := make([]string, 0, len(it))
	for name, v := range it {
		names["#"+name], values[":"+name] = name, v
		set = append(set, "#"+name+" = :"+name)
	}
	sort.Strings(set)
	remove := []string{"renewingUntil", "warnedAt"}
	for _, name := range []string{"tokenExpiresAt", "refreshExpiresAt", "scopes", "disconnectedAt", "disconnectReason"} {
		if _, ok := it[name]; !ok {
			remove = append(remove, name)
		}
	}
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       accountKey(a.ClientID, a.Ref()).av(),
		UpdateExpression:          aws.String("SET " + strings.Join(set, ", ") + " REMOVE " + strings.Join(remove, ", ")),
		ConditionExpression:       aws.String("attribute_exists(PK)"),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
	})
	if failed, _ := conditionFailed(err); failed {
		return relais.Errorf(relais.ENOTFOUND, "client %s has no account %s", a.ClientID, a.Ref())
	}
	return wrap("set the grant of "+a.Ref().String(), err)
}

// ClaimRenewal takes the right to renew an account's token until a time,
// so that two functions never renew one grant at once (a rotated refresh
// token works once). It reports false when another holds it.
func (s *Store) ClaimRenewal(ctx context.Context, a relais.Account, now, until time.Time) (bool, error) {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       accountKey(a.ClientID, a.Ref()).av(),
		UpdateExpression:          aws.String("SET renewingUntil = :until"),
		ConditionExpression:       aws.String("attribute_exists(PK) AND (attribute_not_exists(renewingUntil) OR renewingUntil < :now)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":until": str(until.UTC().Format(time.RFC3339Nano)), ":now": str(now.UTC().Format(time.RFC3339Nano))},
	})
	if failed, _ := conditionFailed(err); failed {
		return false, nil
	}
	return err == nil, wrap("claim the renewal of "+a.Ref().String(), err)
}

// Disconnect records that the network stopped taking an account's token,
// once: the first reason stays, and it reports whether this call made
// the change.
func (s *Store) Disconnect(ctx context.Context, a relais.Account, at time.Time, reason string) (bool, error) {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:           &s.table,
		Key:                 accountKey(a.ClientID, a.Ref()).av(),
		UpdateExpression:    aws.String("SET disconnectedAt = :at, disconnectReason = :why REMOVE renewingUntil"),
		ConditionExpression: aws.String("attribute_exists(PK) AND attribute_not_exists(disconnectedAt)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":at": str(at.UTC().Format(time.RFC3339Nano)), ":why": str(reason)},
	})
	if failed, _ := conditionFailed(err); failed {
		return false, nil
	}
	return err == nil, wrap("disconnect "+a.Ref().String(), err)
}

// MarkWarned records that people were told an account's grant ends soon,
// and reports whether this is the first time for its grant (SetGrant
// forgets it).
func (s *Store) MarkWarned(ctx context.Context, a relais.Account, at time.Time) (bool, error) {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       accountKey(a.ClientID, a.Ref()).av(),
		UpdateExpression:          aws.String("SET warnedAt = :at"),
		ConditionExpression:       aws.String("attribute_exists(PK) AND attribute_not_exists(warnedAt)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":at": str(at.UTC().Format(time.RFC3339Nano))},
	})
	if failed, _ := conditionFailed(err); failed {
		return false, nil
	}
	return err == nil, wrap("mark the grant of "+a.Ref().String()+" warned", err)
}

// AccountsGrantedBy lists the accounts whose token a person granted on a
// network's API (relais.Grant.Person), whichever client owns them.
func (s *Store) AccountsGrantedBy(ctx context.Context, api, person string) ([]relais.Account, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(grantorKey(api, person, relais.AccountRef{}).pk)},
	}, 0)
	if err != nil {
		return nil, wrap("accounts granted by a person", err)
	}
	out := make([]relais.Account, len(items))
	for i, it := range items {
		out[i] = relais.Account{ClientID: it.s("clientId"), Network: relais.Network(it.s("network")), ID: it.s("id")}
	}
	return out, nil
}
