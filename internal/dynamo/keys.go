package dynamo

import (
	"strconv"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// Every key format of the table lives in this file. Items of a client carry
// "CLIENT#<id>" in their partition key, so no query can cross clients. The
// global items (account owners and the client index) hold no client data
// beyond ids, and unrouted interactions, received for an account no client
// owns yet, belong to no client until they are replayed into one.
//
//	item                 PK                              SK                                GSI1PK                     GSI1SK
//	client               CLIENT#<c>                      PROFILE                           CLIENTS                    <c>
//	account              CLIENT#<c>                      ACCOUNT#<network>#<account>
//	account owner        OWNER#<network>#<account>       OWNER
//	post                 CLIENT#<c>                      POST#<post>                       POST#<post>                POST
//	  while scheduled, also in the sparse index GSI2:   GSI2PK DUE, GSI2SK <scheduled time>#<c>#<post>
//	post audit entry     CLIENT#<c>                      AUDIT#<post>#<time>#<seq>
//	interaction          CLIENT#<c>                      INTERACTION#<network>#<id>        CLIENT#<c>#INBOX           <received time>#<network>#<id>
//	  until moderated, also in GSI2:                    GSI2PK UNMODERATED, GSI2SK <received time>#<c>#<network>#<id>
//	unrouted interaction UNROUTED#<network>#<account>    INTERACTION#<id>
//	unrouted change      UNROUTED#<network>#<account>    CHANGE#<id>
//	decision             CLIENT#<c>                      DECISION#<network>#<id>
//	moderation audit     CLIENT#<c>                      MODERATION#<network>#<id>#<time>#<step>
//	alarm minute         CLIENT#<c>                      PULSE#<minute, UTC>
//	day counters         CLIENT#<c>                      COUNTER#<day>#<network>[#<shard>]
//	crisis               CLIENT#<c>                      CRISIS#<window start, UTC, fixed width>
//	moderation examples  CLIENT#<c>                      EXAMPLES#<day>
//	correction           CLIENT#<c>                      CORRECTION#<fingerprint>
//	post engagement      CLIENT#<c>                      ENGAGEMENT#<day published>#<post>
//	report link          CLIENT#<c>                      LINK#<link>                       (TTL at the link's expiry)
//	media item           CLIENT#<c>                      MEDIA#<media>                     (TTL while pending)
//	thread               CLIENT#<c>                      THREAD#<network>#<thread>#HEAD    CLIENT#<c>#THREADS         <updated>#<network>#<thread>
//	  also in GSI2, to find a thread by its id alone:   GSI2PK THREAD#<network>#<thread>, GSI2SK <c>
//	thread message       CLIENT#<c>                      THREAD#<network>#<thread>#M#<interaction>
//	thread answer        CLIENT#<c>                      THREAD#<network>#<thread>#A#<network id, or answer id>
//	thread note          CLIENT#<c>                      THREAD#<network>#<thread>#N#<time>#<note>
//	saved reply          CLIENT#<c>                      SAVED#<name>#<language>
//
// Days are calendar days in the client's time zone (YYYY-MM-DD). The
// engagement item repeats, in a few bytes, the figures kept on the post,
// so that a period's top posts are one small query.
const (
	attrPK     = "PK"
	attrSK     = "SK"
	attrGSI1PK = "GSI1PK"
	attrGSI1SK = "GSI1SK"
	// attrExpires is the TTL attribute; DynamoDB deletes items past it.
	attrExpires = "expiresAt"
	indexGSI1   = "GSI1"
	attrGSI2PK  = "GSI2PK"
	attrGSI2SK  = "GSI2SK"
	// indexGSI2 holds scheduled posts by time, for the safety sweep, and
	// interactions not moderated yet, for the moderator's sweep.
	indexGSI2 = "GSI2"
)

type key struct{ pk, sk string }

func clientPK(clientID string) string { return "CLIENT#" + clientID }

func clientKey(clientID string) key { return key{clientPK(clientID), "PROFILE"} }

const clientsIndexPK = "CLIENTS"

// Account keys hold the canonical id, whatever spelling the caller has.
func accountKey(clientID string, ref relais.AccountRef) key {
	ref = ref.Canonical()
	return key{clientPK(clientID), "ACCOUNT#" + string(ref.Network) + "#" + ref.ID}
}

const accountPrefix = "ACCOUNT#"

func ownerKey(ref relais.AccountRef) key {
	ref = ref.Canonical()
	return key{"OWNER#" + string(ref.Network) + "#" + ref.ID, "OWNER"}
}

func postKey(clientID, postID string) key { return key{clientPK(clientID), postPrefix + postID} }

const postPrefix = "POST#"

func postIndexPK(postID string) string { return "POST#" + postID }

const duePK = "DUE"

// leasePK gathers, in the same index, the posts an attempt holds, by the
// time their lease expires: the sweep takes over those whose attempt died.
const leasePK = "LEASE"

// leaseLayout has a fixed width, so that expiry times sort as strings.
const leaseLayout = "2006-01-02T15:04:05.000000000Z"

func leaseSK(p relais.Post) string {
	return p.LeaseExpiresAt.UTC().Format(leaseLayout) + "#" + p.ClientID + "#" + p.ID
}

func dueSK(p relais.Post) string {
	return p.ScheduledAt.UTC().Format(time.RFC3339Nano) + "#" + p.ClientID + "#" + p.ID
}

func auditPrefix(postID string) string { return "AUDIT#" + postID + "#" }

func auditKey(clientID, postID string, at time.Time, seq int64) key {
	return key{clientPK(clientID), auditPrefix(postID) + at.UTC().Format(time.RFC3339Nano) + "#" + itoa(seq)}
}

func interactionKey(clientID string, n relais.Network, id string) key {
	return key{clientPK(clientID), "INTERACTION#" + string(n) + "#" + id}
}

func inboxPK(clientID string) string { return clientPK(clientID) + "#INBOX" }

func inboxSK(in relais.Interaction) string {
	return in.ReceivedAt.UTC().Format(time.RFC3339Nano) + "#" + string(in.Network) + "#" + in.ID
}

const unmoderatedPK = "UNMODERATED"

func unmoderatedSK(in relais.Interaction) string {
	return in.ReceivedAt.UTC().Format(time.RFC3339Nano) + "#" + in.ClientID + "#" + string(in.Network) + "#" + in.ID
}

func unroutedPK(ref relais.AccountRef) string {
	ref = ref.Canonical()
	return "UNROUTED#" + string(ref.Network) + "#" + ref.ID
}

// unroutedKey keeps an interaction and its latest change apart, so that
// replay applies the change after the interaction.
func unroutedKey(in relais.Interaction) key {
	pk := unroutedPK(relais.AccountRef{Network: in.Network, ID: in.AccountID})
	if in.Kind == relais.KindEdit || in.Kind == relais.KindRemoval {
		return key{pk, unroutedChangePrefix + in.ID}
	}
	return key{pk, unroutedPrefix + in.ID}
}

const (
	unroutedPrefix       = "INTERACTION#"
	unroutedChangePrefix = "CHANGE#"
)

// answerPrefix starts the keys of the answers to one interaction.
func answerPrefix(n relais.Network, interactionID string) string {
	return "ANSWER#" + string(n) + "#" + interactionID + "#"
}

func answerKey(a relais.Answer) key {
	return key{clientPK(a.ClientID), answerPrefix(a.Network, a.InteractionID) + a.ID}
}

func moderationAuditKey(clientID string, n relais.Network, id string, at time.Time, step string) key {
	return key{clientPK(clientID), "MODERATION#" + string(n) + "#" + id + "#" + at.UTC().Format(time.RFC3339Nano) + "#" + step}
}

const pulsePrefix = "PULSE#"

func pulseKey(clientID string, at time.Time) key {
	return key{clientPK(clientID), pulsePrefix + at.UTC().Truncate(time.Minute).Format(time.RFC3339)}
}

func decisionKey(clientID string, n relais.Network, id string) key {
	return key{clientPK(clientID), "DECISION#" + string(n) + "#" + id}
}

const counterPrefix = "COUNTER#"

// counterShards is how many items at most hold a client's counters of one
// day and network: the day's item and, when writers collide on it, shards
// 1 to counterShards-1, which readers add up.
const counterShards = 16

func counterKey(clientID, day string, n relais.Network) key {
	return key{clientPK(clientID), counterPrefix + day + "#" + string(n)}
}

// counterShardKey is one of the items that hold a day's counters; shard 0
// is the day's own item.
func counterShardKey(clientID, day string, n relais.Network, shard int) key {
	k := counterKey(clientID, day, n)
	if shard > 0 {
		k.sk += "#" + strconv.Itoa(shard)
	}
	return k
}

const crisisPrefix = "CRISIS#"

// sortableTime formats instants in sort keys: fixed width, so that string
// order is time order.
const sortableTime = "2006-01-02T15:04:05.000000000Z"

func sortable(t time.Time) string { return t.UTC().Format(sortableTime) }

func crisisKey(clientID string, windowStart time.Time) key {
	return key{clientPK(clientID), crisisPrefix + windowStart.UTC().Format(sortableTime)}
}

const examplesPrefix = "EXAMPLES#"

func examplesKey(clientID, day string) key {
	return key{clientPK(clientID), examplesPrefix + day}
}

// A correction is keyed on the comment's fingerprint, so that the latest
// one for a reading wins and a comment finds it in one read.
const correctionPrefix = "CORRECTION#"

func correctionKey(clientID, fingerprint string) key {
	return key{clientPK(clientID), correctionPrefix + fingerprint}
}

const engagementPrefix = "ENGAGEMENT#"

func engagementKey(clientID, day, postID string) key {
	return key{clientPK(clientID), engagementPrefix + day + "#" + postID}
}

const linkPrefix = "LINK#"

func linkKey(clientID, linkID string) key {
	return key{clientPK(clientID), linkPrefix + linkID}
}

const mediaPrefix = "MEDIA#"

func mediaKey(clientID, id string) key {
	return key{clientPK(clientID), mediaPrefix + id}
}

// threadPrefix starts the keys of a thread's items: its head and its
// entries, which one query reads together.
func threadPrefix(n relais.Network, threadID string) string {
	return "THREAD#" + string(n) + "#" + threadID + "#"
}

func threadKey(clientID string, n relais.Network, threadID string) key {
	return key{clientPK(clientID), threadPrefix(n, threadID) + "HEAD"}
}

// threadEntryKey keys an entry by what it is, not when, so that the same
// message or answer delivered twice is one entry; notes are kept in time
// order.
func threadEntryKey(clientID string, n relais.Network, threadID string, e relais.ThreadEntry) key {
	var sk string
	switch e.Kind {
	case relais.EntryMessage:
		sk = "M#" + e.ID
	case relais.EntryAnswer:
		sk = "A#" + e.ID
	default:
		sk = "N#" + sortable(e.At) + "#" + e.ID
	}
	return key{clientPK(clientID), threadPrefix(n, threadID) + sk}
}

func threadsPK(clientID string) string { return clientPK(clientID) + "#THREADS" }

func threadsSK(t relais.Thread) string {
	return sortable(t.UpdatedAt) + "#" + string(t.Network) + "#" + t.ID
}

func threadIndexPK(n relais.Network, threadID string) string {
	return "THREAD#" + string(n) + "#" + threadID
}

const savedPrefix = "SAVED#"

func savedKey(clientID, name, language string) key {
	return key{clientPK(clientID), savedPrefix + name + "#" + language}
}

// grantorKey lists, under a person's id on a network's API, the accounts
// whose token that person granted.
func grantorKey(api, person string, a relais.AccountRef) key {
	a = a.Canonical()
	return key{"GRANTOR#" + api + "#" + person, string(a.Network) + "#" + a.ID}
}

// consentKey is an OAuth consent under way, by its state, which only the
// network's redirect names.
func consentKey(state string) key { return key{"CONSENT#" + state, "CONSENT"} }
