package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/report"
)

func reportCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("report")
	period := fs.String("period", "", "2026-W47, 2026-11 or FROM..TO")
	out := fs.String("out", "", "also write the files into this folder")
	asJSON := fs.Bool("json", false, "print the Report Ready event as JSON")
	pos, err := parse(fs, args, "client")
	if err != nil {
		return err
	}
	if err := required(fs, "period"); err != nil {
		return err
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	res, err := a.reporter.Run(ctx, relais.ReportInput{ClientID: pos[0], Period: *period})
	if err != nil {
		return err
	}
	return printReport(e, res, *out, *asJSON, true)
}

// printReport tells where a report is, writing its files to dir if set.
// link is false where the link would outlive the stack that serves it.
func printReport(e *env, res report.Result, dir string, asJSON, link bool) error {
	if dir != "" {
		if err := writeFiles(dir, res.Files); err != nil {
			return err
		}
	}
	if asJSON {
		return printJSON(e.out, res.Ready)
	}
	if res.Report.Empty {
		say(e.out, "no activity for %s in %s\n", res.Ready.ClientID, res.Ready.Period)
	}
	for _, k := range res.Ready.Keys {
		say(e.out, "stored   %s\n", k)
	}
	if dir != "" {
		abs, _ := filepath.Abs(filepath.Join(dir, "report.html"))
		say(e.out, "written  %s\n", abs)
	}
	if link && res.Ready.URL != "" {
		say(e.out, "link     %s (valid until %s)\n", res.Ready.URL, res.Ready.Expires.Format("2006-01-02 15:04 MST"))
	}
	return nil
}

func writeFiles(dir string, files report.Files) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), files[n], 0o644); err != nil {
			return fmt.Errorf("write %s: %w", n, err)
		}
	}
	return nil
}
