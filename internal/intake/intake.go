// Package intake takes normalised interactions from any source (webhook
// deliveries, polls, replays), routes each to the client owning its
// account, stores them once and announces the new ones on the bus.
package intake

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
)

// ErrNotAnnounced says interactions were stored but their events did not
// reach the bus: the caller may acknowledge the delivery, since the
// moderator's sweep takes them up.
var ErrNotAnnounced = errors.New("stored but not announced")

// Store is what intake needs of the store.
type Store interface {
	Owners(ctx context.Context, refs []relais.AccountRef) (map[relais.AccountRef]dynamo.Owner, error)
	Ingest(ctx context.Context, ins []relais.Interaction, zones map[string]string) ([]dynamo.Outcome, error)
	RecordResponse(ctx context.Context, clientID string, reply relais.Interaction, zone string) (bool, error)
	Unrouted(ctx context.Context, ref relais.AccountRef) ([]relais.Interaction, error)
	ForgetUnrouted(ctx context.Context, ins []relais.Interaction) error
	Disconnect(ctx context.Context, a relais.Account, at time.Time, reason string) (bool, error)
	AccountsGrantedBy(ctx context.Context, api, person string) ([]relais.Account, error)
}

var _ Store = (*dynamo.Store)(nil)

// Intake stores and announces interactions.
type Intake struct {
	store Store
	bus   relais.Bus
}

// New returns an intake on a store and a bus.
func New(store Store, bus relais.Bus) *Intake { return &Intake{store: store, bus: bus} }

// Result counts what one Accept did.
type Result struct {
	Created    int `json:"created"`
	Updated    int `json:"updated"`
	Duplicates int `json:"duplicates"`
	Unrouted   int `json:"unrouted"`
	// Own counts the accounts' own comments, replies and messages, which
	// are not stored as interactions; Responses counts those that were the
	// team's first answer to a thread waiting for one.
	Own       int `json:"own"`
	Responses int `json:"responses"`
}

// Accept stores interactions and puts Interaction Received on the bus for
// each new one and each edit, with one owners read, one write call per
// hundred writes and one bus call per ten events. An interaction already
// stored is neither stored nor announced again. What was stored before an
// error is still announced, so that the network's retry of the delivery,
// which finds it stored, loses nothing.
func (t *Intake) Accept(ctx context.Context, ins []relais.Interaction) (Result, error) {
	var res Result
	refs := make([]relais.AccountRef, 0, len(ins))
	for _, in := range ins {
		refs = append(refs, relais.AccountRef{Network: in.Network, ID: in.AccountID}.Canonical())
	}
	owners, err := t.store.Owners(ctx, refs)
	if err != nil {
		return res, fmt.Errorf("intake: route: %w", err)
	}
	kept := make([]relais.Interaction, 0, len(ins))
	var answers []relais.Interaction
	zones := map[string]string{}
	for i, in := range ins {
		in.AccountID = refs[i].ID
		if o, ok := owners[refs[i]]; ok {
			in.ClientID = o.ClientID
			zones[o.ClientID] = o.Zone
		}
		if in.ByAccount() {
			res.Own++
			if in.ClientID != "" && (in.ParentID != "" || in.Private) && in.Kind != relais.KindEdit && in.Kind != relais.KindRemoval {
				answers = append(answers, in)
			}
			continue
		}
		kept = append(kept, in)
	}
	outcomes, err := t.store.Ingest(ctx, kept, zones)
	var events []relais.Event
	for i, o := range outcomes {
		in := kept[i]
		switch o {
		case dynamo.Created:
			res.Created++
		case dynamo.Updated:
			res.Updated++
		case dynamo.Duplicate:
			res.Duplicates++
		case dynamo.Unrouted:
			res.Unrouted++
		}
		if (o == dynamo.Created && !in.Removed) || (o == dynamo.Updated && in.Kind == relais.KindEdit) {
			events = append(events, relais.InteractionReceived{
				ClientID: in.ClientID, Network: in.Network, AccountID: in.AccountID,
				InteractionID: in.ID, Kind: in.Kind, ReceivedAt: in.ReceivedAt,
			})
		}
	}
	if err == nil {
		err = t.answers(ctx, answers, zones, &res)
	}
	if len(events) > 0 {
		if perr := t.bus.Put(ctx, events...); perr != nil && err == nil {
			// Stored is what counts: the moderator's sweep takes up an
			// interaction whose event was lost. Failing here would only make
			// the network retry a delivery that is safe.
			return res, fmt.Errorf("intake: announce %d interactions: %w: %w", len(events), ErrNotAnnounced, perr)
		}
	}
	if err != nil {
		return res, fmt.Errorf("intake: %w", err)
	}
	return res, nil
}

// answers records the team's answers once what they answer is stored,
// since a delivery may carry both.
func (t *Intake) answers(ctx context.Context, answers []relais.Interaction, zones map[string]string, res *Result) error {
	for _, a := range answers {
		first, err := t.store.RecordResponse(ctx, a.ClientID, a, zones[a.ClientID])
		if err != nil {
			return fmt.Errorf("record answer: %w", err)
		}
		if first {
			res.Responses++
		}
	}
	return nil
}

// Replay takes the interactions kept for an account while no client owned
// it into the client that owns it now, then forgets them. It is safe to
// run again after a failure: what was taken already is a duplicate.
func (t *Intake) Replay(ctx context.Context, ref relais.AccountRef) (Result, error) {
	ins, err := t.store.Unrouted(ctx, ref)
	if err != nil || len(ins) == 0 {
		return Result{}, err
	}
	res, err := t.Accept(ctx, ins)
	if err != nil && !errors.Is(err, ErrNotAnnounced) {
		return res, err
	}
	if res.Unrouted > 0 {
		return res, relais.Errorf(relais.ECONFLICT, "account %s is not connected to any client", ref)
	}
	return res, t.store.ForgetUnrouted(ctx, ins)
}

// Revoke records that owners removed Relais' access on their network, at
// a time: each account it names, or each a person granted, that a client
// owns is disconnected at once and Account Needs Reconnect announced,
// once however often the network says it.
func (t *Intake) Revoke(ctx context.Context, revoked []relais.Revocation, at time.Time) error {
	accounts, err := t.revokedAccounts(ctx, revoked)
	if err != nil {
		return err
	}
	var errs []error
	for _, a := range accounts {
		reason := fmt.Sprintf("the account's owner removed Relais' access on %s", a.Network.Label())
		first, err := t.store.Disconnect(ctx, a, at, reason)
		if err != nil || !first {
			if err != nil {
				errs = append(errs, err)
			}
			continue
		}
		if err := t.bus.Put(ctx, relais.NeedsReconnect(a, reason, at)); err != nil {
			errs = append(errs, fmt.Errorf("intake: announce %s revoked: %w", a.Ref(), err))
		}
	}
	return errors.Join(errs...)
}

// revokedAccounts are the clients' accounts revocations name: by their
// owners, or as the person granted them.
func (t *Intake) revokedAccounts(ctx context.Context, revoked []relais.Revocation) ([]relais.Account, error) {
	var out []relais.Account
	var refs []relais.AccountRef
	for _, r := range revoked {
		if r.Person == "" {
			refs = append(refs, relais.AccountRef{Network: r.Network, ID: r.AccountID}.Canonical())
			continue
		}
		spec, _ := relais.SpecOf(r.Network)
		granted, err := t.store.AccountsGrantedBy(ctx, spec.APIName(), r.Person)
		if err != nil {
			return nil, fmt.Errorf("intake: accounts of a revoked grant: %w", err)
		}
		out = append(out, granted...)
	}
	if len(refs) == 0 {
		return out, nil
	}
	owners, err := t.store.Owners(ctx, refs)
	if err != nil {
		return nil, fmt.Errorf("intake: owners of revoked accounts: %w", err)
	}
	for _, ref := range refs {
		if o, ok := owners[ref]; ok {
			out = append(out, relais.Account{ClientID: o.ClientID, Network: ref.Network, ID: ref.ID})
		}
	}
	return out, nil
}
