// Package pinterest is Relais' adapter for Pinterest, through the Pinterest
// REST API v5 (https://api.pinterest.com/v5). Publishing on Pinterest is
// creating a Pin on a board; Pinterest offers no comment moderation and no
// messaging to businesses, so the adapter publishes, lists a board's Pins
// and reads a Pin's analytics, nothing more.
//
// The account. A Pinterest token is a person's, and a Pin goes on one of
// their boards, so a Relais account id for Pinterest is the board's id
// (digits, as Pinterest writes it, e.g. "549755885175"), and its token is
// the token of the person who owns the board. One person's boards are so
// many Relais accounts sharing one token. Boards lists a token's boards,
// for a person to choose from when connecting one.
//
// Protocol facts used (OpenAPI description pinterest/api-description v5,
// developers.pinterest.com, help.pinterest.com product specs):
//   - POST /v5/pins with board_id, description (800 characters at most),
//     link (2,048), alt_text (500), and a media_source: image_url (one
//     image Pinterest fetches from its url), multiple_image_urls (a
//     carousel of 2 to 5), or video_id (a media id with a cover image
//     url, or a key frame time for its cover). Relais sets no title: its
//     posts have none, and Pinterest shows the description.
//   - A video goes up first: POST /v5/media {"media_type":"video"} answers
//     a media_id, an upload_url and upload_parameters; the file is POSTed
//     there as a multipart form (S3's browser upload: the parameters, then
//     the file); GET /v5/media/{media_id} reads its status, registered,
//     processing, succeeded or failed.
//   - GET /v5/boards and GET /v5/boards/{board_id}/pins page with
//     page_size (at most 250) and bookmark, which is null on the last page.
//   - GET /v5/pins/{pin_id}/analytics takes start_date and end_date (UTC
//     days, the start at most 90 days back) and metric_types; it answers
//     summary_metrics for the period and lifetime_metrics (reactions and
//     comments).
//   - Errors are {"code": int, "message": string}. A 401 is a token
//     expired or revoked; a 429 is a rate limit, per minute for an app
//     with Standard access, with no header saying when to retry, or a Pin
//     refused as spam when its message says so (as Pinterest's own
//     api-quickstart reads it).
//   - OAuth 2.0 authorization code: consent at
//     https://www.pinterest.com/oauth/ (client_id, redirect_uri,
//     response_type=code, comma-separated scope, state); code exchange and
//     refresh at POST /v5/oauth/token with the app's id and secret as
//     Basic authentication; a refresh answers a new refresh token
//     (Pinterest's continuous refresh: 60 days, renewed with each use).
//
// Pinterest honours no idempotency key and refuses no duplicate Pin, so a
// publish whose answer was lost is settled by RecentPosts: a Pin's
// description and link are the post's text and link, and their hash is
// Content.Hash.
package pinterest
