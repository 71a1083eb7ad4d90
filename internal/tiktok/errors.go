package tiktok

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// TikTok's error codes that Relais acts on, from the Content Posting and
// Display API references. A netcall.Error's Code is TikTok's code, or a
// post's fail_reason.
const (
	codeOK                 = "ok"
	CodeTokenInvalid       = "access_token_invalid"
	CodeScopeNotAuthorized = "scope_not_authorized"
	CodeScopeMissed        = "scope_permission_missed"
	CodeRateLimited        = "rate_limit_exceeded"
	CodeInvalidParam       = "invalid_param"
	CodeInvalidParams      = "invalid_params"
	CodeInternal           = "internal_error"
	// CodeTooManyPosts: the account made too many posts through the API in
	// 24 hours. TikTok does not say how many.
	CodeTooManyPosts = "spam_risk_too_many_posts"
	CodeBanned       = "spam_risk_user_banned_from_posting"
	// CodeActiveUserCap: too many accounts posted through the app today;
	// before its audit, an app takes 5 in 24 hours.
	CodeActiveUserCap = "reached_active_user_cap"
	// CodeUnaudited: an app that has not passed TikTok's audit asked for
	// a privacy level other than SELF_ONLY.
	CodeUnaudited       = "unaudited_client_can_only_post_to_private_accounts"
	CodeURLUnverified   = "url_ownership_unverified"
	CodePrivacyMismatch = "privacy_level_option_mismatch"
)

const (
	// rateWindow is TikTok's sliding rate-limit window: a throttled call
	// may pass once it has slid, and TikTok sends no header saying when.
	rateWindow = time.Minute
	// capWait is the wait after a 24-hour cap. TikTok counts a rolling
	// day and does not say when a slot frees; an hour keeps the publisher
	// from hammering while the post stays scheduled.
	capWait = time.Hour
)

// refused classifies TikTok's error answer, by its code first: TikTok
// answers some refusals with HTTP 200.
func refused(k call, a netcall.Answer, ae apiError) *netcall.Error {
	e := k.nc().Refuse(nil)
	e.Status, e.Code = a.Status, netcall.Truncate(ae.Code, 60)
	var why string
	switch code := ae.Code; {
	case code == CodeTokenInvalid || (a.Status == http.StatusUnauthorized && code == ""):
		why = "the access token is invalid or expired: refresh it, or connect the account again"
	case code == CodeScopeNotAuthorized || code == CodeScopeMissed:
		why = "the account has not granted the scope this needs (video.publish to post, video.list to list and measure): connect it again granting it"
	case code == CodeRateLimited || a.Status == http.StatusTooManyRequests:
		e.Kind, e.RetryAfter = relais.FailTransient, retryAfter(a.Header)
		why = "TikTok's per-minute rate limit for this account's token was reached"
	case code == CodeTooManyPosts:
		e.Kind, e.RetryAfter = relais.FailTransient, capWait
		why = "the account reached TikTok's cap on posts made through the API in 24 hours"
	case code == CodeActiveUserCap:
		e.Kind, e.RetryAfter = relais.FailTransient, capWait
		why = "the app reached TikTok's cap on accounts posting through it in 24 hours (5 until it passes TikTok's audit)"
	case code == CodeBanned:
		why = "TikTok bars this account from posting"
	case code == CodeUnaudited:
		why = "private until TikTok's audit: TikTok lets an app that has not passed its audit post only SELF_ONLY, to private accounts"
	case code == CodePrivacyMismatch:
		why = "the privacy level is not one the account offers now (a private account offers no PUBLIC_TO_EVERYONE)"
	case code == CodeURLUnverified:
		why = "TikTok pulls media only from URL prefixes or domains verified for the app in TikTok's developer portal: verify the one Relais' media is served from"
	case code == CodeInvalidParam || code == CodeInvalidParams:
		why = "TikTok refused the request as invalid"
	case a.Status >= 500 || code == CodeInternal:
		e.Kind, why = relais.FailTransient, "TikTok had a temporary failure"
		if k.creates {
			// The request arrived: the post may be under way.
			e.Kind, why = relais.FailAmbiguous, "TikTok failed after receiving the request: the post may exist"
		}
	default:
		why = "TikTok refused the request"
	}
	msg := why
	if m := netcall.Message(ae.Message, k.token); m != "" {
		msg += ": " + m
	} else if ae.Code == "" {
		msg += ": " + http.StatusText(a.Status)
	}
	// TikTok's support asks for the log_id.
	if ae.LogID != "" {
		msg += " (log_id " + netcall.Truncate(ae.LogID, 64) + ")"
	}
	e.Err = errors.New(msg)
	return e
}

// retryAfter is how long to wait after a 429: a Retry-After header in
// seconds if TikTok sends one (it documents none), else the sliding
// window.
func retryAfter(h http.Header) time.Duration {
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return rateWindow
}

func errDecode(err error) error { return fmt.Errorf("decode answer: %w", err) }
