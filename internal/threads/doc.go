// Package threads is Relais' adapter for Threads (Meta), through the
// Threads API at graph.threads.net/v1.0. It publishes text, image, video
// and carousel posts, lists an account's recent posts so that an
// ambiguous attempt can be settled, answers and hides replies, reads a
// post's insights, and receives Threads' webhooks for replies and
// mentions.
//
// Protocol facts it relies on, from Threads' developer documentation:
//
//   - Publishing is two calls: POST /{user-id}/threads makes a media
//     container (media_type TEXT, IMAGE with image_url, VIDEO with
//     video_url, alt_text for media; a carousel's items with
//     is_carousel_item=true, then a CAROUSEL container naming 2 to 20
//     children), and POST /{user-id}/threads_publish with creation_id
//     makes the post. GET /{container-id}?fields=status,error_message
//     tells IN_PROGRESS, FINISHED, ERROR, EXPIRED (after 24 hours) or
//     PUBLISHED. Only the publish call makes a post.
//   - A text is 500 characters at most, an emoji counting as its UTF-8
//     bytes, with 5 distinct links at most; alt text is 1,000 characters;
//     images are JPEG or PNG up to 8 MB, videos MOV or MP4 up to 1 GB.
//   - An account publishes 250 posts and 1,000 replies in a rolling 24
//     hours, which GET /{user-id}/threads_publishing_limit reports.
//   - A reply is a post with reply_to_id. POST /{reply-id}/manage_reply
//     with hide=true|false hides a top-level reply and those under it.
//     Threads deletes only the account's own posts, so Relais deletes no
//     reply there. Threads has no messaging API.
//   - GET /{media-id}/insights gives views, likes, replies, reposts and
//     quotes.
//   - Errors are Graph's: {"error":{"message","type","code",
//     "error_subcode","fbtrace_id"}}, code 190 for a bad token.
//   - Webhooks are Meta's: signed with X-Hub-Signature-256 (HMAC-SHA256
//     of the raw body under the app secret), checked by a hub.challenge
//     handshake with a verify token; a notification carries app_id,
//     topic, target_id, time and values {field, value}.
//   - Accounts connect through threads.net/oauth/authorize; the code
//     gives a one-hour token, exchanged (th_exchange_token) for a 60-day
//     one that is refreshed (th_refresh_token) once a day old.
package threads
