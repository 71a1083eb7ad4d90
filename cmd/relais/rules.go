package main

import (
	"context"
	"fmt"
	"os"

	"github.com/relais-dev/relais/internal/score"
)

// rulesSet replaces a client's moderation policy with a rules file, once
// the file is read without fault; a faulty file changes nothing.
func rulesSet(ctx context.Context, e *env, args []string) error {
	fs := newFlags("rules set")
	file := fs.String("file", "", "the rules.yaml to apply")
	pos, err := parse(fs, args, "client")
	if err != nil {
		return err
	}
	if err := required(fs, "file"); err != nil {
		return err
	}
	data, err := os.ReadFile(*file)
	if err != nil {
		return fmt.Errorf("rules set: %w", err)
	}
	if _, err := score.ParsePolicy(data); err != nil {
		return err
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	if err := a.clients.SetRules(ctx, pos[0], data); err != nil {
		return err
	}
	say(e.out, "rules of %s replaced from %s\n", pos[0], *file)
	return nil
}

// rulesShow prints a client's active policy, defaults included.
func rulesShow(ctx context.Context, e *env, args []string) error {
	fs := newFlags("rules show")
	pos, err := parse(fs, args, "client")
	if err != nil {
		return err
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	p, _, err := a.clients.Rules(ctx, pos[0])
	if err != nil {
		return err
	}
	_, err = e.out.Write(p.YAML())
	return err
}
