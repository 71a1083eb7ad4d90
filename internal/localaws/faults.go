package localaws

import (
	"sync"
	"time"
)

// Faults are the failure knobs of the local stack. They reproduce what the
// real services are allowed to do, so that tests prove Relais copes with it.
// They may be changed at any time, also while deliveries are under way.
type Faults struct {
	mu        sync.Mutex
	duplicate bool
	delay     time.Duration
}

// SetDuplicateDeliveries makes every schedule firing and every routed event
// reach its function twice, possibly at the same time, as the at-least-once
// delivery of EventBridge and Scheduler allows.
func (f *Faults) SetDuplicateDeliveries(on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.duplicate = on
}

// DuplicateDeliveries reports whether deliveries are doubled.
func (f *Faults) DuplicateDeliveries() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.duplicate
}

// SetDeliveryDelay holds every function delivery back by d before its first
// attempt.
func (f *Faults) SetDeliveryDelay(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.delay = d
}

// DeliveryDelay returns the current delivery delay.
func (f *Faults) DeliveryDelay() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.delay
}
