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

// setEngagement keeps a post's engagement as plain attributes, which
// SaveEngagement's condition reads.
func setEngagement(it item, e *relais.Engagement) {
	if e == nil {
		return
	}
	it.setN("engLikes", e.Likes)
	it.setN("engComments", e.Comments)
	it.setN("engShares", e.Shares)
	it.setN("engImpressions", e.Impressions)
	it.setTime("engFetchedAt", e.FetchedAt)
	it.setBool("engFinal", e.Final)
}

func engagementFromItem(it item) *relais.Engagement {
	if _, ok := it["engFetchedAt"]; !ok {
		return nil
	}
	return &relais.Engagement{
		Likes: it.n("engLikes"), Comments: it.n("engComments"), Shares: it.n("engShares"),
		Impressions: it.n("engImpressions"), FetchedAt: it.time("engFetchedAt"), Final: it.bool("engFinal"),
	}
}

// SaveEngagement records a published post's engagement: on the post, in
// the post's small engagement item of its publishing day, and as the
// difference it makes to that day's engagement counters, in one
// transaction conditioned on the figures read, so that concurrent fetches
// never count twice. A fetch older than the stored one, or a first-day
// fetch after the final one, changes nothing, which makes a repeated
// schedule harmless.
func (s *Store) SaveEngagement(ctx context.Context, clientID, postID string, e relais.Engagement) error {
	for try := 0; ; try++ {
		post, err := s.Post(ctx, clientID, postID)
		if err != nil {
			return err
		}
		if post.PublishedAt == nil {
			return relais.Errorf(relais.EINVALID, "post %s is %s, not published: it has no engagement", postID, post.Status)
		}
		old := post.Engagement
		if old != nil && (old.Final && !e.Final || !e.FetchedAt.After(old.FetchedAt)) {
			return nil
		}
		err = s.transact(ctx, s.engagementWrites(post, e)...)
		if failed, _ := conditionFailed(err); failed && try < 3 {
			continue
		} else if failed {
			return relais.Errorf(relais.ECONFLICT, "engagement of post %s keeps changing; try again", postID)
		}
		return wrap("save engagement of post "+postID, err)
	}
}

func (s *Store) engagementWrites(post relais.Post, e relais.Engagement) []types.TransactWriteItem {
	e.FetchedAt = e.FetchedAt.UTC()
	set := item{}
	setEngagement(set, &e)
	names, values := map[string]string{}, map[string]types.AttributeValue{}
	var assigns []string
	for name, v := range set {
		names["#"+name], values[":"+name] = name, v
		assigns = append(assigns, "#"+name+" = :"+name)
	}
	sort.Strings(assigns)
	cond := "attribute_exists(PK) AND attribute_not_exists(engFetchedAt)"
	if post.Engagement != nil {
		cond = "attribute_exists(PK) AND engFetchedAt = :was"
		values[":was"] = str(post.Engagement.FetchedAt.UTC().Format(time.RFC3339Nano))
	}
	day := dayIn(*post.PublishedAt, post.TimeZone)
	index := newItem(engagementKey(post.ClientID, day, post.ID))
	index.setN("l", e.Likes)
	index.setN("c", e.Comments)
	index.setN("s", e.Shares)
	items := []types.TransactWriteItem{
		{Update: &types.Update{
			TableName:                 &s.table,
			Key:                       postKey(post.ClientID, post.ID).av(),
			UpdateExpression:          aws.String("SET " + strings.Join(assigns, ", ")),
			ConditionExpression:       aws.String(cond),
			ExpressionAttributeNames:  names,
			ExpressionAttributeValues: values,
		}},
		{Put: &types.Put{TableName: &s.table, Item: index}},
	}
	var was relais.Engagement
	if post.Engagement != nil {
		was = *post.Engagement
	}
	delta := map[string]int64{
		relais.CountLikes: e.Likes - was.Likes, relais.CountComments: e.Comments - was.Comments,
		relais.CountShares: e.Shares - was.Shares, relais.CountImpressions: e.Impressions - was.Impressions,
	}
	if add, ok := s.addCounts(post.ClientID, day, post.Account.Network, delta); ok {
		items = append(items, add)
	}
	return items
}

// TopPosts returns up to n posts published on the days from..to included
// (YYYY-MM-DD) with the most engagement (likes, comments and shares),
// most first. It reads the small engagement items of the period, then the
// n posts themselves.
func (s *Store) TopPosts(ctx context.Context, clientID, from, to string, n int) ([]relais.Post, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression: aws.String("PK = :pk AND SK BETWEEN :from AND :to"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk":   str(clientPK(clientID)),
			":from": str(engagementPrefix + from),
			// "~" sorts after every post id.
			":to": str(engagementPrefix + to + "#~"),
		},
	}, 0)
	if err != nil {
		return nil, wrap("read engagement of "+clientID, err)
	}
	type ranked struct {
		id    string
		total int64
	}
	all := make([]ranked, len(items))
	for i, it := range items {
		sk := it.s(attrSK)
		all[i] = ranked{id: sk[strings.LastIndexByte(sk, '#')+1:], total: it.n("l") + it.n("c") + it.n("s")}
	}
	// Ties go to the earlier post, in key order.
	sort.SliceStable(all, func(i, j int) bool { return all[i].total > all[j].total })
	if len(all) > n {
		all = all[:n]
	}
	ids := make([]string, len(all))
	for i, r := range all {
		ids[i] = r.id
	}
	return s.postsByID(ctx, clientID, ids)
}

// postsByID reads posts in one batch, in the order of ids.
func (s *Store) postsByID(ctx context.Context, clientID string, ids []string) ([]relais.Post, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	keys := make([]map[string]types.AttributeValue, len(ids))
	for i, id := range ids {
		keys[i] = postKey(clientID, id).av()
	}
	found := map[string]relais.Post{}
	req := map[string]types.KeysAndAttributes{s.table: {Keys: keys}}
	for len(req) > 0 {
		out, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: req})
		if err != nil {
			return nil, wrap("read posts of "+clientID, err)
		}
		for _, it := range out.Responses[s.table] {
			p := postFromItem(it)
			found[p.ID] = p
		}
		req = out.UnprocessedKeys
	}
	out := make([]relais.Post, 0, len(ids))
	for _, id := range ids {
		if p, ok := found[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}
