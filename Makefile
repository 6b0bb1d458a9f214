# The two commands of the README: `make run` and `make test`. Both set up whatever is missing first.
.PHONY: run test setup lint format bench lock

run:
	./scripts/run.sh

test:
	./scripts/test.sh

setup:
	./scripts/setup.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy && .venv/bin/lint-imports

format:
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

bench:
	./scripts/bench.sh

# Re-creates the lock files from the current environments (after changing requirements/*.in).
lock:
	./scripts/lock.sh
