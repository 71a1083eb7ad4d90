package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/relais-dev/relais/internal/media"
)

// mediaAdd uploads an image file into a client's media library, as the
// console does: declared, sent to the pre-signed URL, checked, and its id
// printed for post schedule --media.
func mediaAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("media add")
	alt := fs.String("alt", "", "the image's description, for people who cannot see it")
	asJSON := fs.Bool("json", false, "print the image as JSON")
	pos, err := parse(fs, args, "client", "file")
	if err != nil {
		return err
	}
	body, err := os.ReadFile(pos[1])
	if err != nil {
		return usagef("media add: %v", err)
	}
	typ := http.DetectContentType(body)
	if !slices.Contains(media.Types, typ) {
		return usagef("media add: %s is %s; Relais takes %s", pos[1], typ, strings.Join(media.Types, ", "))
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	if _, err := a.store.Client(ctx, pos[0]); err != nil {
		return err
	}
	created, err := a.media.Create(ctx, pos[0], media.Declared{Type: typ, Size: int64(len(body)), Alt: *alt}, cliUser(""))
	if err != nil {
		return err
	}
	if err := upload(ctx, created.Upload, body); err != nil {
		return err
	}
	it, err := a.media.Complete(ctx, pos[0], created.ID)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(e.out, it)
	}
	say(e.out, "%s\n", it.ID)
	return nil
}

// upload sends an image's bytes to its pre-signed URL, with the headers
// the URL was signed with.
func upload(ctx context.Context, up media.Upload, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, up.Method, up.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("media add: build the upload: %w", err)
	}
	for k, v := range up.Headers {
		req.Header.Set(k, v)
	}
	req.ContentLength = int64(len(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("media add: send the image: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("media add: the media bucket refused the image (status %d)", resp.StatusCode)
	}
	return nil
}
