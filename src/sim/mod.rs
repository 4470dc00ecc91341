//! The deterministic world the session protocol runs in: virtual clock, simulated transport
//! with faults, applications, scenarios and the trace. Filled by the simulation issue.
