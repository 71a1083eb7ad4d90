package mastodonfake

// The JSON entities the fake answers with: the fields of Mastodon's
// Account and Status that clients read, in Mastodon's spelling.

type accountJSON struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	// Acct is the username alone for a local account.
	Acct string `json:"acct"`
	URL  string `json:"url"`
}

type statusJSON struct {
	ID          string      `json:"id"`
	URI         string      `json:"uri"`
	URL         string      `json:"url"`
	CreatedAt   string      `json:"created_at"`
	Content     string      `json:"content"`
	SpoilerText string      `json:"spoiler_text"`
	Visibility  string      `json:"visibility"`
	InReplyToID *string     `json:"in_reply_to_id"`
	Reblog      *statusJSON `json:"reblog"`
	Account     accountJSON `json:"account"`
}

// timeLayout is Mastodon's ISO 8601 form, in UTC with milliseconds.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

func accountEntity(base string, a *account) accountJSON {
	return accountJSON{ID: a.id, Username: a.username, Acct: a.username, URL: base + "/@" + a.username}
}

func statusEntity(base string, a *account, st Status) statusJSON {
	return statusJSON{
		ID:         st.ID,
		URI:        base + "/users/" + a.username + "/statuses/" + st.ID,
		URL:        base + "/@" + a.username + "/" + st.ID,
		CreatedAt:  st.CreatedAt.UTC().Format(timeLayout),
		Content:    st.Content,
		Visibility: st.Visibility,
		Account:    accountEntity(base, a),
	}
}
