package moderation

// pending is a value fetched while the moderator does something else: the
// store's round trips that do not depend on each other overlap, which is
// most of the time from a comment to its hide on the network.
type pending[T any] struct {
	done chan struct{}
	v    T
	err  error
}

// fetch starts f and returns at once; get waits for its result.
func fetch[T any](f func() (T, error)) *pending[T] {
	p := &pending[T]{done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.v, p.err = f()
	}()
	return p
}

func (p *pending[T]) get() (T, error) {
	<-p.done
	return p.v, p.err
}
