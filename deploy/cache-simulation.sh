#!/usr/bin/env bash
# Replays the arrival order of a filled store's events through a simulated cache of subjects and counts what sourcing
# the evicted ones again reads back, for several cache sizes and snapshot intervals (docs/benchmarks.md, Scale).
#
#   ./deploy/cache-simulation.sh [database ledger_bench] [capacities 100000,200000,400000] [snapshot intervals 20,50,100]
#                                [every 1000000]
#
# Run it after ./deploy/bench.sh --phases scale, which leaves its store in ledger_bench.
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$LEDGER_ROOT"
ensure_postgres
ensure_built
LEDGER_EXTRA_CP="$(newest_jar 'deploy/target/deploy-*.jar')" run_java_tool -Xmx3g \
	kz.consentledger.deploy.bench.CacheSimulation "jdbc:postgresql://localhost:$LEDGER_PG_PORT/${1:-ledger_bench}" \
	ledger ledger "${2:-100000,200000,400000}" "${3:-20,50,100}" "${4:-1000000}"
