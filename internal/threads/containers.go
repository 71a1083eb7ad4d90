package threads

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/meta/graph"
	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// containerLife is how long Threads keeps a container unpublished before
// it expires.
const containerLife = 24 * time.Hour

// processingWait is the wait Relais asks for when Threads is still
// processing a container: Threads advises reading its status once a
// minute.
const processingWait = time.Minute

// containerBook remembers, in this process, the container an attempt at
// a post made, until the post is published or the container can no
// longer be. A retry of the post (same key, same content) reads its
// status first: FINISHED or IN_PROGRESS, it publishes that container
// instead of making another; PUBLISHED, the post is out and the retry
// stops as a duplicate. A container is no post: one left unpublished
// shows nowhere and expires after 24 hours, so a retry in another
// process, which finds nothing here, safely makes a new one.
type containerBook struct {
	mu     sync.Mutex
	byPost map[string]remembered
}

type remembered struct {
	id   string
	made time.Time
}

// postSlot names one post's containers: the account, the post's key and
// its content, so that content edited between two attempts is never
// published from the old container. Without a key there is no slot.
func postSlot(account, key string, c relais.Content) string {
	if key == "" {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s", account, key, c.Hash())
	// Media ids are stable across attempts; the URLs they resolve to may
	// be signed anew each time.
	for _, id := range c.Media {
		fmt.Fprintf(h, "\x00%s", id)
	}
	if len(c.Media) == 0 {
		for _, a := range c.Attached() {
			fmt.Fprintf(h, "\x00%s\x00%s", a.URL, a.Alt)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (b *containerBook) get(slot string, now time.Time) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, ok := b.byPost[slot]
	if !ok || now.Sub(r.made) >= containerLife {
		return ""
	}
	return r.id
}

// put remembers a slot's container, dropping those Threads has expired.
func (b *containerBook) put(slot, id string, now time.Time) {
	if slot == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.byPost == nil {
		b.byPost = map[string]remembered{}
	}
	for s, r := range b.byPost {
		if now.Sub(r.made) >= containerLife {
			delete(b.byPost, s)
		}
	}
	b.byPost[slot] = remembered{id: id, made: now}
}

func (b *containerBook) forget(slot string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.byPost, slot)
}

// settle forgets a slot's container once an attempt's outcome says it
// will not be published: published, refused, failed or gone. A container
// a retry may still publish (Threads still processing it or throttling,
// or the publish's answer lost) is kept.
func (c *Client) settle(slot string, err error) {
	var e *netcall.Error
	if errors.As(err, &e) && (e.Kind == relais.FailTransient || e.Kind == relais.FailAmbiguous) &&
		e.Code != mediaNotFound && e.Code != graph.StatusError && e.Code != graph.StatusExpired {
		return
	}
	c.containers.forget(slot)
}

// reuse returns the container an earlier attempt at the post made, when
// it can still be published, or "" when a new one must be made.
func (c *Client) reuse(ctx context.Context, token, slot string) (string, error) {
	id := c.containers.get(slot, c.Now())
	if id == "" {
		return "", nil
	}
	st, err := c.status(ctx, call{op: "publish: container status", token: token}, id)
	var e *netcall.Error
	switch {
	case errors.As(err, &e) && e.Kind == relais.FailTransient && e.Code != mediaNotFound:
		// Try again later: the container may still be good.
		return "", err
	case err != nil:
		// The container cannot be read: make another. A bad token fails
		// that call as it failed this one.
		c.containers.forget(slot)
		return "", nil
	}
	switch st.Status {
	case graph.StatusFinished, graph.StatusInProgress:
		return id, nil
	case graph.StatusPublished:
		c.containers.forget(slot)
		return "", alreadyPublished(call{op: "publish"})
	}
	c.containers.forget(slot)
	return "", nil
}

// alreadyPublished is the answer for a container Threads has published:
// the post is out, so the attempt stops as a duplicate, for the
// publisher to find it among the account's posts.
func alreadyPublished(k call) *netcall.Error {
	e := k.refuse(fmt.Errorf("Threads already published this container: %s is out", k.made()))
	e.Kind = relais.FailDuplicate
	return e
}

// containerStatus is a container as its status read gives it.
type containerStatus struct {
	Status       string `json:"status"`
	ErrorMessage string `json:"error_message"`
}

// status reads a container's status, for the operation k names.
func (c *Client) status(ctx context.Context, k call, container string) (containerStatus, error) {
	k.method, k.path, k.container = http.MethodGet, node(container), true
	k.query = url.Values{"fields": {"status,error_message"}}
	var st containerStatus
	err := c.do(ctx, k, &st)
	return st, err
}

// await reads a container's status until it is FINISHED, at most
// MaxPolls times, and fails with what Threads says of it otherwise. The
// error's code is the status when the container is done for (ERROR,
// EXPIRED).
func (c *Client) await(ctx context.Context, token, op, container string) error {
	k := call{op: op + ": container status", token: token}
	for poll := 1; ; poll++ {
		st, err := c.status(ctx, k, container)
		if err != nil {
			return err
		}
		switch st.Status {
		case graph.StatusFinished:
			return nil
		case graph.StatusInProgress:
		case graph.StatusError:
			return processingFailed(k, st.ErrorMessage)
		case graph.StatusExpired:
			e := k.refuse(errors.New("the container expired before it was published: a new one is made on the next try"))
			e.Kind, e.Code = relais.FailTransient, graph.StatusExpired
			return e
		case graph.StatusPublished:
			return alreadyPublished(k)
		default:
			return k.refuse(fmt.Errorf("unknown container status %q", netcall.Truncate(st.Status, 40)))
		}
		if poll >= c.MaxPolls {
			e := k.refuse(fmt.Errorf("Threads is still processing the media after %d reads", poll))
			e.Kind, e.RetryAfter = relais.FailTransient, processingWait
			return e
		}
		if err := wait(ctx, c.PollInterval); err != nil {
			return k.lost(k.nc().Failed(0, false, err))
		}
	}
}

// processingFailed says why Threads could not process a container, from
// its error_message. A download that failed or an unknown error may not
// fail again with a new container; media Threads cannot take will.
func processingFailed(k call, reason string) *netcall.Error {
	e := k.refuse(fmt.Errorf("Threads could not process the media (%s)", netcall.Truncate(reason, 60)))
	e.Code = graph.StatusError
	switch reason {
	case "", "UNKNOWN", "FAILED_DOWNLOADING_VIDEO":
		e.Kind = relais.FailTransient
	}
	return e
}

// mediaForm is the container of one image or video.
func mediaForm(m relais.Attachment) url.Values {
	f := url.Values{}
	if m.Kind == relais.FormatVideo {
		f.Set("media_type", "VIDEO")
		f.Set("video_url", m.URL)
	} else {
		f.Set("media_type", "IMAGE")
		f.Set("image_url", m.URL)
	}
	if m.Alt != "" {
		f.Set("alt_text", m.Alt)
	}
	return f
}

// makePost makes the container of a post: text alone, one image or
// video, or a carousel of its items' containers, once Threads processed
// them. None of them is a post until published, so no failure here is
// ambiguous.
func (c *Client) makePost(ctx context.Context, token, account, text string, media []relais.Attachment) (string, error) {
	k := call{op: "publish: create container", method: http.MethodPost, path: node(account, "threads"), token: token}
	switch len(media) {
	case 0:
		k.form = url.Values{"media_type": {"TEXT"}}
	case 1:
		k.form = mediaForm(media[0])
	default:
		children := make([]string, len(media))
		for i, m := range media {
			item := k
			item.op, item.form = fmt.Sprintf("publish: create carousel item %d", i+1), mediaForm(m)
			item.form.Set("is_carousel_item", "true")
			id, err := c.create(ctx, item)
			if err != nil {
				return "", err
			}
			children[i] = id
		}
		// Threads processes the items together; each must be FINISHED
		// before the carousel names it.
		for _, id := range children {
			if err := c.await(ctx, token, "publish: carousel item", id); err != nil {
				return "", err
			}
		}
		k.form = url.Values{"media_type": {"CAROUSEL"}, "children": {strings.Join(children, ",")}}
	}
	if text != "" {
		k.form.Set("text", text)
	}
	return c.create(ctx, k)
}

// publish waits until Threads has processed a container, then publishes
// it and returns the new media's id. A refusal of a container Threads
// already published means it is out: that is a duplicate.
func (c *Client) publish(ctx context.Context, token, account, op, container, makes string) (string, error) {
	if err := c.await(ctx, token, op, container); err != nil {
		return "", err
	}
	k := call{op: op + ": threads_publish", method: http.MethodPost, path: node(account, "threads_publish"),
		form: url.Values{"creation_id": {container}}, token: token, creates: true, makes: makes, container: true}
	id, err := c.create(ctx, k)
	var e *netcall.Error
	if errors.As(err, &e) && e.Status != 0 && (e.Kind == relais.FailPermanent || e.Code == mediaNotFound) {
		// Threads does not document its answer to a second publish of a
		// container: its status tells.
		if st, serr := c.status(ctx, call{op: op + ": container status", token: token}, container); serr == nil && st.Status == graph.StatusPublished {
			return "", alreadyPublished(k)
		}
	}
	return id, err
}
