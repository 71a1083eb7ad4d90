package dynamo

import (
	"context"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

func clientToItem(c relais.Client) item {
	it := newItem(clientKey(c.ID))
	it.setS(attrGSI1PK, clientsIndexPK)
	it.setS(attrGSI1SK, c.ID)
	it.setS("id", c.ID)
	it.setS("name", c.Name)
	it.setS("timezone", c.TimeZone)
	it.setS("locale", c.Locale)
	it.setList("brands", c.Brands)
	it.setS("approval", string(c.Approval))
	it.setList("approvers", c.Approvers)
	it.setBool("paused", c.Paused)
	it.setS("rules", c.Rules)
	it.setS("brandName", c.Branding.Name)
	it.setS("brandLogo", c.Branding.Logo)
	it.setS("brandColor", c.Branding.Color)
	targets := make([]string, len(c.Targets))
	for i, t := range c.Targets {
		targets[i] = t.String()
	}
	it.setList("serviceTargets", targets)
	it.setTime("createdAt", c.CreatedAt)
	return it
}

// targetsFromItem reads the targets kept as their text; one that no
// longer reads is left out rather than failing the client.
func targetsFromItem(it item) []relais.ServiceTarget {
	var out []relais.ServiceTarget
	for _, s := range it.list("serviceTargets") {
		if t, err := relais.ParseServiceTarget(s); err == nil {
			out = append(out, t)
		}
	}
	return out
}

func clientFromItem(it item) relais.Client {
	return relais.Client{
		ID:        it.s("id"),
		Name:      it.s("name"),
		TimeZone:  it.s("timezone"),
		Locale:    it.s("locale"),
		Brands:    it.list("brands"),
		Approval:  relais.ApprovalPolicy(it.s("approval")),
		Approvers: it.list("approvers"),
		Paused:    it.bool("paused"),
		Rules:     it.s("rules"),
		Branding:  relais.Branding{Name: it.s("brandName"), Logo: it.s("brandLogo"), Color: it.s("brandColor")},
		Targets:   targetsFromItem(it),
		CreatedAt: it.time("createdAt"),
		Version:   it.n("version"),
	}
}

// CreateClient stores a new client; an existing id is a conflict.
func (s *Store) CreateClient(ctx context.Context, c relais.Client) error {
	if c.Approval == "" {
		c.Approval = relais.ApprovalNone
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.Now()
	}
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:           &s.table,
		Item:                clientToItem(c),
		ConditionExpression: aws.String("attribute_not_exists(PK)"),
	})
	if failed, _ := conditionFailed(err); failed {
		return relais.Errorf(relais.ECONFLICT, "client %s already exists", c.ID)
	}
	return wrap("create client "+c.ID, err)
}

// Client returns one client, or ENOTFOUND.
func (s *Store) Client(ctx context.Context, id string) (relais.Client, error) {
	it, err := s.get(ctx, clientKey(id), false)
	if err != nil {
		return relais.Client{}, wrap("get client "+id, err)
	}
	if it == nil {
		return relais.Client{}, relais.Errorf(relais.ENOTFOUND, "unknown client %q", id)
	}
	return clientFromItem(it), nil
}

// Clients lists every client, by id.
func (s *Store) Clients(ctx context.Context) ([]relais.Client, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		IndexName:                 aws.String(indexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(clientsIndexPK)},
	}, 0)
	if err != nil {
		return nil, wrap("list clients", err)
	}
	out := make([]relais.Client, len(items))
	for i, it := range items {
		out[i] = clientFromItem(it)
	}
	return out, nil
}

// SetPaused pauses or resumes a client.
func (s *Store) SetPaused(ctx context.Context, id string, paused bool) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       clientKey(id).av(),
		UpdateExpression:          aws.String("SET paused = :p"),
		ConditionExpression:       aws.String("attribute_exists(PK)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": &types.AttributeValueMemberBOOL{Value: paused}},
	})
	if failed, _ := conditionFailed(err); failed {
		return relais.Errorf(relais.ENOTFOUND, "unknown client %q", id)
	}
	return wrap("pause client "+id, err)
}

// SetRules replaces a client's moderation policy (its rules.yaml), which
// the caller has checked; empty restores the default policy. Given the
// version the caller read, it applies only over that version.
func (s *Store) SetRules(ctx context.Context, id, rules string, ifVersion ...int64) error {
	set, remove := "#r = :r", ""
	values := map[string]types.AttributeValue{":r": str(rules)}
	if rules == "" {
		set, remove, values = "", "#r", map[string]types.AttributeValue{}
	}
	return s.editClient(ctx, "set rules of", id, set, remove, map[string]string{"#r": "rules"}, values, ifVersion)
}

// SetTargets replaces a client's service targets; none removes them.
// Given the version the caller read, it applies only over that version.
func (s *Store) SetTargets(ctx context.Context, id string, targets []relais.ServiceTarget, ifVersion ...int64) error {
	if len(targets) == 0 {
		return s.editClient(ctx, "set service targets of", id, "", "#t", map[string]string{"#t": "serviceTargets"}, map[string]types.AttributeValue{}, ifVersion)
	}
	texts := make([]string, len(targets))
	for i, t := range targets {
		texts[i] = t.String()
	}
	return s.editClient(ctx, "set service targets of", id, "#t = :t", "", map[string]string{"#t": "serviceTargets"}, map[string]types.AttributeValue{":t": strList(texts)}, ifVersion)
}

// editClient changes a client's profile and counts its version, which an
// edit applies over when given one: two people editing the same client
// do not lose one of their changes.
func (s *Store) editClient(ctx context.Context, op, id, set, remove string, names map[string]string, values map[string]types.AttributeValue, ifVersion []int64) error {
	update := "SET #version = if_not_exists(#version, :zero) + :one"
	if set != "" {
		update += ", " + set
	}
	if remove != "" {
		update += " REMOVE " + remove
	}
	values[":zero"], values[":one"] = num(0), num(1)
	if names == nil {
		names = map[string]string{}
	}
	names["#version"] = "version"
	cond := "attribute_exists(PK)"
	switch {
	case len(ifVersion) > 0 && ifVersion[0] == 0:
		// Never edited: a client stored before versions were counted
		// has none.
		cond += " AND (attribute_not_exists(#version) OR #version = :zero)"
	case len(ifVersion) > 0:
		cond += " AND #version = :v"
		values[":v"] = num(ifVersion[0])
	}
	in := &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       clientKey(id).av(),
		UpdateExpression:          aws.String(update),
		ConditionExpression:       aws.String(cond),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
	}
	_, err := s.db.UpdateItem(ctx, in)
	if failed, _ := conditionFailed(err); failed {
		if _, err := s.Client(ctx, id); err != nil {
			return err
		}
		return relais.Errorf(relais.ECONFLICT, "client %s changed since it was read; read it again", id)
	}
	return wrap(op+" "+id, err)
}

// HoldPosts pauses a client and holds each of its scheduled posts, and
// returns the posts held. Their schedules may still fire: the publisher
// publishes scheduled posts only, so a held post is left alone; callers
// that can also delete the schedules do.
func (s *Store) HoldPosts(ctx context.Context, clientID, by, why string) ([]relais.Post, error) {
	if err := s.SetPaused(ctx, clientID, true); err != nil {
		return nil, err
	}
	posts, err := s.Posts(ctx, clientID)
	if err != nil {
		return nil, err
	}
	var held []relais.Post
	for _, p := range posts {
		if p.Status != relais.StatusScheduled {
			continue
		}
		p, err := s.Transition(ctx, p, relais.StatusPaused, by, why, "")
		if err != nil {
			return held, err
		}
		held = append(held, p)
	}
	return held, nil
}

// SetBranding replaces the fields of a client's report branding that b
// sets, and leaves the others; given the version the caller read, only
// over that version.
func (s *Store) SetBranding(ctx context.Context, id string, b relais.Branding, ifVersion ...int64) error {
	if err := b.Validate(); err != nil {
		return err
	}
	var sets []string
	values := map[string]types.AttributeValue{}
	for attr, v := range map[string]string{"brandName": b.Name, "brandLogo": b.Logo, "brandColor": b.Color} {
		if v != "" {
			sets = append(sets, attr+" = :"+attr)
			values[":"+attr] = str(v)
		}
	}
	if len(sets) == 0 {
		return nil
	}
	sort.Strings(sets)
	return s.editClient(ctx, "set branding of", id, strings.Join(sets, ", "), "", nil, values, ifVersion)
}
