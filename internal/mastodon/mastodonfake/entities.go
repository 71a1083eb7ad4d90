package mastodonfake

// The JSON entities the fake answers with: the fields of Mastodon's
// Account, Status, MediaAttachment and Notification that clients read, in
// Mastodon's spelling.

type accountJSON struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	// Acct is the username alone for a local account, user@domain for
	// another instance's.
	Acct        string `json:"acct"`
	DisplayName string `json:"display_name"`
	URL         string `json:"url"`
}

type statusJSON struct {
	ID                 string      `json:"id"`
	URI                string      `json:"uri"`
	URL                string      `json:"url"`
	CreatedAt          string      `json:"created_at"`
	Content            string      `json:"content"`
	SpoilerText        string      `json:"spoiler_text"`
	Visibility         string      `json:"visibility"`
	InReplyToID        *string     `json:"in_reply_to_id"`
	InReplyToAccountID *string     `json:"in_reply_to_account_id"`
	Reblog             *statusJSON `json:"reblog"`
	Account            accountJSON `json:"account"`
	MediaAttachments   []mediaJSON `json:"media_attachments"`
}

// mediaJSON is a MediaAttachment: its url is null while the file is
// processing, its description null without alt text.
type mediaJSON struct {
	ID          string  `json:"id"`
	Type        string  `json:"type"`
	URL         *string `json:"url"`
	PreviewURL  string  `json:"preview_url"`
	Description *string `json:"description"`
}

// notificationJSON has a status for the types about one (mention,
// favourite, reblog...) and none for the others (follow).
type notificationJSON struct {
	ID        string      `json:"id"`
	Type      string      `json:"type"`
	CreatedAt string      `json:"created_at"`
	Account   accountJSON `json:"account"`
	Status    *statusJSON `json:"status,omitempty"`
}

// timeLayout is Mastodon's ISO 8601 form, in UTC with milliseconds.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

func accountEntity(base string, a *account) accountJSON {
	return accountJSON{ID: a.id, Username: a.username, Acct: a.acct, DisplayName: a.displayName, URL: a.home(base) + "/@" + a.username}
}

func statusEntity(base string, a *account, st Status) statusJSON {
	home := a.home(base)
	e := statusJSON{
		ID:                 st.ID,
		URI:                home + "/users/" + a.username + "/statuses/" + st.ID,
		URL:                home + "/@" + a.username + "/" + st.ID,
		CreatedAt:          st.CreatedAt.UTC().Format(timeLayout),
		Content:            st.Content,
		SpoilerText:        st.SpoilerText,
		Visibility:         st.Visibility,
		InReplyToID:        nullable(st.InReplyToID),
		InReplyToAccountID: nullable(st.InReplyToAccountID),
		Account:            accountEntity(base, a),
		MediaAttachments:   []mediaJSON{},
	}
	for _, m := range st.Media {
		e.MediaAttachments = append(e.MediaAttachments, mediaEntity(base, &m))
	}
	return e
}

func mediaEntity(base string, m *Media) mediaJSON {
	file := base + "/system/media_attachments/files/" + m.ID
	kind := "image"
	if m.IsVideo() {
		kind = "video"
	}
	e := mediaJSON{ID: m.ID, Type: kind, PreviewURL: file + "/small/" + kind, Description: nullable(m.Description)}
	if m.processing == 0 && !m.failed {
		e.URL = nullable(file + "/original/" + kind)
	}
	return e
}

// nullable is null for "", as Mastodon sends an absent id.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
