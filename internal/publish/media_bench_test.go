package publish_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/linkedin/linkedinfake"
	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/posts"
	"github.com/relais-dev/relais/internal/publish"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sdkconfig"
	"github.com/relais-dev/relais/internal/tokens"
	"github.com/relais-dev/relais/internal/x/xfake"
)

// What the media benchmark publishes: four photos of a phone's size, or
// one video of 50 MiB.
const (
	photoWidth, photoHeight = 2048, 1536
	videoBytes              = 50 << 20
)

// file is an uploaded image or video: its bytes, and its type as the
// uploader declared it.
type file struct {
	typ  string
	body []byte
}

// photos are four different 3-megapixel JPEGs: a gradient under pixel
// noise, which JPEG cannot squeeze much, so that each weighs what such a
// photo does (about 0.9 MB).
var photos = sync.OnceValues(func() ([]file, error) {
	out := make([]file, 4)
	for i := range out {
		r := rand.New(rand.NewPCG(uint64(i), 7))
		img := image.NewRGBA(image.Rect(0, 0, photoWidth, photoHeight))
		noisy := func(v int) uint8 { return uint8(max(0, min(255, v+r.IntN(48)-24))) }
		for y := range photoHeight {
			for x := range photoWidth {
				img.SetRGBA(x, y, color.RGBA{noisy(x * 255 / photoWidth), noisy(y * 255 / photoHeight), noisy(64 * i), 255})
			}
		}
		var b bytes.Buffer
		if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
			return nil, err
		}
		out[i] = file{typ: "image/jpeg", body: b.Bytes()}
	}
	return out, nil
})

// video is an MP4-shaped file: an ftyp box, which both fakes look for
// first, then one mdat box of filler up to videoBytes. No fake decodes a
// frame.
var video = sync.OnceValue(func() []file {
	b := make([]byte, videoBytes)
	ftyp := append([]byte{0, 0, 0, 24}, "ftypisom\x00\x00\x02\x00isommp41"...)
	n := copy(b, ftyp)
	binary.BigEndian.PutUint32(b[n:], uint32(videoBytes-n))
	copy(b[n+4:], "mdat")
	for i := n + 8; i < len(b); i++ {
		b[i] = byte(i * 131)
	}
	return []file{{typ: "video/mp4", body: b}}
})

// bucket stands for the media bucket: it signs links to its objects and
// serves them, ranges included, as S3 serves a pre-signed GET. It counts
// the bytes it serves.
type bucket struct {
	url     string
	mu      sync.Mutex
	objects map[string]file
	served  int64
}

func (b *bucket) Link(_ context.Context, key string, ttl time.Duration) (string, error) {
	q := url.Values{"X-Amz-Expires": {fmt.Sprint(int(ttl.Seconds()))}, "X-Amz-Signature": {"5ig"}}
	return b.url + "/" + key + "?" + q.Encode(), nil
}

func (b *bucket) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	obj, ok := b.objects[strings.TrimPrefix(r.URL.Path, "/")]
	b.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", obj.typ)
	cw := &countingWriter{ResponseWriter: w}
	http.ServeContent(cw, r, "", time.Time{}, bytes.NewReader(obj.body))
	b.mu.Lock()
	b.served += cw.n
	b.mu.Unlock()
}

func (b *bucket) take() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := b.served
	b.served = 0
	return n
}

type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (w *countingWriter) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	w.n += int64(n)
	return n, err
}

// wire stands between Relais and a network's fake: it counts the requests
// and the bytes of their bodies, and notes when the network answered the
// request that makes the post.
type wire struct {
	h http.Handler
	// makes tells the request that makes the post.
	makes func(*http.Request) bool

	mu       sync.Mutex
	calls    int64
	sent     int64
	answered time.Time
}

func (w *wire) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	body := &countingReader{r: r.Body}
	r.Body = body
	w.h.ServeHTTP(rw, r)
	at := time.Now()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.calls++
	w.sent += body.n
	if w.makes(r) {
		w.answered = at
	}
}

// take returns the counts since the last take, and when the post was
// answered.
func (w *wire) take() (calls, sent int64, answered time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	calls, sent, answered = w.calls, w.sent, w.answered
	w.calls, w.sent, w.answered = 0, 0, time.Time{}
	return calls, sent, answered
}

type countingReader struct {
	r io.ReadCloser
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) Close() error { return c.r.Close() }

// unscheduled stands for EventBridge Scheduler: the benchmark fires each
// post's schedule itself, by calling the publisher.
type unscheduled struct{}

func (unscheduled) SchedulePost(context.Context, relais.Post) error { return nil }
func (unscheduled) CancelPost(context.Context, string) error        { return nil }

// mediaNetwork is a network's fake, served behind a wire, with one
// account of acme's.
type mediaNetwork struct {
	account relais.Account
	wire    *wire
	// carried is the size of each medium of the account's latest post,
	// as the network keeps it, in order.
	carried func() []int
}

const mediaToken = "tok-acme-media-7f3a"

func xNetwork() mediaNetwork {
	fake := xfake.New()
	// X answers a finalized video "pending" for a second whatever its
	// length, and the adapter waits the check_after_secs X asks for: no
	// processing time beyond that one wait.
	fake.VideoProcessing = 0
	fake.RegisterUser("1790000000000000001", mediaToken)
	return mediaNetwork{
		account: relais.Account{ClientID: "acme", Network: relais.X, ID: "1790000000000000001"},
		wire:    &wire{h: fake, makes: func(r *http.Request) bool { return r.Method == http.MethodPost && r.URL.Path == "/2/tweets" }},
		carried: func() []int {
			ps := fake.Posts("1790000000000000001")
			var out []int
			for _, m := range ps[len(ps)-1].Media {
				out = append(out, len(m.Bytes))
			}
			return out
		},
	}
}

func linkedinNetwork() mediaNetwork {
	fake := linkedinfake.New()
	fake.RegisterOrganization("2414183", mediaToken)
	return mediaNetwork{
		account: relais.Account{ClientID: "acme", Network: relais.LinkedIn, ID: "2414183"},
		wire:    &wire{h: fake, makes: func(r *http.Request) bool { return r.Method == http.MethodPost && r.URL.Path == "/rest/posts" }},
		carried: func() []int {
			ps := fake.Posts("2414183")
			p := ps[len(ps)-1]
			sizes := map[string]int{}
			for _, v := range fake.Videos("2414183") {
				sizes[v.ID] = len(v.Bytes)
			}
			for _, img := range fake.Images("2414183") {
				sizes[img.ID] = len(img.Bytes)
			}
			var out []int
			for _, m := range append([]linkedinfake.Media{p.Media}, p.Images...) {
				if m.ID != "" {
					out = append(out, sizes[m.ID])
				}
			}
			return out
		},
	}
}

// BenchmarkPublishMedia measures a post with media from its schedule
// firing to the network's answer, through the real path: the post planned
// by the planner with uploaded media on DynamoDB Local, the publisher
// (with its token renewer) reading the post and its media, signing their
// links to a media bucket served over HTTP, and the network adapters of
// networks.New uploading from those links to the networks' fakes served
// over HTTP. Each op is one schedule firing, after one untimed publish
// that warms the caches as a running function has them. It reports the
// time to the network's answer to the post (p50 and p99, in
// milliseconds), and per publish the DynamoDB calls, the requests to the
// network (uploads included), the bytes sent to it and the bytes read from
// the media bucket. On X a video waits the one second X asks for before
// its processing is looked at again.
//
//	go test -run '^$' -bench BenchmarkPublishMedia -benchtime 5x -count 3 ./internal/publish
func BenchmarkPublishMedia(b *testing.B) {
	for _, bc := range []struct {
		name    string
		network func() mediaNetwork
		files   func(testing.TB) []file
	}{
		{"x/4-images", xNetwork, fourPhotos},
		{"x/video-50MiB", xNetwork, func(testing.TB) []file { return video() }},
		{"linkedin/4-images", linkedinNetwork, fourPhotos},
		{"linkedin/video-50MiB", linkedinNetwork, func(testing.TB) []file { return video() }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			benchPublishMedia(b, bc.network(), bc.files(b))
		})
	}
}

func fourPhotos(tb testing.TB) []file {
	tb.Helper()
	fs, err := photos()
	relaistest.MustOK(tb, err)
	return fs
}

func benchPublishMedia(b *testing.B, net mediaNetwork, files []file) {
	ctx := context.Background()
	a := net.account
	acmeClient := relais.Client{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr", Brands: []string{"Acme"}}
	base := relaistest.NewStore(b, time.Now(), []relais.Client{acmeClient}, a)
	calls := &sdkconfig.Calls{}
	store := relaistest.Counted(base, calls)

	spec, _ := relais.SpecOf(a.Network)
	apis := networks.URLs{spec.APIName(): relaistest.Serve(b, net.wire)}
	bkt := &bucket{objects: map[string]file{}}
	bkt.url = relaistest.Serve(b, bkt)

	ids, want := make([]string, len(files)), make([]int, len(files))
	for i, f := range files {
		it := media.Item{ID: fmt.Sprintf("m%d", i+1), ClientID: "acme", Type: f.typ, Size: int64(len(f.body)),
			Alt: fmt.Sprintf("Vitrine de la boutique, vue %d", i+1), Status: media.Ready, CreatedBy: "camille", CreatedAt: time.Now()}
		relaistest.MustOK(b, base.PutMedia(ctx, it))
		bkt.objects[it.Key()], ids[i], want[i] = f, it.ID, len(f.body)
	}

	params := &relaistest.Parameters{}
	params.Set(settings.AccountTokenParameter(a), mediaToken)
	bus := &relaistest.Bus{}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	renewer := tokens.New(store, params, bus, settings, apis, log)
	publisher := publish.New(store, bus, params, networks.New(apis, networks.DefaultTimeout).Publishers, settings, log,
		publish.WithMedia(bkt), publish.WithRenewer(renewer))
	planner := posts.New(base, unscheduled{})
	client, err := base.Client(ctx, "acme")
	relaistest.MustOK(b, err)

	// publishOne plans a post, then fires its schedule, the timer running
	// for the firing only; it returns what the firing cost.
	type cost struct {
		took                      time.Duration
		dynamo, calls, sent, read int64
	}
	publishOne := func(i int) cost {
		b.StopTimer()
		defer b.StartTimer()
		at := time.Now().Add(24 * time.Hour).In(client.Location()).Format("2006-01-02T15:04:05")
		p, err := planner.Schedule(ctx, posts.Draft{ClientID: "acme", Account: a.Ref(), At: at,
			Content: relais.Content{Text: fmt.Sprintf("La nouvelle vitrine est prête, passez nous voir ! (%d)", i), Media: ids}}, "camille")
		relaistest.MustOK(b, err)
		calls.Reset()
		net.wire.take()
		bkt.take()
		b.StartTimer()
		fired := time.Now()
		err = publisher.Handle(ctx, relais.PublishInput{ClientID: p.ClientID, PostID: p.ID})
		b.StopTimer()
		relaistest.MustOK(b, err)
		c := cost{dynamo: calls.Count("DynamoDB"), read: bkt.take()}
		var answered time.Time
		c.calls, c.sent, answered = net.wire.take()
		stored, err := base.Post(ctx, p.ClientID, p.ID)
		relaistest.MustOK(b, err)
		if stored.Status != relais.StatusPublished {
			b.Fatalf("post %d: %s (%s), want published", i, stored.Status, stored.FailureReason)
		}
		if got := net.carried(); !slices.Equal(got, want) {
			b.Fatalf("post %d carries media of %v bytes on the network, want %v", i, got, want)
		}
		c.took = answered.Sub(fired)
		return c
	}

	publishOne(0)
	var took []time.Duration
	var total cost
	for i := 1; b.Loop(); i++ {
		c := publishOne(i)
		took = append(took, c.took)
		total.dynamo += c.dynamo
		total.calls += c.calls
		total.sent += c.sent
		total.read += c.read
	}
	slices.Sort(took)
	n := float64(len(took))
	b.ReportMetric(float64(took[len(took)/2])/float64(time.Millisecond), "p50-ms-to-network")
	b.ReportMetric(float64(took[len(took)*99/100])/float64(time.Millisecond), "p99-ms-to-network")
	b.ReportMetric(float64(total.dynamo)/n, "dynamodb-calls/publish")
	b.ReportMetric(float64(total.calls)/n, "network-calls/publish")
	b.ReportMetric(float64(total.sent)/n, "bytes-to-network/publish")
	b.ReportMetric(float64(total.read)/n, "media-bytes-read/publish")
}
