# Shared functions of the deploy scripts. Source it (`. deploy/lib/common.sh`); it does not run anything.
# Callers use `set -euo pipefail`; every function fails loudly with a message that says what to do.

LEDGER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Overridable so the scripts can be tried against a scratch classpath or run directory.
LEDGER_LIB_DIR="${LEDGER_LIB_DIR:-$LEDGER_ROOT/deploy/target/lib}"
LEDGER_RUN_DIR="${LEDGER_RUN_DIR:-$LEDGER_ROOT/.run}"
# The contract's example story, the project's own copy: a clone needs nothing beside it.
LEDGER_EXAMPLES_DIR="${LEDGER_EXAMPLES_DIR:-$LEDGER_ROOT/docs/contract/examples}"
LEDGER_KAFKA_BOOTSTRAP="${LEDGER_KAFKA_BOOTSTRAP:-localhost:9092}"
LEDGER_TOPIC="${LEDGER_TOPIC:-consent.events.v1}"
LEDGER_KAFKA_PORT=9092
LEDGER_KAFKA_CONTROLLER_PORT=9093
# The port of the PostgreSQL cluster in use and its pg_ctlcluster name ("15 main"); ensure_postgres sets them from
# pg_lsclusters.
LEDGER_PG_PORT="${LEDGER_PG_PORT:-5432}"
LEDGER_PG_CLUSTER=
LEDGER_JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# The story in the order a producer sends it (docs/contract/examples/README.md; StandaloneProjectTest keeps them equal).
# shellcheck disable=SC2034 # used by the scripts that source this file
LEDGER_STORY=(policy-published granted granted-by-representative data-shared withdrawn withdrawn-refused
	data-shared-violation data-shared-state-request policy-accepted)

log() { printf '[ledger] %s\n' "$*" >&2; }
die() {
	printf '[ledger] ERROR: %s\n' "$*" >&2
	exit 1
}

# Runs a command as root: directly when we are root, else through passwordless sudo.
as_root() {
	if [[ $EUID -eq 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
		sudo -n "$@"
	else
		die "this step needs root (or passwordless sudo): $*"
	fi
}

# Runs a command as the postgres OS user (peer authentication on the local socket). From / so that
# psql does not complain about a working directory postgres may not read.
as_postgres() {
	if [[ $EUID -eq 0 ]]; then
		(cd / && runuser -u postgres -- "$@")
	elif [[ $(id -un) == postgres ]]; then
		(cd / && "$@")
	else
		(cd / && sudo -n -u postgres "$@") || die "cannot run as the postgres user (needs root or passwordless sudo): $*"
	fi
}

# A java class from the deploy classpath (Kafka's tools, the demo loader) with quiet logging.
run_java_tool() {
	[[ -d $LEDGER_LIB_DIR ]] || die "no classpath directory $LEDGER_LIB_DIR (build with ./mvnw -B -DskipTests package)"
	"$LEDGER_JAVA" -Dlogback.configurationFile="$LEDGER_ROOT/deploy/kafka/logback.xml" -Dledger.log.level=WARN \
		-cp "$LEDGER_LIB_DIR/*${LEDGER_EXTRA_CP:+:$LEDGER_EXTRA_CP}" "$@"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# True while the process lives (a zombie child that was not reaped yet counts as dead).
pid_alive() {
	local state
	[[ -r /proc/$1/stat ]] || return 1
	state="$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)"
	[[ -n $state && $state != Z ]]
}

# The pid recorded in a pid file when that process still runs and is a JVM (pids get reused).
running_pid() {
	local file=$1 pid
	[[ -f $file ]] || return 1
	pid="$(cat "$file")"
	[[ $pid =~ ^[0-9]+$ ]] && pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q java ||
		return 1
	echo "$pid"
}

# ---------------------------------------------------------------------------------------------------------
# Chromium and ChromeDriver from Debian's packages, for the dashboard's browser tests (no browser download).
# ---------------------------------------------------------------------------------------------------------
ensure_chromium() {
	if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
		return
	fi
	log "Chromium or ChromeDriver is missing: installing Debian's chromium and chromium-driver with apt-get"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
	[[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] ||
		die "apt-get did not install /usr/bin/chromium and /usr/bin/chromedriver"
}

# ---------------------------------------------------------------------------------------------------------
# PostgreSQL: installed, running, with database `ledger` owned by role `ledger` (migrations run as it) and role
# `ledger_app` (the services connect as it: read and append, never rewrite; docs/security.md, "Database roles"),
# both reachable over TCP with a password. An install from before the app role keeps `ledger` as the owner.
# ---------------------------------------------------------------------------------------------------------
ensure_postgres() {
	if ! command -v pg_lsclusters >/dev/null || ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
		log "PostgreSQL is not installed: installing it with apt-get (Debian's postgresql package)"
		as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
	fi

	# Use the cluster on 5432 if there is one, else the first; create one when the package made none
	# (e.g. create_main_cluster=false).
	local cluster version name port status
	cluster="$(pg_lsclusters -h | awk '$3 == 5432 { print; exit }')"
	[[ -n $cluster ]] || cluster="$(pg_lsclusters -h | head -n 1)"
	if [[ -z $cluster ]]; then
		version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
		log "no PostgreSQL cluster: creating $version/main"
		as_root pg_createcluster "$version" main
		cluster="$(pg_lsclusters -h | head -n 1)"
	fi
	read -r version name port status _ <<<"$cluster"
	LEDGER_PG_PORT=$port
	LEDGER_PG_CLUSTER="$version $name"

	if [[ $status != online* ]]; then
		log "starting PostgreSQL cluster $version/$name (port $port)"
		as_root pg_ctlcluster "$version" "$name" start
	fi
	local i
	for ((i = 0; i < 60; i++)); do
		pg_isready -q -h localhost -p "$port" && break
		sleep 1
	done
	pg_isready -q -h localhost -p "$port" ||
		die "PostgreSQL $version/$name does not accept connections on localhost:$port (see /var/log/postgresql/)"

	# Roles and database, created once; the ALTERs keep login, CREATEDB for the owner (tests create a database per
	# class), nothing more for the app role, and the passwords as the scripts expect even if someone changed them.
	as_postgres psql -q -X -v ON_ERROR_STOP=1 -p "$port" -d postgres <<-'SQL' >/dev/null
		DO $$
		BEGIN
			IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger') THEN
				CREATE ROLE ledger LOGIN CREATEDB PASSWORD 'ledger';
			END IF;
			IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_app') THEN
				CREATE ROLE ledger_app LOGIN PASSWORD 'ledger_app';
			END IF;
		END
		$$;
		ALTER ROLE ledger LOGIN CREATEDB PASSWORD 'ledger';
		ALTER ROLE ledger_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD 'ledger_app';
	SQL
	if [[ -z "$(as_postgres psql -X -tA -p "$port" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'ledger'")" ]]; then
		log "creating database ledger"
		as_postgres psql -q -X -v ON_ERROR_STOP=1 -p "$port" -d postgres -c 'CREATE DATABASE ledger OWNER ledger'
	fi

	# Debian's pg_hba.conf allows scram-sha-256 over 127.0.0.1 and ::1; if a customised one does not, put our
	# lines first (first match wins) and reload. Each role is checked: an older install has lines for `ledger` only.
	local role hba
	for role in ledger ledger_app; do
		if ! PGPASSWORD=$role psql -X -q -h localhost -p "$port" -U $role -d ledger -c 'select 1' >/dev/null 2>&1; then
			hba="$(as_postgres psql -X -tA -p "$port" -d postgres -c 'SHOW hba_file')"
			if ! as_root grep -q "^host all $role 127" "$hba"; then
				log "allowing password logins of role $role over localhost in $hba"
				as_root sed -i "1i # consent-ledger: password logins of the $role role over TCP on localhost\nhost all $role 127.0.0.1/32 scram-sha-256\nhost all $role ::1/128 scram-sha-256" "$hba"
				as_root pg_ctlcluster "$version" "$name" reload
				sleep 1
			fi
			PGPASSWORD=$role psql -X -q -h localhost -p "$port" -U $role -d ledger -c 'select 1' >/dev/null ||
				die "cannot log in as $role/$role on localhost:$port (check $hba)"
		fi
	done
	log "PostgreSQL ready: jdbc:postgresql://localhost:$port/ledger (owner ledger/ledger, services ledger_app/ledger_app)"
}

# ---------------------------------------------------------------------------------------------------------
# The ledger's Ed25519 signing key: services only read it (they never create one), so the scripts create it once,
# readable by its owner only: a PKCS#8 private key PEM followed by its public key PEM. ensure_signing_key FILE
# ---------------------------------------------------------------------------------------------------------
ensure_signing_key() {
	local file=${1:?usage: ensure_signing_key FILE}
	[[ -s $file ]] && return
	local witness_jar=$LEDGER_ROOT/ledger-witness/target/ledger-witness.jar
	if [[ -f $witness_jar ]]; then
		# the witness jar writes the same two PEM blocks, mode 600, and never overwrites a key
		"$LEDGER_JAVA" -jar "$witness_jar" keygen --name "${LEDGER_ORIGIN:-consent-ledger.local/ledger}" \
			--key-file "$file" >/dev/null || die "creating the signing key $file failed"
	else
		command -v openssl >/dev/null || die "no $file and no openssl to create it (apt-get install openssl)"
		(
			umask 077
			openssl genpkey -algorithm ed25519 -out "$file.new" && openssl pkey -in "$file.new" -pubout >>"$file.new" &&
				mv "$file.new" "$file"
		) || die "creating the signing key $file with openssl failed"
	fi
	log "generated the ledger's signing key in $file (keep it: checkpoints and exports are signed with it)"
}

# ---------------------------------------------------------------------------------------------------------
# Build: the services' executable jars and deploy/target/lib, rebuilt when a pom or main source is newer.
# ---------------------------------------------------------------------------------------------------------
# The newest build of a jar, by a glob under the repository; an error when there is none.
newest_jar() {
	local jars
	shopt -s nullglob
	# shellcheck disable=SC2206 # $1 is a glob on purpose
	jars=("$LEDGER_ROOT"/$1)
	shopt -u nullglob
	[[ ${#jars[@]} -gt 0 ]] || die "no $1 (build with ./mvnw -B -DskipTests package)"
	ls -t "${jars[@]}" | head -n 1
}

ensure_built() {
	if [[ ${LEDGER_SKIP_BUILD:-} == 1 ]]; then
		log "LEDGER_SKIP_BUILD=1: using the jars as they are"
		return
	fi
	local artifacts=() missing=0 oldest stale=""
	shopt -s nullglob
	artifacts=("$LEDGER_ROOT"/consent-command/target/consent-command-*-exec.jar
		"$LEDGER_ROOT"/consent-query/target/consent-query-*-exec.jar
		"$LEDGER_ROOT"/deploy/target/deploy-*.jar "$LEDGER_ROOT"/ledger-witness/target/ledger-witness.jar)
	shopt -u nullglob
	[[ ${#artifacts[@]} -ge 4 && -d $LEDGER_ROOT/deploy/target/lib ]] || missing=1
	if [[ $missing == 0 ]]; then
		oldest="$(ls -tr "${artifacts[@]}" | head -n 1)"
		stale="$(find "$LEDGER_ROOT" \( -name target -o -name .run -o -name .git -o -name node_modules \) -prune -o \
			-type f \( -name pom.xml -o -path '*/src/main/*' -o -path '*/.mvn/*' \) -newer "$oldest" -print -quit)"
	fi
	if [[ $missing == 1 || -n $stale ]]; then
		log "building the jars (./mvnw -B -q -DskipTests package; the first build downloads dependencies)${stale:+: $stale changed}"
		(cd "$LEDGER_ROOT" && ./mvnw -B -q -DskipTests package) || die "the build failed (see above)"
		# Maven leaves an up-to-date jar untouched: mark them fresh so that an edited pom does not rebuild every run.
		touch "$LEDGER_ROOT"/consent-command/target/consent-command-*-exec.jar \
			"$LEDGER_ROOT"/consent-query/target/consent-query-*-exec.jar "$LEDGER_ROOT"/deploy/target/deploy-*.jar \
			"$LEDGER_ROOT"/ledger-witness/target/ledger-witness.jar
	else
		log "jars are up to date"
	fi
}

# ---------------------------------------------------------------------------------------------------------
# Kafka: one KRaft node from the jars in $LEDGER_LIB_DIR. Files in DIR: kafka-server.properties,
# kafka-data/ (the log dirs), kafka.log and kafka.pid.
# ---------------------------------------------------------------------------------------------------------
start_kafka() {
	local dir=${1:?usage: start_kafka DIR}
	mkdir -p "$dir"
	dir="$(cd "$dir" && pwd)"
	local config=$dir/kafka-server.properties data=$dir/kafka-data pid

	if pid="$(running_pid "$dir/kafka.pid")"; then
		port_open localhost "$LEDGER_KAFKA_PORT" || die "Kafka (pid $pid) runs but does not answer on $LEDGER_KAFKA_PORT"
		log "Kafka already running (pid $pid) on localhost:$LEDGER_KAFKA_PORT"
		return
	fi
	local port
	for port in "$LEDGER_KAFKA_PORT" "$LEDGER_KAFKA_CONTROLLER_PORT"; do
		if port_open localhost "$port"; then
			die "port $port is taken by another process (not the broker of $dir): stop it first"
		fi
	done
	[[ -d $LEDGER_LIB_DIR ]] || die "no Kafka jars in $LEDGER_LIB_DIR (build with ./mvnw -B -DskipTests package)"

	sed "s|@DATA_DIR@|$data|g" "$LEDGER_ROOT/deploy/kafka/server.properties.template" >"$config"
	# Formatting twice would fail (and a new cluster id would orphan the data): only a fresh data dir is formatted.
	if [[ ! -f $data/meta.properties ]]; then
		local cluster_id
		cluster_id="$(run_java_tool kafka.tools.StorageTool random-uuid)"
		log "formatting Kafka storage in $data (cluster id $cluster_id)"
		run_java_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$config" >>"$dir/kafka.log" 2>&1 ||
			die "formatting the Kafka storage failed: see $dir/kafka.log"
	fi

	log "starting Kafka on localhost:$LEDGER_KAFKA_PORT (log: $dir/kafka.log)"
	# setsid: the broker leaves the terminal's process group, so Ctrl-C reaches only the script, whose trap stops
	# everything in order; with --detach it also survives the terminal.
	setsid "$LEDGER_JAVA" -Xmx512m -Djava.awt.headless=true \
		-Dlogback.configurationFile="$LEDGER_ROOT/deploy/kafka/logback.xml" \
		-cp "$LEDGER_LIB_DIR/*" kafka.Kafka "$config" >>"$dir/kafka.log" 2>&1 </dev/null &
	pid=$!
	echo "$pid" >"$dir/kafka.pid"

	local i
	for ((i = 0; i < 120; i++)); do
		port_open localhost "$LEDGER_KAFKA_PORT" && break
		pid_alive "$pid" || {
			tail -n 30 "$dir/kafka.log" >&2
			die "Kafka exited during start-up: see $dir/kafka.log"
		}
		sleep 0.5
	done
	port_open localhost "$LEDGER_KAFKA_PORT" || die "Kafka did not open port $LEDGER_KAFKA_PORT within 60 s: see $dir/kafka.log"
	log "Kafka is up (pid $pid)"
}

# Starts a service JVM in the background and records its pid: start_service NAME LOGFILE COMMAND...
start_service() {
	local name=$1 logfile=$2 pid
	shift 2
	setsid "$@" >>"$logfile" 2>&1 </dev/null &
	pid=$!
	echo "$pid" >"$LEDGER_RUN_DIR/$name.pid"
	log "started $name (pid $pid, log: $logfile)"
}

# Waits until http://localhost:PORT/actuator/health reports UP: wait_healthy NAME PORT LOGFILE [SECONDS]
wait_healthy() {
	local name=$1 port=$2 logfile=$3 timeout=${4:-240} pid i
	pid="$(cat "$LEDGER_RUN_DIR/$name.pid")"
	for ((i = 0; i < timeout; i++)); do
		if curl -fsS --max-time 2 "http://localhost:$port/actuator/health" 2>/dev/null | grep -q '"status" *: *"UP"'; then
			log "$name is UP on http://localhost:$port"
			return
		fi
		pid_alive "$pid" || {
			tail -n 40 "$logfile" >&2
			die "$name exited during start-up: see $logfile"
		}
		sleep 1
	done
	tail -n 40 "$logfile" >&2
	die "$name did not report UP on http://localhost:$port/actuator/health within ${timeout}s: see $logfile"
}

# Stops one recorded process: SIGTERM (Spring and Kafka shut down cleanly on it), SIGKILL after 30 s.
stop_pidfile() {
	local file=$1 name pid i
	name="$(basename "$file" .pid)"
	if pid="$(running_pid "$file")"; then
		log "stopping $name (pid $pid)"
		kill -TERM "$pid" 2>/dev/null || true
		for ((i = 0; i < 60; i++)); do
			pid_alive "$pid" || break
			sleep 0.5
		done
		if pid_alive "$pid"; then
			log "$name did not stop within 30 s: killing it"
			kill -KILL "$pid" 2>/dev/null || true
		fi
		wait "$pid" 2>/dev/null || true # reaps it when it is our child
	fi
	rm -f "$file"
}

# Stops everything the scripts started in the run dir (default $LEDGER_RUN_DIR): services before Kafka, so they
# can commit offsets and close producers on the way down.
stop_all() {
	local dir=${1:-$LEDGER_RUN_DIR} file
	[[ -d $dir ]] || return 0
	for file in "$dir"/*.pid; do
		if [[ -e $file && $(basename "$file") != kafka.pid ]]; then
			stop_pidfile "$file"
		fi
	done
	if [[ -e $dir/kafka.pid ]]; then
		stop_pidfile "$dir/kafka.pid"
	fi
}

# Parses "[--upto N] [EXAMPLES_DIR]" for the example scripts and sets STORY_FILES to the story's first N
# example files, in story order, each checked to exist.
story_files() {
	local upto=${#LEDGER_STORY[@]} dir=$LEDGER_EXAMPLES_DIR usage="usage: $0 [--upto N] [EXAMPLES_DIR]   (default dir: $LEDGER_EXAMPLES_DIR)"
	while [[ $# -gt 0 ]]; do
		case $1 in
		--upto)
			[[ ${2:-} =~ ^[0-9]+$ ]] || die "$usage"
			upto=$2
			shift 2
			;;
		-*) die "$usage" ;;
		*)
			dir=$1
			shift
			;;
		esac
	done
	[[ -d $dir ]] || die "no examples directory $dir"
	STORY_FILES=()
	local name
	for name in "${LEDGER_STORY[@]:0:upto}"; do
		[[ -f $dir/$name.json ]] || die "missing example $dir/$name.json"
		STORY_FILES+=("$dir/$name.json")
	done
}
