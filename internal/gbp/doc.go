// Package gbp is Relais' adapter for Google Business Profile: it lists
// the locations a token manages, publishes local posts on a business's
// location, lists them so that the publisher
// can find a post an ambiguous attempt may have made, polls the
// location's reviews (a profile's comments) and answers them.
//
// The protocol facts it relies on, from Google's Business Profile API
// reference (the My Business API v4):
//
//   - A location is named accounts/{accountId}/locations/{locationId}; the
//     v4 methods take that whole name, so it is the Relais account id.
//   - POST /v4/{location}/localPosts makes a LocalPost (summary,
//     topicType STANDARD, EVENT or OFFER, callToAction {actionType, url},
//     event {title, schedule}, offer {couponCode, redeemOnlineUrl,
//     termsConditions}, media [{mediaFormat PHOTO, sourceUrl}]) and
//     answers it with its name, accounts/…/localPosts/{id}. Google fetches
//     the photo from sourceUrl itself: there is no upload. No idempotency
//     key exists and no duplicate is refused, so a publish is unguarded.
//   - GET /v4/{location}/localPosts lists the posts, pageSize 1 to 100,
//     paged by pageToken; the order is not documented.
//   - GET /v4/{location}/reviews lists the reviews, updateTime desc by
//     default, pageSize at most 50; GET …/reviews/{id} reads one; PUT
//     …/reviews/{id}/reply creates or replaces the location's one answer
//     (comment, at most 4096 bytes); DELETE …/reply deletes it. A review
//     cannot be hidden or deleted by the business. Google announces new
//     and updated reviews only on a Cloud Pub/Sub topic of the app's own
//     Cloud project (the Notifications API), not to a webhook, so Relais
//     polls them.
//   - The locations a token manages come from two newer APIs on their own
//     hosts: the Account Management API's GET /v1/accounts (pageSize at
//     most 20) and, for each account, the Business Information API's
//     GET /v1/{account}/locations?readMask=name,title (pageSize at most
//     100), both paged by pageToken/nextPageToken. That API names a
//     location locations/{locationId}; the account it is listed under
//     completes its v4 name.
//   - Errors are {"error":{"code","message","status","details"}}; a quota
//     overrun is 429 RESOURCE_EXHAUSTED, and the documented quotas are
//     per minute (300 requests per minute per project by default).
//   - Tokens are Google OAuth 2.0 access tokens with the scope
//     https://www.googleapis.com/auth/business.manage, which last an hour
//     and are renewed with the refresh token a consent with
//     access_type=offline gives.
//
// Local post insights (localPosts.reportInsights) were removed with the
// move of v4 insights to the Business Profile Performance API, which has
// no per-post figures: the adapter reads no metrics.
package gbp
