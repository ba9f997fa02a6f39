#!/usr/bin/env bash
# The benchmark harness (docs/benchmarks.md): sets up its own PostgreSQL database and Kafka broker like the run
# command, then measures the baselines and the ledger on the same events and rewrites the generated part of
# docs/benchmarks.md and docs/benchmarks-lag.png.
#
#   ./deploy/bench.sh [--runs 3] [--events 100000] [--subjects 1000000] [--zipf 0.8] [--lag-seconds 20]
#                     [--lag-percent 50] [--queries 2000] [--warmup-queries 10000] [--consumers 2] [--instances 1]
#                     [--service-opts "-Xmx512m -XX:G1HeapRegionSize=8m"]
#                     [--warmup-events 100000] [--profile DIR] [--phases all|ingest|scale]
#
# It needs the machine to itself: a ledger started by ./deploy/run.sh must be stopped first (same ports, and it
# would compete for the two cores), and so must another benchmark. State and logs go to .bench/ (git-ignored); the
# database is ledger_bench.
# --profile DIR records each service with JFR and writes the hot methods of run 1 to DIR.
# --lag-percent sets the lag test's offered load as a share of the measured ingest rate.
# --instances 2 runs two of each service on the one database and broker (the 2 + 2 layout; write it elsewhere with --out).
# --phases ingest measures only the ledger's ingest (no baselines, no report): a quick loop for profiling.
# --phases scale measures the ledger's ingest and then the idle queries over all it stored (no baselines, lag or
#   replay), sending the events in chunks: for --events 10000000 (write it elsewhere with --out).
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$LEDGER_ROOT"

BENCH_DIR=$LEDGER_ROOT/.bench
args=("$@")
profile=""
for ((i = 0; i < ${#args[@]}; i++)); do
	case ${args[i]} in
	--profile) profile=${args[i + 1]:-} ;;
	-h | --help)
		sed -n '2,19s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
		exit 0
		;;
	esac
done

for name in consent-command consent-query kafka; do
	if pid="$(running_pid "$LEDGER_RUN_DIR/$name.pid")"; then
		die "$name of ./deploy/run.sh runs (pid $pid): stop it first with ./deploy/run.sh stop"
	fi
done
mkdir -p "$BENCH_DIR"
# A second benchmark would drop this one's database and broker under it.
exec 9>"$BENCH_DIR/bench.lock"
flock -n 9 || die "another ./deploy/bench.sh runs on this machine: wait for it to end"
trap 'stop_all "$BENCH_DIR"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The lag plot is drawn with Java2D, which needs a font.
if ! fc-list 2>/dev/null | grep -q .; then
	log "no fonts for the plot: installing fontconfig and fonts-dejavu-core with apt-get"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q fontconfig fonts-dejavu-core
fi

# Without the lock's descriptor: a PostgreSQL started here outlives the benchmark and would hold the lock.
ensure_postgres 9>&-
ensure_built
# A fresh broker per benchmark: its data dir is removed first, so old topics cost nothing.
rm -rf "$BENCH_DIR/kafka-data"
start_kafka "$BENCH_DIR"

as_postgres psql -q -X -v ON_ERROR_STOP=1 -p "$LEDGER_PG_PORT" -d postgres -c 'DROP DATABASE IF EXISTS ledger_bench WITH (FORCE)' \
	-c 'CREATE DATABASE ledger_bench OWNER ledger' >/dev/null

key="$(head -c 32 /dev/urandom | base64)"
# The services read the signing key from --work-dir (Benchmark's LEDGER_SIGNING_KEY_FILE); they never create one.
ensure_signing_key "$BENCH_DIR/signing-key.pem"
# A witness of its own, as run.sh starts one (fresh key and state per benchmark): every seal is cosigned as in
# production, so the benchmark measures it.
export LEDGER_ORIGIN="${LEDGER_ORIGIN:-consent-ledger.local/ledger}"
witness_jar="$(newest_jar 'ledger-witness/target/ledger-witness.jar')"
rm -rf "$BENCH_DIR/witness" "$BENCH_DIR/witness-key.pem"
"$LEDGER_JAVA" -jar "$witness_jar" keygen --name bench.local/witness --key-file "$BENCH_DIR/witness-key.pem" >/dev/null
mkdir -m 700 "$BENCH_DIR/witness"
LEDGER_PROOF_TRUSTEDKEYS_0="$("$LEDGER_JAVA" -jar "$witness_jar" vkey --note --name "$LEDGER_ORIGIN" \
	--key-file "$BENCH_DIR/signing-key.pem")"
LEDGER_PROOF_WITNESSES_0_VKEY="$("$LEDGER_JAVA" -jar "$witness_jar" vkey --name bench.local/witness \
	--key-file "$BENCH_DIR/witness-key.pem")"
export LEDGER_PROOF_TRUSTEDKEYS_0 LEDGER_PROOF_WITNESSES_0_VKEY LEDGER_PROOF_WITNESSES_0_URL=http://localhost:8093
LEDGER_RUN_DIR=$BENCH_DIR start_service ledger-witness "$BENCH_DIR/ledger-witness.log" "$LEDGER_JAVA" -jar "$witness_jar" \
	serve --name bench.local/witness --key-file "$BENCH_DIR/witness-key.pem" --state-dir "$BENCH_DIR/witness" \
	--log "$LEDGER_PROOF_TRUSTEDKEYS_0" --port 8093
if [[ -n $profile ]]; then
	mkdir -p "$profile"
	profile="$(cd "$profile" && pwd)"
fi

LEDGER_EXTRA_CP="$(newest_jar 'deploy/target/deploy-*.jar')" run_java_tool -Xmx3g kz.consentledger.deploy.bench.Benchmark \
	--db-url "jdbc:postgresql://localhost:$LEDGER_PG_PORT/ledger_bench" --db-user ledger --db-password ledger \
	--bootstrap "$LEDGER_KAFKA_BOOTSTRAP" \
	--command-jar "$(newest_jar 'consent-command/target/consent-command-*-exec.jar')" \
	--query-jar "$(newest_jar 'consent-query/target/consent-query-*-exec.jar')" \
	--accounts "$LEDGER_ROOT/deploy/local-accounts.yml" --master-key "$key" --work-dir "$BENCH_DIR" \
	--out "$LEDGER_ROOT/docs/benchmarks.md" --command-line "./deploy/bench.sh $*" "$@" --profile "$profile"

if [[ -n $profile ]]; then
	# JDK 21+ has `jfr view`; use the newest JDK on the machine for it.
	jfr_tool="$(ls -d /usr/lib/jvm/*/bin/jfr 2>/dev/null | sort -V | tail -n 1)"
	for recording in "$profile"/*-r1.jfr; do
		"$jfr_tool" view --width 200 hot-methods "$recording" >"${recording%.jfr}-hot-methods.txt" 2>&1 || true
		log "hot methods: ${recording%.jfr}-hot-methods.txt"
	done
fi
