bench:
	scripts/bench

bench-quick:
	scripts/bench --quick

.PHONY: bench bench-quick
