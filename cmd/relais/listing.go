package main

import (
	"context"
	"flag"
)

// listing is a command that lists one client's things, as a table or as
// JSON.
type listing[T any] struct {
	header string
	fetch  func(ctx context.Context, a *app, clientID string) ([]T, error)
	row    func(T) []string
	// check, when set, validates the command's own flags once parsed.
	check func() error
}

// run parses fs (to which it adds --json), checks that the client exists,
// and prints what fetch returns.
func (l listing[T]) run(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args, "client")
	if err != nil {
		return err
	}
	if l.check != nil {
		if err := l.check(); err != nil {
			return err
		}
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	if _, err := a.store.Client(ctx, pos[0]); err != nil {
		return err
	}
	items, err := l.fetch(ctx, a, pos[0])
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(e.out, nonNil(items))
	}
	rows := make([][]string, len(items))
	for i, it := range items {
		rows[i] = l.row(it)
	}
	return printTable(e.out, l.header, rows)
}
