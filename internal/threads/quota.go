package threads

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// quotaWait is the wait after the account reached a publishing limit:
// Threads counts a rolling 24 hours and does not say when a slot frees;
// an hour keeps the publisher from spending calls while the post waits.
const quotaWait = time.Hour

// quota is one of the publishing limits threads_publishing_limit reports:
// 250 posts (a carousel is one) and 1,000 replies in 24 hours ("Overview",
// Rate Limiting). Threads enforces them at threads_publish, and advises
// apps to check them first, which spares containers that could not be
// published.
type quota struct {
	usage, config string // the fields that report it
	what          string // what it counts, for errors
}

var (
	postQuota  = quota{usage: "quota_usage", config: "config", what: "posts"}
	replyQuota = quota{usage: "reply_quota_usage", config: "reply_config", what: "replies"}
)

type quotaConfig struct {
	Total    int `json:"quota_total"`
	Duration int `json:"quota_duration"` // seconds
}

// checkQuota refuses, as transient, an attempt the account's limit would
// refuse.
func (c *Client) checkQuota(ctx context.Context, token, account string, q quota) error {
	k := call{op: "publishing limit", method: http.MethodGet, path: node(account, "threads_publishing_limit"),
		query: url.Values{"fields": {q.usage + "," + q.config}}, token: token}
	var out struct {
		Data []struct {
			Posts       int         `json:"quota_usage"`
			PostConfig  quotaConfig `json:"config"`
			Replies     int         `json:"reply_quota_usage"`
			ReplyConfig quotaConfig `json:"reply_config"`
		} `json:"data"`
	}
	if err := c.do(ctx, k, &out); err != nil {
		return err
	}
	if len(out.Data) == 0 {
		return nil
	}
	used, cfg := out.Data[0].Posts, out.Data[0].PostConfig
	if q == replyQuota {
		used, cfg = out.Data[0].Replies, out.Data[0].ReplyConfig
	}
	if cfg.Total <= 0 || used < cfg.Total {
		return nil
	}
	e := k.refuse(fmt.Errorf("the account published %d %s in the last %s; Threads allows %d", used, q.what, time.Duration(cfg.Duration)*time.Second, cfg.Total))
	e.Kind, e.Code, e.RetryAfter = relais.FailTransient, "publishing_limit", quotaWait
	return e
}
