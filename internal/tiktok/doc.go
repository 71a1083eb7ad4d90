// Package tiktok is Relais' adapter for TikTok. It receives TikTok's
// webhooks (Verify, Parse, Sign), publishes a video or photos on a
// creator's account through the Content Posting API's Direct Post, lists
// the account's recent public videos so that the publisher can find a
// post an ambiguous attempt may have made, and reads a video's figures.
// TikTok offers business accounts no comment moderation or messaging API
// in this scope, and has no webhook subscription handshake (the callback
// URL is set in its developer portal).
//
// The protocol facts it relies on, from TikTok's API references:
//   - every call is a POST with a bearer user access token, answered
//     {"data":...,"error":{"code","message","log_id"}}; any code but "ok"
//     is a failure, even with HTTP 200 (creator_info answers its
//     refusals so);
//   - a direct post first reads creator_info (privacy_level_options,
//     comment/duet/stitch settings), then inits a video
//     (/v2/post/publish/video/init/, caption in post_info.title, 2200
//     UTF-16 units) or photos (/v2/post/publish/content/init/,
//     media_type PHOTO, description 4000 units, up to 35 photo_images),
//     both PULL_FROM_URL from a URL prefix verified for the app, then
//     reads /v2/post/publish/status/fetch/ until PUBLISH_COMPLETE or
//     FAILED with a fail_reason;
//   - privacy_level is required and must be one of the creator's options;
//     an unaudited app may only post SELF_ONLY
//     (unaudited_client_can_only_post_to_private_accounts);
//   - publicaly_available_post_id comes only for a PUBLIC_TO_EVERYONE
//     post once TikTok's moderation is done; /v2/video/list/ and
//     /v2/video/query/ (scope video.list) read public videos only;
//   - rate limits count a one-minute sliding window (per token: init 6,
//     creator_info 20, status 30; the Display API 600), answered 429
//     rate_limit_exceeded with no header saying when to retry.
package tiktok
