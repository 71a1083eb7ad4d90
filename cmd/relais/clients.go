package main

import (
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

func clientAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("client add")
	name := fs.String("name", "", "display name")
	zone := fs.String("timezone", "", "IANA time zone")
	locale := fs.String("locale", "", "fr or en")
	approval := fs.String("approval", string(relais.ApprovalNone), "none or required")
	var brands, approvers list
	fs.Var(&brands, "brand", "a brand name (repeatable)")
	fs.Var(&approvers, "approver", "who may approve posts, with --approval required (repeatable)")
	branding := brandingFlags(fs)
	pos, err := parse(fs, args, "id")
	if err != nil {
		return err
	}
	if err := required(fs, "name", "timezone", "locale"); err != nil {
		return err
	}
	c := relais.Client{ID: pos[0], Name: *name, TimeZone: *zone, Locale: *locale, Brands: brands, Approval: relais.ApprovalPolicy(*approval), Approvers: approvers}
	if c.Branding, err = branding(); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	if err := a.clients.Add(ctx, c); err != nil {
		return err
	}
	say(e.out, "client %s added (%s, %s)\n", c.ID, c.TimeZone, c.Locale)
	return nil
}

// brandingFlags defines the flags of a client's report branding; the
// function it returns reads them once parsed.
func brandingFlags(fs *flag.FlagSet) func() (relais.Branding, error) {
	agency := fs.String("report-agency", "", "agency name in this client's reports, instead of the deployment's")
	color := fs.String("report-color", "", "colour (#rrggbb) of this client's reports")
	logo := fs.String("report-logo", "", "logo file (PNG, JPEG, SVG or WebP) for this client's reports")
	return func() (relais.Branding, error) {
		b := relais.Branding{Name: *agency, Color: *color}
		if *logo != "" {
			var err error
			if b.Logo, err = dataURI(*logo); err != nil {
				return b, err
			}
		}
		return b, b.Validate()
	}
}

// clientBrand changes the branding of a client's reports: the fields
// given replace the client's, the others stay.
func clientBrand(ctx context.Context, e *env, args []string) error {
	fs := newFlags("client brand")
	branding := brandingFlags(fs)
	pos, err := parse(fs, args, "client")
	if err != nil {
		return err
	}
	b, err := branding()
	if err != nil {
		return err
	}
	if b == (relais.Branding{}) {
		return usagef("client brand: give --report-agency, --report-color or --report-logo")
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	if err := a.clients.Rebrand(ctx, pos[0], b); err != nil {
		return err
	}
	say(e.out, "reports of %s rebranded\n", pos[0])
	return nil
}

func clientList(ctx context.Context, e *env, args []string) error {
	fs := newFlags("client list")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	clients, err := a.store.Clients(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(e.out, nonNil(clients))
	}
	rows := make([][]string, len(clients))
	for i, c := range clients {
		rows[i] = []string{c.ID, c.Name, c.TimeZone, c.Locale, string(c.Approval)}
	}
	return printTable(e.out, "ID\tNAME\tTIMEZONE\tLOCALE\tAPPROVAL", rows)
}

func clientPause(ctx context.Context, e *env, args []string) error {
	fs := newFlags("client pause")
	pos, err := parse(fs, args, "client")
	if err != nil {
		return err
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	n, err := a.posts.Pause(ctx, pos[0], cliActor)
	if err != nil {
		return err
	}
	say(e.out, "client %s paused: %d scheduled posts on hold; new posts wait too\n", pos[0], n)
	return nil
}

func clientResume(ctx context.Context, e *env, args []string) error {
	fs := newFlags("client resume")
	pos, err := parse(fs, args, "client")
	if err != nil {
		return err
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	n, stale, err := a.posts.Resume(ctx, pos[0], cliActor)
	if err != nil {
		return err
	}
	say(e.out, "client %s resumed: %d posts scheduled again\n", pos[0], n)
	for _, p := range stale {
		say(e.out, "post %s was due at %s %s during the pause and stays paused: reschedule or cancel it\n", p.ID, p.LocalTime, p.TimeZone)
	}
	return nil
}

// nonNil makes an empty list print as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// logoTypes are the image types a report's logo may be, by extension.
var logoTypes = map[string]string{".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml", ".webp": "image/webp"}

// dataURI reads an image file into the data URI a report embeds.
func dataURI(path string) (string, error) {
	typ, ok := logoTypes[strings.ToLower(filepath.Ext(path))]
	if !ok {
		return "", relais.Errorf(relais.EINVALID, "logo %s: want a .png, .jpg, .svg or .webp file", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read logo: %w", err)
	}
	return "data:" + typ + ";base64," + base64.StdEncoding.EncodeToString(b), nil
}
