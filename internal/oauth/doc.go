// Package oauth connects a network account to Relais and keeps its token
// alive: the authorization-code flow of RFC 6749 with PKCE (RFC 7636,
// S256) where the network takes it, the renewal each network documents,
// and revocation (RFC 7009). It reads a network's relais.OAuth and calls
// through netcall, so that its failures are classified as every network
// call's are.
//
// Protocol facts it relies on:
//   - The consent URL carries response_type=code, the app's id, the
//     redirect URI, the scopes joined by the network's separator (a space,
//     or TikTok's comma), a random state and, with PKCE, an S256
//     challenge of a 43-character verifier.
//   - The token endpoint takes a form; the app authenticates in the form
//     by default, or with HTTP Basic (X's confidential clients), its id
//     and secret form-encoded first (RFC 6749, 2.3.1). TikTok names the
//     id client_key.
//   - A token answer is RFC 6749's JSON (5.1): access_token, token_type
//     (bearer), expires_in, refresh_token, scope; the refresh token's life
//     comes as refresh_token_expires_in (LinkedIn) or refresh_expires_in
//     (TikTok). An error answer is {"error","error_description"} (5.2);
//     Meta's Graph API nests an object under "error".
//   - A refresh_token grant may rotate the refresh token: the new one
//     replaces it, and one the answer leaves out is kept (RFC 6749, 6).
//     LinkedIn's access tokens live 60 days and its refresh tokens 365
//     days from consent, through refreshes.
//   - Networks without refresh tokens exchange a long-lived token for a
//     new one before it expires: Meta's fb_exchange_token (GET, with the
//     app's id and secret), Threads' th_refresh_token (GET, the token
//     alone). Meta and Threads also give a short-lived token for a code,
//     upgraded at once to a long-lived one.
//   - invalid_grant, or a 400 or 401 to a renewal, means the grant is
//     gone (expired, revoked, the app removed): only the person can
//     connect the account again. 5xx, 429 and timeouts are transient.
//   - A CLI receives the code on a loopback redirect URI (RFC 8252, 7.3).
//
// No token, code, verifier or client secret appears in an error or a
// log line: errors keep the network's short message with every secret
// of the call removed, and Token, Consent and Callback print redacted.
package oauth
